"""Someone saved the same row since the form opened: reload theirs, overwrite, or go back."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mstui.errors import Conflict
from mstui.widgets.safe import plain, say


class ConflictDialog(ModalScreen[str]):
    """Someone saved this milestone since the form opened: reload, overwrite or go back."""

    BINDINGS = [
        Binding("escape", "dismiss('back')", "Back to form", id="conflict.back"),
        Binding("r", "dismiss('reload')", "Reload theirs", id="conflict.reload"),
        Binding("o", "dismiss('overwrite')", "Overwrite with mine", id="conflict.overwrite"),
    ]

    def __init__(self, conflict: Conflict, rows: Sequence[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.conflict = conflict
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--wide"):
            yield Static(say(str(self.conflict)), classes="dialog--question")
            lines = []
            for name, was, now, mine in self.rows:
                theirs, yours = now != was, mine != was
                if theirs and yours:
                    lines.append(f"{name} — changed by both of you")
                    lines.append(f"  when you opened  {was}")
                    lines.append(f"  theirs (saved)   {now}")
                    lines.append(f"  yours            {mine}")
                elif theirs:
                    lines.append(f"{name} — changed by them: {was} → {now}")
                else:  # only yours: theirs is still what you opened
                    lines.append(f"{name} — only yours: {was} → {mine}")
            if not self.rows:
                lines.append("(they changed fields you did not touch)")
            with VerticalScroll(id="conflict-scroll"):
                yield Static(plain("\n".join(lines), multiline=True), id="conflict-table")
            with Horizontal(classes="dialog--buttons"):
                yield Button(Content("Reload theirs (r)"), id="reload")
                yield Button(Content("Overwrite with mine (o)"), variant="warning", id="overwrite")
                yield Button(Content("Back (esc)"), id="back")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "back")
