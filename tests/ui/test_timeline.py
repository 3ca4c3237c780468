"""The Timeline driven as a person would: keys in, what is on screen and in the database out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot

from mstui.config import Settings
from mstui.domain.enums import Health
from mstui.domain.timescale import Zoom, column
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.timeline import TimelineScreen
from mstui.store import MilestoneFilter, Store
from mstui.widgets.gantt import GanttCanvas
from mstui.widgets.gantt_panel import GanttInfo, GanttPanel
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import assert_inert, by_title, poison

TODAY = date(2026, 11, 22)


def screen_of(app: App[Any]) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def lines(app: App[Any]) -> list[str]:
    """The canvas as text, line by line (what a person reads)."""
    canvas = screen_of(app).canvas
    return [
        "".join(s.text for s in list(canvas.render_line(y)) if isinstance(s, Segment))
        for y in range(canvas.size.height)
    ]


def panel(app: App[Any]) -> str:
    return str(screen_of(app).query_one(GanttPanel).render())


def selected_title(app: App[Any]) -> str | None:
    row = screen_of(app).current
    return row.item.title if row is not None and row.item is not None else None


async def select(pilot: Pilot[Any], title: str) -> None:
    screen = screen_of(pilot.app)
    for i in range(screen.outline.total):
        row = screen.outline.row(i)
        if row is not None and row.item is not None and row.item.title == title:
            await pilot.press(*(["j"] * (i - screen.canvas.selected)))
            await settle(pilot)
            assert selected_title(pilot.app) == title
            return
    raise AssertionError(title)


async def test_the_timeline_shows_projects_milestones_tasks_and_today(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert [p.key for p in screen.projects] == ["MKT", "SLS", "BLD", "REL"]
        text = "\n".join(lines(app))
        assert "▾ MKT Winter campaign" in text
        assert "Assets Created" in text and "ben" in text
        assert "November 2026" in text and "December 2026" in text
        canvas = screen.canvas
        assert canvas.today == TODAY
        # Today a quarter of the chart in, and the today line drawn on an empty row.
        assert canvas.left == column(TODAY, Zoom.WEEK) - canvas.chart_width // 4
        assert "│" in lines(app)[5][canvas.size.width - canvas.chart_width :]
        info = str(screen.query_one(GanttInfo).render())
        assert info.startswith("Week · 4 projects · 16 milestones")
        assert "MKT Winter campaign" in panel(app)


async def test_moving_around_folding_and_opening(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        await pilot.press("j")
        assert selected_title(app) == "Strategy Approved"
        assert "◆ #" in panel(app) and "Strategy Approved" in panel(app)
        await pilot.press("j", "k", "k")
        assert screen.canvas.selected == 0
        total = screen.outline.total
        await pilot.press("space")  # fold MKT
        await settle(pilot)
        assert screen.outline.total == total - 10
        assert "▸ MKT Winter campaign" in "\n".join(lines(app))
        await pilot.press("enter")  # enter on a heading unfolds it too
        await settle(pilot)
        assert screen.outline.total == total
        await pilot.press("end")
        await settle(pilot)
        assert selected_title(app) == "Release notes"
        await pilot.press("enter")  # a task opens its milestone
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        assert app.screen.mid == by_title(demo_store, "Release").id
        await pilot.press("escape")
        await settle(pilot)
        assert selected_title(app) == "Release notes"  # the selection stayed
        await pilot.press("home")
        assert screen.canvas.selected == 0


async def test_zoom_scroll_and_today(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        canvas = screen_of(app).canvas
        start = canvas.left
        await pilot.press("l")
        assert canvas.left == start + 7  # a week
        await pilot.press("h", "h")
        assert canvas.left == start - 7
        await pilot.press("L")  # a page
        assert canvas.left == start - 7 + canvas.chart_width - 4
        await pilot.press("t")
        assert canvas.left == start
        await pilot.press("plus")
        assert canvas.zoom is Zoom.DAY
        assert str(screen_of(app).query_one(GanttInfo).render()).startswith("Day ·")
        assert any("29 30  1  2  3" in line for line in lines(app))  # days, the middle kept
        await pilot.press("minus", "minus", "minus", "minus")
        assert canvas.zoom is Zoom.QUARTER
        assert any("Q4 2026" in line for line in lines(app))
        await pilot.press("minus")
        assert canvas.zoom is Zoom.QUARTER


async def test_pushing_feature_freeze_a_week_later_shows_the_slip_everywhere(
    make_app: MakeApp, demo_store: Store
) -> None:
    freeze = by_title(demo_store, "Feature Freeze")
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Feature Freeze")
        assert "slack 0d" in panel(app)  # on the critical path: the release waits on it
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert demo_store.milestone(freeze.id).due == date(2026, 11, 28)  # asked why first
        await pilot.press("enter")  # the reason is optional
        await settle(pilot)
        assert demo_store.milestone(freeze.id).due == date(2026, 12, 5)
        assert selected_title(app) == "Feature Freeze"  # the selection followed it
        assert "slack -7d" in panel(app)  # the whole week, down to the release
        current = screen_of(app).current
        assert current is not None
        plan = current.plan
        assert plan is not None
        beta = plan.rows[plan.index[("m", by_title(demo_store, "Beta Testing").id)]]
        assert (beta.health, beta.slack) == (Health.AT_RISK, -7)
        assert any("a week later" in str(n.message) for n in app._notifications)
        # The board and the listing agree.
        listed = {m.title: m.health for m in demo_store.list_milestones(MilestoneFilter())}
        assert listed["Beta Testing"] is Health.AT_RISK
        await pilot.press("u")  # undo
        await settle(pilot)
        assert demo_store.milestone(freeze.id).due == date(2026, 11, 28)
        said = [str(n.message) for n in app._notifications]
        assert f"Undone: #{freeze.id} Feature Freeze: a week later" in said, said
        assert "slack 0d" in panel(app)


async def test_moving_before_a_predecessor_is_refused_by_name(
    make_app: MakeApp, demo_store: Store
) -> None:
    alpha = by_title(demo_store, "Alpha Launch")
    freeze = by_title(demo_store, "Feature Freeze")
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Alpha Launch")
        await pilot.press("left_square_bracket")  # a week earlier: onto Freeze's day, fine
        await settle(pilot)
        assert demo_store.milestone(alpha.id).due == date(2026, 11, 28)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert demo_store.milestone(alpha.id).due == date(2026, 11, 28)
        refusals = [str(n.message) for n in app._notifications if "Cannot" in str(n.message)]
        assert refusals == [
            f"Cannot move #{alpha.id} Alpha Launch to Sat 21 Nov 2026: it depends on "
            f"#{freeze.id} Feature Freeze, due Sat 28 Nov 2026."
        ]


async def test_shorter_and_longer_tasks_at_the_day_zoom(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Internal dogfood")
        await pilot.press("plus")  # day zoom: one day at a time
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await settle(pilot)
        (task,) = [t for t in demo_store.list_tasks(project="REL") if t.title == "Internal dogfood"]
        assert task.end == date(2026, 12, 6)
        await pilot.press("left_curly_bracket")
        await settle(pilot)
        assert demo_store.task(task.id).end == date(2026, 12, 5)
        await select(pilot, "Beta Testing")
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        assert any("Only tasks have a length" in str(n.message) for n in app._notifications)


async def test_the_critical_path_toggle(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Triage beta feedback")
        canvas = screen_of(app).canvas

        def row(title: str) -> str:
            return next(line for line in lines(app) if title in line)

        assert "»" not in row("Triage beta feedback") and "█" not in row("Triage beta feedback")
        await pilot.press("c")
        assert canvas.critical
        assert "critical path on" in str(screen_of(app).query_one(GanttInfo).render())
        assert "»" in row("Triage beta feedback") and "█" in row("Triage beta feedback")
        # Freeze → Alpha → Beta → Release back to back: Alpha's installer builds are on it;
        # recruiting beta testers has seven days to spare: not on it.
        assert "»" in row("Installer builds") and "█" in row("Installer builds")
        assert "»" in row("Alpha Launch")
        assert "»" not in row("Recruit beta testers") and "━" in row("Recruit beta testers")
        assert "on the critical path" in panel(app)
        await pilot.press("c")
        assert not canvas.critical
        assert "»" not in row("Triage beta feedback")


async def test_dependencies_are_marked_on_the_dependent_row_and_in_the_panel(
    make_app: MakeApp,
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(160, 50)) as pilot:  # tall enough for Freeze to Beta
        await settle(pilot)
        await select(pilot, "Alpha Launch")
        text = panel(app)
        assert "Depends on ‹ #" in text and "Feature Freeze (28 Nov)" in text
        assert "unlocks › #" in text and "Beta Testing" in text
        freeze_row = next(line for line in lines(app) if "Feature Freeze" in line)
        assert freeze_row.lstrip().startswith("‹")  # what the selection depends on
        beta_row = next(line for line in lines(app) if "Beta Testing" in line)
        assert "◇┈" in beta_row and "◆" in beta_row  # Alpha's date, then Beta's


async def test_find_and_pick_a_project(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"dogfood", "enter")
        await settle(pilot)
        assert selected_title(app) == "Internal dogfood"
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # (all), MKT, SLS
        await settle(pilot)
        row = screen_of(app).current
        assert row is not None and row.heading and row.project.key == "SLS"


async def test_hostile_titles_are_drawn_literally(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings
) -> None:
    poison(Path(ui_settings.db))
    app = make_app(mode="timeline")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        text = "\n".join(lines(app))
        assert_inert(text)
        assert "[@click=app.quit]quit[/]" in text
        assert "␛[31mred" in text
        await select(pilot, "[@click=app.quit]quit[/]")
        assert_inert(panel(app))
        assert "[@click=app.quit]quit[/]" in panel(app)
        await pilot.click(GanttCanvas, offset=(10, 6))
        await settle(pilot)
        assert app.is_running


async def test_the_palette_and_the_help_know_the_timeline(make_app: MakeApp) -> None:
    from textual.widgets import DataTable

    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"zoom in")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_of(app).canvas.zoom is Zoom.DAY
        await pilot.press("question_mark")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        keys = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[2]) for i in range(table.row_count)
        }
        assert keys["["] == "Move earlier" and keys["}"] == "Task longer"
        assert keys["+ ="] == "Zoom in" and keys["← h"] == "Scroll earlier"


async def test_weekends_are_shaded(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        canvas = screen_of(app).canvas
        chart_x = canvas.scrollable_content_region.width - canvas.chart_width

        def background(y: int, day: date) -> object:
            x = chart_x + column(day, Zoom.WEEK) - canvas.left
            cells = [s for s in canvas.render_line(y) for _ in s.text]
            style = cells[x].style
            return style.bgcolor if style else None

        saturday, monday = date(2026, 11, 28), date(2026, 11, 30)
        assert background(5, saturday) != background(5, monday)
        assert background(5, saturday) == background(6, saturday)


async def test_undo_takes_back_two_shifts_of_the_same_milestone(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        freeze = by_title(demo_store, "Feature Freeze")
        await select(pilot, "Feature Freeze")
        for _ in range(2):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            await pilot.press("enter")  # no reason given
            await settle(pilot)
        assert demo_store.milestone(freeze.id).due != freeze.due
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.milestone(freeze.id).due == freeze.due


async def test_zooming_in_keeps_the_selected_item_in_view(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Material Delivery")  # overdue: left of the middle
        canvas = screen_of(app).query_one(GanttCanvas)
        due = by_title(demo_store, "Material Delivery").due
        before = column(due, canvas.zoom) - canvas.left
        assert 0 <= before < canvas.chart_width
        for _ in range(3):
            await pilot.press("plus")
            await settle(pilot)
            here = column(due, canvas.zoom) - canvas.left
            assert 0 <= here < canvas.chart_width, (canvas.zoom, here)
        assert canvas.zoom is Zoom.DAY
        assert column(due, canvas.zoom) - canvas.left == before  # it kept its place
