"""What every top-level screen shares: header, footer, and reloading its data."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from mstui.errors import Conflict, MstuiError
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
            self.mstui.stale(self)  # loaded now: the resume that follows a mount is not news
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

    # -- changes ------------------------------------------------------------------
    @staticmethod
    def finishing(
        what: str, finish: Callable[[Any], Any], mid: int
    ) -> tuple[Callable[[Any], Any], Callable[[Any], str]]:
        """A store call that finishes milestone `mid`, and the message after it.

        Finishing with tasks still open is allowed (plans change) but said:
        "… → Done (2 tasks still open)".
        """
        still_open = [0]

        def call(store: Any) -> Any:
            result = finish(store)
            still_open[0] = store.open_task_count(mid)
            return result

        def message(_result: Any) -> str:
            n = still_open[0]
            return f"{what} ({n} task{'s' if n != 1 else ''} still open)" if n else what

        return call, message

    def run_change(
        self,
        what: str,
        call: Callable[[Any], Any],
        *,
        undo: Callable[[Any], Callable[[Any], object]] | None = None,
        done: Callable[[Any], str | None] | None = None,
        name_it: bool = True,
    ) -> None:
        """Make one change through the store, off the UI thread, the same way everywhere.

        `call(store)` runs in a worker. On success (back on the UI thread):
        `undo(result)` gives the store call that takes it back (remembered for
        `u`), `done(result)` may say what happened (default: `what`), the toast
        says it, and the screen reloads. A refusal is one error toast and a
        reload (after a conflict the screen shows what is there now); the
        refusal starts with `what` unless `name_it` is false (the error names it).
        """
        self._change_worker(what, call, undo, done, name_it)

    @work(thread=True, group="change", exit_on_error=False)
    def _change_worker(
        self,
        what: str,
        call: Callable[[Any], Any],
        undo: Callable[[Any], Callable[[Any], object]] | None,
        done: Callable[[Any], str | None] | None,
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
        except Exception as exc:  # a fault is still a message, not a silent nothing
            self.app.call_from_thread(self._change_refused, what, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._change_done, what, result, undo, done)

    def _change_refused(self, what: str, message: str) -> None:
        self.mstui.say(f"{what}: {message}" if what else message, "error", 8)
        self.reload()

    def _change_done(
        self,
        what: str,
        result: Any,
        undo: Callable[[Any], Callable[[Any], object]] | None,
        done: Callable[[Any], str | None] | None,
    ) -> None:
        if undo is not None:
            self.mstui.push_undo(what, undo(result), result)
        else:
            self.mstui.note_versions(result)
        message = done(result) if done is not None else None
        self.mstui.say(message or what)
        self.reload()
        self.mstui.note_own_write()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly (a load) says so instead of leaving a blank."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.mstui.say(f"Could not load: {type(error).__name__}: {error}", "error", 10)
