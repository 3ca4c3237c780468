"""The half of the app that makes and edits projects (any screen may ask for it).

`n` on a board with no project, "New project" and "Edit project" in the
palette, and the project screen all come here: the form is built in a
thread (it reads the store), shown, and a save is reported as a change
(`ChangeMade`) like every other, with its undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from mstui.errors import MstuiError
from mstui.screens.host import ChangeMade, UndoStep
from mstui.screens.watching import WatchingApp
from mstui.views.people import ProjectView

if TYPE_CHECKING:
    from mstui.store import Store

Then = Callable[[ProjectView], object]
"""What to do with the project once saved (e.g. open the new milestone form in it)."""


class ProjectsApp(WatchingApp):
    """An app that opens the project form on request."""

    def new_project(self, then: Then | None = None, intro: str = "") -> None:
        """The new-project form; `then` runs with the project once it is saved."""
        self._project_form(None, then, intro)

    def edit_project(self, key: str, then: Then | None = None) -> None:
        """The form of project `key` (read-only when I may not change it)."""
        self._project_form(key, then, "")

    def action_new_project(self) -> None:
        self.new_project()

    def action_edit_project(self, key: str) -> None:
        self.edit_project(key)

    @work(thread=True, group="project-form", exit_on_error=False)
    def _project_form(self, key: str | None, then: Then | None, intro: str) -> None:
        from mstui.screens.forms.project import project_form

        store = self.store
        if store is None:
            return
        try:
            form = project_form(store, key, intro=intro)
        except MstuiError as exc:
            self.call_from_thread(self.say, str(exc), "error")
            return

        def saved(result: ProjectView | None) -> None:
            if not isinstance(result, ProjectView):
                return
            if key is None:
                new = result.key
                undo: UndoStep | None = UndoStep(
                    f"creating project {new}", lambda st: _delete(st, new)
                )
                said = f"Created project {new} {result.name}"
                if result.milestones:  # made from a template: its plan is there already
                    n = result.milestones
                    said += f" with {n} milestone{'s' if n != 1 else ''} (3: its timeline)"
            else:
                undo, said = None, f"Saved project {result.key} {result.name}"
            self.post_message(ChangeMade(said, undo, result))
            if then is not None and not (key is None and result.milestones):
                then(result)

        self.call_from_thread(self.push_screen, form, saved)


def _delete(store: Store, key: str) -> None:
    store.delete_project(key)
