"""The Textual app: modes, app-wide keys, the change watcher, undo, toasts.

Start-up paints the shell first and opens the store in a thread: importing
SQLAlchemy and opening (maybe migrating) the database take longer than a
bare Textual app takes to show its first frame.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from mstui.domain.text import clean
from mstui.palette import MstuiCommands
from mstui.ui_state import BoardFilter

if TYPE_CHECKING:
    from mstui.errors import Conflict
    from mstui.store import Store

# Every top-level screen, by the module that holds it (imported when first shown).
SCREENS = {
    "dashboard": "mstui.screens.dashboard:DashboardScreen",
    "kanban": "mstui.screens.kanban:KanbanScreen",
    "timeline": "mstui.screens.timeline:TimelineScreen",
    "targets": "mstui.screens.targets:TargetsScreen",
    "alerts": "mstui.screens.alerts:AlertsScreen",
}


def _load(path: str) -> Callable[[], Screen[Any]]:
    module, _, name = path.partition(":")

    def make() -> Screen[Any]:
        import importlib

        cls = getattr(importlib.import_module(module), name)
        screen: Screen[Any] = cls()
        return screen

    return make


@dataclass
class UndoStep:
    """How to take back one change: a description and the store call that does it."""

    description: str
    run: Callable[[Store], object]


def _versioned(result: object) -> tuple[str, int, int] | None:
    """(entity, id, version) of what a store call returned, when it is a versioned row."""
    from mstui.views.base import Versioned

    if isinstance(result, Versioned):
        return result.entity, result.id, result.version
    return None


class MstuiApp(App[int]):
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

    MAX_TOASTS = 2
    """New alerts shown one by one; more than this become one summary toast."""

    unread: reactive[int] = reactive(0)
    board_filter: reactive[BoardFilter] = reactive(BoardFilter)

    def __init__(
        self,
        open_store: Callable[[], Store],
        *,
        keymap: dict[str, str] | None = None,
        watch_interval: float = 1.0,
        mode: str | None = None,
    ) -> None:
        if mode is not None:  # start on another screen (App reads this in __init__)
            self.DEFAULT_MODE = mode  # type: ignore[misc]
        super().__init__()
        self._open_store = open_store
        self.store: Store | None = None
        self.login = ""
        self.db_label = ""
        self.error_message = ""
        self.undo_stack: list[UndoStep] = []
        self._own_versions: dict[tuple[str, int], set[int]] = {}
        self._watch_interval = watch_interval
        self._data_version = -1
        self._loaded_at: dict[int, int] = {}
        self._last_alert_id = 0
        self._scanning = False
        if keymap:
            self.set_keymap(keymap)

    # -- start-up --------------------------------------------------------------
    def on_mount(self) -> None:
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
        from mstui.errors import MstuiError

        try:
            store = self._open_store()
            store.me()
            last_alert = store.latest_alert_id()
            unread = store.unread_count()
        except MstuiError as exc:
            self.call_from_thread(self._fail, str(exc))
            return
        except Exception as exc:  # an unexpected fault is still one clear line
            self.call_from_thread(self._fail, f"cannot open the database: {exc}")
            return
        self.call_from_thread(self._store_opened, store, last_alert, unread)

    def _fail(self, message: str) -> None:
        self.error_message = clean(message)
        self.exit(2)

    def _store_opened(self, store: Store, last_alert: int, unread: int) -> None:
        # The count first: a screen that follows it must not load before the store is here
        # (screen_changed below loads the active screen once).
        self.unread = unread
        self.store = store
        self.login = store.account.login
        self.db_label = store.db.label + (" (read-only)" if store.db.read_only else "")
        self._data_version = store.db.data_version()
        self._last_alert_id = last_alert
        if unread and self.current_mode != "alerts":  # on Alerts, the list says it
            self.notify(
                f"You have {unread} unread alert{'s' if unread != 1 else ''}: 5 shows them.",
                title="Alerts",
                timeout=6,
                markup=False,
            )
        self.set_interval(self._watch_interval, self._watch_changes)
        if not store.db.read_only:
            self.set_interval(store.settings.alert_interval_seconds, self._alert_tick)
            self.call_after_refresh(self.run_alert_scan)
        self.screen_changed()

    # -- alerts ---------------------------------------------------------------------
    def _alert_tick(self) -> None:
        """The timer only schedules: a scan still running is not started twice."""
        if not self._scanning:
            self.run_alert_scan()

    def run_alert_scan(self) -> None:
        """Scan for alerts now (off the UI thread); new ones for me pop up as toasts."""
        if self.store is None:
            return
        self._scanning = True
        self._scan()

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def _scan(self) -> None:
        store = self.store
        try:
            if store is not None:
                # A busy database: the next tick scans again.
                with contextlib.suppress(Exception):
                    store.scan()
                self._fetch_new_alerts(store)
        finally:
            self.call_from_thread(setattr, self, "_scanning", False)

    def _fetch_new_alerts(self, store: Store) -> None:
        """(In a worker.) My alerts newer than the last shown, whoever raised them."""
        try:
            new = store.alerts_since(self._last_alert_id)
            unread = store.unread_count()
        except Exception:
            return
        self.call_from_thread(self._alerts_arrived, new, unread)

    @work(thread=True, exclusive=True, group="alerts", exit_on_error=False)
    def _check_new_alerts(self) -> None:
        if self.store is not None:
            self._fetch_new_alerts(self.store)

    def _alerts_arrived(self, new: list[Any], unread: int) -> None:
        from mstui.domain.enums import Severity

        style = {
            Severity.INFO: ("information", 8.0),
            Severity.WARNING: ("warning", 15.0),
            Severity.ERROR: ("error", 30.0),
        }
        fresh = [a for a in new if a.id > self._last_alert_id]
        if fresh:
            self._last_alert_id = max(a.id for a in fresh)
        # A burst (the first scan of a morning) is not a wall of toasts: one
        # summary says how many and how loud; the Alerts screen lists them.
        if len(fresh) > self.MAX_TOASTS:
            loud = sum(1 for a in fresh if a.severity is Severity.ERROR)
            extra = f", {loud} escalated" if loud else ""
            self.notify(
                f"{len(fresh)} new alerts for you{extra}: 5 shows them.",
                title="Alerts",
                severity="error" if loud else "warning",
                timeout=10,
                markup=False,
            )
        else:
            for alert in sorted(fresh, key=lambda a: a.id):
                severity, timeout = style.get(alert.severity, ("information", 8.0))
                # The message names its rule ("Missed: …"); the title says where.
                self.notify(
                    clean(alert.message),
                    title=clean(f"Alert · {alert.project}" if alert.project else "Alert"),
                    severity=severity,  # type: ignore[arg-type]
                    timeout=timeout,
                    markup=False,
                )
        self.unread = unread

    # -- other people's changes ------------------------------------------------
    def _watch_changes(self) -> None:
        """Poll SQLite's data_version (~10 µs); reload the screen when it moved."""
        if self.store is None:
            return
        try:
            version = self.store.db.data_version()
        except Exception:
            return  # a busy or vanished file: try again next tick
        if version != self._data_version:
            self._data_version = version
            self.screen_changed()
            self._check_new_alerts()  # another process may have raised one for me

    def note_own_write(self) -> None:
        """After our own write and its reload: do not reload again for it."""
        if self.store is not None:
            try:
                self._data_version = self.store.db.data_version()
            except Exception:
                return

    def screen_changed(self) -> None:
        """Reload the active screen; others reload when shown again."""
        from mstui.screens.base import DataScreen

        screen = self.screen
        for s in self.screen_stack:
            if isinstance(s, DataScreen):
                s.update_header()
        if isinstance(screen, DataScreen):
            screen.reload()
            self._loaded_at[id(screen)] = self._data_version

    def stale(self, screen: Screen[Any]) -> bool:
        """Whether `screen` last loaded before the latest change."""
        fresh = self._loaded_at.get(id(screen)) == self._data_version
        self._loaded_at[id(screen)] = self._data_version
        return not fresh

    def refresh_unread(self) -> None:
        """Update the unread alerts count in the header."""
        self._check_new_alerts()

    def watch_unread(self) -> None:
        from mstui.screens.base import DataScreen

        for s in self.screen_stack:
            if isinstance(s, DataScreen):
                s.update_header()

    # -- actions --------------------------------------------------------------
    def action_show(self, name: str) -> None:
        """Switch to a top-level screen."""
        if name in SCREENS and self.current_mode != name:
            self.switch_mode(name)

    def action_help(self) -> None:
        from mstui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def push_undo(
        self, description: str, run: Callable[[Store], object], result: object = None
    ) -> None:
        """Remember how to take back the change just made (`result`: what it returned)."""
        self.note_versions(result)
        self.undo_stack.append(UndoStep(description, run))
        del self.undo_stack[:-50]

    def note_versions(self, result: object) -> None:
        """Remember the row version a change of mine (or an undo) left behind."""
        key = _versioned(result)
        if key is not None:
            entity, row_id, version = key
            self._own_versions.setdefault((entity, row_id), set()).add(version)

    def _all_mine(self, exc: Conflict) -> bool:
        """Whether every version after the one expected was written by this session."""
        mine = self._own_versions.get((exc.entity, exc.entity_id), set())
        later = range(exc.expected_version + 1, exc.current_version + 1)
        return bool(later) and all(v in mine for v in later)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after q (a fast typist, a word that starts with q) arrive before
        # the exit is handled: dropped, they cannot open a dialog on a closing app.
        if getattr(self, "_exit", False) and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", markup=False)
            return
        self._undo(self.undo_stack.pop())

    @work(thread=True, group="undo", exit_on_error=False)
    def _undo(self, step: UndoStep) -> None:
        from mstui.errors import Conflict, MstuiError

        store = self.store
        if store is None:
            return
        try:
            try:
                result = step.run(store)
            except Conflict as exc:
                if not self._all_mine(exc):
                    raise
                # An older step after a newer undo of the same row: the versions in
                # between are my own change and its undo, not someone else's.
                with store.accepting(
                    exc.entity, exc.entity_id, exc.expected_version, exc.current_version
                ):
                    result = step.run(store)
        except MstuiError as exc:
            self.call_from_thread(
                self.notify, clean(f"Cannot undo {step.description}: {exc}"),
                severity="error", markup=False,
            )  # fmt: skip
            return
        self.call_from_thread(self.note_versions, result)
        self.call_from_thread(self._after_undo, step)

    def _after_undo(self, step: UndoStep) -> None:
        self.notify(clean(f"Undone: {step.description}"), markup=False)
        self.screen_changed()
        self.refresh_unread()  # undoing an acknowledgement reopens an alert
        self.note_own_write()

    def toggle_mine(self) -> None:
        """Show only my milestones, or everyone's."""
        self.board_filter = self.board_filter.but(mine=not self.board_filter.mine)

    def open_milestone(self, mid: int) -> None:
        """Open the detail of milestone `mid` over the current screen."""
        from mstui.screens.detail import MilestoneScreen

        self.push_screen(MilestoneScreen(mid))

    def say(self, message: str, severity: str = "information", timeout: float = 4) -> None:
        """A toast with text that may hold user text: cleaned, never markup."""
        self.notify(clean(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


def run_app(
    open_store: Callable[[], Store],
    keymap: dict[str, str] | None = None,
    screen: str | None = None,
) -> int:
    """Run the app; print a fatal message (such as a bad database) on stderr."""
    import sys

    app = MstuiApp(open_store, keymap=keymap, mode=screen)
    code = app.run()
    if app.error_message:
        sys.stderr.write(f"mstui: {app.error_message}\n")
        return 2
    return int(code or 0)
