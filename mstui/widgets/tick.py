"""A checkbox whose state shows without colour: ✓ when ticked, blank when not.

Textual's checkbox draws the same X in both states and tells them apart by
colour only, which a colour-blind user, a monochrome terminal or a theme
with close colours loses.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    """A checkbox drawn ▐✓▌ when on and ▐ ▌ when off."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
