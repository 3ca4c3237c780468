"""The Kanban's filters: title, project, owner, department, mine only, cancelled shown.

The filter lives on the app (`Host.board_filter`): it survives switching
screens, and the lists that follow the board read it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from mstui.screens.base import DataScreen
from mstui.screens.dialogs.simple import AskText, PickOne
from mstui.screens.state import BoardFilter

if TYPE_CHECKING:
    from mstui.store import MilestoneFilter


class BoardFilters(DataScreen):
    """The filtering half of the Kanban screen."""

    @property
    def filt(self) -> BoardFilter:
        return self.mstui.board_filter

    def _filter(self, filt: BoardFilter) -> MilestoneFilter:
        """The store's filter for the board filter `filt` (open projects only)."""
        from mstui.store import MilestoneFilter

        owner = self.store.account.login if filt.mine else (filt.owner or None)
        return MilestoneFilter(
            project=filt.project or None,
            owner=owner,
            department=filt.department or None,
            text=filt.text,
            include_archived=False,
        )

    def action_search(self) -> None:
        def got(text: str | None) -> None:
            if text is not None:
                self.mstui.board_filter = self.filt.but(text=text)

        self.app.push_screen(
            AskText("Show milestones whose title contains:", self.filt.text, allow_empty=True),
            got,
        )

    def action_mine(self) -> None:
        self.mstui.toggle_mine()

    def action_cancelled(self) -> None:
        self.mstui.board_filter = self.filt.but(show_cancelled=not self.filt.show_cancelled)

    def action_clear_filters(self) -> None:
        if self.filt.active:
            self.mstui.board_filter = self.filt.cleared()

    def action_pick_project(self) -> None:
        self._pick("project")

    def action_pick_owner(self) -> None:
        self._pick("owner")

    def action_pick_department(self) -> None:
        self._pick("department")

    @work(thread=True, group="pick", exit_on_error=False)
    def _pick(self, what: str) -> None:
        store = self.store
        if what == "project":
            choices = [(p.key, f"{p.key}  {p.name}") for p in store.list_projects(False)]
        elif what == "owner":
            choices = [(p.login, f"{p.login}  {p.name}") for p in store.list_people()]
        else:
            choices = [(d, d) for d in store.departments()]
        current = getattr(self.filt, what)

        def chosen(value: str | None) -> None:
            if value is not None:
                changes: dict[str, object] = {what: value}
                if what == "owner":
                    changes["mine"] = False
                self.mstui.board_filter = self.filt.but(**changes)

        screen = PickOne(f"Show the milestones of which {what}?", choices, current)
        self.app.call_from_thread(self.app.push_screen, screen, chosen)
