"""The half of the app that follows the data: the change watcher and the alert scan.

Another process's commit moves SQLite's `data_version`, or arrives as a
notification from a PostgreSQL server (store/server.py); a timer polls it
(~10 µs) and broadcasts the change on `data_changed_signal`, which the data
screens subscribe to. The alert timer only schedules: the scan runs in a
thread worker, and new alerts for me pop up as toasts.
"""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.signal import Signal

from mstui.domain.text import clean
from mstui.errors import MstuiError, one_line

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.alerts import AlertView


class WatchingApp(App[int]):
    """An app on a store that follows everyone's changes and scans for alerts."""

    MAX_TOASTS = 2
    """New alerts shown one by one; more than this become one summary toast."""

    unread: reactive[int] = reactive(0)

    def __init__(self) -> None:
        super().__init__()
        self.store: Store | None = None
        self.data_changed_signal: Signal[int] = Signal(self, "data-changed")
        self.header_signal: Signal[None] = Signal(self, "header")
        self._data_version = -1
        self._last_alert_id = 0
        self._scanning = False
        self._scan_faults: set[str] = set()

    def say(self, message: str, severity: str = "information", timeout: float = 4) -> None:
        """A toast with text that may hold user text: cleaned, never markup."""
        self.notify(clean(message), severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

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
                try:
                    store.scan(views=False)  # new ones come from the inbox below
                    if quiet_scan(store):
                        # It wrote only where it got to (no alert raised, resolved or
                        # reopened): not a change any screen shows, so not one for the
                        # watcher to broadcast (every screen would read its data again,
                        # a second after start, and each prepared one when shown).
                        self.call_from_thread(self.note_own_write)
                except Exception as exc:
                    # Broad on purpose: a broken rule (or a busy database) must stop
                    # neither the app nor the toasts of alerts raised elsewhere; it is
                    # logged and shown once, and the next tick scans again.
                    self._scan_failed(exc)
                self._fetch_new_alerts(store)
        finally:
            self.call_from_thread(setattr, self, "_scanning", False)

    def _scan_failed(self, exc: Exception) -> None:
        """(In the scan worker.) Log a failed scan and say so, once for each failure."""
        from mstui.screens.faults import log_fault

        text = one_line(exc)
        if text in self._scan_faults:  # not a toast (and a traceback) every tick
            return
        self._scan_faults.add(text)
        path = log_fault("scanning for alerts", exc)
        where = f" (logged in {path})" if path else ""
        self.call_from_thread(self.say, f"The alert scan failed: {text}{where}", "error", 30)

    def _fetch_new_alerts(self, store: Store) -> None:
        """(In a worker.) My alerts newer than the last shown, whoever raised them."""
        try:
            new = store.alerts_since(self._last_alert_id)
            unread = store.unread_count()
        except MstuiError:
            return  # a busy database: the next tick (or change) asks again
        self.call_from_thread(self._alerts_arrived, new, unread)

    @work(thread=True, exclusive=True, group="alerts", exit_on_error=False)
    def _check_new_alerts(self) -> None:
        if self.store is not None:
            self._fetch_new_alerts(self.store)

    def _alerts_arrived(self, new: list[AlertView], unread: int) -> None:
        from mstui.screens.toasts import alert_toasts

        fresh = [a for a in new if a.id > self._last_alert_id]
        if fresh:
            self._last_alert_id = max(a.id for a in fresh)
        toasts = alert_toasts(fresh, self.MAX_TOASTS)
        for toast in toasts:
            self.notify(
                toast.message,
                title=toast.title,
                severity=toast.severity,
                timeout=toast.timeout,
                markup=False,
            )
        if toasts:
            # One desktop notification a batch: the first toast, or the summary.
            self._notify_desktop(toasts[0].title, toasts[0].message)
        self.unread = unread

    def _notify_desktop(self, title: str, body: str) -> None:
        """A desktop notification through the terminal, if the settings ask for one."""
        from mstui.domain.notify import notification

        style = self.store.settings.notify if self.store is not None else "off"
        data = notification(style, title, body, tmux=bool(os.environ.get("TMUX")))
        if data:
            self.write_to_terminal(data)

    def write_to_terminal(self, data: str) -> None:
        """Send `data` to the terminal, between two frames.

        Textual's driver writes frames from its own thread (to stderr, not
        stdout); a write of ours to `sys.__stdout__` could land in the middle of
        a frame's escape sequences and corrupt the screen. `driver.write` queues
        after the frame being drawn, as Textual's own `bell()` and OSC 52
        `copy_to_clipboard` do. Nothing in a headless (test) run.
        """
        if self.is_headless or self._driver is None:
            return
        self._driver.write(data)

    # -- changes: ours and other people's ----------------------------------------------
    @property
    def data_version(self) -> int:
        """The version of the data the app last saw (SQLite's data_version)."""
        return self._data_version

    def _watch_changes(self) -> None:
        """Poll the database's data_version (~10 µs); broadcast a change when it moved."""
        if self.store is None:
            return
        try:
            version = self.store.db.data_version()
        except sqlite3.Error:
            return  # a busy or vanished file: try again next tick
        if version != self._data_version:
            self._data_version = version
            self.screen_changed()
            self._check_new_alerts()  # another process may have raised one for me

    def note_own_write(self) -> None:
        """After our own write: the watcher must not take it for someone else's."""
        if self.store is not None:
            try:
                self._data_version = self.store.db.data_version()
            except sqlite3.Error:
                return  # the watcher's next tick reloads once more: harmless

    def screen_changed(self) -> None:
        """Broadcast that the data changed: the screen shown reloads, others when shown."""
        self.data_changed_signal.publish(self._data_version)

    def refresh_unread(self) -> None:
        """Update the unread alerts count in the header."""
        self._check_new_alerts()

    def watch_unread(self) -> None:
        self.header_signal.publish(None)


def quiet_scan(store: Store) -> bool:
    """Whether the store's last alert scan changed no alert."""
    stats = store.last_scan
    return stats is not None and not (stats.inserted or stats.resolved or stats.reopened)
