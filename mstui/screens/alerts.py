"""Screen 5: my alerts, newest first; acknowledge, snooze, jump to what they are about.

A cold scan of a big database raises tens of thousands of alerts, so the
screen holds a window of them (`WINDOW` rows around the cursor) and their
count; when the cursor comes near an edge of the window, the window is read
again around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.enums import Severity
from mstui.domain.text import clean
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.dialogs.simple import ConfirmDialog, PickOne
from mstui.widgets.safe import cell, plain, say

if TYPE_CHECKING:
    from mstui.screens.host import Undo
    from mstui.store import AlertFilter, Store
    from mstui.views.alerts import AlertView

SEVERITY = {
    Severity.INFO: ("ℹ", "$primary"),
    Severity.WARNING: ("▲", "$warning"),
    Severity.ERROR: ("✖", "$error"),
}
SEVERITY_RICH = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "red"}
SNOOZES = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "1w": timedelta(weeks=1)}
KINDS = (
    "due_soon", "missed", "escalation", "blocked", "checkpoint_missed", "dependency_slipped",
    "review_due", "achievement",
    "assigned", "unassigned", "commented", "mentioned", "moved_later", "role_changed",
    "figure_recorded",
)  # fmt: skip
WINDOW = 300
"""Alerts held (and rows in the table) at most."""
MARGIN = 30
"""Rows from an edge of the window at which it is read again around the cursor."""


def ago(when: datetime, now: datetime) -> str:
    """How long ago, in the largest unit that fits: 5m, 3h, 2d."""
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def _without_kind(message: str, kind: str) -> str:
    """The message without the "Missed: " its Kind column already says."""
    prefix = f"{kind.capitalize()}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


class AlertsScreen(DataScreen):
    """The current person's alerts. State is per recipient: acknowledging hides it for me only."""

    TITLE_TEXT = "Alerts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "acknowledge", "Acknowledge", id="alerts.ack"),
        Binding("A", "acknowledge_all", "Ack all shown", id="alerts.ack_all"),
        Binding("s", "snooze", "Snooze", id="alerts.snooze"),
        Binding("enter", "jump", "Open", id="alerts.open"),
        Binding("j", "cursor(1)", "Down", show=False, id="alerts.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="alerts.up"),
        Binding("f", "pick_kind", "Kind", id="alerts.kind"),
        Binding("p", "pick_project", "Project", id="alerts.project"),
        Binding("h", "toggle_history", "Show handled", show=False, id="alerts.history"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="alerts.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind = ""
        self.project = ""
        self.handled = False
        self.alerts: list[AlertView] = []
        self.first = 0
        """The position in the whole list of `alerts[0]`."""
        self.total = 0
        """How many alerts the filters let through (the window holds some of them)."""
        self.sliding = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Content("Loading…"), id="filters")
        yield DataTable(id="alerts", cursor_type="row", zebra_stripes=True)
        # The selected alert's whole message: the column cuts it on a narrow terminal.
        yield Static("", id="alert-full")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", key="sev", width=1)
        table.add_column("Kind", key="kind", width=17)
        table.add_column("Proj", key="proj", width=4)
        table.add_column("Message", key="message", width=30)
        table.add_column("Age", key="age", width=3)
        table.add_column("State", key="state", width=9)
        table.focus()
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    def on_resize(self) -> None:
        self._fit_message()

    def _fit_message(self) -> None:
        """The message takes what the other columns leave."""
        table = self.query_one(DataTable)
        fixed = 1 + 17 + 4 + 3 + 9 + 2 * 6 + 2  # widths, cell padding, scrollbar
        from textual.widgets.data_table import ColumnKey

        table.columns[ColumnKey("message")].width = max(20, self.size.width - fixed)
        table.refresh()

    # -- loading ---------------------------------------------------------------
    def reload(self) -> None:
        self._load(self.kind, self.project, self.handled, self.first, None)
        self.mstui.refresh_unread()  # acknowledging here moves the header's count

    def _filter(self) -> AlertFilter:
        from mstui.store import AlertFilter

        kinds = (self.kind,) if self.kind else ()
        return AlertFilter(kinds=kinds, project=self.project or None, open_only=not self.handled)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, kind: str, project: str, handled: bool, start: int, at: int | None) -> None:
        from mstui.store import AlertFilter

        flt = AlertFilter(
            kinds=(kind,) if kind else (), project=project or None, open_only=not handled
        )
        try:
            total = self.store.count_alerts(flt)
            start = max(0, min(start, total - WINDOW))
            alerts = self.store.list_alerts(replace(flt, offset=start, limit=WINDOW))
            now = self.store.now()
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, alerts, now, start, total, at)

    def _slide(self) -> None:
        """Read the window again around the cursor when it comes near an edge."""
        row = self.query_one(DataTable).cursor_row
        near_end = row >= len(self.alerts) - MARGIN and self.first + len(self.alerts) < self.total
        near_start = row < MARGIN and self.first > 0
        if self.sliding or not (near_end or near_start):
            return
        at = self.first + row
        self.sliding = True
        self._load(self.kind, self.project, self.handled, max(0, at - WINDOW // 2), at)

    def _show(
        self, alerts: list[AlertView], now: datetime, first: int, total: int, at: int | None
    ) -> None:
        table = self.query_one(DataTable)
        keep = self.current.id if self.current else None
        if keep is None and at is None:
            at = self.first + table.cursor_row
        self.alerts, self.first, self.total, self.sliding = alerts, first, total, False
        self._fit_message()
        table.clear()
        for a in alerts:
            symbol, _ = SEVERITY[a.severity]
            if a.acknowledged_at is not None:
                state = "handled"
            elif a.resolved_at is not None:
                state = "resolved"  # no longer true: moved, finished or unblocked
            elif a.snoozed_until is not None and a.snoozed_until > now:
                state = f"→{a.snoozed_until:%d %b}"
            else:
                state = "new"
            table.add_row(
                Text(symbol, style=SEVERITY_RICH[a.severity]),
                cell(a.kind_label),
                cell(a.project or ""),
                cell(_without_kind(a.message, a.kind_label)),
                cell(ago(a.raised_at, now)),
                cell(state),
                key=str(a.id),
            )
        row = next((i for i, a in enumerate(alerts) if a.id == keep), None)
        if row is None and at is not None:
            row = at - first
        if row is not None and alerts:
            table.move_cursor(row=max(0, min(row, len(alerts) - 1)))
        parts = []
        if self.kind:
            parts.append(self.kind.replace("_", " "))
        if self.project:
            parts.append(f"project {self.project}")
        what = "all alerts (handled too)" if self.handled else "open alerts"
        hint = "a ack · s snooze · enter open · f kind · p project · h handled"
        line = f"{total} {what}" + (f" · {' · '.join(parts)}" if parts else "")
        if len(alerts) < total:
            line += f" · {first + 1}–{first + len(alerts)} here"
        self.query_one("#filters", Static).update(say(f"{line}   ({hint})"))

    @on(DataTable.RowHighlighted, "#alerts")
    def _show_full(self) -> None:
        self._slide()
        a = self.current
        full = self.query_one("#alert-full", Static)
        if a is None:
            full.update("")
            return
        when = f"{a.raised_at:%Y-%m-%d %H:%M} UTC"
        project = f" · {a.project}" if a.project else ""
        full.update(
            Content.assemble(
                (clean(f"{a.kind_label}{project} · {when}") + "\n", "bold"),
                plain(a.message, multiline=True),
            )
        )

    @property
    def current(self) -> AlertView | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        return self.alerts[row] if 0 <= row < len(self.alerts) else None

    # -- acting ---------------------------------------------------------------------
    def _act(
        self, what: str, call: Callable[[Store], list[AlertView]], undo: Undo | None = None
    ) -> None:
        self.run_change(what, call, undo=(lambda _r: undo) if undo is not None else None)

    def action_acknowledge(self) -> None:
        a = self.current
        if a is None:
            return
        self._act(
            f"Acknowledged: {a.message}",
            lambda store: store.acknowledge([a.id]),
            lambda store: store.reopen([a.id]),
        )

    def action_acknowledge_all(self) -> None:
        # Every alert the filters let through, not only the window held here.
        if not self.total:
            return
        flt = replace(self._filter(), open_only=True)  # the handled ones stay as they are

        def ack(store: Store) -> list[int]:
            ids = store.alert_ids(flt)
            store.acknowledge(ids)
            return ids

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_change(
                    "Acknowledged the alerts shown",
                    ack,
                    undo=lambda ids: lambda store: store.reopen(ids),
                    done=lambda ids: f"Acknowledged {len(ids)} alerts",
                )

        self.app.push_screen(
            ConfirmDialog(Content(f"Acknowledge the {self.total} alerts shown?"), "Acknowledge"),
            decided,
        )

    def action_snooze(self) -> None:
        a = self.current
        if a is None:
            return
        choices = [("1h", "1 hour"), ("1d", "1 day"), ("1w", "1 week")]

        def chosen(value: str | None) -> None:
            if value in SNOOZES:
                self._act(
                    f"Snoozed for {dict(choices)[value]}: {a.message}",
                    lambda store: store.snooze_for([a.id], SNOOZES[value]),
                    lambda store: store.reopen([a.id]),
                )

        self.app.push_screen(PickOne("Snooze for how long?", choices, "1d", all_label=None), chosen)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        a = self.current
        if a is None:
            return
        if a.subject_type == "milestone" and a.subject_title is not None:
            self.mstui.open_milestone(a.subject_id)
        elif a.subject_type == "target":
            self.mstui.action_show("targets")
        elif a.subject_type == "project" and a.project:
            self.mstui.board_filter = self.mstui.board_filter.cleared().but(project=a.project)
            self.mstui.action_show("kanban")
        else:
            self.mstui.say("What this alert was about no longer exists", "warning")

    # -- filters ------------------------------------------------------------------------
    def action_pick_kind(self) -> None:
        choices = [(k, k.replace("_", " ")) for k in KINDS]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.kind = value
                self.reload()

        self.app.push_screen(PickOne("Show which kind of alert?", choices, self.kind), chosen)

    def action_pick_project(self) -> None:
        self._pick_project()

    @work(thread=True, group="pick", exit_on_error=False)
    def _pick_project(self) -> None:
        choices = [(p.key, f"{p.key}  {p.name}") for p in self.store.list_projects(False)]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.project = value
                self.reload()

        screen = PickOne("Show the alerts of which project?", choices, self.project)
        self.app.call_from_thread(self.app.push_screen, screen, chosen)

    def action_cursor(self, dy: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + dy))

    def action_toggle_history(self) -> None:
        self.handled = not self.handled
        self.reload()

    def action_clear_filters(self) -> None:
        if self.kind or self.project or self.handled:
            self.kind, self.project, self.handled = "", "", False
            self.reload()
