"""What the Targets screen says of a target (issue 17): one story from pace and projection.

The targets are made here (the demo's stories change on their own); the app's clock
is Sunday 22 November 2026, with weekly Friday checkpoints on the 6th, 13th, 20th
and 27th, the last one reaching the goal three days before the end.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from mstui.domain.enums import Direction
from mstui.screens.targets import TargetsScreen
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import focus_row, table_rows

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def facts(app: App[Any]) -> str:
    return str(app.screen.query_one("#target-facts").render())


def add(store: Store, name: str, goal: float, **kw: Any) -> int:
    return store.add_target(name, goal, NOV1, NOV30, cadence="weekly:fri", **kw).id


async def show(pilot: Pilot[Any], name: str) -> tuple[TargetsScreen, list[str], str]:
    """Select target `name`: the screen, its row in the list, and its facts."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TargetsScreen)
    await focus_row(pilot, "t-targets", name)  # the first cell: its mark and its name
    (row,) = [r for r in table_rows(screen, "t-targets") if r[0] == name]
    return screen, row, facts(pilot.app)


async def test_no_figure_yet_is_said_and_never_on_track(
    make_app: MakeApp, demo_store: Store
) -> None:
    add(demo_store, "Sign-ups", 1_000)
    add(demo_store, "Site budget", 10_000, unit="USD", direction=Direction.AT_MOST)
    app = make_app(mode="targets")
    async with app.run_test(size=(160, 50)) as pilot:
        for name, expected in (("○ Sign-ups", "821"), ("○ Site budget", "8,214")):
            screen, row, text = await show(pilot, name)
            assert row[0] == name  # the neutral mark, not ● or ▲
            assert row[1:5] == ["—", expected, "—", "—"]  # no pace of 0 %
            assert "○ No figure yet" in text
            assert "on track" not in text.lower() and "0%" not in text
            assert "Projection: record a figure first." in text
            assert "Checkpoints: 0 met · 0 missed · 3 with no figure · 1 to come" in text
            # Passed checkpoints with nothing recorded by them: "no figure", never "met",
            # for "at most" too.
            results = [r[3] for r in table_rows(screen, "t-checkpoints")]
            assert results == ["? no figure", "? no figure", "? no figure", "· to come"]
        summary = str(screen.query_one("#targets-summary").render())
        assert "2 with no figure yet" in summary


async def test_behind_the_checkpoints_but_on_course_says_why(
    make_app: MakeApp, demo_store: Store
) -> None:
    tid = add(demo_store, "Leads value", 100_000, unit="USD")
    # 72,000 by Saturday 21st: 88 % of the line (82,143), 102,857 by the 30th at that rate.
    demo_store.record_measurement(tid, 72_000, date(2026, 11, 21))
    app = make_app(mode="targets")
    async with app.run_test(size=(160, 50)) as pilot:
        _, row, text = await show(pilot, "▲ Leads value")
        assert row[1:5] == ["72,000", "82,143", "88%", "102,857"]
        lines = text.splitlines()
        assert "▲ Behind the checkpoints, but on course for the goal at the current rate" in lines
        assert "Actual 72,000 USD (21 Nov) · expected by today 82,143 USD · pace 88%" in lines
        assert "Projection to 30 Nov: 102,857 USD at this rate · ✓ makes the goal" in lines
        assert "behind pace" not in text  # the old "▲ behind pace · ✓ makes the goal"


async def test_figures_without_cents_unless_the_target_has_them(
    make_app: MakeApp, demo_store: Store
) -> None:
    whole = add(demo_store, "Whole", 100_000, unit="USD")
    demo_store.record_measurement(whole, 41_000, date(2026, 11, 11))
    fees = add(demo_store, "Fees", 1_000, unit="USD")
    demo_store.record_measurement(fees, 700.5, date(2026, 11, 21))
    app = make_app(mode="targets")
    async with app.run_test(size=(160, 50)) as pilot:
        screen, row, text = await show(pilot, "▲ Whole")
        # 41,000 in 11 days → 111,818.18…; expected by the 22nd 82,142.857…
        assert "expected by today 82,143 USD" in text
        assert "Projection to 30 Nov: 111,818 USD at this rate" in text
        assert table_rows(screen, "t-checkpoints")[0][1] == "25,000 USD"
        screen, row, text = await show(pilot, "▲ Fees")
        assert "Actual 700.50 USD (21 Nov) · expected by today 821.43 USD" in text
        assert "Projection to 30 Nov: 1,000.71 USD at this rate" in text
        assert row[5] == "1,000.00 USD"
