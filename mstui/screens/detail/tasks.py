"""The Tasks tab of the milestone detail: one row a task, done ones ticked and dim."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from mstui.domain.enums import TaskStatus
from mstui.views.milestones import TaskView
from mstui.widgets.safe import cell


class TaskTable(DataTable[Text]):
    """The milestone's tasks; the cursor stays on its row through a reload."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.tasks: Sequence[TaskView] = ()

    def on_mount(self) -> None:
        self.add_columns("", "Task", "Assignee", "Start", "End", "Est h", "Act h")

    def show(self, tasks: Sequence[TaskView]) -> None:
        self.tasks = tasks
        row = self.cursor_row
        self.clear()
        for t in tasks:
            done = t.status == TaskStatus.DONE.value
            self.add_row(
                Text("✓" if done else "·"),
                cell(t.title, "dim" if done else ""),
                cell(t.assignee or "—"),
                cell(f"{t.start:%d %b}"),
                cell(f"{t.end:%d %b}"),
                cell("" if t.estimate_hours is None else f"{t.estimate_hours:g}"),
                cell("" if t.actual_hours is None else f"{t.actual_hours:g}"),
                key=str(t.id),
            )
        if tasks:
            self.move_cursor(row=min(row, len(tasks) - 1))

    @property
    def selected(self) -> TaskView | None:
        """The task under the cursor."""
        row = self.cursor_row
        return self.tasks[row] if 0 <= row < len(self.tasks) else None
