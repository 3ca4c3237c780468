"""The Targets screen driven as a person would: record, correct, re-plan, link, resize."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Label, SelectionList, TextArea

from mstui.config import Settings
from mstui.screens.dialogs.simple import ConfirmDialog
from mstui.screens.forms.figures import MeasurementForm, RecordForm
from mstui.screens.forms.target import CheckpointsForm, MilestonePicker, TargetForm
from mstui.screens.targets import TargetsScreen
from mstui.store import Store
from mstui.widgets.charts import Chart
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import HOSTILE, assert_inert, table_rows


def facts(app: App[Any]) -> str:
    return str(app.screen.query_one("#target-facts").render())


def error_of(form: DOMNode, name: str) -> str:
    return str(form.query_one(f"#{name}-error", Label).render())


async def open_targets(pilot: Pilot[Any]) -> TargetsScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TargetsScreen)
    return screen


async def test_the_demo_target_shows_met_and_missed_fridays(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_targets(pilot)
        (row,) = table_rows(screen, "t-targets")
        assert row == [
            "▲ Revenue, four weeks",
            "72,750",
            "82,143",
            "89%",
            "97,000",
            "100,000 USD",
            "SLS",
        ]
        text = facts(app)
        assert "expected by today 82,143 USD" in text and "pace 89%" in text
        # Behind the line and short of the goal at the rate so far: one story.
        assert "▲ Behind the checkpoints, and short of the goal at the current rate" in text
        assert (
            "Projection to 27 Nov: 97,000 USD at this rate · ✖ short of the goal by 3,000 USD"
        ) in text
        assert "Checkpoints: 1 met · 2 missed · 1 to come" in text
        results = [r[3] for r in table_rows(screen, "t-checkpoints")]
        assert results == ["✓ met", "✖ missed by 7,000 USD", "✖ missed by 2,250 USD", "· to come"]
        assert [r[1] for r in table_rows(screen, "t-linked")] == ["#7 Quarter closed"]
        chart = screen.query_one("#target-chart", Chart)
        assert chart.spec is not None
        assert [s.label for s in chart.spec.series] == [
            "expected",
            "projection",
            "actual",
            "checkpoint",
            "missed",
        ]
        lines = chart.drawn_lines()
        assert lines[0] == "Revenue, four weeks: expected vs actual"
        assert "✖ missed" in lines[-1] and "│ today" in lines[-1]


async def test_record_a_figure_with_r_and_inline_errors(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_targets(pilot)
        before = screen.query_one("#target-chart", Chart).spec
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#date", Input).value == "today"
        form.query_one("#value", Input).value = "lots"
        form.query_one("#date", Input).value = "someday"
        form.query_one("#note", Input).value = "Sunday close"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # stays open, with what was typed
        assert 'value: not a number (got "lots")' in error_of(form, "value")
        assert 'got "someday"' in error_of(form, "date")
        assert form.query_one("#note", Input).value == "Sunday close"
        assert app.focused is form.query_one("#value", Input)
        # The store's refusal shows under its field too: no figures from the future.
        form.query_one("#value", Input).value = "90,000"
        form.query_one("#date", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "is in the future" in error_of(form, "date")
        assert len(demo_store.list_targets()[0].entries) == 3  # nothing written
        form.query_one("#date", Input).value = "today"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        (row,) = table_rows(screen, "t-targets")
        assert row[1:5] == ["90,000", "82,143", "110%", "109,565"]
        assert row[0] == "● Revenue, four weeks"
        text = facts(app)
        assert "Actual 90,000 USD (22 Nov)" in text
        assert "● On track: ahead of the checkpoints and on course for the goal" in text
        assert screen.query_one("#target-chart", Chart).spec != before
        figures = table_rows(screen, "t-measurements")
        assert figures[0] == ["Sun 22 Nov", "90,000 USD", "Sunday close", "lead"]
        # u takes it back.
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.list_targets()[0].state.actual == 72_750


async def test_record_an_increment(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_targets(pilot)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        form.query_one("#value", Input).value = "5000"
        form.query_one("#add", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_store.list_targets()[0].state.actual == 77_750


async def test_a_figure_below_the_last_asks_once(make_app: MakeApp, demo_store: Store) -> None:
    """5,000 typed as cumulative after 72,750 is most likely an increment: asked, then kept."""
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_targets(pilot)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#value", Input).value = "5000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "below the figure so far (72,750 USD" in error_of(form, "value")
        assert demo_store.list_targets()[0].state.actual == 72_750  # nothing written
        await pilot.press("ctrl+s")  # the same figure again: a real drop, recorded
        await settle(pilot)
        assert app.screen is not form
        assert demo_store.list_targets()[0].state.actual == 5_000


async def test_correct_and_remove_a_figure(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_targets(pilot)
        table = screen.query_one("#t-measurements", DataTable)
        table.focus()
        table.move_cursor(row=1)  # the 13 November figure (newest first)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeasurementForm)
        form.query_one("#value", Input).value = "51000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        results = [r[3] for r in table_rows(screen, "t-checkpoints")]
        assert results[1] == "✓ met"  # 51,000 ≥ 50,000: the second Friday is met now
        table = screen.query_one("#t-measurements", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        t = demo_store.list_targets()[0]
        assert [e.value for e in t.entries] == [26_000, 51_000]
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.list_targets()[0].state.actual == 72_750


async def test_set_checkpoints_by_hand_and_split_evenly(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_targets(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckpointsForm)
        area = form.query_one("#checkpoints", TextArea)
        assert area.text.splitlines()[0] == "2026-11-06 25000"
        area.load_text("2026-11-06 20000\n2026-11-13 10000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "below the checkpoint before it" in error_of(form, "checkpoints")
        area.load_text("2026-11-13 40000\n2026-11-27 100000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        t = demo_store.list_targets()[0]
        assert t.checkpoints == [(date(2026, 11, 13), 40_000), (date(2026, 11, 27), 100_000)]
        assert "(set by hand)" in facts(app)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        form.query_one("#cadence", Input).value = "monthly"
        await pilot.press("ctrl+e")
        await settle(pilot)
        # The four weeks run from 31 October: that month's last day, then the end.
        assert form.query_one("#checkpoints", TextArea).text == (
            "2026-10-31 50000\n2026-11-27 100000"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_store.list_targets()[0].checkpoints == [
            (date(2026, 10, 31), 50_000),
            (date(2026, 11, 27), 100_000),
        ]


async def test_new_target_form(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_targets(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TargetForm)
        form.query_one("#name", Input).value = "Sign-ups"
        form.query_one("#goal", Input).value = "0"
        form.query_one("#cadence", Input).value = "fortnightly"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "cadence" in error_of(form, "cadence") or "goal" in error_of(form, "goal")
        form.query_one("#goal", Input).value = "5,000"
        form.query_one("#unit", Input).value = "users"
        form.query_one("#start", Input).value = "2026-11-01"
        form.query_one("#end", Input).value = "2026-12-31"
        form.query_one("#cadence", Input).value = "monthly"
        form.query_one("#project", Input).value = "mkt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        made = next(t for t in demo_store.list_targets() if t.name == "Sign-ups")
        assert (made.goal, made.unit, made.project, made.owner) == (5_000, "users", "MKT", "lead")
        assert made.checkpoints == [(date(2026, 11, 30), 2_500), (date(2026, 12, 31), 5_000)]
        # A new target has no figure yet: the neutral mark, not "● on track".
        assert "○ Sign-ups" in [r[0] for r in table_rows(screen, "t-targets")]


async def test_link_target_milestones(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_targets(pilot)
        await pilot.press("l")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, MilestonePicker)
        options = picker.query_one(SelectionList)
        pricing = next(m for m in demo_store.list_milestones() if m.title == "Pricing approved")
        options.select(pricing.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        linked = [r[1] for r in table_rows(screen, "t-linked")]
        assert linked == [f"#{pricing.id} Pricing approved", "#7 Quarter closed"]
        assert demo_store.milestone(pricing.id).target_id == demo_store.list_targets()[0].id


async def test_targets_fit_at_80x24_and_use_200x50(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="targets")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_targets(pilot)
        assert screen.has_class("-narrow")
        for p in screen.query(".panel"):
            assert p.region.right <= 80, p.id
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert screen.has_class("-wide")
        chart = screen.query_one("#target-chart", Chart)
        assert chart.region.x > 90 and chart.size.height >= 30  # the right-hand half
        assert chart.drawn_size == (chart.content_size.width, chart.content_size.height)
        lines = chart.drawn_lines()
        assert len(lines) == chart.content_size.height


def poison(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE target SET name = ?, unit = ?", (HOSTILE["action"], HOSTILE["c1"]))
        conn.execute("UPDATE measurement SET note = ?", (HOSTILE["osc8"],))
        conn.execute("UPDATE person SET login = ? WHERE login = 'bruno'", (HOSTILE["closing"],))
    conn.close()


async def test_hostile_target_names_units_and_notes(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings
) -> None:
    poison(Path(ui_settings.db))
    app = make_app(mode="targets")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_targets(pilot)
        cells = [
            c
            for ident in ("t-targets", "t-checkpoints", "t-measurements")
            for row in table_rows(screen, ident)
            for c in row
        ]
        shown = "\n".join(
            [*cells, facts(app), *screen.query_one("#target-chart", Chart).drawn_lines()]
        )
        assert_inert(shown)
        assert "[@click=app.quit]quit[/]" in shown
        assert "100,000 c1\ufffd31mgreen" in shown  # the unit, its C1 control made visible
        assert "[/b] unbalanced" in shown
        assert "␛]8;;http://evil.example" in shown
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RecordForm)
        assert_inert(str(app.screen.query_one(".form--title").render()))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
