"""What a login shell shows (`mstui digest`): my overdue milestones, those due this
week, my unread alerts, in at most eight lines; nothing at all when there is nothing.

Pure: the milestones and alerts come in as plain values (read from a SQLite file
with the standard library, or through the store), with `now`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mstui.domain.dates import today_in
from mstui.domain.text import clean

MAX_LINES = 8
"""A login is not the place for a report: the rest is one command away."""

WEEK_DAYS = 7
"""'This week': due today or in the six days after it (in the project's timezone)."""

_LOUDNESS = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class OpenMilestone:
    """A milestone of mine that is neither done nor cancelled."""

    id: int
    project: str
    title: str
    due: date
    timezone: str


@dataclass(frozen=True)
class UnreadAlert:
    """An open alert (or notice) addressed to me."""

    id: int
    severity: str
    message: str


def _cut(text: str, width: int) -> str:
    text = clean(text)
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip() + "…"


def digest_lines(
    mine: Sequence[OpenMilestone],
    alerts: Sequence[UnreadAlert],
    unread: int,
    now: datetime,
    *,
    login: str,
    width: int = 80,
) -> list[str]:
    """The digest: a summary line, then the items, most urgent first ([] when nothing).

    `alerts` may be the first few of the `unread` alerts (the newest).
    """
    overdue: list[tuple[OpenMilestone, int]] = []
    week: list[tuple[OpenMilestone, int]] = []
    for m in mine:
        days = (m.due - today_in(m.timezone, now)).days
        if days < 0:
            overdue.append((m, days))
        elif days < WEEK_DAYS:
            week.append((m, days))
    overdue.sort(key=lambda x: (x[0].due, x[0].id))
    week.sort(key=lambda x: (x[0].due, x[0].id))
    if not overdue and not week and not unread:
        return []
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} overdue")
    if week:
        parts.append(f"{len(week)} due this week")
    if unread:
        parts.append(f"{unread} unread alert{'s' if unread != 1 else ''}")
    items = [
        f"  ✖ {m.title} ({m.project} #{m.id}) was due {m.due:%a %d %b}, {-days}d ago"
        for m, days in overdue
    ]
    items += [
        f"  ◆ {m.title} ({m.project} #{m.id}) due "
        + ("today" if days == 0 else f"{m.due:%a %d %b}, in {days}d")
        for m, days in week
    ]
    loud = sorted(alerts, key=lambda a: (_LOUDNESS.get(a.severity, 2), -a.id))
    items += [f"  {'!' if a.severity in _LOUDNESS else '·'} {a.message}" for a in loud]
    total = len(overdue) + len(week) + unread
    room = MAX_LINES - 1
    if len(items) > room or len(items) < total:  # some left out: say how many, and where
        shown = items[: room - 1]
        tail = f"  … {total - len(shown)} more: mstui alerts · mstui milestone list --owner {login}"
        items = [*shown, tail]
    lines = [f"mstui: {' · '.join(parts)}", *items]
    return [_cut(line, width) for line in lines]


def week_horizon(now: datetime) -> date:
    """A date after which no milestone can be due 'this week' in any timezone."""
    return now.date() + timedelta(days=WEEK_DAYS + 1)
