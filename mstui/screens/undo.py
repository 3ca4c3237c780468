"""The app's memory of changes made in this session: what `u` takes back, and whose versions.

A row's version moves with every write. An undo step of an older change,
run after a newer undo of the same row, meets versions written by this
session only (my change and its undo), which is not someone else's edit:
`all_mine` tells the two apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mstui.screens.host import UndoStep
from mstui.views.base import Versioned

if TYPE_CHECKING:
    from mstui.errors import Conflict

DEPTH = 50
"""How many changes `u` can take back."""


def versioned(result: object) -> tuple[str, int, int] | None:
    """(entity, id, version) of what a store call returned, when it is a versioned row."""
    if isinstance(result, Versioned):
        return result.entity, result.id, result.version
    return None


class UndoHistory:
    """The undo steps of this session, newest last, and the row versions it wrote."""

    def __init__(self) -> None:
        self.steps: list[UndoStep] = []
        self._own_versions: dict[tuple[str, int], set[int]] = {}

    def push(self, step: UndoStep, result: object = None) -> None:
        """Remember `step` (and the version `result` left behind)."""
        self.note_versions(result)
        self.steps.append(step)
        del self.steps[:-DEPTH]

    def pop(self) -> UndoStep | None:
        return self.steps.pop() if self.steps else None

    def note_versions(self, result: object) -> None:
        """Remember the row version a change of mine (or an undo) left behind."""
        key = versioned(result)
        if key is not None:
            entity, row_id, version = key
            self._own_versions.setdefault((entity, row_id), set()).add(version)

    def all_mine(self, exc: Conflict) -> bool:
        """Whether every version after the one expected was written by this session."""
        mine = self._own_versions.get((exc.entity, exc.entity_id), set())
        later = range(exc.expected_version + 1, exc.current_version + 1)
        return bool(later) and all(v in mine for v in later)
