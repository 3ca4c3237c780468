"""What every top-level screen shares: header, footer, reloading its data, making changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from mstui.errors import Conflict, MstuiError
from mstui.screens.host import ChangeMade, Host, Undo, UndoStep
from mstui.widgets.header import AppHeader

if TYPE_CHECKING:
    from mstui.store import Store

T = TypeVar("T")


class DataScreen(Screen[Any]):
    """A screen whose content comes from the store and follows everyone's changes.

    It subscribes to the app's `data_changed_signal`: while it is the screen
    shown, a change reloads it; otherwise it reloads when shown again.
    """

    TITLE_TEXT = ""

    _seen_version: int | None = None
    """The data version this screen last loaded (None: not loaded yet)."""

    def compose_header(self) -> ComposeResult:
        yield AppHeader(self.TITLE_TEXT)

    def compose_footer(self) -> ComposeResult:
        yield Footer(compact=True)

    @property
    def mstui(self) -> Host:
        return cast("Host", self.app)

    @property
    def store(self) -> Store:
        store = self.mstui.store
        assert store is not None, "the store is opened before screens load"
        return store

    def on_mount(self) -> None:
        host = self.mstui
        host.data_changed_signal.subscribe(self, self._data_changed)
        host.header_signal.subscribe(self, self._header_changed)
        self.update_header()
        if host.store is not None:
            # Loaded now: the resume that follows a mount is not news.
            self._seen_version = host.data_version
            self.reload()

    def on_screen_resume(self) -> None:
        self.update_header()
        host = self.mstui
        if host.store is not None and self._seen_version != host.data_version:
            self._seen_version = host.data_version
            self.reload()

    def _data_changed(self, version: int) -> None:
        self.update_header()
        if self.is_active:  # the others reload when they are shown again
            self._seen_version = version
            self.reload()

    def _header_changed(self, _: None) -> None:
        self.update_header()

    def update_header(self) -> None:
        app = self.mstui
        for header in self.query(AppHeader):
            header.show(app.login, app.db_label, app.unread)

    def reload(self) -> None:
        """Fetch what the screen shows (in a thread worker) and show it.

        Screens that show data override this; the base has nothing to fetch.
        """

    # -- changes ------------------------------------------------------------------
    def change_made(
        self, said: str | None, undo: UndoStep | None = None, result: object = None
    ) -> None:
        """Tell the app about a change made here (a form's save): it says it and reloads."""
        self.app.post_message(ChangeMade(said, undo, result))

    @staticmethod
    def finishing(
        what: str, finish: Callable[[Store], T], mid: int
    ) -> tuple[Callable[[Store], T], Callable[[T], str]]:
        """A store call that finishes milestone `mid`, and the message after it.

        Finishing with tasks still open is allowed (plans change) but said:
        "… → Done (2 tasks still open)".
        """
        still_open = [0]

        def call(store: Store) -> T:
            result = finish(store)
            still_open[0] = store.open_task_count(mid)
            return result

        def message(_result: T) -> str:
            n = still_open[0]
            return f"{what} ({n} task{'s' if n != 1 else ''} still open)" if n else what

        return call, message

    def run_change(
        self,
        what: str,
        call: Callable[[Store], T],
        *,
        undo: Callable[[T], Undo] | None = None,
        done: Callable[[T], str | None] | None = None,
        name_it: bool = True,
    ) -> None:
        """Make one change through the store, off the UI thread, the same way everywhere.

        `call(store)` runs in a worker. On success (back on the UI thread):
        `undo(result)` gives the store call that takes it back (remembered for
        `u`), `done(result)` may say what happened (default: `what`), the toast
        says it, and the screen reloads. A refusal is one error toast and a
        reload (after a conflict the screen shows what is there now); the
        refusal starts with `what` unless `name_it` is false (the error names it).
        A fault of ours goes to the app's one handler of worker errors.
        """
        self._change_worker(what, call, undo, done, name_it)

    @work(thread=True, group="change", exit_on_error=False)
    def _change_worker(
        self,
        what: str,
        call: Callable[[Store], T],
        undo: Callable[[T], Undo] | None,
        done: Callable[[T], str | None] | None,
        name_it: bool,
    ) -> None:
        prefix = what if name_it else ""
        try:
            result = call(self.store)
        except Conflict as exc:
            self.app.call_from_thread(self._change_refused, prefix, f"{exc}; reloaded")
            return
        except MstuiError as exc:
            self.app.call_from_thread(self._change_refused, prefix, str(exc))
            return
        self.app.call_from_thread(self._change_done, what, result, undo, done)

    def _change_refused(self, what: str, message: str) -> None:
        self.mstui.say(f"{what}: {message}" if what else message, "error", 8)
        self.reload()

    def _change_done(
        self,
        what: str,
        result: T,
        undo: Callable[[T], Undo] | None,
        done: Callable[[T], str | None] | None,
    ) -> None:
        step = UndoStep(what, undo(result)) if undo is not None else None
        message = done(result) if done is not None else None
        self.change_made(message or what, step, result)
