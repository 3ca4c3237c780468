"""The Timeline's actions in the command palette (ctrl+p), by name, while it is shown.

Each command runs the screen's own action (what its key runs), on the
screen the palette was opened over.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

ACTIONS: tuple[tuple[str, str, tuple[object, ...], str], ...] = (
    ("Timeline: zoom in", "zoom", (1,), "+"),
    ("Timeline: zoom out", "zoom", (-1,), "-"),
    ("Timeline: go to today", "today", (), "t"),
    ("Timeline: show or hide the critical path", "critical", (), "c"),
    ("Timeline: move the selected item earlier", "shift", (-1,), "["),
    ("Timeline: move the selected item later", "shift", (1,), "]"),
    ("Timeline: make the selected task shorter", "resize", (-1,), "{"),
    ("Timeline: make the selected task longer", "resize", (1,), "}"),
    ("Timeline: fold or unfold the project", "fold", (), "space"),
    ("Timeline: go to a project", "pick_project", (), "p"),
    ("Timeline: find a milestone or task", "find", (), "/"),
)


class TimelineCommands(Provider):
    """Every Timeline action, with its key as the help text."""

    def _items(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        return [
            (text, partial(self.app.run_action, ("", name, args), screen), f"key: {key}")
            for text, name, args, key in ACTIONS
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, call, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Content(text), call, text=text, help=help_text)

    async def discover(self) -> Hits:
        for text, call, help_text in self._items():
            yield DiscoveryHit(Content(text), call, text=text, help=help_text)
