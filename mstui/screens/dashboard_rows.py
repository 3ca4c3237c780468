"""The rows of the Dashboard's tables, from a store result: cells and what enter does.

Pure presentation: values in, rows out (each row's key, its action — a verb
and a value such as ("open", "12") — and its cells); user text goes through
`mstui.widgets.safe`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from mstui.domain.dates import relative, today_in
from mstui.domain.enums import Health, Status
from mstui.domain.numbers import amount
from mstui.domain.reports import COUNTED, HealthCounts
from mstui.views.reports import Dashboard
from mstui.widgets.safe import cell, fit
from mstui.widgets.tables import (
    Themed,
    count_cell,
    health_cell,
    health_color,
    number_cell,
    variance_cell,
)

if TYPE_CHECKING:
    from mstui.domain.baselines import Slip
    from mstui.views.alerts import AlertView
    from mstui.views.milestones import MilestoneView

TITLE_WIDTH = 34

Row = tuple[str, tuple[str, str], list[Text]]
"""A row: its key, what enter does on it (verb, value), its cells."""


def health_rows(app: Themed, kind: str, rows: list[HealthCounts], width: int = 28) -> list[Row]:
    """A traffic-light count of each project, owner or department (`kind`), the names
    cut to `width` (so that every count shows in a narrow panel)."""
    out = []
    for r in rows:
        name = cell(fit(r.label, width).rstrip(), "bold" if r.kind == "all" else "")
        counts = [count_cell(app, h, r.count(h)) for h in COUNTED]
        out.append(
            (f"{r.kind}:{r.key}", (kind if r.kind != "all" else "all", r.key), [name, *counts])
        )
    return out


def name_room(width: int, padding: int, headings: list[int], rows: list[Row]) -> int:
    """How wide a count table's names may be so that every count column shows (28 at
    most): `width` the table's, `headings` the widths of its column labels; each count
    column is as wide as its widest cell among `rows`, as the table will draw it."""
    if not width:
        return 28
    pad = 2 * padding
    counts = 0
    for i, heading in enumerate(headings[1:], start=1):
        widest = max((r[2][i].cell_len for r in rows if len(r[2]) > i), default=0)
        counts += max(heading, widest) + pad
    spare = pad + 1  # the name's own padding, and the table's last cell
    return max(8, min(28, width - counts - spare))


def due_soon_rows(app: Themed, dash: Dashboard, now: datetime) -> list[Row]:
    """What is due in the next 14 days ("in 3d" counts in each project's timezone)."""
    rows = []
    for m in dash.due_soon:
        rows.append(
            (
                str(m.id),
                ("open", str(m.id)),
                [
                    cell(relative(m.due, today_in(m.timezone, now))),
                    health_cell(app, m.health),
                    cell(fit(f"#{m.id} {m.title}", TITLE_WIDTH).rstrip()),
                    cell(m.owner),
                    cell(m.project),
                    # Why it is at risk, without opening it ("blocked; KPI behind pace").
                    cell(fit("; ".join(m.health_reasons), 48).rstrip()),
                ],
            )
        )
    return rows


def overdue_rows(app: Themed, dash: Dashboard, now: datetime) -> list[Row]:
    """What is overdue and how late ("2d late" counts in each project's timezone)."""
    rows = []
    for m in dash.overdue:
        late = (today_in(m.timezone, now) - m.due).days
        rows.append(
            (
                str(m.id),
                ("open", str(m.id)),
                [
                    Text(f"✖ {late}d", style=health_color(app, Health.OVERDUE)),
                    cell(fit(f"#{m.id} {m.title}", TITLE_WIDTH).rstrip()),
                    cell(m.owner),
                    cell(m.project),
                    cell(fit(_status_note(m), 48).rstrip()),
                ],
            )
        )
    return rows


def alert_rows(alerts: list[AlertView], now: datetime) -> list[Row]:
    """My alerts: how long ago, their kind, what they say; enter goes to their subject."""
    rows = []
    for a in alerts:
        minutes = max(0, int((now - a.raised_at).total_seconds() // 60))
        when = (
            "now" if minutes < 1 else f"{minutes}m" if minutes < 60
            else f"{minutes // 60}h" if minutes < 48 * 60 else f"{minutes // 1440}d"
        )  # fmt: skip
        action = (
            ("open", str(a.subject_id))
            if a.subject_type == "milestone"
            else (("targets", "") if a.subject_type == "target" else ("alerts", ""))
        )
        rows.append(
            (
                str(a.id),
                action,
                [
                    cell(when),
                    cell(a.kind_label),
                    cell(fit(a.message, 60).rstrip()),
                ],
            )
        )
    return rows


def budget_rows(app: Themed, dash: Dashboard) -> list[Row]:
    """Each project's cost and effort, estimate against actual."""
    rows = []
    for b in dash.budgets:
        rows.append(
            (
                b.project,
                ("project", b.project),
                [
                    cell(b.project),
                    number_cell(b.budget),
                    number_cell(b.cost_estimate),
                    number_cell(b.cost_actual),
                    variance_cell(app, b.cost_variance),
                    number_cell(b.effort_estimate),
                    number_cell(b.effort_actual),
                    variance_cell(app, b.effort_variance, "h"),
                ],
            )
        )
    return rows


def conflict_rows(app: Themed, dash: Dashboard) -> list[Row]:
    """Each resource booked over its capacity: when, how much, on what."""
    rows = []
    for i, c in enumerate(dash.conflicts):
        days = f"{c.start:%d %b}" if c.start == c.end else f"{c.start:%d %b}–{c.end:%d %b}"
        first = c.bookings[0] if c.bookings else None
        # One booking a line: the row is as tall as the bookings it names.
        on = Text("\n").join(cell(fit(b.subject, 40).rstrip()) for b in c.bookings[:6])
        action = ("open", str(first.milestone_id)) if first and first.milestone_id else ("", "")
        rows.append(
            (
                f"c{i}",
                action,
                [
                    cell(fit(c.resource, 24).rstrip()),
                    cell(days),
                    Text(
                        f"✖ {amount(c.peak)} / {amount(c.capacity)}",
                        style=health_color(app, Health.OVERDUE),
                    ),
                    on,
                ],
            )
        )
    return rows


def _status_note(m: MilestoneView) -> str:
    """Where an overdue milestone stands: its status, and why when blocked."""
    if m.status is Status.BLOCKED and m.blocked_reason:
        return f"{m.status.label}: {m.blocked_reason}"
    return m.status.label


def slip_rows(app: Themed, slips: list[Slip], now: datetime) -> list[Row]:
    """Due dates moved later in the last seven days: by how much, by whom, why."""
    rows = []
    for i, x in enumerate(slips):
        rows.append(
            (
                f"{i}:{x.milestone_id}",
                ("open", str(x.milestone_id)),
                [
                    Text(f"+{x.days}d", style=health_color(app, Health.AT_RISK)),
                    cell(fit(f"#{x.milestone_id} {x.title}", TITLE_WIDTH).rstrip()),
                    cell(x.who or "?"),
                    cell(x.project),
                    cell(fit(x.reason, 48).rstrip()),
                ],
            )
        )
    return rows
