"""The one base of every form: labelled fields, errors shown in place, a save in a thread.

A form reads and checks what was typed first (`read`: a wrong value is shown
under its field and the form stays open with what was typed), then hands it
to a save function from the screen that opened it, in a thread worker. A
refusal from the store (`Invalid`, `NotAllowed`, …) is shown the same way;
a `Conflict` goes to `conflicted` (the milestone form opens the conflict
dialog there).

Leaving a form with unsaved typing asks first: the form remembers what its
fields held once it was filled in, and Esc (or Cancel) on a form whose
fields differ asks "Discard what you typed?". Nothing typed, nothing asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, TextArea

from mstui.errors import Conflict, Invalid, MstuiError, one_line
from mstui.screens.dialogs.discard import DiscardDialog
from mstui.screens.faults import log_fault
from mstui.widgets.safe import say

Values = dict[str, Any]
"""What a form read from its fields, by name (each form knows its own types)."""

Save = Callable[[Values], object]
"""What a form calls (in its thread) with what it read: a store call; it returns what to
dismiss with."""


def form_state(screen: ModalScreen[Any]) -> tuple[object, ...]:
    """What the editable fields of `screen` hold now, in order."""
    out: list[object] = []
    for w in screen.query("Input, TextArea, Select, Checkbox, SelectionList"):
        if isinstance(w, Input):
            out.append(w.value)
        elif isinstance(w, TextArea):
            out.append(w.text)
        elif isinstance(w, Select | Checkbox):
            out.append(w.value)
        elif isinstance(w, SelectionList):
            out.append(tuple(w.selected))
    return tuple(out)


class Form(ModalScreen[Any]):
    """A modal form whose save runs in a thread and reports errors inline.

    Dismisses with what the save returned (True when it returned None), or
    None when closed without saving.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]

    FIELD_IDS: ClassVar[Mapping[str, str]] = {}
    """A field name as the store names it → the id of the input that shows its error."""

    def __init__(self, save: Save | None = None) -> None:
        super().__init__()
        self.save_fn = save
        self._saving = False
        """Set while the save runs: the save decides how the form closes."""
        self._pristine: tuple[object, ...] | None = None
        self._errors_at: dict[str, str] = {}

    # -- layout -------------------------------------------------------------------------
    def field(
        self, name: str, label: str, widget: Widget, *, grow: bool = False, hint: bool = False
    ) -> ComposeResult:
        """A labelled field and its error line; `grow` makes it take the height left,
        `hint` adds a line under it (`#name-hint`)."""
        if hasattr(widget, "compact"):
            widget.compact = True
        with Horizontal(classes="field field--grow" if grow else "field"):
            yield Label(Content(label), classes="field--label")
            yield widget
        if hint:
            yield Label("", id=f"{name}-hint", classes="field--hint")
        yield Label("", id=f"{name}-error", classes="field--error")

    def buttons(self) -> ComposeResult:
        """The form-wide error line and the Save and Cancel buttons."""
        yield Label("", id="form-error", classes="field--error")
        with Horizontal(classes="dialog--buttons"):
            yield Button(Content("Save (ctrl+s)"), variant="primary", id="save", compact=True)
            yield Button(Content("Cancel (esc)"), id="cancel", compact=True)

    def text(self, name: str) -> str:
        """What the input `#name` holds."""
        return self.query_one(f"#{name}", Input).value

    # -- errors -------------------------------------------------------------------------
    def show_error(self, name: str, message: str, *, focus: bool = True) -> None:
        """Show `message` under field `name` (or under the form) and go there."""
        target = self.FIELD_IDS.get(name, name)
        try:
            label = self.query_one(f"#{target}-error", Label)
        except NoMatches:
            label = self.query_one("#form-error", Label)
        label.update(say(message))
        label.add_class("-shown")
        self.error_shown_for(target)
        if focus:
            self.focus_field(name)

    def focus_field(self, name: str) -> None:
        """Put the cursor in field `name`, when the form has one of that name."""
        try:
            self.query_one(f"#{self.FIELD_IDS.get(name, name)}").focus()
        except NoMatches:
            return

    def clear_errors(self) -> None:
        for label in self.query(".field--error"):
            assert isinstance(label, Label)
            label.update("")
            label.remove_class("-shown")

    def collect(self, readers: Mapping[str, Callable[[], object]]) -> Values | None:
        """Read each field with its reader; an `Invalid` is shown under its field."""
        values: Values = {}
        bad: list[str] = []
        for name, reader in readers.items():
            try:
                values[name] = reader()
            except Invalid as exc:
                self.show_error(name, str(exc))
                bad.append(name)
        if bad:
            self.focus_field(bad[0])
            return None
        return values

    # -- what was typed -----------------------------------------------------------------------
    def remember_fields(self) -> None:
        """Take the fields as they are now as the starting point."""
        self._pristine = form_state(self)

    def on_mount(self) -> None:
        # Subclasses fill their fields in their own on_mount (which runs first)
        # and some fields settle a frame later: remember after that refresh.
        self.call_after_refresh(self.remember_fields)

    def error_shown_for(self, ident: str) -> None:
        """Remember what field `ident` held when its error was shown."""
        value = _text_of(self, ident)
        if value is not None:
            self._errors_at = {**self._errors_at, ident: value}

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed_again(self, event: Input.Changed | TextArea.Changed) -> None:
        """A field's error goes as soon as what it holds changes (the next save checks
        it again). A change message that arrives late, still holding the value the error
        was about, leaves it."""
        ident = event.control.id
        if not ident or ident not in self._errors_at:
            return
        if _text_of(self, ident) == self._errors_at.get(ident):
            return
        try:
            label = self.query_one(f"#{ident}-error", Label)
        except NoMatches:
            return
        label.update("")
        label.remove_class("-shown")

    @property
    def dirty(self) -> bool:
        return self._pristine is not None and form_state(self) != self._pristine

    def action_cancel(self) -> None:
        if self._saving:
            # Closing now would not stop the write; its result closes the form (or
            # shows why it was refused). A dialog on top would take the form's dismiss.
            self.app.notify("Saving… (it closes by itself)", timeout=3, markup=False)
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answered)

    # -- saving ---------------------------------------------------------------------------
    def read(self) -> Values | None:
        """The parsed values, or None after showing what is wrong (each form reads its own)."""
        return {}

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        values = self.read()
        if values is None:
            return
        save = self.save_fn
        assert save is not None, "a form without a save function overrides action_save"
        self.start_save(lambda: save(values), values)

    def start_save(self, call: Callable[[], object], values: Values) -> None:
        """Run `call` (the store call that saves `values`) in a thread."""
        self._saving = True
        self._run(call, values)

    def current_after_conflict(self) -> object | None:
        """(In the save's thread.) The row as saved now, for the conflict dialog."""
        return None

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _run(self, call: Callable[[], object], values: Values) -> None:
        try:
            result = call()
        except Conflict as exc:
            current = self.current_after_conflict()
            self.app.call_from_thread(self.conflicted, exc, values, current)
        except Invalid as exc:
            self.app.call_from_thread(self.refused, exc.field, str(exc))
        except MstuiError as exc:
            self.app.call_from_thread(self.refused, "form", str(exc))
        except Exception as exc:
            # Broad on purpose: whatever went wrong, the form must leave its saving
            # state (or esc could never close it) and keep what was typed. The fault
            # is shown on the form and its traceback logged.
            log_fault("saving a form", exc)
            self.app.call_from_thread(self.refused, "form", one_line(exc))
        else:
            self.app.call_from_thread(self.saved, result, values)

    def saved(self, result: object, values: Values) -> None:
        """The save went through: close with what it returned."""
        self.dismiss(result if result is not None else True)

    def refused(self, field: str, message: str) -> None:
        """The store refused the save: say why under `field`; the form stays open."""
        self._saving = False
        self.query_one("#form-error", Label).update("")
        self.show_error(field, message)

    def conflicted(self, exc: Conflict, values: Values, current: object | None) -> None:
        """Someone saved the same row meanwhile (forms with a conflict dialog override)."""
        self.refused("form", str(exc))


def _text_of(screen: ModalScreen[Any], ident: str) -> str | None:
    try:
        widget = screen.query_one(f"#{ident}")
    except NoMatches:
        return None
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    return None
