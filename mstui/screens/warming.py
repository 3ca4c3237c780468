"""Top-level screens made ready before they are first shown, while the app is idle.

The first visit to a screen composes it and loads its data (0.4–1 s with a
team's database); a visit after that costs a repaint. So once the store is
open and nobody has pressed a key for `IDLE` seconds, the app mounts one
screen not shown yet (in the order of the number keys), and the next one at
the next idle moment. A mounted screen loads its data at once and follows
changes as any screen not shown does (it reloads when shown, if the data
changed meanwhile).

Textual mounts a mode's screen on its first `switch_mode`; mounting it
earlier uses four of its private names (`_get_screen`, `_load_screen_css`,
`_screen_stacks`, `_css_update_count`: stable in the pinned Textual). If they are missing, warming
turns itself off and screens load on first visit as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

IDLE = 1.0
"""Seconds without a key or a click before a screen is mounted in the background."""
TICK = 0.25


class ScreenWarmer:
    """Mounts `app`'s mode screens not shown yet, one per idle moment."""

    def __init__(self, app: App[Any], modes: Iterable[str]) -> None:
        self.app = app
        self.pending = list(modes)
        self.last_input = time.monotonic()
        self.timer: Timer | None = None

    def start(self) -> None:
        self.last_input = time.monotonic()
        if self.timer is None and self.pending:
            self.timer = self.app.set_interval(TICK, self.tick, name="warm screens")

    def saw(self, event: events.Event) -> None:
        """Called with every event the app gets: input puts warming off for IDLE."""
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()

    def tick(self) -> None:
        app = self.app
        stacks: dict[str, list[Screen[Any]]] | None = getattr(app, "_screen_stacks", None)
        if stacks is None:
            self.pending = []
        self.pending = [m for m in self.pending if stacks is not None and m not in stacks]
        if not self.pending:
            self.stop()
            return
        if time.monotonic() - self.last_input < IDLE or self._busy():
            return
        self.warm(self.pending.pop(0))

    def _busy(self) -> bool:
        """A screen still loading (its workers running): one at a time."""
        return any(w.is_running for w in self.app.workers if isinstance(w.node, Screen))

    def warm(self, mode: str) -> None:
        """Mount the screen of `mode` without showing it."""
        app = self.app
        try:
            make: Callable[[], Screen[Any]] = app._modes[mode]  # type: ignore[assignment]
            screen, _mounted = app._get_screen(make())
            app._load_screen_css(screen)
            screen._screen_resized(app.size)
            # Its size-dependent classes (the dashboard's -wide / -narrow breakpoints)
            # are set by a Resize, which a screen never shown has not had: without it,
            # the first show laid it out narrow, then wide again (two full layouts).
            screen.post_message(events.Resize(app.size, app.size))
            # Styled as it mounted, by the stylesheet in force: the first switch to it
            # need not restyle the whole app (Textual's check when a mode starts).
            screen._css_update_count = app._css_update_count
            app._screen_stacks[mode] = [screen]
        except AttributeError:  # another Textual: screens load when first shown
            self.pending = []
            self.stop()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
