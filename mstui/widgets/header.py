"""The top line: where you are, who you are, which database, unread alerts."""

from __future__ import annotations

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

    def compose(self) -> ComposeResult:
        yield Static(Content(f"mstui ▸ {self.screen_name}"), id="header-left")
        yield Static("", id="header-right")

    def show(self, login: str, database: str, unread: int) -> None:
        """Update the right-hand side (all of it may carry odd characters: kept literal)."""
        alerts = f"{unread} unread alert{'s' if unread != 1 else ''}" if unread else "no alerts"
        self.query_one("#header-right", Static).update(
            say(login or "…", " · ", database or "opening…", " · ", alerts)
        )
        self.set_class(unread > 0, "-alerts")
