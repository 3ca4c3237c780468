"""Alert rules: pure functions of plain facts and `now`, no I/O.

Each rule looks at one subject (a milestone, a target, a project) and returns
the alerts it would raise *now*, as `Candidate`s. The engine
(`mstui.store.alert_scan`) inserts them; the dedupe key makes that idempotent, so a
rule may be evaluated any number of times and each alert still exists once.

The dedupe key (`mstui.domain.alerts.dedupe_key`) names the kind, the subject,
the date the alert is about and the recipient.

The rules ("today" is the calendar date in the project's timezone; N, E, B
come from settings, overridden per project):

- due soon: not done nor cancelled, due today or within N days (0 ≤ due −
  today ≤ N) → the owner. About: the due date. Severity info.
- missed: not done nor cancelled, today > due → the owner and the project
  lead. About: the due date. Severity warning.
- escalation: not done nor cancelled, today − due ≥ max(E, 1) days → the
  project lead and the head(s) of the owner's department. About: the due
  date. Severity error.
- blocked too long: status blocked and now − blocked_at > B days (elapsed
  time) → the project lead. About: the day it was blocked. Severity warning.
- checkpoint missed: a target checkpoint whose date is before today, with the
  cumulative figure at its date below the expected one (above, for an
  "at most" target) → the target's owner and the project lead. About: the
  checkpoint date. Severity warning.
- dependency slipped: a milestone not done nor cancelled whose predecessor
  (not cancelled) was done on a day after its due date, or — while its own
  due date has not passed — is not done and due after it → the dependent's
  owner. About: the dependent's due date; detail: the predecessor's id.
  Severity warning.
- review due: a project not archived, with a review cadence (monthly or
  quarterly, calendar periods), that began before the current period and did
  not end before the previous one → the lead. About: the first day of the
  current period. Severity info.
- achievement: a milestone done within the last `ACHIEVEMENT_DAYS` days → the
  project's members, its lead and the owner, saying how many days early or
  late it was against its due date (both in the project's timezone). About:
  the day it was done. Severity info.

Rules that name "the lead" raise nothing for a project without a lead.
Recipients are never repeated: an owner who is also the lead gets one alert.
Messages are one line of inert text (control characters made visible), at most
500 characters. The engine skips archived projects altogether.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from mstui.domain.alerts import (
    ACHIEVEMENT_DAYS,
    CLOSED,
    MESSAGE_MAX,
    SEVERITY,
    AlertKind,
    Candidate,
    MilestoneFacts,
    PredecessorFacts,
    ProjectFacts,
    TargetFacts,
    Thresholds,
    today_in,
)
from mstui.domain.enums import Direction, Status
from mstui.domain.numbers import amount
from mstui.domain.targets import CheckpointResult, target_state
from mstui.domain.text import clean

# -- wording -------------------------------------------------------------------


def _line(text: str) -> str:
    """One line of inert text, at most MESSAGE_MAX characters."""
    if not text.isprintable():  # controls, bidi overrides… (a fast check first)
        text = clean(text)
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


def days(n: int) -> str:
    """A number of days in words: 1 day, 3 days."""
    return f"{n} day" if n == 1 else f"{n} days"


def figure(value: float | None, unit: str = "") -> str:
    """25,000 USD; 18,400.50 USD; "nothing" for no figure."""
    return amount(value, unit, missing="nothing")


def _label(m: MilestoneFacts | PredecessorFacts) -> str:
    return f"#{m.id} {m.title} ({m.project_key})"


def _unique(ids: Iterable[int | None]) -> list[int]:
    out: list[int] = []
    for i in ids:
        if i is not None and i not in out:
            out.append(i)
    return out


def _for_each(
    recipients: Iterable[int | None],
    kind: AlertKind,
    subject_type: str,
    subject_id: int,
    project_id: int | None,
    about: date,
    message: str,
    detail: str = "",
) -> list[Candidate]:
    text = _line(message)
    return [
        Candidate(
            kind, SEVERITY[kind], subject_type, subject_id, project_id, r, about, text, detail
        )
        for r in _unique(recipients)
    ]


# -- the milestone rules -------------------------------------------------------------


def due_soon(m: MilestoneFacts, now: datetime, th: Thresholds) -> list[Candidate]:
    """Not done and due within `due_soon_days` (today counts) → the owner."""
    if m.status in CLOSED:
        return []
    left = (m.due - today_in(m.timezone, now)).days
    if not 0 <= left <= th.due_soon_days:
        return []
    when = {0: "Due today", 1: "Due tomorrow"}.get(left, f"Due in {days(left)}")
    msg = f"{when}: {_label(m)}, due {m.due.isoformat()}"
    return _for_each([m.owner_id], AlertKind.DUE_SOON, "milestone", m.id, m.project_id, m.due, msg)


def missed(m: MilestoneFacts, now: datetime, th: Thresholds) -> list[Candidate]:
    """Due date passed and not done → the owner and the project lead."""
    if m.status in CLOSED:
        return []
    late = (today_in(m.timezone, now) - m.due).days
    if late < 1:
        return []
    msg = f"Missed: {_label(m)} was due {m.due.isoformat()} and is not done"
    return _for_each(
        [m.owner_id, m.lead_id], AlertKind.MISSED, "milestone", m.id, m.project_id, m.due, msg
    )


def escalation(m: MilestoneFacts, now: datetime, th: Thresholds) -> list[Candidate]:
    """Missed for `escalation_days` or more → the lead and the owner's department head(s)."""
    if m.status in CLOSED:
        return []
    late = (today_in(m.timezone, now) - m.due).days
    if late < max(th.escalation_days, 1):
        return []
    owner = f", owner {m.owner_login}" if m.owner_login else ""
    msg = f"Escalation: {_label(m)}{owner}, is {days(late)} past its due date {m.due.isoformat()}"
    return _for_each(
        [m.lead_id, *m.department_head_ids],
        AlertKind.ESCALATION,
        "milestone",
        m.id,
        m.project_id,
        m.due,
        msg,
    )


def blocked_too_long(m: MilestoneFacts, now: datetime, th: Thresholds) -> list[Candidate]:
    """Blocked for more than `blocked_days` days (elapsed time) → the project lead."""
    if m.status is not Status.BLOCKED or m.blocked_at is None:
        return []
    elapsed = now - m.blocked_at
    if elapsed <= timedelta(days=th.blocked_days):
        return []
    since = today_in(m.timezone, m.blocked_at)
    reason = m.blocked_reason[:120]
    msg = f"Blocked for more than {days(th.blocked_days)} (since {since.isoformat()}): " + _label(m)
    msg += f": {reason}" if reason else ""
    return _for_each([m.lead_id], AlertKind.BLOCKED, "milestone", m.id, m.project_id, since, msg)


def achievement(
    m: MilestoneFacts, now: datetime, window_days: int = ACHIEVEMENT_DAYS
) -> list[Candidate]:
    """Done within the last `window_days` → the members, lead and owner: how early or late."""
    if m.status is not Status.DONE or m.completed_at is None:
        return []
    if now - m.completed_at > timedelta(days=window_days):
        return []
    done = today_in(m.timezone, m.completed_at)
    early = (m.due - done).days
    if early > 0:
        how = f"Achieved {days(early)} early"
    elif early == 0:
        how = "Achieved on the due date"
    else:
        how = f"Achieved {days(-early)} late"
    msg = f"{how}: {_label(m)}, due {m.due.isoformat()}, done {done.isoformat()}"
    return _for_each(
        [m.lead_id, m.owner_id, *m.member_ids],
        AlertKind.ACHIEVEMENT,
        "milestone",
        m.id,
        m.project_id,
        done,
        msg,
    )


def dependency_slipped(
    m: MilestoneFacts, predecessors: Sequence[PredecessorFacts], now: datetime
) -> list[Candidate]:
    """A predecessor done, or projected, after this milestone's due date → its owner."""
    if m.status in CLOSED:
        return []
    today = today_in(m.timezone, now)
    out: list[Candidate] = []
    for p in predecessors:
        if p.status is Status.CANCELLED:
            continue
        if p.status is Status.DONE:
            if p.completed_at is None:
                continue
            done = today_in(m.timezone, p.completed_at)
            if done <= m.due:
                continue
            why = f"{_label(p)} was done {done.isoformat()}, after it"
        else:
            # Once this milestone's own date has passed, "missed" speaks for it.
            if m.due < today or p.due <= m.due:
                continue
            why = f"it waits on {_label(p)}, due {p.due.isoformat()}"
        msg = f"Dependency slipped: {_label(m)}, due {m.due.isoformat()}: {why}"
        out += _for_each(
            [m.owner_id],
            AlertKind.DEPENDENCY_SLIPPED,
            "milestone",
            m.id,
            m.project_id,
            m.due,
            msg,
            detail=f"after{p.id}",
        )
    return out


def milestone_alerts(
    m: MilestoneFacts,
    predecessors: Sequence[PredecessorFacts],
    now: datetime,
    th: Thresholds,
) -> list[Candidate]:
    """Every milestone rule on one milestone."""
    return [
        *due_soon(m, now, th),
        *missed(m, now, th),
        *escalation(m, now, th),
        *blocked_too_long(m, now, th),
        *dependency_slipped(m, predecessors, now),
        *achievement(m, now),
    ]


# -- targets and projects --------------------------------------------------------------


def checkpoint_missed(t: TargetFacts, now: datetime) -> list[Candidate]:
    """Each passed checkpoint on the wrong side of its figure → the target's owner and lead."""
    state = target_state(
        goal=t.goal,
        start=t.start,
        end=t.end,
        direction=t.direction,
        checkpoints=t.checkpoints,
        measurements=t.measurements,
        today=today_in(t.timezone, now),
    )
    where = f" ({t.project_key})" if t.project_key else ""
    bound = "at most " if t.direction is Direction.AT_MOST else ""
    out: list[Candidate] = []
    for cp in state.checkpoints:
        # No figure by an "at least" checkpoint still raises it ("had nothing"): someone
        # should record one. By an "at most" one it stays quiet (nothing spent is not over).
        unrecorded = cp.result is CheckpointResult.NO_FIGURE and t.direction is Direction.AT_LEAST
        if not (cp.missed or unrecorded):
            continue
        msg = (
            f"Checkpoint missed: {t.name}{where} expected {bound}{figure(cp.expected, t.unit)} "
            f"by {cp.date.isoformat()}, had {figure(cp.actual, t.unit)}"
        )
        out += _for_each(
            [t.owner_id, t.lead_id],
            AlertKind.CHECKPOINT_MISSED,
            "target",
            t.id,
            t.project_id,
            cp.date,
            msg,
        )
    return out


def review_period(cadence: str, today: date) -> tuple[date, date] | None:
    """(first day of the current period, first day of the previous one), or None."""
    if cadence == "monthly":
        start = date(today.year, today.month, 1)
        prev = (
            date(start.year - 1, 12, 1)
            if start.month == 1
            else date(start.year, start.month - 1, 1)
        )
        return start, prev
    if cadence == "quarterly":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        month = start.month - 3
        prev = date(start.year - 1, month + 12, 1) if month < 1 else date(start.year, month, 1)
        return start, prev
    return None


def review_due(p: ProjectFacts, now: datetime, th: Thresholds) -> list[Candidate]:
    """The project's review cadence came round → the lead."""
    if p.archived:
        return []
    period = review_period(th.review_cadence, today_in(p.timezone, now))
    if period is None:
        return []
    start, prev = period
    if p.started >= start or (p.end is not None and p.end < prev):
        return []
    which = "Monthly" if th.review_cadence == "monthly" else "Quarterly"
    what = "month" if th.review_cadence == "monthly" else "quarter"
    msg = f"{which} review due: {p.key} {p.name}, a new {what} began {start.isoformat()}"
    return _for_each([p.lead_id], AlertKind.REVIEW_DUE, "project", p.id, p.id, start, msg)
