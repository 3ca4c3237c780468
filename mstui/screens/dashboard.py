"""Screen 1, the Dashboard: what is on track, at risk and overdue, at one glance.

Panels: traffic-light counts by project, owner and department (enter drills
into the Kanban filtered to the row), the next 14 days, what is overdue, my
alerts, budgets, resource conflicts, and a burn-up chart of the project
selected in the first table (or of all). At 80 columns the panels stack and
the screen scrolls; from 120 columns they sit three abreast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.dates import relative, today_in
from mstui.domain.enums import Health, Status
from mstui.domain.numbers import amount
from mstui.domain.reports import COUNTED, BurnUp, HealthCounts
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.report_parts import burnup_spec
from mstui.store import AlertFilter
from mstui.ui_state import BoardFilter
from mstui.views.reports import Dashboard
from mstui.widgets.charts import Chart
from mstui.widgets.safe import cell, fit
from mstui.widgets.tables import (
    count_cell,
    empty_table,
    health_cell,
    health_color,
    number_cell,
    variance_cell,
)

if TYPE_CHECKING:
    from mstui.views.alerts import AlertView
    from mstui.views.milestones import MilestoneView

HEALTH_TABLES = {"t-project": "project", "t-owner": "owner", "t-department": "department"}
TITLE_WIDTH = 34


class DashboardScreen(DataScreen):
    """The picture a manager opens first."""

    TITLE_TEXT = "Dashboard"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (120, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Drill down / open", id="dashboard.choose", priority=True),
        Binding("j", "cursor(1)", "Down", show=False, id="dashboard.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="dashboard.up"),
        Binding("tab", "app.focus_next", "Next panel", id="dashboard.next"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous panel", show=False, id="dashboard.previous"
        ),
        Binding("a", "chart_all", "Chart: all", show=False, id="dashboard.chart_all"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dash: Dashboard | None = None
        self.alerts: list[AlertView] = []
        self.chart_project = ""
        self.actions: dict[str, dict[str, tuple[str, str]]] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Content("Loading the dashboard…"), id="dash-summary")
        with VerticalScroll(id="dash"), Grid(id="dash-grid"):
            for ident, title in (
                ("t-project", "By project (enter: its board)"),
                ("t-owner", "By owner"),
                ("t-department", "By department"),
                ("t-next", "Next 14 days"),
                ("t-overdue", "Overdue"),
                ("t-alerts", "My alerts"),
                ("t-budget", "Budget: cost and effort, estimate vs actual"),
                ("t-conflicts", "Resource conflicts (over capacity)"),
            ):
                with Vertical(classes="panel", id=f"p-{ident[2:]}") as panel:
                    panel.border_title = Content(title)
                    yield DataTable(id=ident, cursor_type="row", zebra_stripes=True)
            with Vertical(classes="panel", id="p-chart") as panel:
                panel.border_title = Content("Burn-up (follows the project selected above)")
                yield Chart(id="burnup")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        for ident in HEALTH_TABLES:
            first = {"t-project": "Project", "t-owner": "Owner", "t-department": "Department"}
            table = self.query_one(f"#{ident}", DataTable)
            table.add_column(first[ident], key="name")
            for h in COUNTED:
                table.add_column(Text(h.label, justify="right"), key=h.value)
        self._columns("t-next", "Due", "", "Milestone", "Owner", "Proj", "Why")
        self._columns("t-overdue", "Late", "Milestone", "Owner", "Proj", "Status")
        self._columns("t-alerts", "Ago", "Kind", "About")
        self._columns(
            "t-budget",
            "Proj",
            "Budget",
            "Cost est",
            "Cost act",
            "Cost var",
            "Effort h",
            "Act h",
            "Effort var",
        )
        self._columns("t-conflicts", "Resource", "Days", "Peak / cap", "Booked on")
        self.query_one("#t-project", DataTable).focus()
        # Alerts raised by this process's own scan do not move data_version: follow the badge.
        self.watch(self.app, "unread", self._unread_changed, init=False)
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    def _unread_changed(self, _: int) -> None:
        if self.mstui.store is not None and self.is_current:
            self.reload()

    def _columns(self, ident: str, *names: str) -> None:
        self.query_one(f"#{ident}", DataTable).add_columns(*names)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        store = self.store
        try:
            dash = store.dashboard()
            # The panel lists the newest 50; the count is all of them (the header's badge).
            alerts = store.list_alerts(AlertFilter(limit=50))
            unread = store.unread_count()
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, dash, alerts, unread)

    def _show(self, dash: Dashboard, alerts: list[AlertView], unread: int) -> None:
        self.dash = dash
        self.alerts = alerts
        self.actions = {}
        all_row = dash.all
        conflicts = len(dash.conflicts)
        self.query_one("#dash-summary", Static).update(
            Content.assemble(
                f"{dash.today:%a %d %b} · {all_row.total} milestones: ",
                *[
                    part
                    for h in COUNTED
                    for part in (
                        (f"{h.symbol} {all_row.count(h)} {h.label}", f"${_VAR[h]}"),
                        "  ",
                    )
                ],
                f"· {unread} unread alert{'s' if unread != 1 else ''}"
                f" · {conflicts} conflict{'s' if conflicts != 1 else ''}",
            )
        )
        self._fill_health("t-project", [all_row, *dash.by_project])
        self._fill_health("t-owner", list(dash.by_owner))
        self._fill_health("t-department", list(dash.by_department))
        self._fill_milestones(dash)
        self._fill_alerts(alerts)
        more = f" (newest {len(alerts)} of {unread}: 5 lists all)" if unread > len(alerts) else ""
        self.query_one("#p-alerts").border_title = Content(f"My alerts{more}")
        self._fill_budget(dash)
        self._fill_conflicts(dash)
        self._show_chart()

    def _refill(self, ident: str, rows: list[tuple[str, tuple[str, str], list[Any]]]) -> None:
        """Replace a table's rows, keeping the cursor on the same row where it can."""
        table = self.query_one(f"#{ident}", DataTable)
        keep = table.cursor_row
        empty_table(table)
        self.actions[ident] = {}
        for key, action, cells in rows:
            lines = max((c.plain.count("\n") + 1 for c in cells if isinstance(c, Text)), default=1)
            table.add_row(*cells, key=key, height=lines)
            self.actions[ident][key] = action
        if not rows:
            table.add_row(*_empty(len(table.columns), _EMPTY[ident]), key="\x00empty")
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)), animate=False)

    def _fill_health(self, ident: str, rows: list[HealthCounts]) -> None:
        kind = HEALTH_TABLES[ident]
        out = []
        for r in rows:
            name = cell(fit(r.label, 28).rstrip(), "bold" if r.kind == "all" else "")
            counts = [count_cell(self.app, h, r.count(h)) for h in COUNTED]
            out.append(
                (f"{r.kind}:{r.key}", (kind if r.kind != "all" else "all", r.key), [name, *counts])
            )
        self._refill(ident, out)

    def _fill_milestones(self, dash: Dashboard) -> None:
        # "In 3d" and "2d late" count in each milestone's project timezone.
        now = self.store.now()
        rows = []
        for m in dash.due_soon:
            rows.append(
                (
                    str(m.id),
                    ("open", str(m.id)),
                    [
                        cell(relative(m.due, today_in(m.timezone, now))),
                        health_cell(self.app, m.health),
                        cell(fit(f"#{m.id} {m.title}", TITLE_WIDTH).rstrip()),
                        cell(m.owner),
                        cell(m.project),
                        # Why it is at risk, without opening it ("blocked; KPI behind pace").
                        cell(fit("; ".join(m.health_reasons), 48).rstrip()),
                    ],
                )
            )
        self._refill("t-next", rows)
        rows = []
        for m in dash.overdue:
            late = (today_in(m.timezone, now) - m.due).days
            rows.append(
                (
                    str(m.id),
                    ("open", str(m.id)),
                    [
                        Text(f"✖ {late}d", style=_color(self.app, Health.OVERDUE)),
                        cell(fit(f"#{m.id} {m.title}", TITLE_WIDTH).rstrip()),
                        cell(m.owner),
                        cell(m.project),
                        cell(fit(_status_note(m), 48).rstrip()),
                    ],
                )
            )
        self._refill("t-overdue", rows)

    def _fill_alerts(self, alerts: list[AlertView]) -> None:
        now = self.store.now()
        rows = []
        for a in alerts:
            minutes = max(0, int((now - a.raised_at).total_seconds() // 60))
            when = (
                "now" if minutes < 1 else f"{minutes}m" if minutes < 60
                else f"{minutes // 60}h" if minutes < 48 * 60 else f"{minutes // 1440}d"
            )  # fmt: skip
            action = (
                ("open", str(a.subject_id))
                if a.subject_type == "milestone"
                else (("targets", "") if a.subject_type == "target" else ("alerts", ""))
            )
            rows.append(
                (
                    str(a.id),
                    action,
                    [
                        cell(when),
                        cell(a.kind_label),
                        cell(fit(a.message, 60).rstrip()),
                    ],
                )
            )
        self._refill("t-alerts", rows)

    def _fill_budget(self, dash: Dashboard) -> None:
        rows = []
        for b in dash.budgets:
            rows.append(
                (
                    b.project,
                    ("project", b.project),
                    [
                        cell(b.project),
                        number_cell(b.budget),
                        number_cell(b.cost_estimate),
                        number_cell(b.cost_actual),
                        variance_cell(self.app, b.cost_variance),
                        number_cell(b.effort_estimate),
                        number_cell(b.effort_actual),
                        variance_cell(self.app, b.effort_variance, "h"),
                    ],
                )
            )
        self._refill("t-budget", rows)

    def _fill_conflicts(self, dash: Dashboard) -> None:
        rows = []
        for i, c in enumerate(dash.conflicts):
            days = f"{c.start:%d %b}" if c.start == c.end else f"{c.start:%d %b}–{c.end:%d %b}"
            first = c.bookings[0] if c.bookings else None
            # One booking a line: the row is as tall as the bookings it names.
            on = Text("\n").join(cell(fit(b.subject, 40).rstrip()) for b in c.bookings[:6])
            action = ("open", str(first.milestone_id)) if first and first.milestone_id else ("", "")
            rows.append(
                (
                    f"c{i}",
                    action,
                    [
                        cell(fit(c.resource, 24).rstrip()),
                        cell(days),
                        Text(
                            f"✖ {amount(c.peak)} / {amount(c.capacity)}",
                            style=_color(self.app, Health.OVERDUE),
                        ),
                        on,
                    ],
                )
            )
        self._refill("t-conflicts", rows)

    # -- the chart ----------------------------------------------------------------------
    def _show_chart(self) -> None:
        dash = self.dash
        if dash is None:
            return
        key = self.chart_project if self.chart_project in dash.burnups else ""
        label = "all projects"
        for r in dash.by_project:
            if r.key == key and key:
                label = r.label
        self.query_one("#burnup", Chart).spec = burnup_spec(
            dash.burnups.get(key, BurnUp((), (), (), dash.today)), label
        )

    @on(DataTable.RowHighlighted, "#t-project")
    def _project_highlighted(self, event: DataTable.RowHighlighted) -> None:
        action = self.actions.get("t-project", {}).get(str(event.row_key.value))
        if action is None:
            return
        project = action[1] if action[0] == "project" else ""
        if project != self.chart_project:
            self.chart_project = project
            self._show_chart()

    def action_chart_all(self) -> None:
        self.chart_project = ""
        self._show_chart()

    # -- moving and choosing -----------------------------------------------------------------
    def _focused_table(self) -> DataTable[Any] | None:
        focused = self.focused
        return focused if isinstance(focused, DataTable) else None

    def action_cursor(self, dy: int) -> None:
        table = self._focused_table()
        if table is not None:
            table.move_cursor(row=max(0, table.cursor_row + dy))

    def action_choose(self) -> None:
        table = self._focused_table()
        if table is None or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._act(str(table.id), str(key))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._act(str(event.data_table.id), str(event.row_key.value))

    def _act(self, ident: str, key: str) -> None:
        action = self.actions.get(ident, {}).get(key)
        if action is None:
            return
        verb, value = action
        if verb == "open" and value:
            self.mstui.open_milestone(int(value))
        elif verb in ("project", "owner", "department", "all"):
            self.drill(verb, value)
        elif verb in ("targets", "alerts"):
            self.mstui.action_show(verb)

    def drill(self, kind: str, key: str) -> None:
        """Show the Kanban filtered to a project, an owner or a department (all for "all")."""
        keep = self.mstui.board_filter.show_cancelled
        if kind == "all" or not key:
            if kind == "department" and not key:
                self.mstui.say("These milestones' owners have no department: showing all.")
            flt = BoardFilter(show_cancelled=keep)
        else:
            flt = BoardFilter(show_cancelled=keep).but(**{kind: key})
        self.mstui.board_filter = flt
        self.mstui.action_show("kanban")


_VAR = {
    Health.ON_TRACK: "success",
    Health.AT_RISK: "warning",
    Health.OVERDUE: "error",
    Health.DONE: "text-muted",
}
_EMPTY = {
    "t-project": "No milestones yet",
    "t-owner": "No milestones yet",
    "t-department": "No milestones yet",
    "t-next": "Nothing due in the next 14 days",
    "t-overdue": "Nothing overdue",
    "t-alerts": "No unread alerts",
    "t-budget": "No projects yet",
    "t-conflicts": "No resource is booked over capacity",
}


def _empty(columns: int, message: str) -> list[Text]:
    return [Text(message, style="italic"), *[Text("") for _ in range(columns - 1)]]


def _color(app: Any, health: Health) -> str:
    return health_color(app, health)


def _status_note(m: MilestoneView) -> str:
    """Where an overdue milestone stands: its status, and why when blocked."""
    if m.status is Status.BLOCKED and m.blocked_reason:
        return f"{m.status.label}: {m.blocked_reason}"
    return m.status.label
