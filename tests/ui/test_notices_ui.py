"""Notices in the app: the comment box completes @logins, a colleague's hand-over pops up
in my running app and sits in my inbox, and opening it opens the milestone."""

from __future__ import annotations

from textual.widgets import Label, TextArea

from mstui.screens.alerts import AlertsScreen
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.forms.work import CommentForm
from mstui.store import AlertFilter, Store
from tests.ui.conftest import LEAD, MakeApp, settle
from tests.ui.helpers import by_title, mstui_app, open_detail, table_rows


async def test_the_comment_box_completes_a_login_and_the_person_is_told(
    make_app: MakeApp, demo_store: Store, other_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_detail(pilot, demo_store, "Material Delivery")
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CommentForm)
        await pilot.press(*"Ask @bo")
        assert str(form.query_one("#comment-hint", Label).render()) == "@bo: bob (tab completes)"
        await pilot.press("tab", *"about the crane")
        assert form.query_one("#comment", TextArea).text == "Ask @bob about the crane"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
    (told,) = [a for a in other_store.list_alerts(AlertFilter()) if a.kind == "mentioned"]
    assert told.message.startswith("Lee Lead mentioned you on #") and screen.mid == told.subject_id
    assert "“Ask @bob about the crane”" in told.message


async def test_a_colleagues_hand_over_pops_up_and_opens_the_milestone(
    make_app: MakeApp, demo_store: Store, other_store: Store
) -> None:
    m = by_title(demo_store, "Campaign Live")
    other_store.edit_milestone(m.id, None, owner="bob")  # bob takes it on first
    app = make_app(mode="alerts")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        host = mstui_app(pilot)
        other_store.edit_milestone(m.id, None, owner=LEAD.login)  # and hands it to me
        host._watch_changes()  # what the timer does, within a second
        await settle(pilot)
        said = [str(n.message) for n in host._notifications]
        assert f"Bob Baker handed you #{m.id} Campaign Live (MKT), due" in " ".join(said)
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        rows = table_rows(screen, "alerts")
        assert any("assigned" in " ".join(r) and "Bob Baker handed you" in " ".join(r)
                   for r in rows), rows  # fmt: skip
        await pilot.press("k")  # the list is newest first: the notice is on top
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen) and app.screen.mid == m.id
