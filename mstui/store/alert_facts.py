"""Gathering the facts an alert scan judges: the milestones, targets and projects
that may have crossed a rule's line, read with indexed queries.

What a scan reads (its cost grows with what changed, not with history):

- A *full* scan — the first one, once a day, after the settings' thresholds or
  the rules changed, or when the clock went backwards — reads every open
  milestone due up to today + N, every blocked one, those done within the
  achievement window, every dependency that may have slipped, every target
  with a passed checkpoint, and every project.
- An *incremental* scan reads what crossed a rule's line between the last
  scan and now (a due date passing, today + N reaching a due date, a blocked
  time growing past B days, a completion, a checkpoint date passing, a new
  month or quarter) and what changed: the milestones, targets and projects
  named by Activity rows newer than the watermark. Settings that differ
  between processes (each person's config file) make their scans full ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain import alert_rules as rules
from mstui.domain.alerts import (
    ACHIEVEMENT_DAYS,
    Candidate,
    MilestoneFacts,
    PredecessorFacts,
    ProjectFacts,
    TargetFacts,
    Thresholds,
)
from mstui.domain.dates import today_in
from mstui.domain.enums import Direction, Status, stored
from mstui.store.base import chunks, pk, stored_id
from mstui.store.projects import THRESHOLD_FIELDS
from mstui.store.tables import (
    Checkpoint,
    Measurement,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    ProjectMember,
    Target,
)

OPEN = (Status.PLANNED.value, Status.IN_PROGRESS.value, Status.BLOCKED.value)


@dataclass
class ScanPlan:
    """What one scan looks at."""

    now: datetime
    base: Thresholds
    fingerprint: str
    full: bool
    since: datetime
    max_activity_id: int
    mark_needed: bool
    timezone: str
    """The settings' timezone (for what has no project, or a project without one)."""
    changed: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    milestones: int = 0
    evaluated: set[int] = field(default_factory=set)
    """Milestones whose every rule (but dependency_slipped) ran in this scan."""
    checked: set[int] = field(default_factory=set)
    """Of those, the ones whose predecessors were read too (dependency_slipped ran)."""


def day_range(s: Session, timezone: str, moment: datetime) -> tuple[date, date]:
    """The earliest and latest "today" at `moment` over the timezones in use
    (`timezone`, the settings', and the projects')."""
    zones = {timezone}
    zones.update(
        tz for tz in s.scalars(sa.select(col(Project.timezone)).distinct()) if tz is not None
    )
    days = [today_in(tz, moment) for tz in zones]
    return min(days), max(days)


def override_range(s: Session, base: Thresholds) -> dict[str, tuple[int, int]]:
    q = sa.select(
        *(
            f(getattr(Project, name))
            for name in THRESHOLD_FIELDS[:3]
            for f in (sa.func.min, sa.func.max)
        )
    ).where(col(Project.archived).is_(False))
    row = s.execute(q).one()
    out = {}
    for i, name in enumerate(THRESHOLD_FIELDS[:3]):
        values = [getattr(base, name), *(v for v in row[2 * i : 2 * i + 2] if v is not None)]
        out[name] = (min(values), max(values))
    return out


def evaluate(s: Session, plan: ScanPlan) -> list[Candidate]:
    """The alerts the rules raise on what `plan` reads (some may exist already)."""
    now = plan.now
    # "Today" differs by timezone: the earliest one at the last scan, the latest now.
    last_day = day_range(s, plan.timezone, plan.since)[0]
    today_hi = day_range(s, plan.timezone, now)[1]
    facts: dict[int, Any] = {}
    q = facts_query()
    for where in milestone_windows(s, plan, last_day, today_hi):
        load_facts(s, q.where(*where), facts)
    changed_ms = sorted(plan.changed["milestone"])
    for chunk in chunks(changed_ms):
        load_facts(s, q.where(col(Milestone.id).in_(chunk)), facts)
    for chunk in chunks(sorted(plan.changed["project"])):
        where = [col(Milestone.project_id).in_(chunk), col(Milestone.status).in_(OPEN)]
        load_facts(s, q.where(*where), facts)

    # Dependencies: which dependents to check, then their predecessors.
    d, pred, succ = MilestoneDependency, aliased(Milestone), aliased(Milestone)
    if plan.full:
        check = set(
            s.connection().scalars(
                sa.select(col(d.successor_id))
                .join(pred, col(pred.id) == col(d.predecessor_id))
                .join(succ, col(succ.id) == col(d.successor_id))
                .where(
                    col(succ.status).in_(OPEN),
                    col(pred.status) != Status.CANCELLED.value,
                    sa.or_(col(pred.due) > col(succ.due), col(pred.status) == Status.DONE.value),
                )
            )
        )
    else:
        check = set(changed_ms)
        for chunk in chunks(changed_ms):
            check.update(
                s.connection().scalars(
                    sa.select(col(d.successor_id)).where(col(d.predecessor_id).in_(chunk))
                )
            )
    for chunk in chunks(sorted(check - facts.keys())):
        load_facts(s, q.where(col(Milestone.id).in_(chunk)), facts)
    preds = predecessors(s, sorted(check & facts.keys()))
    # In id order: the alerts of one scan get their ids in the same order on every
    # engine and every day (the queries above return rows in no set order).
    facts = dict(sorted(facts.items()))
    plan.milestones = len(facts)
    plan.evaluated = set(facts)
    plan.checked = check & facts.keys()
    out: list[Candidate] = []
    for mfacts, th in build_facts(s, plan, facts):
        out += rules.milestone_alerts(mfacts, preds.get(mfacts.id, ()), now, th)
    out += target_candidates(s, plan, last_day, today_hi)
    out += review_candidates(s, plan, last_day, today_hi)
    return out


def milestone_windows(
    s: Session, plan: ScanPlan, last_day: date, today_hi: date
) -> list[list[Any]]:
    """WHERE clauses selecting the milestones that crossed a rule's line since the last scan.

    With one timezone and a last scan earlier the same day, the due-date
    windows are empty: only the blocked and done windows (as wide as the
    time since the last scan) and the changed rows are read.
    """
    span = override_range(s, plan.base)
    soon_min, soon_max = span["due_soon_days"]
    esc_min, esc_max = (max(1, n) for n in span["escalation_days"])
    blk_min, blk_max = span["blocked_days"]
    now, day = plan.now, timedelta(days=1)
    is_open = col(Milestone.status).in_(OPEN)
    # blocked_at is set only while blocked, completed_at only while done; the
    # rules check the status. (A status term here would tempt SQLite into the
    # status index and a walk over every done milestone.)
    blocked = [col(Milestone.blocked_at) <= now - blk_min * day]
    done = [col(Milestone.completed_at) >= now - ACHIEVEMENT_DAYS * day]
    if plan.full:
        return [[is_open, col(Milestone.due) <= today_hi + soon_max * day], blocked, done]
    blocked.append(col(Milestone.blocked_at) >= plan.since - blk_max * day)
    done.append(col(Milestone.completed_at) > plan.since)
    out: list[list[Any]] = [blocked, done]
    for lo, hi in (
        (last_day, today_hi - day),  # missed: the due date passed
        (last_day - (esc_max - 1) * day, today_hi - esc_min * day),  # escalation
        (last_day + (soon_min + 1) * day, today_hi + soon_max * day),  # due soon
    ):
        if lo <= hi:
            out.append([is_open, col(Milestone.due) >= lo, col(Milestone.due) <= hi])
    return out


def facts_query() -> Any:
    owner = aliased(Person)
    return (
        sa.select(
            col(Milestone.id),
            col(Milestone.project_id),
            col(Project.key),
            col(Milestone.title),
            col(Milestone.status),
            col(Milestone.due),
            col(Milestone.owner_id),
            col(owner.login),
            col(owner.department_id),
        )
        .add_columns(
            col(Project.lead_id),
            col(Project.timezone),
            col(Milestone.blocked_at),
            col(Milestone.blocked_reason),
            col(Milestone.completed_at),
            col(Project.due_soon_days),
            col(Project.escalation_days),
            col(Project.blocked_days),
        )
        .join(Project, col(Project.id) == col(Milestone.project_id))
        .join(owner, col(owner.id) == col(Milestone.owner_id))
        .where(col(Project.archived).is_(False))
    )


def load_facts(s: Session, q: Any, into: dict[int, Any]) -> None:
    # .all(): one fetch of the driver, not a fetchone per row (100,000 rows in a first scan)
    for row in s.connection().execute(q).all():
        into.setdefault(row[0], row)


def build_facts(
    s: Session, plan: ScanPlan, rows: dict[int, Any]
) -> list[tuple[MilestoneFacts, Thresholds]]:
    """Facts for the rows of `facts_query`, with department heads and project members."""
    heads: dict[int | None, list[int]] = defaultdict(list)
    for pid, dept in s.execute(
        sa.select(pk(Person.id), col(Person.department_id))
        .where(col(Person.is_department_head).is_(True))
        .order_by(col(Person.id))
    ):
        heads[dept].append(pid)
    done_projects = sorted({r[1] for r in rows.values() if r[4] == Status.DONE.value})
    members: dict[int, list[int]] = defaultdict(list)
    for chunk in chunks(done_projects):
        for proj, person in s.execute(
            sa.select(col(ProjectMember.project_id), col(ProjectMember.person_id))
            .where(col(ProjectMember.project_id).in_(chunk))
            .order_by(col(ProjectMember.id))
        ):
            members[proj].append(person)
    base = plan.base
    thresholds: dict[tuple[Any, Any, Any], Thresholds] = {}  # one per distinct override
    out = []
    for row in rows.values():
        (mid, pid, key, title, status, due, owner_id, login, dept, lead, tz) = row[:11]
        facts = MilestoneFacts(
            id=mid,
            project_id=pid,
            project_key=key,
            title=title,
            status=stored(Status, status, Status.PLANNED),
            due=due,
            owner_id=owner_id,
            owner_login=login,
            lead_id=lead,
            timezone=tz or plan.timezone,
            blocked_at=row[11],
            blocked_reason=row[12],
            completed_at=row[13],
            department_head_ids=tuple(heads.get(dept, ())) if dept is not None else (),
            member_ids=tuple(members.get(pid, ())),
        )
        over = (row[14], row[15], row[16])
        th = thresholds.get(over)
        if th is None:
            th = thresholds[over] = base.overridden(*over)
        out.append((facts, th))
    return out


def predecessors(s: Session, ids: Sequence[int]) -> dict[int, list[PredecessorFacts]]:
    d, pred = MilestoneDependency, aliased(Milestone)
    out: dict[int, list[PredecessorFacts]] = defaultdict(list)
    for chunk in chunks(ids):
        for succ_id, pid, key, title, status, due, completed in s.connection().execute(
            sa.select(
                col(d.successor_id),
                pk(pred.id),
                col(Project.key),
                col(pred.title),
                col(pred.status),
                col(pred.due),
                col(pred.completed_at),
            )
            .join(pred, col(pred.id) == col(d.predecessor_id))
            .join(Project, col(Project.id) == col(pred.project_id))
            .where(col(d.successor_id).in_(chunk))
            .order_by(col(pred.id))
        ):
            out[succ_id].append(
                PredecessorFacts(
                    pid, key, title, stored(Status, status, Status.PLANNED), due, completed
                )
            )
    return out


def target_candidates(
    s: Session, plan: ScanPlan, last_day: date, today_hi: date
) -> list[Candidate]:
    # A checkpoint is missed from the day after its date.
    passed = col(Checkpoint.date) < today_hi
    if plan.full:
        q = sa.select(col(Checkpoint.target_id)).where(passed).distinct()
    else:
        q = (
            sa.select(col(Checkpoint.target_id))
            .where(passed, col(Checkpoint.date) >= last_day)
            .distinct()
        )
    ids = set(s.scalars(q)) | plan.changed["target"]
    for chunk in chunks(sorted(plan.changed["project"])):
        ids.update(s.scalars(sa.select(col(Target.id)).where(col(Target.project_id).in_(chunk))))
    out: list[Candidate] = []
    for chunk in chunks(sorted(ids)):
        rows = s.execute(
            sa.select(Target, col(Project.key), col(Project.lead_id), col(Project.timezone))
            .outerjoin(Project, col(Project.id) == col(Target.project_id))
            .where(
                col(Target.id).in_(chunk),
                sa.or_(col(Project.id).is_(None), col(Project.archived).is_(False)),
            )
        ).all()
        cps: dict[int, list[tuple[date, float]]] = defaultdict(list)
        ms: dict[int, dict[date, float]] = defaultdict(dict)
        for tid, when, expected in s.execute(
            sa.select(
                col(Checkpoint.target_id), col(Checkpoint.date), col(Checkpoint.expected)
            ).where(col(Checkpoint.target_id).in_(chunk))
        ):
            cps[tid].append((when, expected))
        for tid, when, value in s.execute(
            sa.select(col(Measurement.target_id), col(Measurement.date), col(Measurement.value))
            .where(col(Measurement.target_id).in_(chunk))
            .order_by(col(Measurement.date), col(Measurement.id))
        ):
            ms[tid][when] = value  # the last one recorded for a day wins
        for t, key, lead, tz in rows:
            t_id = stored_id(t.id)
            facts = TargetFacts(
                id=t_id,
                name=t.name,
                unit=t.unit,
                goal=t.goal,
                start=t.start_date,
                end=t.end_date,
                direction=stored(Direction, t.direction, Direction.AT_LEAST),
                checkpoints=sorted(cps[t_id]),
                measurements=sorted(ms[t_id].items()),
                owner_id=t.owner_id,
                project_id=t.project_id,
                project_key=key,
                lead_id=lead,
                timezone=tz or plan.timezone,
            )
            out += rules.checkpoint_missed(facts, plan.now)
    return out


def review_candidates(
    s: Session, plan: ScanPlan, last_day: date, today_hi: date
) -> list[Candidate]:
    q = sa.select(Project).where(col(Project.archived).is_(False))
    # A review period begins on a first of the month: has one come since the last scan?
    days = range(1, (today_hi - last_day).days + 1)
    crossed = plan.full or any((last_day + timedelta(days=i)).day == 1 for i in days)
    if not crossed:
        if not plan.changed["project"]:
            return []
        q = q.where(col(Project.id).in_(sorted(plan.changed["project"])))
    out: list[Candidate] = []
    for p in s.scalars(q):
        tz = p.timezone or plan.timezone
        facts = ProjectFacts(
            id=stored_id(p.id),
            key=p.key,
            name=p.name,
            lead_id=p.lead_id,
            started=p.start_date or today_in(tz, p.created_at),
            end=p.end_date,
            archived=p.archived,
            timezone=tz,
        )
        th = plan.base.overridden(review_cadence=p.review_cadence)
        out += rules.review_due(facts, plan.now, th)
    return out
