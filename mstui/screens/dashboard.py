"""Screen 1, the Dashboard: what is on track, at risk and overdue, at one glance.

Panels: traffic-light counts by project, owner and department (enter drills
into the Kanban filtered to the row), the next 14 days, what is overdue, my
alerts, budgets, resource conflicts, what slipped this week, and a burn-up chart of the project
selected in the first table (or of all). At 80 columns the panels stack and
the screen scrolls; from 120 columns they sit three abreast.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.enums import Health
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.state import NO_PROJECTS, BoardFilter
from mstui.widgets.safe import say
from mstui.widgets.tables import empty_table

if TYPE_CHECKING:
    from mstui.domain.baselines import Slip
    from mstui.screens.dashboard_rows import Row
    from mstui.views.alerts import AlertView
    from mstui.views.reports import Dashboard

# The first frame (header, summary line, footer) is drawn before the panels and
# what fills them are imported: the rows, the chart and the report parts are
# imported where they are first used, after it.

HEALTH_TABLES = {"t-project": "project", "t-owner": "owner", "t-department": "department"}


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
        Binding("n", "app.new_milestone", "New", id="dashboard.new"),
        Binding("a", "chart_all", "Chart: all", show=False, id="dashboard.chart_all"),
        Binding("i", "project_screen", "Project", show=False, id="dashboard.project"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dash: Dashboard | None = None
        self.alerts: list[AlertView] = []
        self.slips: list[Slip] = []
        self._unread = 0
        self.chart_project = ""
        self.no_projects = False
        self.actions: dict[str, dict[str, tuple[str, str]]] = {}
        self._built = False
        self._pending: tuple[Dashboard, list[AlertView], int, list[Slip]] | None = None

    def compose(self) -> ComposeResult:
        # The first frame is the header, the summary line and the footer; the panels
        # (nine tables and a chart) follow right after it (`_build`).
        yield from self.compose_header()
        yield Static(Content("Loading the dashboard…"), id="dash-summary")
        yield VerticalScroll(id="dash")
        yield from self.compose_footer()

    def _panels(self) -> Grid:
        from mstui.widgets.charts import Chart

        panels = []
        for ident, title in (
            ("t-project", "By project (enter: its board)"),
            ("t-owner", "By owner"),
            ("t-department", "By department"),
            ("t-next", "Next 14 days"),
            ("t-overdue", "Overdue"),
            ("t-alerts", "My alerts"),
            ("t-budget", "Budget: cost and effort, estimate vs actual"),
            ("t-conflicts", "Resource conflicts (over capacity)"),
            ("t-slipped", "Slipped this week (due dates moved later)"),
        ):
            panel = Vertical(
                DataTable(id=ident, cursor_type="row", zebra_stripes=True),
                classes="panel",
                id=f"p-{ident[2:]}",
            )
            panel.border_title = Content(title)
            panels.append(panel)
        chart = Vertical(Chart(id="burnup"), classes="panel", id="p-chart")
        chart.border_title = Content("Burn-up (follows the project selected above)")
        return Grid(*panels, chart, id="dash-grid")

    def on_mount(self) -> None:
        self.call_after_refresh(self._build)
        # Alerts raised by this process's own scan do not move data_version: follow the badge.
        self.watch(self.app, "unread", self._unread_changed, init=False)
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    async def _build(self) -> None:
        """The panels, after the first frame; what loaded meanwhile is shown then."""
        from mstui.domain.reports import COUNTED

        await self.query_one("#dash", VerticalScroll).mount(self._panels())
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
        self._columns("t-slipped", "Moved", "Milestone", "By", "Proj", "Why")
        self.query_one("#t-project", DataTable).focus()
        self._built = True
        if self._pending is not None:
            self._show(*self._pending)

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
        from mstui.store import AlertFilter  # the store loads after the first frame

        store = self.store
        try:
            dash = store.dashboard()
            # The panel lists the newest 50; the count is all of them (the header's badge).
            alerts = store.list_alerts(AlertFilter(limit=50))
            unread = store.unread_count()
            self.no_projects = store.is_empty()
            slips = store.recent_slips(store.now() - timedelta(days=7))
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, dash, alerts, unread, slips)

    def on_resize(self) -> None:
        # The names' room changed: cut them again once the tables have their new size
        # (at this point they still have the old one).
        self.call_after_refresh(self._reshow)

    def _reshow(self) -> None:
        if self.dash is not None:
            self._show(self.dash, self.alerts, self._unread, self.slips)

    def _show(
        self, dash: Dashboard, alerts: list[AlertView], unread: int, slips: list[Slip]
    ) -> None:
        if not self._built:
            self._pending = (dash, alerts, unread, slips)
            return
        from mstui.screens.dashboard_rows import (
            alert_rows,
            budget_rows,
            conflict_rows,
            due_soon_rows,
            health_rows,
            name_room,
            overdue_rows,
            slip_rows,
        )

        self.dash = dash
        self.alerts = alerts
        self._unread = unread
        self.slips = slips
        self.actions = {}
        all_row = dash.all
        summary = self.query_one("#dash-summary", Static)
        if self.no_projects:
            summary.update(say(NO_PROJECTS))
        else:
            summary.update(self._summary(dash, unread))
        now = self.store.now()
        for ident, rows in (
            ("t-project", [all_row, *dash.by_project]),
            ("t-owner", list(dash.by_owner)),
            ("t-department", list(dash.by_department)),
        ):
            wide = health_rows(self.app, HEALTH_TABLES[ident], rows)
            table = self.query_one(f"#{ident}", DataTable)
            headings = [c.label.cell_len for c in table.ordered_columns]
            room = name_room(table.size.width, table.cell_padding, headings, wide)
            cut = wide if room >= 28 else health_rows(self.app, HEALTH_TABLES[ident], rows, room)
            self._refill(ident, cut)
        self._refill("t-next", due_soon_rows(self.app, dash, now))
        self._refill("t-overdue", overdue_rows(self.app, dash, now))
        next_days = f"Next {dash.horizon_days} days"
        self._titled("p-next", next_days, len(dash.due_soon), dash.due_soon_count)
        self._titled("p-overdue", "Overdue", len(dash.overdue), dash.overdue_count)
        self._refill("t-alerts", alert_rows(alerts, now))
        more = f" (newest {len(alerts)} of {unread}: 5 lists all)" if unread > len(alerts) else ""
        self.query_one("#p-alerts").border_title = Content(f"My alerts{more}")
        self._refill("t-budget", budget_rows(self.app, dash))
        self._refill("t-conflicts", conflict_rows(self.app, dash))
        self._refill("t-slipped", slip_rows(self.app, slips, now))
        self._show_chart()

    def _titled(self, panel: str, title: str, shown: int, total: int) -> None:
        """A list's title, saying how many there are when it holds only the first ones."""
        more = f" (first {shown:,} of {total:,}: the Kanban lists all)" if total > shown else ""
        self.query_one(f"#{panel}").border_title = Content(f"{title}{more}")

    def _summary(self, dash: Dashboard, unread: int) -> Content:
        from mstui.domain.reports import COUNTED

        all_row = dash.all
        conflicts = len(dash.conflicts)
        return Content.assemble(
            f"{dash.today:%a %d %b} · {all_row.total:,} milestones: ",
            *[
                part
                for h in COUNTED
                for part in (
                    (f"{h.symbol} {all_row.count(h):,} {h.label}", f"${_VAR[h]}"),
                    "  ",
                )
            ],
            f"· {unread:,} unread alert{'s' if unread != 1 else ''}"
            f" · {conflicts} conflict{'s' if conflicts != 1 else ''}",
        )

    def _refill(self, ident: str, rows: list[Row]) -> None:
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

    # -- the chart ----------------------------------------------------------------------
    def _show_chart(self) -> None:
        from mstui.domain.reports import BurnUp
        from mstui.screens.report_parts import burnup_spec
        from mstui.widgets.charts import Chart

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
    def _focused_table(self) -> DataTable[object] | None:
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

    def action_project_screen(self) -> None:
        """On a project's row (any table that names one): its details, members and roles."""
        table = self._focused_table()
        if table is None or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        verb, value = self.actions.get(str(table.id), {}).get(str(key), ("", ""))
        if verb != "project" or not value:
            self.mstui.say("i shows a project: select one in the first table")
            return
        from mstui.screens.project_screen import ProjectScreen

        self.app.push_screen(ProjectScreen(value))

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
    "t-slipped": "No due date moved later in the last 7 days",
}


def _empty(columns: int, message: str) -> list[Text]:
    return [Text(message, style="italic"), *[Text("") for _ in range(columns - 1)]]
