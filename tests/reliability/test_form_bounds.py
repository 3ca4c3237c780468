"""The forms refuse what the app cannot draw or compute with, inline, keeping what was typed."""

from __future__ import annotations

from textual.widgets import Input

from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title, error_of, open_detail


async def test_a_date_past_2199_and_a_cost_past_1e15_are_inline_errors(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#due", Input).value = "9999-12-31"
        form.query_one("#cost_estimate", Input).value = "1e16"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Due: use a date from 1900-01-01 to 2199-12-31" in error_of(form, "due")
        assert 'got "1e16"' in error_of(form, "cost_estimate")
        assert form.query_one("#due", Input).value == "9999-12-31"
        assert by_title(demo_store, "Beta Testing").version == 1  # nothing written
