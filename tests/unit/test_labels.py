"""The history shows fields and values in words, not the code names the log stores."""

from __future__ import annotations

import pytest

from mstui.domain.labels import change_label, field_label, value_label


@pytest.mark.parametrize(
    ("action", "field", "said"),
    [
        ("edit", "effort_actual", "edit actual effort (h)"),
        ("edit", "blocked_reason", "edit blocked reason"),
        ("depend", "depends_on", "added dependency"),
        ("undepend", "depends_on", "removed dependency"),
        ("create", "", "create"),
        ("comment", "update", "comment update"),
        ("edit", "some_new_field", "edit some new field"),
    ],
)
def test_change_labels(action: str, field: str, said: str) -> None:
    assert change_label(action, field) == said


def test_status_values_read_as_their_labels() -> None:
    assert value_label("status", "in_progress") == "In progress"
    assert value_label("status", "planned") == "Planned"
    assert value_label("status", "todo") == "todo"  # a task status
    assert value_label("status", "made_up") == "made_up"  # never invents
    assert value_label("title", "in_progress") == "in_progress"  # only the status field
    assert value_label("cost_actual", None) == ""


def test_unknown_fields_lose_underscores_only() -> None:
    assert field_label("kpi_target") == "KPI target"
    assert field_label("odd_name") == "odd name"
