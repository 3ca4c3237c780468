"""The project form from the palette: "New project" and "Edit project KEY"."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input

from mstui.screens.forms.project import ProjectForm
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import error_of


async def palette(pilot: Pilot[Any], words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*words)
    await settle(pilot)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
async def test_new_project_from_the_palette_fits_and_saves(
    make_app: MakeApp, demo_store: Store, size: tuple[int, int]
) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await palette(pilot, "new project")
        form = app.screen
        assert isinstance(form, ProjectForm)
        save = form.query_one("#save", Button).region
        assert save.height > 0 and save.bottom <= size[1] and save.right <= size[0]
        await pilot.press(*"ops")
        form.query_one("#name", Input).value = "Operations"
        form.query_one("#budget", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "budget" in error_of(form, "budget")
        assert form.query_one("#name", Input).value == "Operations"  # kept
        form.query_one("#budget", Input).value = "12,500"
        form.query_one("#timezone", Input).value = "Europe/Paris"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectForm)
    ops = demo_store.project("OPS")
    assert (ops.name, ops.budget, ops.timezone, ops.lead) == (
        "Operations",
        12500,
        "Europe/Paris",
        "lead",
    )


async def test_a_key_in_use_is_said_under_the_key(make_app: MakeApp) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "new project")
        form = app.screen
        assert isinstance(form, ProjectForm)
        await pilot.press(*"mkt")
        form.query_one("#name", Input).value = "Again"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "exists" in error_of(form, "key")


async def test_edit_project_from_the_palette(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "edit project MKT")
        form = app.screen
        assert isinstance(form, ProjectForm)
        assert form.query_one("#name", Input).value == demo_store.project("MKT").name
        form.query_one("#name", Input).value = "Marketing, renamed"
        form.query_one("#end", Input).value = "2000-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "before the start" in error_of(form, "end")
        form.query_one("#end", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectForm)
    mkt = demo_store.project("MKT")
    assert (mkt.name, mkt.end) == ("Marketing, renamed", None)
