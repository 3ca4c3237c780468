"""The project screen: details, members and roles; its lead changes them, others read."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Role
from mstui.identity import Account
from mstui.screens.dialogs.simple import AskText, PickOne
from mstui.screens.project_screen import ProjectScreen
from mstui.store import Store, open_store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import table_rows

VIEWER = Account("vera", "Vera Viewer")


def roles(store: Store, key: str) -> dict[str, Role]:
    return {m.login: m.role for m in store.members(key)}


def project_key(store: Store) -> str:
    return store.list_projects()[0].key


async def open_project(app: MstuiApp, key: str) -> ProjectScreen:
    screen = ProjectScreen(key)
    await app.push_screen(screen)
    return screen


async def test_the_lead_adds_a_member_and_makes_them_an_editor(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings, ui_clock: FrozenClock
) -> None:
    open_store(ui_settings, ui_clock, VIEWER).me_id()  # vera has run mstui once
    key = project_key(demo_store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_project(app, key)
        await settle(pilot)
        details = str(screen.query_one("#project-details", Static).render())
        assert key in details
        assert "read-only" not in str(screen.query_one("#project-access", Static).render())
        assert "lead" in [row[0] for row in table_rows(screen, "members")]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        app.screen.query_one("#answer", Input).value = "vera"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        await pilot.press("down", "enter")  # editor, viewer: the viewer
        await settle(pilot)
        assert roles(demo_store, key)["vera"] is Role.VIEWER
        logins = [row[0] for row in table_rows(screen, "members")]
        table = screen.query_one("#members", DataTable)
        table.move_cursor(row=0)
        await pilot.press(*["j"] * logins.index("vera"))  # j/k move as on every list
        assert table.cursor_row == logins.index("vera")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert roles(demo_store, key)["vera"] is Role.EDITOR
        assert ["vera", "Vera Viewer", "editor"] in table_rows(screen, "members")
        await pilot.press("u")
        await settle(pilot)
        assert roles(demo_store, key)["vera"] is Role.VIEWER


async def test_a_viewer_reads_the_project_and_is_not_offered_its_keys(
    demo_store: Store, ui_settings: Settings, ui_clock: FrozenClock, tmp_path: Path
) -> None:
    viewer = open_store(ui_settings, ui_clock, VIEWER)
    viewer.me_id()
    key = project_key(demo_store)
    demo_store.add_member(key, "vera", Role.VIEWER)
    app = MstuiApp(
        lambda: open_store(ui_settings, ui_clock, VIEWER), watch_interval=3600, mode="kanban"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_project(app, key)
        await settle(pilot)
        access = str(screen.query_one("#project-access", Static).render())
        assert access == f"read-only: viewer on {key}"
        keys = {b.binding.key for b in app.active_bindings.values()}
        assert not {"a", "r", "delete"} & keys, keys
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
    assert roles(demo_store, key)["vera"] is Role.VIEWER


async def test_the_palette_opens_a_project_screen(make_app: MakeApp, demo_store: Store) -> None:
    key = project_key(demo_store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*f"Members of {key}")
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.key == key


async def test_adding_a_login_that_is_no_account_says_so_and_adds_nobody(
    make_app: MakeApp, demo_store: Store
) -> None:
    key = project_key(demo_store)
    before = roles(demo_store, key)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_project(app, key)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#answer", Input).value = "no-such-login-here"
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is screen
        said = [str(n.message) for n in app._notifications]
        assert any(
            s.startswith(f"Add no-such-login-here editor on {key}: ") and "no such account" in s
            for s in said
        ), said
    assert roles(demo_store, key) == before


async def test_i_on_the_dashboard_project_table_opens_the_project_screen(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#t-project", DataTable)
        table.focus()
        table.move_cursor(row=1)  # row 0 is "All projects"
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.key in {p.key for p in demo_store.list_projects()}
