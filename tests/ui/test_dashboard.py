"""The dashboard driven as a manager would: what it shows, drilling down, resizing, odd names."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import DataTable

from mstui.config import Settings
from mstui.screens.dashboard import DashboardScreen
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.kanban import KanbanScreen
from mstui.store import Store
from mstui.widgets.charts import Chart
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import HOSTILE, assert_inert, first_column, focus_row, table_rows


async def test_the_app_opens_on_the_dashboard(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert first_column(screen, "t-project")[0] == "All projects"
        all_row = table_rows(screen, "t-project")[0]
        assert all_row[1:] == ["● 7", "▲ 3", "✖ 2", "✓ 4"]  # on track, at risk, overdue, done
        summary = str(screen.query_one("#dash-summary").render())
        assert "16 milestones" in summary and "✖ 2 overdue" in summary
        assert "2 conflicts" in summary
        owners = first_column(screen, "t-owner")
        assert owners[:2] == ["carla", "diego"]  # the overdue owners come first
        overdue = table_rows(screen, "t-overdue")
        assert [r[0] for r in overdue] == ["✖ 3d", "✖ 2d"]
        assert overdue[0][1:] == ["#5 Top-10 accounts contacted", "carla", "SLS", "In progress"]
        soon = {r[2]: r[-1] for r in table_rows(screen, "t-next")}
        at_risk = [why for why in soon.values() if why]
        assert at_risk and all(why[0].islower() for why in at_risk), soon  # the reasons, in words
        next_rows = table_rows(screen, "t-next")
        assert next_rows[0][:3] == ["in 2d", "▲", "#2 Assets Created"]
        budget = {r[0]: r for r in table_rows(screen, "t-budget")}
        assert budget["BLD"][1:5] == ["250,000", "128,200", "101,600", "−23,400 under"]
        conflicts = table_rows(screen, "t-conflicts")
        assert conflicts[0] == [
            "Tower crane",
            "22 Nov–25 Nov",
            "✖ 2 / 1",
            "milestone #10 Material Delivery\ntask #11 Roof panels shipped",
        ]
        lines = screen.query_one("#burnup", Chart).drawn_lines()
        assert lines[0] == "Burn-up: all projects — milestones done vs due"
        assert lines[-1] == "· due (planned)  • done  │ today"


async def test_drill_into_an_overdue_owner(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await focus_row(pilot, "t-owner", "carla")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KanbanScreen)
        assert app.board_filter.owner == "carla" and not app.board_filter.project
        assert {m.owner for m in screen.views} == {"carla"}
        assert "owner carla" in str(screen.query_one("#filters").render())
        await pilot.press("1")  # back: the filter stays for the board, the dashboard is whole
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_drill_into_a_project_and_a_department(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await focus_row(pilot, "t-project", "BLD")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert app.board_filter.project == "BLD"
        assert {m.project for m in app.screen.views} == {"BLD"}
        await pilot.press("1")
        await settle(pilot)
        await focus_row(pilot, "t-department", "Sales")
        await pilot.press("enter")
        await settle(pilot)
        assert app.board_filter.department == "Sales" and not app.board_filter.project
        assert {m.department for m in app.screen.views} == {"Sales"}
        await pilot.press("1")
        await settle(pilot)
        await focus_row(pilot, "t-project", "All")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.board_filter.active  # "All projects" shows the whole board


async def test_enter_on_an_overdue_milestone_opens_it(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await focus_row(pilot, "t-overdue", "✖ 2d")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        assert app.screen.milestone is not None
        assert app.screen.milestone.title == "Material Delivery"


async def test_the_chart_follows_the_selected_project(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one("#burnup", Chart)
        await focus_row(pilot, "t-project", "SLS")
        assert chart.spec is not None and chart.spec.title.startswith("Burn-up: SLS Q4 sales")
        await pilot.press("k")  # up to the row above
        await settle(pilot)
        assert chart.spec.title != "Burn-up: SLS Q4 sales quarter — milestones done vs due"


async def test_my_alerts_are_listed(make_app: MakeApp, demo_store: Store) -> None:
    raised = [a for a in demo_store.scan() if a.recipient == "lead"]
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = table_rows(app.screen, "t-alerts")
        assert len(rows) >= len(raised) > 0
        assert {r[1] for r in rows} >= {a.kind_label for a in raised}


async def test_panels_stack_at_80x24_and_spread_at_200x50(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        panels = list(screen.query(".panel"))
        assert len({p.region.x for p in panels}) == 1  # one column
        for p in panels:
            assert p.region.right <= 80, p.id
        narrow = screen.query_one("#burnup", Chart)
        assert max(len(line) for line in narrow.drawn_lines() or [""]) <= 76
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert screen.has_class("-wide")
        assert len({p.region.x for p in panels}) == 3  # three abreast
        for p in panels:
            assert p.region.right <= 200 and p.region.bottom <= 49, p.id
        # Drawn again at the new width (it is on screen at 200x50).
        assert narrow.drawn_size == (narrow.content_size.width, narrow.content_size.height)
        # Two columns of three (the week's slips beside it).
        assert narrow.content_size.width > 120
        assert max(len(line) for line in narrow.drawn_lines()) > 120
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.has_class("-narrow")


def poison(db: Path) -> None:
    """Hostile names for a project, an owner's department, a milestone and a resource."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE project SET name = ? WHERE key = 'SLS'", (HOSTILE["action"],))
        conn.execute("UPDATE department SET name = ? WHERE name = 'Sales'", (HOSTILE["osc52"],))
        conn.execute(
            "UPDATE milestone SET title = ? WHERE title = 'Top-10 accounts contacted'",
            (HOSTILE["markup"],),
        )
        conn.execute("UPDATE resource SET name = ? WHERE name = 'Tower crane'", (HOSTILE["csi"],))
        conn.execute("UPDATE alert SET message = ?", (HOSTILE["closing"],))
    conn.close()


async def test_hostile_names_are_shown_literally(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings
) -> None:
    demo_store.scan()
    poison(Path(ui_settings.db))
    app = make_app(mode="dashboard")
    # Wide enough for the whole 28-cell name (a narrower panel cuts names to show counts).
    async with app.run_test(size=(240, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        cells = [
            c
            for ident in ("t-project", "t-department", "t-overdue", "t-conflicts", "t-alerts")
            for row in table_rows(screen, ident)
            for c in row
        ]
        for c in cells:
            assert_inert(c)
        text = "\n".join(cells)
        assert "SLS [@click=app.quit]quit[/]" in text
        assert "#5 [bold]x[/]" in text
        assert "[/b] unbalanced" in text
        assert any(c.startswith("copy␛]52;c;") for c in cells)
        assert any(c.startswith("␛[2J␛[31mred") for c in cells)
        await focus_row(pilot, "t-project", "SLS")
        chart = screen.query_one("#burnup", Chart)
        assert "[@click=app.quit]quit[/]" in chart.drawn_lines()[0]
        await pilot.press("enter")  # drilling into it still works, and nothing quits
        await settle(pilot)
        assert app.is_running and app.board_filter.project == "SLS"


async def test_the_summary_counts_every_unread_alert_not_the_panel_rows(
    make_app: MakeApp, demo_store: Store
) -> None:
    """The panel lists the newest 50; the summary and its title say how many there are."""
    demo_store.scan()
    mine = demo_store.me_id()
    conn = sqlite3.connect(demo_store.settings.db)
    with conn:
        conn.executemany(
            "INSERT INTO alert (kind, severity, subject_type, subject_id, recipient_id, message,"
            " raised_at, dedupe_key) VALUES ('due_soon', 'info', 'milestone', 1, ?, ?,"
            " '2026-11-22 14:00:00', ?)",
            [(mine, f"extra {i}", f"test-extra-{i}") for i in range(60)],
        )
    conn.close()
    unread = demo_store.unread_count()
    assert unread > 60
    app = make_app(mode="dashboard")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#dash-summary").render())
        assert f"{unread} unread alerts" in summary
        assert app.screen.query_one("#t-alerts", DataTable).row_count == 50
        title = str(app.screen.query_one("#p-alerts").border_title)
        assert f"newest 50 of {unread}" in title
