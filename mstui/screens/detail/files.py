"""The Files tab of the milestone detail: the attached files, their size, who added them,
and whether the stored copy is still the one attached (checked on every read)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from mstui.views.milestones import AttachmentView
from mstui.widgets.safe import cell


def size_label(n: int) -> str:
    """A size in bytes as people read it: `2,048 B`, `12 KB`."""
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:,} {unit}"
        n //= 1024
    return f"{n:,} GB"


def state_cell(state: str) -> Text:
    """`ok`, or a changed/missing copy marked in the theme's error style (never served)."""
    if state == "ok":
        return Text("ok")
    return Text(f"{state.upper()} - not served", style="bold red")


class FileTable(DataTable[Text]):
    """The milestone's attachments."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.files: Sequence[AttachmentView] = ()

    def on_mount(self) -> None:
        self.add_columns("File", "Size", "Added by", "When", "Copy")

    def show(self, files: Sequence[AttachmentView]) -> None:
        self.files = files
        self.clear()
        for f in files:
            self.add_row(cell(f.name), cell(size_label(f.size)), cell(f.added_by),
                         cell(f"{f.added_at:%Y-%m-%d}"), state_cell(f.state))  # fmt: skip

    @property
    def selected(self) -> AttachmentView | None:
        """The file under the cursor."""
        row = self.cursor_row
        return self.files[row] if 0 <= row < len(self.files) else None
