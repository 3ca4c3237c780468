"""What the Gantt canvas's name pane puts in its cells: widths, slack, how far an item
moved since its project's baseline. Plain functions of the rows (no database)."""

from __future__ import annotations

from collections.abc import Mapping

from mstui.domain.baselines import PlanItem, days_label
from mstui.domain.enums import Health
from mstui.views.timeline import Key, PlanRow
from mstui.widgets.gantt_model import Row

WHO = 7
SLACK = 5
VARIANCE = 6

HEALTH_CLASS = {
    Health.ON_TRACK: "gantt--on-track",
    Health.AT_RISK: "gantt--at-risk",
    Health.OVERDUE: "gantt--overdue",
    Health.DONE: "gantt--done",
    Health.CANCELLED: "gantt--cancelled",
}


def name_width(width: int) -> int:
    """Cells of the name pane for a canvas `width` cells wide."""
    return max(24, min(56, int(width * 0.38)))


def slack_text(slack: int | None) -> str:
    return "" if slack is None else f"{slack}d"


def who_width(names: int, baseline_shown: bool) -> int:
    """The who column; left out beside a baseline in a narrow name pane (80 columns)."""
    return 0 if baseline_shown and names < 40 else WHO


def moved_cell(
    row: Row, item: PlanRow, ghosts: Mapping[Key, PlanItem], projects: set[int]
) -> tuple[str, str]:
    """How far an item's end moved since its project's baseline ("+14d", "new"), and
    the style it is drawn in."""
    if row.project.id not in projects or item.kind not in ("m", "t"):
        return "", "muted"
    ghost = ghosts.get(item.key)
    if ghost is None or item.end is None:
        return "new", "muted"
    days = (item.end - ghost.end).days
    return days_label(days), "later" if days > 0 else "earlier" if days < 0 else "muted"
