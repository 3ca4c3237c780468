"""Two people, two apps, one file: a viewer's move is refused, the lead makes them an
editor on the project screen, and the same move then succeeds and shows on the lead's board."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.identity import Account
from mstui.screens.dialogs.simple import PickOne
from mstui.screens.project_screen import ProjectScreen
from mstui.store import Store, open_store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import column, mstui_app, select, table_rows, titles

VERA = Account("vera", "Vera Viewer")


def said(pilot: Pilot[Any]) -> list[str]:
    return [str(n.message) for n in mstui_app(pilot)._notifications]


def vera_app(settings: Settings, clock: FrozenClock) -> MstuiApp:
    """Vera's own app on the same file (another process, in real life)."""
    return MstuiApp(lambda: open_store(settings, clock, VERA), watch_interval=3600, mode="kanban")


async def test_a_viewer_move_is_refused_until_the_lead_makes_them_an_editor(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings, ui_clock: FrozenClock
) -> None:
    vera_store = open_store(ui_settings, ui_clock, VERA)
    vera_store.me_id()
    lead_app = make_app()
    async with lead_app.run_test(size=(140, 40)) as lead:
        await settle(lead)
        title = column(lead_app, Status.PLANNED).cards[0].milestone.title
        m = next(x for x in demo_store.list_milestones() if x.title == title)
        demo_store.add_member(m.project, "vera", "viewer")
        async with vera_app(ui_settings, ui_clock).run_test(size=(140, 40)) as vera:
            await settle(vera)
            await select(vera, Status.PLANNED, title)
            await vera.press("shift+right")
            await settle(vera)
            needs = f"needs editor on {m.project} (you are viewer)"
            assert any(needs in s for s in said(vera)), said(vera)
            assert demo_store.milestone(m.id).status is Status.PLANNED

        # Two apps share this test's task: the one whose run_test was entered last is the
        # "active app" its widgets resolve, so the lead acts only while Vera's is closed
        # (as two processes, each is its own active app).
        screen = ProjectScreen(m.project)
        await lead_app.push_screen(screen)
        await settle(lead)
        logins = [row[0] for row in table_rows(screen, "members")]
        screen.query_one("#members", DataTable).move_cursor(row=logins.index("vera"))
        await lead.press("r")
        await settle(lead)
        assert isinstance(lead_app.screen, PickOne)
        await lead.press("up", "enter")  # viewer → editor
        await settle(lead)
        assert ["vera", "Vera Viewer", "editor"] in table_rows(screen, "members")

        async with vera_app(ui_settings, ui_clock).run_test(size=(140, 40)) as vera:
            await settle(vera)
            await select(vera, Status.PLANNED, title)
            await vera.press("shift+right")
            await settle(vera)
            assert demo_store.milestone(m.id).status is Status.IN_PROGRESS, said(vera)

        await lead.press("escape")
        lead_app._watch_changes()
        await settle(lead)
        assert title in titles(lead_app, Status.IN_PROGRESS)
