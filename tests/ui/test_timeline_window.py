"""The timeline holds the plans of the projects near the screen, not all of them."""

from __future__ import annotations

from mstui.screens.timeline import TimelineScreen
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


async def test_plans_scrolled_far_away_are_let_go_and_come_back(
    make_app: MakeApp, demo_store: Store
) -> None:
    for n in range(12):  # enough projects that the first is far from the last
        key = f"P{n:02d}"
        demo_store.add_project(key, f"Project {n}")
        for i in range(4):
            demo_store.add_milestone(key, f"Step {i} of {key}", demo_store.today())
    app = make_app(mode="timeline")
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        total = screen.outline.total
        first = screen.projects[0].id
        assert first in screen.plans
        assert total == sum(1 + p.item_rows for p in screen.projects)
        for _ in range(12):
            await pilot.press("pagedown")
            await settle(pilot)
        assert first not in screen.plans  # far above: let go
        assert screen.outline.total == total  # its counts keep its rows
        row = screen.current
        assert row is not None and row.project.id in screen.plans  # what is on screen loaded
        assert row.project.id == screen.projects[-1].id
        for _ in range(12):
            await pilot.press("pageup")
            await settle(pilot)
        assert first in screen.plans and screen.outline.total == total
        assert screen.current is not None and screen.current.project.id == first
