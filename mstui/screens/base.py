"""What every top-level screen shares: header, footer, and reloading its data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from mstui.widgets.header import AppHeader

if TYPE_CHECKING:
    from mstui.app import MstuiApp
    from mstui.store import Store


class DataScreen(Screen[Any]):
    """A screen whose content comes from the store and follows other people's changes."""

    TITLE_TEXT = ""

    def compose_header(self) -> ComposeResult:
        yield AppHeader(self.TITLE_TEXT)

    def compose_footer(self) -> ComposeResult:
        yield Footer(compact=True)

    @property
    def mstui(self) -> MstuiApp:
        from mstui.app import MstuiApp

        return cast(MstuiApp, self.app)

    @property
    def store(self) -> Store:
        store = self.mstui.store
        assert store is not None, "the store is opened before screens load"
        return store

    def on_mount(self) -> None:
        self.update_header()
        if self.mstui.store is not None:
            self.reload()

    def on_screen_resume(self) -> None:
        self.update_header()
        if self.mstui.store is not None and self.mstui.stale(self):
            self.reload()

    def update_header(self) -> None:
        app = self.mstui
        for header in self.query(AppHeader):
            header.show(app.login, app.db_label, app.unread)

    def reload(self) -> None:
        """Fetch what the screen shows (in a thread worker) and show it.

        Screens that show data override this; the base has nothing to fetch.
        """
