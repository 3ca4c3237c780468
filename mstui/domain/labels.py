"""Words for people: the fields and values that the Activity log stores as code names.

The log keeps stable code names (`effort_actual`, `in_progress`) for `--json`
and scripts; screens and text listings show these labels instead.
"""

from __future__ import annotations

from mstui.domain.enums import Status, TaskStatus

_FIELDS = {
    "blocked_reason": "blocked reason",
    "cost_actual": "actual cost",
    "cost_estimate": "cost estimate",
    "depends_on": "dependency",
    "due": "due date",
    "due_from_tasks": "due from tasks",
    "effort_actual": "actual effort (h)",
    "effort_estimate": "effort estimate (h)",
    "estimate_hours": "estimate (h)",
    "actual_hours": "actual (h)",
    "kpi_actual": "KPI actual",
    "kpi_name": "KPI name",
    "kpi_target": "KPI target",
    "kpi_unit": "KPI unit",
    "position": "board position",
    "start_date": "start",
    "end_date": "end",
    "is_department_head": "department head",
}

_ACTIONS = {
    "depend": "added",
    "undepend": "removed",
    "book": "booked",
    "record": "recorded",
    "detach": "removed",
    "attach": "attached",
    "unbook": "unbooked",
    "unrecord": "withdrew",
    "unlink": "unlinked",
    "link": "linked",
    "derive": "dated from tasks",
    "shift": "shifted",
    "correct": "corrected",
}


def field_label(field: str) -> str:
    """`effort_actual` → `actual effort (h)`; an unknown name loses its underscores."""
    return _FIELDS.get(field, field.replace("_", " "))


def action_label(action: str) -> str:
    return _ACTIONS.get(action, action.replace("_", " "))


def value_label(field: str, value: str | None) -> str:
    """A logged value as a person reads it: statuses by their labels, empty as blank."""
    if value is None:
        return ""
    if field == "status":
        for enum in (Status, TaskStatus):
            try:
                member = enum(value)
            except ValueError:
                continue
            return member.label if isinstance(member, Status) else value.replace("_", " ")
    if field == "due_from_tasks":
        return {"True": "yes", "False": "no", "1": "yes", "0": "no"}.get(value, value)
    return value


def change_label(action: str, field: str) -> str:
    """What the "Did" column says: `edit actual cost`, `added dependency`, `comment update`."""
    return f"{action_label(action)} {field_label(field)}".strip()
