"""The command palette (ctrl+p): every action by name, and jump to any milestone or project.

Each command runs an action of the app (`app.run_action`), the same ones the
keys run, so the palette needs no screen of its own. Actions and projects are gathered
when the palette opens; milestones are asked of the store as one types (in a
thread, the few hundred whose titles hold the letters typed, in order), so a
database of 100,000 milestones is never held in memory. Titles are user
text: matches are highlighted on a `Content` built from the plain title
(Textual's `Matcher.highlight` would parse it as markup).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style

from mstui.domain.text import clean
from mstui.errors import MstuiError, one_line

if TYPE_CHECKING:
    from textual.actions import ActionParseResult

    from mstui.screens.host import Host

MAX_HITS = 40
MAX_TITLES = 500
"""Milestones read from the store for one query, at most (the best 40 are shown)."""

Item = tuple[str, "ActionParseResult | Callable[[], object]", str]
"""A command: its name, the app action it runs (namespace, name, arguments) or a call, its help."""


def _app(name: str, *args: object) -> ActionParseResult:
    # Parsed already: a title or project key in the arguments is never parsed as an action.
    return ("app", name, args)


class MstuiCommands(Provider):
    """Screens, actions, projects and milestones by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items: list[Item] = []

    @property
    def mstui(self) -> Host:
        return cast("Host", self.app)

    def _actions(self) -> list[Item]:
        out: list[Item] = []
        for name, label in (("dashboard", "Dashboard"), ("kanban", "Kanban"),
                            ("timeline", "Timeline"), ("targets", "Targets"),
                            ("alerts", "Alerts")):  # fmt: skip
            out.append((f"Go to {label}", _app("show", name), "Switch screen"))
        out.append(("New milestone", _app("new_milestone"), "Open the new milestone form"))
        out.append(("New project", _app("new_project"), "Open the new project form"))
        mine = "Show everyone's milestones" if self.mstui.board_filter.mine else "Show mine only"
        out.append((mine, _app("toggle_mine"), "Toggle the 'mine only' filter"))
        out.append(("Clear filters", _app("clear_filters"), "Show every milestone"))
        out.append(("Undo", _app("undo"), "Take back the last change"))
        out.append(("Export", _app("export"), "Write JSON, CSV or iCalendar to a file"))
        out.append(("Help: keys", _app("help"), "Every key of this screen"))
        return out

    def _command(self, action: ActionParseResult | Callable[[], object]) -> Callable[[], object]:
        if callable(action):
            return action
        return partial(self.app.run_action, action)

    def _open_project(self, key: str) -> Callable[[], object]:
        def open_it() -> None:
            from mstui.screens.project_screen import ProjectScreen

            self.app.push_screen(ProjectScreen(key))

        return open_it

    async def startup(self) -> None:
        store = self.mstui.store
        self.items = self._actions()
        if store is None:
            return
        try:
            projects = await asyncio.to_thread(store.list_projects, False)
        except MstuiError as exc:  # a busy database: the actions are still there
            self.mstui.say(f"The palette lists no milestones: {exc}", "warning")
            return
        except Exception as exc:
            # Broad on purpose: the palette must open with its actions whatever the
            # lists did; the fault is logged and said.
            from mstui.screens.faults import log_fault

            log_fault("listing milestones for the palette", exc)
            self.mstui.say(f"The palette lists no milestones: {one_line(exc)}", "error", 10)
            return
        for p in projects:
            label = clean(f"Project {p.key}  {p.name}")
            self.items.append((label, _app("jump_project", p.key), "Show on the Kanban"))
            members = clean(f"Members of {p.key}  {p.name}")
            self.items.append((members, self._open_project(p.key), "Details, members and roles"))
            edit = clean(f"Edit project {p.key}  {p.name}")
            self.items.append((edit, _app("edit_project", p.key), "Open the project form"))

    async def _milestones(self, query: str) -> list[Item]:
        store = self.mstui.store
        if store is None:
            return []
        try:
            titles = await asyncio.to_thread(store.titles_matching, query, MAX_TITLES)
        except MstuiError:  # a busy database: the actions are still there
            return []
        return [
            (clean(f"#{mid} {key}  {title}"), _app("open_milestone", mid), "Open milestone")
            for mid, key, title in titles
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = []
        for text, action, help_text in self.items + await self._milestones(query):
            score = matcher.match(text)
            if score > 0:
                found.append((score, text, action, help_text))
        found.sort(key=lambda hit: -hit[0])
        style = matcher.match_style
        for score, text, action, help_text in found[:MAX_HITS]:
            yield Hit(
                score,
                _highlight(matcher, text, style),
                self._command(action),
                text=text,
                help=help_text,
            )

    async def discover(self) -> Hits:
        for text, action, help_text in self._actions():
            yield DiscoveryHit(Content(text), self._command(action), text=text, help=help_text)


def _highlight(matcher: Matcher, text: str, style: Style) -> Content:
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
