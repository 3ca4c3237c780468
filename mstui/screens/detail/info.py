"""The top of the milestone detail: title, summary, every field and the description."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mstui.domain.dates import relative
from mstui.domain.enums import Health, Status
from mstui.domain.numbers import amount
from mstui.views.milestones import MilestoneDetail
from mstui.widgets.safe import plain, say

HEALTH_STYLE = {
    Health.ON_TRACK: "$success",
    Health.AT_RISK: "$warning",
    Health.OVERDUE: "$error",
    Health.DONE: "$text-muted",
    Health.CANCELLED: "$text-disabled",
}


class MilestoneInfo(VerticalScroll):
    """Everything about one milestone but its lists (they are the tabs below)."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="d-title")
        yield Static("", id="d-summary")
        yield Static("", id="d-fields")
        yield Static("", id="d-description")

    def show(self, detail: MilestoneDetail, today: date, note: str = "") -> None:
        """Show `detail`; "in 3d" counts from `today` (in the milestone's timezone).

        `note` (such as "read-only: viewer on MKT") goes first among the fields.
        """
        m = detail.milestone
        self.query_one("#d-title", Static).update(say(f"#{m.id} ", m.title))
        when = relative(m.due, today) if not m.status.closed else m.status.label.lower()
        health = Content.assemble(
            (f"{m.health.symbol} {m.health.label}", HEALTH_STYLE[m.health]),
            plain(f" — {'; '.join(m.health_reasons)}" if m.health_reasons else ""),
        )
        summary = Content.assemble(
            plain(
                f"{m.project} · owner {m.owner} ({m.owner_name}) · due {m.due:%a %d %b %Y} "
                f"({when}){' from tasks' if m.due_from_tasks else ''} · {m.status.label} · "
            ),
            health,
        )
        self.query_one("#d-summary", Static).update(summary)
        lines = ([note] if note else []) + _lines(detail)
        self.query_one("#d-fields", Static).update(plain("\n".join(lines), multiline=True))
        description = self.query_one("#d-description", Static)
        description.update(plain(m.description, multiline=True))
        description.display = bool(m.description)


def _lines(detail: MilestoneDetail) -> list[str]:
    """The fields beyond the summary, a line each (user text inside: shown plain)."""
    m = detail.milestone
    lines = []
    if m.status is Status.BLOCKED:
        lines.append(f"Blocked: {m.blocked_reason}")
    if m.kpi:
        lines.append(
            f"KPI {m.kpi.name}: {amount(m.kpi.actual, m.kpi.unit)} of "
            f"{amount(m.kpi.target, m.kpi.unit)}"
        )
    lines.append(
        f"Cost {amount(m.cost_actual)} of {amount(m.cost_estimate)} · "
        f"Effort {amount(m.effort_actual)} of {amount(m.effort_estimate)} h"
    )
    if detail.dependencies:
        deps = ", ".join(f"#{d.id} {d.title} {d.health.symbol}" for d in detail.dependencies)
        lines.append(f"Waits for: {deps}")
    if detail.dependents:
        after = ", ".join(f"#{d.id} {d.title}" for d in detail.dependents)
        lines.append(f"Unlocks: {after}")
    if detail.slips:
        n = len(detail.slips)
        lines.append(f"Slipped {n} time{'s' if n != 1 else ''}, +{detail.slipped_days}d in all:")
        for x in detail.slips:
            why = f": {x.reason}" if x.reason else ""
            lines.append(
                f"  {x.at:%d %b %Y} {x.who or '?'} moved it {x.old:%d %b} → {x.new:%d %b} "
                f"(+{x.days}d){why}"
            )
    return lines
