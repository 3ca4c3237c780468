"""Screens mounted in the background while the app is idle (mstui/screens/warming.py).

The app the command line starts warms its other screens once nobody has pressed a
key for a moment; showing one then loads nothing: it was loaded when it mounted.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from mstui.app import SCREENS, MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.screens import warming
from mstui.store import Store, open_store
from tests.raw import rows
from tests.ui.conftest import LEAD, settle
from tests.ui.helpers import count_loads, titles


def warm_app(settings: Settings, clock: FrozenClock) -> MstuiApp:
    return MstuiApp(
        lambda: open_store(settings, clock, LEAD), watch_interval=3600, mode="timeline", warm=True
    )


async def test_idle_mounts_every_screen_and_showing_one_loads_nothing(
    ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_store.scan()  # alerts raised already: none arrive to reload for
    monkeypatch.setattr(warming, "IDLE", 0.05)
    monkeypatch.setattr(warming, "TICK", 0.02)
    monkeypatch.setattr("mstui.app.gc.freeze", lambda: None)  # not in a test process
    loads = count_loads(monkeypatch)
    app = warm_app(ui_settings, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await settle(pilot)
            if app._warmer is not None and not app._warmer.pending:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert set(app._screen_stacks) == set(SCREENS)
        assert sorted(loads) == sorted(
            ["TimelineScreen", "DashboardScreen", "KanbanScreen", "TargetsScreen", "AlertsScreen"]
        )
        assert app.screen.__class__.__name__ == "TimelineScreen"  # still what was shown
        # Laid out for the terminal it will be shown in (its breakpoint class set), so
        # the first show is not a narrow layout and then a wide one.
        assert app._screen_stacks["dashboard"][0].has_class("-wide")
        loads.clear()
        await pilot.press("2")
        await settle(pilot)
        assert loads == []  # loaded when it mounted; nothing changed since
        assert str(app.screen.query_one("#header-left", Static).render()) == "mstui ▸ Kanban"
        assert "Alpha Launch" in titles(app, Status.PLANNED)
        # A change made there reaches the others when they are shown, as before.
        await pilot.press("1")
        await settle(pilot)
        assert str(app.screen.query_one("#header-left", Static).render()) == "mstui ▸ Dashboard"


async def test_keys_put_warming_off(
    ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warming, "IDLE", 0.4)
    monkeypatch.setattr(warming, "TICK", 0.02)
    monkeypatch.setattr("mstui.app.gc.freeze", lambda: None)  # not in a test process
    app = warm_app(ui_settings, ui_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        before = set(app._screen_stacks)
        for _ in range(20):  # someone typing: a key every 0.1 s
            await pilot.press("j")
            await pilot.pause(0.1)
        assert set(app._screen_stacks) == before  # nothing mounted while keys came
        for _ in range(100):  # and once they stop, the rest
            await pilot.pause(0.05)
            if set(app._screen_stacks) == set(SCREENS):
                break
        assert set(app._screen_stacks) == set(SCREENS)


def scan_mark(settings: Settings) -> str:
    """When the alert scan's watermark says the last scan ran."""
    [(at,)] = rows(settings.db, "SELECT last_scan_at FROM alertscan")
    return str(at)


async def test_a_scan_that_changes_no_alert_reloads_no_screen(
    ui_settings: Settings,
    ui_clock: FrozenClock,
    demo_store: Store,
    other_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app's own alert scan writes where it got to; when it raised, resolved and
    reopened nothing, no screen reads its data again (a change by someone else still
    reloads the screen shown)."""
    demo_store.scan()  # every alert raised already: the app's scan finds nothing new
    loads = count_loads(monkeypatch)
    app = MstuiApp(lambda: open_store(ui_settings, ui_clock, LEAD), watch_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        loads.clear()
        ui_clock.advance(minutes=61)  # the next scan writes where it got to (an hour on)
        mark = scan_mark(ui_settings)
        for _ in range(3):
            app.run_alert_scan()
            await settle(pilot)
            await pilot.pause(0.2)  # four ticks of the watcher
            await settle(pilot)
        assert app.store is not None and app.store.last_scan is not None
        assert app.store.last_scan.inserted == 0
        assert scan_mark(ui_settings) != mark  # the app's scan wrote (a commit)
        assert loads == []
        other_store.add_comment(other_store.list_milestones()[0].id, "seen by the watcher")
        for _ in range(20):
            await pilot.pause(0.1)
            if loads:
                break
        assert loads == ["DashboardScreen"]
