"""The Kanban's forms and rights: a new milestone (a first project when there is none),
edits, and the keys a viewer of the selected card's project is not offered.

The board knows my role in each project (read with the board). On a card of a
project where I am below editor, the keys that write are not offered (the
filter line and `?` say "read-only: viewer on KEY"; mstui/screens/rights.py).
"""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.widgets import Static

from mstui.errors import MstuiError
from mstui.screens.host import UndoStep
from mstui.screens.kanban_filters import BoardFilters
from mstui.screens.rights import Rights
from mstui.screens.state import NO_PROJECTS
from mstui.views.milestones import MilestoneView
from mstui.widgets.safe import say


class BoardForms(BoardFilters, Rights):
    """The form-opening half of the Kanban screen."""

    pinned: int | None = None
    loaded = False
    no_projects = False
    _counted = (0, 0)
    """How many cards the filter line counts: shown, and cancelled (hidden or not)."""
    _filter_line: Content | None = None
    WRITES = frozenset({"move", "done", "block", "reorder", "delete", "edit"})
    """The actions an editor may take on a card and a viewer may not."""
    KEYS = frozenset({"shift+left", "less_than_sign", "shift+right", "greater_than_sign",
                      "x", "b", "shift+up", "shift+down", "delete", "e"})  # fmt: skip

    @property
    def current(self) -> MilestoneView | None:
        """The selected card's milestone (the board says)."""
        raise NotImplementedError

    def _pin(self, result: MilestoneView | None) -> None:
        # Keep the card just changed selected through every reload (ours, and
        # those another screen's return starts) until the user moves.
        if result is not None:
            self.pinned = result.id

    def _changed(self, what: str, result: MilestoneView, undo: UndoStep | None) -> None:
        """After a change made by a form: pin, then tell the app (it says it and reloads)."""
        self._pin(result)
        self.change_made(what, undo, result)

    def action_new(self) -> None:
        project = self.filt.project or (self.current.project if self.current else None)
        self._open_form(None, project)

    def action_edit(self) -> None:
        if self.current is not None:
            self._open_form(self.current, None)

    @work(thread=True, group="form", exit_on_error=False)
    def _open_form(self, m: MilestoneView | None, project: str | None) -> None:
        from mstui.screens.forms.milestone_build import milestone_form
        from mstui.screens.forms.project import FIRST_PROJECT

        try:
            form = milestone_form(self.store, m, project)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if form is None:  # no project yet: make one, then the milestone in it
            then = lambda p: self._open_form(None, p.key)  # noqa: E731
            self.app.call_from_thread(self.mstui.new_project, then, FIRST_PROJECT)
            return

        def saved(result: MilestoneView | None) -> None:
            if result is not None:
                verb = "Saved" if m else "Created"
                self._changed(f"{verb} #{result.id} {result.title}", result, form.undo)

        self.app.call_from_thread(self.app.push_screen, form, saved)

    # -- rights (mstui/screens/rights.py) ------------------------------------------------
    def selected_project(self) -> str | None:
        return self.current.project if self.current is not None else None

    def rights_changed(self) -> None:
        super().rights_changed()
        if self.loaded:  # the line says whether the selected card is read-only
            self._show_filters(*self._counted)

    def _show_filters(self, shown: int, cancelled: int) -> None:
        self._counted = (shown, cancelled)
        parts = self.filt.parts()
        hidden = (
            "" if self.filt.show_cancelled or not cancelled else f" · {cancelled:,} cancelled (c)"
        )
        if not parts and not shown and self.no_projects:
            text = say(NO_PROJECTS)
        elif note := self.read_only_note():
            text = say(f"{note}: moving, finishing, blocking and editing are not offered")
        elif parts:
            text = say(f"Filter: {' · '.join(parts)} · {shown:,} shown{hidden}  (esc clears)")
        else:
            text = say(f"All milestones · {shown:,}{hidden} · / filter  p project  o owner  m mine")
        if text != self._filter_line:  # a cursor move does not lay the line out again
            self._filter_line = text
            self.query_one("#filters", Static).update(text)
