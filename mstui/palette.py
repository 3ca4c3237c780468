"""The command palette (ctrl+p): every action by name, and jump to any milestone or project.

The list of titles is gathered when the palette opens, in a thread, so typing
in the palette never waits for the database. Titles are user text: matches
are highlighted on a `Content` built from the plain title (Textual's
`Matcher.highlight` would parse it as markup).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from mstui.domain.text import clean

if TYPE_CHECKING:
    from mstui.app import MstuiApp

MAX_HITS = 40


class MstuiCommands(Provider):
    """Screens, actions, projects and milestones by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items: list[tuple[str, Callable[[], object], str]] = []

    @property
    def mstui(self) -> MstuiApp:
        return cast("MstuiApp", self.app)

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.mstui
        out: list[tuple[str, Callable[[], object], str]] = []
        for name, label in (("dashboard", "Dashboard"), ("kanban", "Kanban"),
                            ("timeline", "Timeline"), ("targets", "Targets"),
                            ("alerts", "Alerts")):  # fmt: skip
            out.append((f"Go to {label}", partial(app.action_show, name), "Switch screen"))
        out.append(("New milestone", self._new_milestone, "Open the new milestone form"))
        mine = "Show everyone's milestones" if app.board_filter.mine else "Show mine only"
        out.append((mine, app.toggle_mine, "Toggle the 'mine only' filter"))
        out.append(("Clear filters", self._clear, "Show every milestone"))
        out.append(("Undo", app.action_undo, "Take back the last change"))
        out.append(("Help: keys", app.action_help, "Every key of this screen"))
        return out

    def _new_milestone(self) -> None:
        from mstui.screens.kanban import KanbanScreen

        self.mstui.action_show("kanban")
        screen = self.mstui.screen
        if isinstance(screen, KanbanScreen):
            screen.action_new()

    def _clear(self) -> None:
        self.mstui.board_filter = self.mstui.board_filter.cleared()

    def _jump_project(self, key: str) -> None:
        app = self.mstui
        app.board_filter = app.board_filter.but(project=key)
        app.action_show("kanban")

    async def startup(self) -> None:
        store = self.mstui.store
        self.items = self._actions()
        if store is None:
            return
        try:
            projects, titles = await asyncio.to_thread(
                lambda: (store.list_projects(include_archived=False), store.titles())
            )
        except Exception:
            return
        for p in projects:
            label = clean(f"Project {p.key}  {p.name}")
            self.items.append((label, partial(self._jump_project, p.key), "Show on the Kanban"))
        for mid, key, title in titles:
            label = clean(f"#{mid} {key}  {title}")
            self.items.append((label, partial(self.mstui.open_milestone, mid), "Open milestone"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = []
        for text, command, help_text in self.items:
            score = matcher.match(text)
            if score > 0:
                found.append((score, text, command, help_text))
        found.sort(key=lambda hit: -hit[0])
        style = matcher.match_style
        for score, text, command, help_text in found[:MAX_HITS]:
            yield Hit(score, _highlight(matcher, text, style), command, text=text, help=help_text)

    async def discover(self) -> Hits:
        for text, command, help_text in self._actions():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)


def _highlight(matcher: Any, text: str, style: Any) -> Content:
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
