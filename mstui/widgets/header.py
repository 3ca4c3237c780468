"""The top line: where you are, who you are, which database, unread alerts."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from mstui.widgets.safe import say


class AppHeader(Horizontal):
    """`mstui ▸ Kanban` on the left; `login · database · N unread` on the right."""

    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        dock: top;
        background: $panel;
        color: $text;
        & > #header-left { width: auto; text-style: bold; padding: 0 1; }
        & > #header-right { width: 1fr; text-align: right; padding: 0 1; color: $text-muted; }
        &.-alerts > #header-right { color: $warning; }
    }
    """

    def __init__(self, screen_name: str) -> None:
        super().__init__()
        self.screen_name = screen_name
        self._shown: tuple[str, str, int] | None = None
        self._right: Content | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(f"mstui ▸ {self.screen_name}"), id="header-left")
        yield Static("", id="header-right")

    def show(self, login: str, database: str, unread: int) -> None:
        """Update the right-hand side (all of it may carry odd characters: kept literal)."""
        self._shown = (login, database, unread)
        self._render_right()
        self.set_class(unread > 0, "-alerts")

    def on_resize(self) -> None:
        self._render_right()

    def _render_right(self) -> None:
        if self._shown is None:
            return
        login, database, unread = self._shown
        alerts = f"{unread} unread alert{'s' if unread != 1 else ''}" if unread else "no alerts"
        # The alerts matter most, then who I am; the database path goes first when
        # the line is short (80 columns), as it is the least useful there: first the
        # folders ("…/mstui.db"), then all of it.
        room = self.size.width - cell_len(f"mstui ▸ {self.screen_name}") - 4
        name = database.rstrip("/").rsplit("/", 1)[-1]
        shorter = f"…/{name}" if name != database else database
        who = login or "…"
        for db in (database or "opening…", shorter, None):
            parts = (who, " · ", db, " · ", alerts) if db else (who, " · ", alerts)
            if not self.size.width or sum(cell_len(p) for p in parts) <= room:
                break
        text = say(*parts)
        if text != self._right:  # the same text again (each reload): no layout of the screen
            self._right = text
            self.query_one("#header-right", Static).update(text)
