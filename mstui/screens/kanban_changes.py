"""The Kanban's changes to a card: made in a worker, undone with `u`, and what the
reload after each reads (the columns it touched; a move's counts as known).

A card moved from one column to another changes those two counts by one; the
reload after the move (and after its undo) reads the two columns' windows and
takes the counts shown plus that shift, instead of counting the board again (a
COUNT of every milestone: 60 ms at 100,000, more beside the app's threads). A
refused change reloads everything, counts included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from mstui.domain.enums import Status
from mstui.screens.host import Undo
from mstui.screens.kanban_forms import BoardForms
from mstui.views.milestones import MilestoneView

if TYPE_CHECKING:
    from mstui.store import Store

M = TypeVar("M", bound="MilestoneView | None")


class BoardChanges(BoardForms):
    """The change-making half of the Kanban screen."""

    touched: set[Status]
    """The columns the next reload reads (all when empty): those a change here touched."""
    shift: dict[Status, int]
    """What a card moved here changed in the columns' counts, for the next reload."""

    def _change(
        self,
        what: str,
        call: Callable[[Store], M],
        undo: Callable[[M], Undo] | None = None,
        message: Callable[[M], str] | None = None,
        touched: tuple[Status, ...] = (),
        moved: tuple[Status, Status] | None = None,
    ) -> None:
        """A change to a card; the card stays selected wherever it lands.

        The reload after it (and after its undo, made here) reads only the
        windows of the columns `touched` (all when none are named). A card `moved`
        from one column to another changes those two counts by one: the reload
        does not count the board again (nor after the undo)."""

        def shifted(src: Status, dst: Status) -> dict[Status, int]:
            return {src: -1, dst: 1}

        def done(result: M) -> str | None:
            self._pin(result)
            self.touched = set(touched)
            self.shift = shifted(*moved) if moved is not None else {}
            return message(result) if message is not None else None

        def undoing(result: M) -> Undo:
            assert undo is not None
            run = undo(result)

            def again(store: Store) -> object:
                back = run(store)
                if self.is_active:  # else a whole reload when shown again
                    self.touched = set(touched)
                    self.shift = shifted(moved[1], moved[0]) if moved is not None else {}
                return back

            return again

        self.run_change(what, call, undo=undoing if undo else None, done=done)

    def _move_to(self, m: MilestoneView, status: Status, reason: str | None = None) -> None:
        old_status, old_reason, old_pos = m.status, m.blocked_reason, m.position

        def undo(after: MilestoneView) -> Undo:
            return lambda store: store.edit_milestone(
                after.id, after.version, status=old_status,
                blocked_reason=old_reason, position=old_pos,
            )  # fmt: skip

        what = f"#{m.id} {m.title} → {status.label}"

        def call(store: Store) -> MilestoneView:
            return store.move_milestone(m.id, status, reason, m.version)

        if status is Status.DONE:
            finish, message = self.finishing(what, call, m.id)
            self._change(what, finish, undo, message, (old_status, status), (old_status, status))
        else:
            self._change(what, call, undo, touched=(old_status, status), moved=(old_status, status))
