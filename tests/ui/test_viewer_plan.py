"""A viewer on the Timeline and the Targets: the moves, figures and target edits are not
offered (footer, palette), the screen's line says "read-only: viewer on KEY", and a key
pressed anyway gets the store's refusal and writes nothing."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from mstui.screens.targets import TargetsScreen
from mstui.screens.timeline import TimelineScreen
from mstui.store import Store
from mstui.widgets.gantt_panel import GanttInfo
from tests.ui.conftest import MakeApp, ViewerApp, settle
from tests.ui.helpers import by_title
from tests.ui.test_timeline import select


def offered(app: App[Any]) -> set[str]:
    return {b.binding.action for b in app.screen.active_bindings.values()}


async def palette_lists(pilot: Pilot[Any], typed: str) -> str:
    """What the command palette lists for `typed`."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await settle(pilot)
    options = palette.query_one(CommandList)
    return "\n".join(
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    )


def said(app: App[Any]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_viewer_on_the_timeline_reads_and_cannot_move(
    viewer_app: ViewerApp, demo_store: Store
) -> None:
    freeze = by_title(demo_store, "Feature Freeze")
    app = viewer_app(freeze.project, mode="timeline")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Feature Freeze")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        info = str(screen.query_one(GanttInfo).render())
        assert f"read-only: viewer on {freeze.project}" in info
        assert "[ ] move" not in info
        for action in ("shift(1)", "shift(-1)", "resize(1)", "resize(-1)"):
            assert action not in offered(app), action
        assert "zoom(1)" in offered(app)  # reading is all there
        await pilot.press("right_square_bracket", "left_curly_bracket")
        await settle(pilot)
        assert f"needs editor on {freeze.project} (you are viewer)" in said(app), said(app)
        assert demo_store.milestone(freeze.id).due == freeze.due
        listed = await palette_lists(pilot, "timeline: ")
        assert "zoom in" in listed
        assert "move the selected item" not in listed


async def test_the_lead_on_the_timeline_is_offered_the_moves(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await select(pilot, "Feature Freeze")
        assert "[ ] move" in str(app.screen.query_one(GanttInfo).render())
        assert {"shift(1)", "resize(1)"} <= offered(app)
        assert "move the selected item" in await palette_lists(pilot, "timeline: move")


async def test_a_viewer_on_the_targets_reads_and_cannot_record_or_change(
    viewer_app: ViewerApp, demo_store: Store
) -> None:
    target = demo_store.list_targets()[0]
    assert target.project is not None
    app = viewer_app(target.project, mode="targets")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        summary = str(screen.query_one("#targets-summary", Static).render())
        assert f"read-only: viewer on {target.project}" in summary
        for action in ("record", "edit", "checkpoints", "link", "delete"):
            assert action not in offered(app), action
        refusal = f"needs editor on {target.project} (you are viewer)"
        for key in ("r", "e", "c", "l"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key  # no form opened
        assert said(app).count(refusal) == 4, said(app)
        figures = screen.query_one("#t-measurements", DataTable)
        figures.focus()
        await settle(pilot)
        await pilot.press("enter", "delete")  # correct, remove: refused too
        await settle(pilot)
        assert app.screen is screen
        assert said(app).count(refusal) == 6, said(app)
        after = demo_store.list_targets()[0]
        assert (after.version, after.entries) == (target.version, target.entries)
