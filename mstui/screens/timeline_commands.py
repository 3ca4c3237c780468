"""The Timeline's actions in the command palette (ctrl+p), by name, while it is shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from mstui.screens.timeline import TimelineScreen

ACTIONS = (
    ("Timeline: zoom in", "zoom", 1, "+"),
    ("Timeline: zoom out", "zoom", -1, "-"),
    ("Timeline: go to today", "today", None, "t"),
    ("Timeline: show or hide the critical path", "critical", None, "c"),
    ("Timeline: move the selected item earlier", "shift", -1, "["),
    ("Timeline: move the selected item later", "shift", 1, "]"),
    ("Timeline: make the selected task shorter", "resize", -1, "{"),
    ("Timeline: make the selected task longer", "resize", 1, "}"),
    ("Timeline: fold or unfold the project", "fold", None, "space"),
    ("Timeline: go to a project", "pick_project", None, "p"),
    ("Timeline: find a milestone or task", "find", None, "/"),
)


class TimelineCommands(Provider):
    """Every Timeline action, with its key as the help text."""

    def _items(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = cast("TimelineScreen", self.screen)
        out = []
        for text, name, arg, key in ACTIONS:
            action = getattr(screen, f"action_{name}")
            call = partial(action, arg) if arg is not None else action
            out.append((text, call, f"key: {key}"))
        return out

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, call, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Content(text), call, text=text, help=help_text)

    async def discover(self) -> Hits:
        for text, call, help_text in self._items():
            yield DiscoveryHit(Content(text), call, text=text, help=help_text)
