"""Export from the app (palette → Export): a format, a file, then a toast saying what was written.

The same export as `mstui export` (`mstui.store.export`), read as the person
logged in, in a thread worker; the file is written whole or not at all. A
refusal (a folder that does not exist) stays in the dialog, in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet

from mstui.domain.text import clean
from mstui.errors import MstuiError, one_line
from mstui.screens.host import Host

CHOICES = (
    ("json", "JSON: everything you can see (imports into a new database)"),
    ("csv", "CSV: one row a milestone, for a spreadsheet"),
    ("ics", "iCalendar: milestones and checkpoints, for a calendar"),
)


def default_path(fmt: str) -> str:
    """Where an export goes unless the person says otherwise."""
    return str(Path("~").expanduser() / f"mstui-export.{fmt}")


class ExportDialog(ModalScreen[None]):
    """Ask for a format and a file, write the export, toast what was written."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.fmt = "json"

    @property
    def host(self) -> Host:
        return cast("Host", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--wide", id="export"):
            yield Label(Content("Export"), classes="dialog--question")
            with RadioSet(id="format"):
                for i, (fmt, label) in enumerate(CHOICES):
                    yield RadioButton(Content(label), value=i == 0, id=f"format-{fmt}")
            yield Checkbox(Content("Only my milestones (CSV, iCalendar)"), id="mine")
            yield Label(Content("File"))
            yield Input(default_path(self.fmt), id="path")
            yield Label("", id="error", classes="field--error")
            with Horizontal(classes="dialog--buttons"):
                yield Button(Content("Export"), variant="primary", id="go")
                yield Button(Content("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        old = self.fmt
        self.fmt = (event.pressed.id or "format-json").removeprefix("format-")
        path = self.query_one("#path", Input)
        if path.value.endswith(f".{old}"):  # keep the suffix in step, unless typed otherwise
            path.value = path.value[: -len(old)] + self.fmt

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#go")
    @on(Input.Submitted, "#path")
    def _go(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._error("Name a file to write")
            return
        mine = self.query_one("#mine", Checkbox).value and self.fmt != "json"
        self._export(self.fmt, Path(text).expanduser().absolute(), mine)

    def _error(self, message: str) -> None:
        error = self.query_one("#error", Label)
        error.update(Content(clean(message)))
        error.add_class("-shown")

    @work(thread=True, group="export", exclusive=True, exit_on_error=False)
    def _export(self, fmt: str, dest: Path, mine: bool) -> None:
        from mstui.store.export import export, write_export

        store = self.host.store
        if store is None:
            return
        try:
            made = export(store, fmt, None, mine)
            data = made.text.encode()
            write_export(dest, data, store.db.path)
        except MstuiError as exc:
            self.app.call_from_thread(self._error, one_line(exc))
            return
        said = f"Exported {made.summary} to {dest} ({len(data):,} bytes)"
        self.app.call_from_thread(self._done, said)

    def _done(self, said: str) -> None:
        self.dismiss(None)
        self.host.say(said)
