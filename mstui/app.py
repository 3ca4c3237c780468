"""The Textual app: modes, app-wide keys, the change watcher, undo, toasts.

Start-up paints the shell first and opens the store in a thread: importing
SQLAlchemy and opening (maybe migrating) the database take longer than a
bare Textual app takes to show its first frame.

The app is the top of the TUI: the only module that imports screen classes
(by name, when first shown). Screens see it through `mstui.screens.host.Host`;
they post `ChangeMade` after a change, and the app broadcasts every change
(theirs, another process's, an undo) on `data_changed_signal`.
"""

from __future__ import annotations

import gc
import importlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker

from mstui.config import remember, remembered
from mstui.domain.text import clean
from mstui.errors import Conflict, MstuiError, exit_code, one_line
from mstui.palette import MstuiCommands
from mstui.screens.host import ChangeMade, UndoStep, WorkerFailed, report_failure
from mstui.screens.projects_app import ProjectsApp
from mstui.screens.state import BoardFilter
from mstui.screens.undo import UndoHistory
from mstui.screens.warming import ScreenWarmer

if TYPE_CHECKING:
    from mstui.screens.host import Host, Undo
    from mstui.store import Store

# Every top-level screen, by the module that holds it (imported when first shown).
SCREENS = {
    "dashboard": "mstui.screens.dashboard:DashboardScreen",
    "kanban": "mstui.screens.kanban:KanbanScreen",
    "timeline": "mstui.screens.timeline:TimelineScreen",
    "targets": "mstui.screens.targets:TargetsScreen",
    "alerts": "mstui.screens.alerts:AlertsScreen",
}
MILESTONE = "mstui.screens.detail.screen:MilestoneScreen"
HELP = "mstui.screens.help:HelpScreen"


def screen_class(path: str) -> type[Screen[Any]]:
    """The screen class at `module:Name`, its module imported on first use."""
    module, _, name = path.partition(":")
    cls: type[Screen[Any]] = getattr(importlib.import_module(module), name)
    return cls


def _load(path: str) -> Callable[[], Screen[Any]]:
    def make() -> Screen[Any]:
        return screen_class(path)()

    return make


class MstuiApp(ProjectsApp):
    """mstui in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "mstui"
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        name: _load(path) for name, path in SCREENS.items()
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {MstuiCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show('dashboard')", "Dashboard", show=False, id="app.dashboard"),
        Binding("2", "show('kanban')", "Kanban", show=False, id="app.kanban"),
        Binding("3", "show('timeline')", "Timeline", show=False, id="app.timeline"),
        Binding("4", "show('targets')", "Targets", show=False, id="app.targets"),
        Binding("5", "show('alerts')", "Alerts", show=False, id="app.alerts"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("u", "undo", "Undo", show=False, id="app.undo"),
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
    ]

    board_filter: reactive[BoardFilter] = reactive(BoardFilter)

    def __init__(
        self,
        open_store: Callable[[], Store],
        *,
        keymap: dict[str, str] | None = None,
        watch_interval: float | None = None,
        mode: str | None = None,
        warm: bool = False,
    ) -> None:
        if mode is not None:  # start on another screen (App reads this in __init__)
            self.DEFAULT_MODE = mode  # type: ignore[misc]
        super().__init__()
        self._open_store = open_store
        self.login = ""
        self.db_label = ""
        self.error_message = ""
        """Why the app could not start (printed on stderr after it closed)."""
        self.error: BaseException | None = None
        self.undo = UndoHistory()
        self._watch_interval = watch_interval
        self._warmer: ScreenWarmer | None = None
        if warm:  # the other screens mounted while idle, and gc.freeze (run_app; tests choose)
            self._warmer = ScreenWarmer(self, [m for m in SCREENS if m != self.DEFAULT_MODE])
        if keymap:
            self.set_keymap(keymap)

    # -- start-up --------------------------------------------------------------
    def on_mount(self) -> None:
        # The theme chosen last time (per person: it lives in their state folder).
        theme = remembered().get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda t: remember("theme", t.name))
        # Open the store after the first frame is on screen: importing
        # SQLAlchemy in a thread holds the GIL and would delay that frame.
        self.call_after_refresh(self._open)
        if not self.is_headless and os.isatty(0):
            self.set_interval(2.0, self._check_terminal)

    def _check_terminal(self) -> None:
        """Leave when the terminal is gone (a dropped SSH session).

        Textual's input thread reads end-of-file from a closed pseudo-terminal
        over and over (measured: 60 % of a core, for ever, after a dropped
        `su` session); the terminal's attributes are unreadable then.
        """
        import termios

        try:
            termios.tcgetattr(0)
        except (termios.error, OSError):
            os._exit(0)  # nothing can be drawn or restored: just go

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open(self) -> None:
        try:
            store = self._open_store()
            store.me()
            last_alert = store.latest_alert_id()
            unread = store.unread_count()
        except Exception as exc:
            # Broad on purpose: nothing works without the store, so any failure to
            # open it ends the app with one line and its exit status (ours 2, a bug 1).
            self.call_from_thread(self._fail, exc)
            return
        self.call_from_thread(self._store_opened, store, last_alert, unread)

    def _fail(self, exc: BaseException) -> None:
        if not isinstance(exc, MstuiError):
            from mstui.screens.faults import log_fault

            log_fault("opening the database", exc)
        self.error = exc
        self.error_message = clean(one_line(exc))
        self.exit(exit_code(exc), return_code=exit_code(exc))

    def _store_opened(self, store: Store, last_alert: int, unread: int) -> None:
        # The count first: a screen that follows it must not load before the store is here
        # (screen_changed below loads the active screen once).
        self.unread = unread
        self.store = store
        self.login = store.account.login
        self.db_label = store.db.shown_name + (" (read-only)" if store.db.read_only else "")
        self._data_version = store.db.data_version()
        self._last_alert_id = last_alert
        if unread and self.current_mode != "alerts":  # on Alerts, the list says it
            self.notify(
                f"You have {unread} unread alert{'s' if unread != 1 else ''}: 5 shows them.",
                title="Alerts",
                timeout=6,
                markup=False,
            )
        # Other people's changes: SQLite's file polled each second, a server's
        # notifications read four times a second (no round trip).
        self.set_interval(self._watch_interval or store.db.watch_interval, self._watch_changes)
        if not store.db.read_only:
            self.set_interval(store.settings.alert_interval_seconds, self._alert_tick)
            self.call_after_refresh(self.run_alert_scan)
        self.call_after_refresh(self._check_file)
        self.screen_changed()
        if self._warmer is not None:  # the app the command line started (not a test's)
            self._warmer.start()
            # Everything imported and opened so far lives as long as the app: out of the
            # cyclic collector's sight, a full collection no longer walks it (50 ms in the
            # middle of a key on the Timeline, once every few dozen keys). Not in tests:
            # one process runs many apps, and what a freeze holds is never collected.
            self.call_after_refresh(gc.freeze)

    @work(thread=True, group="check", exit_on_error=False)
    def _check_file(self) -> None:
        """SQLite's quick check, once, in the background: damage becomes a banner."""
        store = self.store
        if store is None or not store.db.is_sqlite:
            return
        if store.db.quick_check():
            self.call_from_thread(self._damaged, store.db.why_read_only)

    def _damaged(self, why: str) -> None:
        """The file failed its check: the header says so, and a toast that stays says why."""
        self.db_label = (self.store.db.shown_name if self.store else "") + " (DAMAGED: read-only)"
        self.notify(why, title="Database damaged", severity="error", timeout=3600, markup=False)
        self.screen_changed()

    @on(ChangeMade)
    def _change_made(self, message: ChangeMade) -> None:
        """A screen made a change: remember its undo step, say it, show it everywhere."""
        if message.undo is not None:
            self.push_undo(message.undo.description, message.undo.run, message.result)
        else:
            self.undo.note_versions(message.result)
        if message.said:
            self.say(message.said)
        self.note_own_write()
        self.screen_changed()

    # -- worker failures -----------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """The one place a worker's failure is shown: one toast (a bug's traceback logged)."""
        where = ""
        if not isinstance(message.error, MstuiError):
            from mstui.screens.faults import log_fault

            path = log_fault(f"in the worker {message.worker or '?'}", message.error)
            where = f" (logged in {path})" if path else ""
        self.say(one_line(message.error) + where, "error", 10)

    # -- actions --------------------------------------------------------------
    def action_show(self, name: str) -> None:
        """Switch to a top-level screen."""
        if name in SCREENS and self.current_mode != name:
            self.switch_mode(name)

    def action_help(self) -> None:
        self.push_screen(screen_class(HELP)())

    async def action_new_milestone(self) -> None:
        """The new milestone form, on the Kanban (what `n` does there)."""
        if self.current_mode != "kanban":
            await self.switch_mode("kanban")
        if isinstance(self.screen, screen_class(SCREENS["kanban"])):
            await self.run_action("new", self.screen)

    def action_export(self) -> None:
        """The export dialog: a format and a file (what `mstui export` writes)."""
        from mstui.screens.dialogs.export import ExportDialog

        self.push_screen(ExportDialog())

    def action_clear_filters(self) -> None:
        """Show every milestone (the cancelled ones stay as they were)."""
        self.board_filter = self.board_filter.cleared()

    def action_jump_project(self, key: str) -> None:
        """The Kanban of project `key`."""
        self.board_filter = self.board_filter.but(project=key)
        self.action_show("kanban")

    def action_open_milestone(self, mid: int) -> None:
        self.open_milestone(mid)

    def action_toggle_mine(self) -> None:
        self.toggle_mine()

    def push_undo(self, description: str, run: Undo, result: object = None) -> None:
        """Remember how to take back the change just made (`result`: what it returned)."""
        self.undo.push(UndoStep(description, run), result)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after q (a fast typist, a word that starts with q) arrive before
        # the exit is handled: dropped, they cannot open a dialog on a closing app.
        if getattr(self, "_exit", False) and isinstance(event, events.InputEvent):
            return
        if self._warmer is not None:
            self._warmer.saw(event)
        await super().on_event(event)

    def action_undo(self) -> None:
        step = self.undo.pop()
        if step is None:
            self.notify("Nothing to undo", markup=False)
            return
        self._undo(step)

    @work(thread=True, group="undo", exit_on_error=False)
    def _undo(self, step: UndoStep) -> None:
        store = self.store
        if store is None:
            return
        try:
            try:
                result = step.run(store)
            except Conflict as exc:
                if not self.undo.all_mine(exc):
                    raise
                # An older step after a newer undo of the same row: the versions in
                # between are my own change and its undo, not someone else's.
                with store.accepting(
                    exc.entity, exc.entity_id, exc.expected_version, exc.current_version
                ):
                    result = step.run(store)
        except MstuiError as exc:
            self.call_from_thread(
                self.say, f"Cannot undo {step.description}: {exc}", "error"
            )  # fmt: skip
            return
        self.call_from_thread(self.undo.note_versions, result)
        self.call_from_thread(self._after_undo, step)

    def _after_undo(self, step: UndoStep) -> None:
        self.notify(clean(f"Undone: {step.description}"), markup=False)
        self.note_own_write()
        self.screen_changed()
        self.refresh_unread()  # undoing an acknowledgement reopens an alert

    def toggle_mine(self) -> None:
        """Show only my milestones, or everyone's."""
        self.board_filter = self.board_filter.but(mine=not self.board_filter.mine)

    def open_milestone(self, mid: int) -> None:
        """Open the detail of milestone `mid` over the current screen."""
        make = cast("Callable[[int], Screen[Any]]", screen_class(MILESTONE))
        self.push_screen(make(mid))


if TYPE_CHECKING:

    def _is_a_host(app: MstuiApp) -> Host:
        return app  # mypy checks here that the app gives the screens what they use


def run_app(
    open_store: Callable[[], Store],
    keymap: dict[str, str] | None = None,
    screen: str | None = None,
) -> int:
    """Run the app; print a fatal message (such as a bad database) on stderr."""
    import sys

    app = MstuiApp(open_store, keymap=keymap, mode=screen, warm=True)
    code = app.run()
    if app.error is not None:
        from mstui.errors import debugging

        if debugging() and not isinstance(app.error, MstuiError):
            import traceback

            traceback.print_exception(app.error, file=sys.stderr)
        sys.stderr.write(f"mstui: {app.error_message}\n")
        return exit_code(app.error)
    return int(code or 0)
