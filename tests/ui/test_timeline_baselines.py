"""The Timeline beside a baseline, a slip with its reason, and where the slip shows:
keys in, what is on screen and in the database out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual.widgets import DataTable, Input

from mstui.screens.dashboard import DashboardScreen
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.dialogs.simple import AskText, PickOne
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title
from tests.ui.test_timeline import lines, panel, screen_of, select

HOSTILE = "Vendor \x1b[31mlate\x1b[0m [b]bold[/b]"


def row_text(app: Any, title: str) -> str:
    (line,) = [line for line in lines(app) if f" {title} " in line]
    return line


async def test_a_baseline_beside_the_plan_and_a_slip_with_its_reason(
    make_app: MakeApp, demo_store: Store
) -> None:
    demo_store.save_baseline("REL", "agreed")
    beta = by_title(demo_store, "Beta Testing")
    app = make_app(mode="timeline")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await select(pilot, "Beta Testing")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        await pilot.press("enter")  # the newest baseline, first in the list
        await settle(pilot)
        screen = screen_of(app)
        assert set(screen.baselines) == {"REL"}
        assert "beside REL 'agreed' (b)" in str(screen.query_one("#tl-info").render())
        assert "moved" in lines(app)[1]
        assert "0d" in row_text(app, "Beta Testing")
        assert "Baseline 'agreed': as planned then" in panel(app)
        # Two weeks later, with a reason, as a person types it.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        app.screen.query_one(Input).value = HOSTILE
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("enter")  # no reason the second time
        await settle(pilot)
        assert demo_store.milestone(beta.id).due == beta.due + timedelta(days=14)
        row = row_text(app, "Beta Testing")
        assert "+14d" in row and "◊" in row and "◆" in row
        assert "(+14d)" in panel(app) and "Baseline 'agreed': due " in panel(app)
        # Other projects show no moved figures.
        assert "new" not in row_text(app, "Strategy Approved")
        slips = demo_store.slips(beta.id)
        assert [(x.days, x.reason) for x in slips] == [(7, ""), (7, slips[1].reason)]
        assert "[b]bold[/b]" in slips[1].reason and "\x1b" not in slips[1].reason
        # Escape on the question leaves the milestone where it is.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(demo_store.slips(beta.id)) == 2
        # Hide it again.
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert screen.baselines == {}
        assert "moved" not in lines(app)[1]


async def test_the_plan_as_of_a_past_date(make_app: MakeApp, demo_store: Store) -> None:
    freeze = by_title(demo_store, "Feature Freeze")
    demo_store.edit_milestone(freeze.id, None, due=date(2026, 12, 5), reason="Scope grew")
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Feature Freeze")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")  # no baseline saved: the past date comes first
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        app.screen.query_one(Input).value = "-1d"
        await pilot.press("enter")
        await settle(pilot)
        assert "+7d" in row_text(app, "Feature Freeze")
        assert "Baseline as of 2026-11-21 23:59: due Sat 28 Nov 2026 → Sat 05 Dec 2026" in panel(
            app
        )


async def test_slips_in_the_detail_and_on_the_dashboard(
    make_app: MakeApp, demo_store: Store
) -> None:
    alpha = by_title(demo_store, "Alpha Launch")
    demo_store.shift_milestone(alpha.id, 14, reason=HOSTILE)
    app = make_app(mode="dashboard")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one("#t-slipped", DataTable)
        cells = [str(c) for c in table.get_row_at(0)]
        assert cells[0] == "+14d" and cells[1] == f"#{alpha.id} Alpha Launch"
        assert cells[2] == "lead" and cells[3] == "REL"
        assert "[b]bold[/b]" in cells[4] and "\x1b" not in cells[4]
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        text = str(app.screen.query_one("#d-fields").render())
        assert "Slipped 1 time, +14d in all:" in text
        assert "lead moved it" in text and "(+14d): Vendor" in text and "\x1b" not in text


async def test_at_80_columns_the_question_says_how_to_save_one_whole(make_app: MakeApp) -> None:
    """With no baseline saved, the picker's question names the command, wrapped, not cut."""
    from textual.widgets import Static

    app = make_app(mode="timeline")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, "Beta Testing")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        question = app.screen.query_one(".dialog--question", Static)
        assert question.size.height >= 2  # wrapped onto a second line
        shown = " ".join(
            "".join(s.text for s in question.render_line(y)) for y in range(question.size.height)
        )
        assert "mstui baseline save REL)" in " ".join(shown.split()), shown
