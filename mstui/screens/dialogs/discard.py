"""The question a form asks before it throws away what was typed."""

from __future__ import annotations

from textual.content import Content

from mstui.screens.dialogs.simple import ConfirmDialog


class DiscardDialog(ConfirmDialog):
    """Discard what you typed? Yes closes the form; no (or esc) goes back to it."""

    def __init__(self) -> None:
        super().__init__(
            Content("Discard what you typed? (y discards, n or esc goes back to the form)"),
            yes="Discard",
        )
