"""The History tab of the milestone detail: who changed what, from what to what."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from mstui.domain.labels import change_label, value_label
from mstui.views.milestones import ActivityView
from mstui.widgets.safe import cell


class HistoryTable(DataTable[Text]):
    """Every recorded change of the milestone, newest as the store orders them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_columns("When", "Who", "Did", "From", "To")

    def show(self, activity: Sequence[ActivityView]) -> None:
        self.clear()
        for a in activity:
            self.add_row(
                cell(f"{a.at:%Y-%m-%d %H:%M}"), cell(a.actor or ""),
                cell(change_label(a.action, a.field)),
                cell(value_label(a.field, a.old)), cell(value_label(a.field, a.new)),
            )  # fmt: skip
