"""Esc on a form asks before it throws away what was typed; an untouched form just closes."""

from __future__ import annotations

import threading

from textual.widgets import Input, TextArea

from mstui.domain.enums import Status
from mstui.screens.dialogs.simple import ConfirmDialog
from mstui.screens.forms.milestone import MilestoneForm
from mstui.screens.forms.work import CommentForm
from mstui.screens.kanban import KanbanScreen
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title, select


async def test_esc_on_an_untouched_form_closes_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)


async def test_esc_after_typing_asks_and_can_go_back_to_the_form(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MilestoneForm)
        await pilot.press("end", *" two")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # back to the form, typing intact
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Beta Testing two"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert by_title(demo_store, "Beta Testing").title == "Beta Testing"


async def test_a_new_milestone_form_with_a_title_asks_too(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneForm)
        await pilot.press(*"Launch party")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)


async def test_esc_while_saving_waits_for_the_save(make_app: MakeApp) -> None:
    """A save waiting on a busy database is not raced by Esc: the save closes the form."""
    release = threading.Event()
    saved: list[dict[str, object]] = []
    closed: list[object] = []

    def slow_save(values: dict[str, object]) -> object:
        release.wait(10)
        saved.append(values)
        return True

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        form = CommentForm(slow_save)
        app.push_screen(form, closed.append)
        await pilot.pause()
        form.query_one("#comment", TextArea).load_text("Site ready")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form  # no discard dialog over a save in flight
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert [v["body"] for v in saved] == ["Site ready"] and closed == [True]
