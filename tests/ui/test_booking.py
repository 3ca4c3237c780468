"""Booking resources from the milestone detail (`r`), and the conflict it makes on the dashboard."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList

from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.forms.resource import BookingForm
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import error_of, open_detail, table_rows


async def test_book_a_new_resource_and_remove_a_booking(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        detail = await open_detail(pilot, demo_store, "Assets Created")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, BookingForm)
        booked = form.query_one("#booked", SelectionList)
        assert booked.option_count == 1 and "Design studio on task #4 Write copy" in str(
            booked.get_option_at_index(0).prompt
        )
        form.query_one("#resource", Input).value = "Print shop"
        form.query_one("#amount", Input).value = "lots"
        form.query_one("#end", Input).value = "someday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert 'amount: not a number (got "lots")' in error_of(form, "amount")
        assert 'got "someday"' in error_of(form, "end")
        assert demo_store.list_bookings(milestone_id=detail.mid)[0].resource == "Design studio"
        form.query_one("#amount", Input).value = "1"
        form.query_one("#end", Input).value = ""
        form.query_one("#kind", Select).value = "equipment"
        form.query_one("#capacity", Input).value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        new = [b for b in demo_store.list_bookings("Print shop")]
        assert [(b.milestone_id, b.task_id, b.amount) for b in new] == [(detail.mid, None, 1.0)]
        assert demo_store.resource(demo_store.find_resource("print shop")).kind == "equipment"
        # Untick the studio's booking: it goes; nothing new is booked.
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        studio = next(b.id for b in demo_store.list_bookings("Design studio"))
        form.query_one("#booked", SelectionList).deselect(studio)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_store.list_bookings("Design studio") == []


async def test_a_booking_over_capacity_shows_on_the_dashboard(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_detail(pilot, demo_store, "Feature Freeze")
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        form.query_one("#resource", Input).value = "tower crane"  # any case finds it
        form.query_one("#start", Input).value = "today"
        form.query_one("#end", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("1")
        await settle(pilot)
        rows = table_rows(app.screen, "t-conflicts")
        assert rows[0][:3] == ["Tower crane", "22 Nov–25 Nov", "✖ 3 / 1"]
        assert rows[0][3].splitlines() == [
            "milestone #10 Material Delivery",
            "task #11 Roof panels shipped",
            "milestone #13 Feature Freeze",
        ]
