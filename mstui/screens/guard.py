"""Leaving a form with unsaved typing asks first.

A form remembers what its fields held once it was filled in; Esc (or its
Cancel button) on a form whose fields differ asks "Discard what you typed?"
before closing. Nothing typed, nothing asked.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea

from mstui.screens.dialogs import ConfirmDialog


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


class DiscardGuard(ModalScreen[Any]):
    """A modal form that asks before throwing away what was typed."""

    _pristine: tuple[object, ...] | None = None
    _errors_at: dict[str, str] | None = None
    _saving = False
    """Set by the form while its save runs: the save decides how the form closes."""

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
            self._errors_at = {**(self._errors_at or {}), ident: value}

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed_again(self, event: Input.Changed | TextArea.Changed) -> None:
        """A field's error goes as soon as what it holds changes (the next save checks
        it again). A change message that arrives late, still holding the value the error
        was about, leaves it."""
        ident = event.control.id
        if not ident or ident not in (self._errors_at or {}):
            return
        if _text_of(self, ident) == (self._errors_at or {}).get(ident):
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

        self.app.push_screen(
            ConfirmDialog(
                Content("Discard what you typed? (y discards, n or esc goes back to the form)"),
                yes="Discard",
            ),
            answered,
        )


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
