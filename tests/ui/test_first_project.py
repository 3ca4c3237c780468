"""From an empty database to a first project and milestone, in the app itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.screens.forms.milestone import MilestoneForm
from mstui.screens.forms.project import ProjectForm
from mstui.store import Store, open_store
from tests.ui.conftest import LEAD, settle
from tests.ui.helpers import error_of, mstui_app


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "empty.db"), timezone="UTC")


def empty_app(settings: Settings, clock: FrozenClock, mode: str = "kanban") -> MstuiApp:
    return MstuiApp(lambda: open_store(settings, clock, LEAD), watch_interval=3600, mode=mode)


def check(settings: Settings, clock: FrozenClock) -> Store:
    return open_store(settings, clock, Account("lead", "Lee Lead"))


async def test_n_on_an_empty_board_makes_a_project_then_a_milestone(
    empty_settings: Settings, ui_clock: FrozenClock
) -> None:
    app = empty_app(empty_settings, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = str(app.screen.query_one("#filters").render())
        assert "No projects yet" in board and "press n" in board
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProjectForm)
        form.query_one("#key", Input).value = "web"
        form.query_one("#name", Input).value = "Website relaunch"
        form.query_one("#end", Input).value = "2026-12-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        form2 = app.screen
        assert isinstance(form2, MilestoneForm), type(form2)
        await pilot.press(*"Launch")
        form2.query_one("#due", Input).value = "2026-12-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MilestoneForm)
        said = [n.message for n in mstui_app(pilot)._notifications]
        assert any("Launch" in s for s in said), said
    store = check(empty_settings, ui_clock)
    try:
        [project] = store.list_projects()
        assert (project.key, project.name, project.lead) == ("WEB", "Website relaunch", "lead")
        [m] = store.list_milestones()
        assert (m.title, m.project, m.due.isoformat()) == ("Launch", "WEB", "2026-12-15")
    finally:
        store.db.close()


@pytest.mark.parametrize("mode", ["dashboard", "timeline"])
async def test_the_empty_screens_say_what_to_do_first(
    empty_settings: Settings, ui_clock: FrozenClock, mode: str
) -> None:
    app = empty_app(empty_settings, ui_clock, mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = " ".join(str(w.render()) for w in app.screen.query("Static, Label"))
        assert "No projects yet — press n to create one" in text


async def test_new_milestone_in_the_palette_on_an_empty_database_offers_a_project(
    empty_settings: Settings, ui_clock: FrozenClock
) -> None:
    app = empty_app(empty_settings, ui_clock, "dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.run_action("new_milestone")
        await settle(pilot)
        assert isinstance(app.screen, ProjectForm)


async def test_the_milestone_form_without_projects_says_so_instead_of_crashing(
    empty_settings: Settings, ui_clock: FrozenClock
) -> None:
    from datetime import date

    from mstui.screens.forms.milestone_fields import FormContext

    def refuse(values: object, version: object) -> object:
        raise AssertionError("no save without a project")

    app = empty_app(empty_settings, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = MilestoneForm(FormContext(today=date(2026, 11, 22), people=[]), refuse)  # type: ignore[arg-type]
        await app.push_screen(form)
        await settle(pilot)
        await pilot.press(*"Launch")
        form.query_one("#due", Input).value = "2026-12-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Project: pick one" in error_of(form, "project")
