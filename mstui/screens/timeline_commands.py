"""The Timeline's keys, and its actions in the command palette (ctrl+p) while it is shown.

Each command runs the screen's own action (what its key runs), on the
screen the palette was opened over.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

MOVE = Binding.Group("Move", compact=True)
LENGTH = Binding.Group("Length", compact=True)
ZOOM = Binding.Group("Zoom ", compact=True)

KEYS: list[BindingType] = [
    Binding("n", "app.new_milestone", "New", show=False, id="timeline.new"),
    Binding("down,j", "cursor(1)", "Down", show=False, id="timeline.down"),
    Binding("up,k", "cursor(-1)", "Up", show=False, id="timeline.up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="timeline.pagedown"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="timeline.pageup"),
    Binding("home", "cursor(-100000000)", "First row", show=False, id="timeline.first"),
    Binding("end", "cursor(100000000)", "Last row", show=False, id="timeline.last"),
    Binding("left,h", "scroll_time(-1)", "Scroll earlier", show=False, id="timeline.earlier"),
    Binding("right,l", "scroll_time(1)", "Scroll later", show=False, id="timeline.later"),
    Binding(
        "shift+left,H",
        "page_time(-1)",
        "Scroll a page earlier",
        show=False,
        id="timeline.page_earlier",
    ),
    Binding(
        "shift+right,L",
        "page_time(1)",
        "Scroll a page later",
        show=False,
        id="timeline.page_later",
    ),
    Binding("t", "today", "Today", id="timeline.today"),
    Binding("c", "critical", "Critical", id="timeline.critical"),
    Binding("b", "baseline", "Baseline", id="timeline.baseline"),
    Binding("enter", "open", "Open", id="timeline.open"),
    Binding(
        "left_square_bracket",
        "shift(-1)",
        "Move earlier",
        group=MOVE,
        id="timeline.move_earlier",
    ),
    Binding("right_square_bracket", "shift(1)", "Move later", group=MOVE, id="timeline.move_later"),
    Binding(
        "left_curly_bracket", "resize(-1)", "Task shorter", group=LENGTH, id="timeline.shorter"
    ),
    Binding("right_curly_bracket", "resize(1)", "Task longer", group=LENGTH, id="timeline.longer"),
    Binding("plus,equals_sign", "zoom(1)", "Zoom in", group=ZOOM, id="timeline.zoom_in"),
    Binding("minus", "zoom(-1)", "Zoom out", group=ZOOM, id="timeline.zoom_out"),
    Binding("space", "fold", "Fold project", show=False, id="timeline.fold"),
    Binding("p", "pick_project", "Go to project", show=False, id="timeline.project"),
    Binding("slash", "find", "Find by title", show=False, id="timeline.find"),
]
"""The Timeline's keys (the screen's BINDINGS)."""

ACTIONS: tuple[tuple[str, str, tuple[object, ...], str], ...] = (
    ("Timeline: zoom in", "zoom", (1,), "+"),
    ("Timeline: zoom out", "zoom", (-1,), "-"),
    ("Timeline: go to today", "today", (), "t"),
    ("Timeline: show or hide the critical path", "critical", (), "c"),
    ("Timeline: compare with a baseline or a past date", "baseline", (), "b"),
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
            if screen.check_action(name, args) is not False  # not offered to a viewer
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
