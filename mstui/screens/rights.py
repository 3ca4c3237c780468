"""What a screen offers someone who may only read the selected thing's project.

One mechanism for every screen that writes (Kanban, milestone detail,
Timeline, Targets): the screen says which project the selection belongs to
and which of its actions write; where my role there is below editor, those
actions are not offered (the footer drops them, the palette and `?` too),
a note says "read-only: viewer on KEY", and a write key pressed anyway
answers with the store's own refusal (the same words, from the permission
table) and writes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events

from mstui.domain.enums import Role
from mstui.domain.permissions import Permission, Standing, read_only_note, refusal
from mstui.screens.base import DataScreen


class Rights(DataScreen):
    """A screen whose writes need editor on the selected thing's project."""

    WRITES: ClassVar[frozenset[str]] = frozenset()
    """The actions an editor may take and a viewer may not."""
    KEYS: ClassVar[frozenset[str]] = frozenset()
    """The keys of WRITES: pressed anyway, they get the store's refusal."""

    roles: dict[str, Role | None] = {}
    """My role in each project the screen shows (None: not a member); read with the data."""

    def selected_project(self) -> str | None:
        """The key of the project the selection belongs to (None: nothing selected)."""
        raise NotImplementedError

    def keys_answered_here(self) -> bool:
        """Whether a key press is the screen's (False while typing in a text box)."""
        return True

    _offered_for: tuple[bool] | None = None
    """Whether the keys offered now are a reader's (None: not worked out yet)."""

    def roles_loaded(self, roles: dict[str, Role | None]) -> None:
        self.roles = roles
        self.rights_changed()

    def rights_changed(self) -> None:
        """The selection or my roles moved: offer the keys again if that changes them
        (the footer is rebuilt on each refresh, so a move within one project costs none)."""
        offered_for = (self.refused_here() is not None,)
        if offered_for != self._offered_for:
            self._offered_for = offered_for
            self.refresh_bindings()

    def standing_here(self) -> Standing | None:
        key = self.selected_project()
        if key is None or key not in self.roles:
            return None
        return Standing(self.roles[key], project=key)

    def refused_here(self) -> str | None:
        """The store's refusal of an edit of the selection (None: I may edit it)."""
        standing = self.standing_here()
        return refusal(Permission.EDIT, standing) if standing is not None else None

    def read_only_note(self) -> str:
        """ "read-only: viewer on KEY" for the selection's project ("": I may edit it)."""
        standing = self.standing_here()
        if standing is None or refusal(Permission.EDIT, standing) is None:
            return ""
        return read_only_note(standing)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.WRITES and self.refused_here() is not None)

    def on_key(self, event: events.Key) -> None:
        # A key not offered still answers: the refusal the store would give, nothing written.
        if event.key in self.KEYS and self.keys_answered_here():
            why = self.refused_here()
            if why is not None:
                event.stop()
                self.mstui.say(why, "error")
