"""The milestone form's fields: their names, labels, how they read and show a value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mstui.domain.bounds import AMOUNT_MAX
from mstui.domain.enums import Status
from mstui.views.milestones import MilestoneView

FIELD_IDS = {
    "title": "title", "owner": "owner", "due": "due", "project": "project",
    "description": "description", "reason": "reason", "blocked_reason": "reason",
    "kpi": "kpi_name", "kpi_name": "kpi_name", "kpi target": "kpi_target",
    "kpi_target": "kpi_target", "kpi_actual": "kpi_actual", "kpi unit": "kpi_unit",
    "kpi_unit": "kpi_unit", "cost": "cost_estimate", "cost_estimate": "cost_estimate",
    "cost_actual": "cost_actual", "effort": "effort_estimate",
    "effort_estimate": "effort_estimate", "effort_actual": "effort_actual",
    "status": "status",
}  # fmt: skip
"""A store error's field → the form's input id."""

NUMBERS = ("kpi_target", "kpi_actual", "cost_estimate", "cost_actual", "effort_estimate",
           "effort_actual")  # fmt: skip
LABELS = {
    "title": "Title", "owner": "Owner", "due": "Due", "status": "Status",
    "reason": "Blocked reason", "description": "Description", "kpi_name": "KPI",
    "kpi_target": "KPI target", "kpi_actual": "KPI actual", "kpi_unit": "KPI unit",
    "cost_estimate": "Cost estimate", "cost_actual": "Cost actual",
    "effort_estimate": "Effort est. (h)", "effort_actual": "Effort actual (h)",
    "due_from_tasks": "Due follows tasks", "blocked_reason": "Blocked reason",
}  # fmt: skip


@dataclass(frozen=True)
class FormContext:
    """What the form needs to know besides the milestone."""

    today: date
    people: Sequence[str]
    projects: Sequence[tuple[str, str]] = ()
    project: str | None = None
    read_only: str = ""
    """Why the milestone cannot be saved by me ("read-only: viewer on KEY"; "": it can)."""
    none_to_pick: str = "No projects yet: make one first (n on the board)."
    """What a new milestone's form says instead of an empty list of projects."""


def number(text: str) -> float | None:
    """A figure typed in a field (`1,250`; empty is None); ValueError if it is not one."""
    text = text.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    value = float(text)
    if value != value or value < 0 or value > AMOUNT_MAX:  # past 1e15 the store refuses it
        raise ValueError
    return value


def fmt(value: float | None) -> str:
    """A figure as the field shows it (`12`, `12.5`, empty for none)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def field_values(m: MilestoneView) -> dict[str, Any]:
    """The editable fields of a milestone, as the form and the store name them."""
    return {
        "title": m.title,
        "owner": m.owner,
        "due": m.due,
        "due_from_tasks": m.due_from_tasks,
        "status": m.status,
        "blocked_reason": m.blocked_reason,
        "description": m.description,
        "kpi_name": m.kpi.name if m.kpi else "",
        "kpi_target": m.kpi.target if m.kpi else None,
        "kpi_actual": m.kpi.actual if m.kpi else None,
        "kpi_unit": m.kpi.unit if m.kpi else "",
        "cost_estimate": m.cost_estimate,
        "cost_actual": m.cost_actual,
        "effort_estimate": m.effort_estimate,
        "effort_actual": m.effort_actual,
    }


def show_value(value: object) -> str:
    """A field's value in the conflict dialog."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Status):
        return value.label
    if isinstance(value, float):
        return fmt(value)
    return str(value)


def conflict_rows(
    original: dict[str, Any], now: dict[str, Any], changes: dict[str, Any]
) -> list[tuple[str, str, str, str]]:
    """(label, when opened, theirs, mine) of each field they or I changed."""
    rows = []
    for name in LABELS:
        was = original.get(name)
        if name in now and (now[name] != was or name in changes):
            mine = changes.get(name, was)
            rows.append((LABELS[name], show_value(was), show_value(now[name]), show_value(mine)))
    return rows
