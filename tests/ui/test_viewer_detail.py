"""A viewer on a milestone's detail: the keys that write are not offered, the detail
says "read-only: viewer on KEY", a key pressed anyway gets the store's refusal and
writes nothing, and commenting (a viewer's right) still works."""

from __future__ import annotations

from textual.widgets import Static

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.identity import Account
from mstui.screens.detail.screen import MilestoneScreen
from mstui.store import Store, open_store
from tests.ui.conftest import ViewerApp, settle


async def test_a_viewer_reads_a_milestone_and_is_not_offered_its_writes(
    demo_store: Store, viewer_app: ViewerApp
) -> None:
    m = next(x for x in demo_store.list_milestones() if x.status is Status.PLANNED)
    tasks_before = len(demo_store.milestone_detail(m.id).tasks)
    app = viewer_app(m.project, mode="kanban")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.push_screen(MilestoneScreen(m.id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MilestoneScreen)
        fields = str(screen.query_one("#d-fields", Static).render())
        assert f"read-only: viewer on {m.project}" in fields
        offered = {b.binding.action for b in screen.active_bindings.values()}
        for action in ("done", "block", "add_task", "depends", "attach", "book"):
            assert action not in offered, action
        assert "comment" in offered and "back" in offered
        for key in ("x", "t"):
            await pilot.press(key)
            await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert f"needs editor on {m.project} (you are viewer)" in said, said
        assert app.screen is screen  # no form, no dialog opened
        after = demo_store.milestone_detail(m.id)
        assert after.milestone.status is Status.PLANNED
        assert len(after.tasks) == tasks_before


async def test_an_editor_is_offered_the_writes_and_sees_no_read_only_line(
    demo_store: Store, ui_settings: Settings, ui_clock: FrozenClock
) -> None:
    m = next(x for x in demo_store.list_milestones() if x.status is Status.PLANNED)
    app = MstuiApp(lambda: open_store(ui_settings, ui_clock, Account("lead", "Lee Lead")),
                   watch_interval=3600, mode="kanban")  # fmt: skip
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.push_screen(MilestoneScreen(m.id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MilestoneScreen)
        assert "read-only" not in str(screen.query_one("#d-fields", Static).render())
        offered = {b.binding.action for b in screen.active_bindings.values()}
        assert {"done", "block", "add_task"} <= offered
