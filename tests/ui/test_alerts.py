"""Alerts in the app: the timer's scan with a moved clock, toasts, the Alerts screen."""

from __future__ import annotations

from typing import Any

import pendulum
from textual.app import App
from textual.widgets import DataTable, OptionList

from mstui.clock import FrozenClock
from mstui.screens.alerts import AlertsScreen
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.dialogs.simple import PickOne
from mstui.store import AlertFilter, Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title


def toasts(app: App[Any]) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_a_milestone_turning_overdue_pops_a_toast_for_its_owner(
    make_app: MakeApp, demo_store: Store, ui_clock: FrozenClock
) -> None:
    freeze = by_title(demo_store, "Feature Freeze")  # the lead's own, due 2026-11-28
    app = make_app()
    app.MAX_TOASTS = 20  # one toast per alert here; the burst summary is tested below
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the start-up scan has run
        assert not any("Feature Freeze" in t and "Missed" in t for t in toasts(app))
        ui_clock.set(pendulum.datetime(2026, 11, 29, 9, 0, tz="UTC"))  # the day after
        app.run_alert_scan()  # what the timer does every alert_interval_seconds
        await settle(pilot)
        missed = [t for t in toasts(app) if "Missed" in t and "Feature Freeze" in t]
        assert missed, toasts(app)
        header = str(app.screen.query_one("#header-right").render())
        assert "unread alert" in header
        app.run_alert_scan()  # the same moment again raises nothing new
        await settle(pilot)
        assert len([t for t in toasts(app) if "Missed" in t and "Feature Freeze" in t]) == 1
    alerts = demo_store.list_alerts(AlertFilter(kinds=("missed",)))
    assert [a.subject_id for a in alerts if a.subject_id == freeze.id] == [freeze.id]


async def test_an_alert_raised_by_another_process_reaches_the_app(
    make_app: MakeApp, demo_store: Store, other_store: Store, ui_clock: FrozenClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(app._notifications)
        # Bob gives the lead a milestone due tomorrow, and his process scans.
        other_store.add_milestone(
            "BLD", "Sign the crane rental", pendulum.date(2026, 11, 23), owner="lead"
        )
        other_store.scan()  # e.g. cron's `mstui check`, or a colleague's app
        app._watch_changes()  # the one-second watcher notices the commit
        await settle(pilot)
        new = toasts(app)[before:]
        assert any("Sign the crane rental" in t and t.startswith("Alert · BLD") for t in new), new


async def test_alerts_screen_acknowledge_is_per_recipient(
    make_app: MakeApp, demo_store: Store, other_store: Store, ui_clock: FrozenClock
) -> None:
    demo_store.scan()  # the demo has overdue work: the lead and owners have alerts
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        mine = demo_store.list_alerts()
        assert screen.query_one("DataTable", DataTable).row_count == len(mine) > 0
        assert [a.id for a in screen.alerts] == [a.id for a in mine]  # newest first
        missed = next(a for a in screen.alerts if a.kind == "missed")
        screen.query_one("DataTable", DataTable).move_cursor(row=screen.alerts.index(missed))
        await pilot.press("a")
        await settle(pilot)
        assert missed.id not in [a.id for a in screen.alerts]
        # The owner's copy of the same rule is theirs: still open for them.
        owner_copy = [
            a
            for a in demo_store.list_alerts(AlertFilter(everyone=True, kinds=("missed",)))
            if a.subject_id == missed.subject_id and a.recipient != "lead"
        ]
        assert owner_copy and all(a.acknowledged_at is None for a in owner_copy)
        await pilot.press("u")  # undo the acknowledgement
        await settle(pilot)
        assert missed.id in [a.id for a in demo_store.list_alerts()]


async def test_snooze_filter_and_jump(make_app: MakeApp, demo_store: Store) -> None:
    demo_store.scan()
    app = make_app(mode="alerts")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        first = screen.alerts[0]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        picker = app.screen
        picker.query_one("OptionList", OptionList).highlighted = 1  # 1 day
        await pilot.press("enter")
        await settle(pilot)
        assert first.id not in [a.id for a in screen.alerts]
        every = demo_store.list_alerts(AlertFilter(open_only=False))
        snoozed = [a for a in every if a.id == first.id]
        assert snoozed[0].snoozed_until is not None
        await pilot.press("h")  # show handled ones too
        await settle(pilot)
        assert first.id in [a.id for a in screen.alerts]
        await pilot.press("h", "f")
        await settle(pilot)
        picker = app.screen
        kinds = [value for value, _ in picker.choices]
        picker.query_one("OptionList", OptionList).highlighted = kinds.index("missed") + 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen.alerts and {a.kind for a in screen.alerts} == {"missed"}
        target = screen.alerts[0]
        screen.query_one("DataTable", DataTable).move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        assert app.screen.mid == target.subject_id


async def test_a_burst_of_alerts_is_one_summary_toast(
    make_app: MakeApp, demo_store: Store, ui_clock: FrozenClock
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(app._notifications)
        ui_clock.set(pendulum.datetime(2026, 12, 20, 9, 0, tz="UTC"))  # weeks later
        app.run_alert_scan()
        await settle(pilot)
        new = toasts(app)[before:]
        assert len(new) == 1, new
        count = len(demo_store.alerts_since(0))  # every open alert of the lead
        assert "new alerts for you" in new[0] and "escalated" in new[0]
        assert count > app.MAX_TOASTS


async def test_the_unread_toast_at_start_is_not_shown_on_the_alerts_screen(
    make_app: MakeApp, demo_store: Store
) -> None:
    demo_store.scan()
    for mode, shown in (("dashboard", True), ("alerts", False)):
        app = make_app(mode=mode)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            said = any("unread alert" in t for t in toasts(app))
            assert said is shown, (mode, toasts(app))


async def test_the_selected_alert_is_shown_whole_under_the_list(
    make_app: MakeApp, demo_store: Store
) -> None:
    demo_store.scan()
    app = make_app(mode="alerts")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        first = screen.alerts[0]
        shown = str(screen.query_one("#alert-full").render())
        assert first.message.split(":")[0] in shown
        assert first.message[-20:].replace("\n", " ") in shown.replace("\n", " ")
        await pilot.press("j")
        await pilot.pause()
        second = screen.alerts[1]
        assert second.message[:20] in str(screen.query_one("#alert-full").render())


async def test_a_long_list_holds_a_window_that_follows_the_cursor(
    make_app: MakeApp, demo_store: Store, monkeypatch: Any
) -> None:
    import mstui.screens.alerts as alerts_screen

    demo_store.scan()
    mine = demo_store.list_alerts()
    monkeypatch.setattr(alerts_screen, "WINDOW", 6)
    monkeypatch.setattr(alerts_screen, "MARGIN", 1)
    assert len(mine) > 8
    app = make_app(mode="alerts")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        table = screen.query_one("DataTable", DataTable)
        assert screen.total == demo_store.count_alerts() == len(mine)
        assert table.row_count == len(screen.alerts) == 6
        assert f"{len(mine)} open alerts" in str(screen.query_one("#filters").render())
        for _ in range(len(mine) - 1):  # down to the last, one key at a time
            await pilot.press("j")
            await settle(pilot)
        assert screen.current is not None and screen.current.id == mine[-1].id
        at = screen.first
        assert [a.id for a in screen.alerts] == [a.id for a in mine[at : at + 6]]
        assert len(screen.alerts) <= 6
        for _ in range(len(mine) - 1):  # and back up to the first
            await pilot.press("k")
            await settle(pilot)
        assert screen.first == 0 and screen.current is not None
        assert screen.current.id == mine[0].id


async def test_acknowledge_all_takes_every_alert_shown_not_only_the_window(
    make_app: MakeApp, demo_store: Store, monkeypatch: Any
) -> None:
    import mstui.screens.alerts as alerts_screen

    demo_store.scan()
    count = demo_store.count_alerts()
    monkeypatch.setattr(alerts_screen, "WINDOW", 4)
    app = make_app(mode="alerts")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")  # yes
        await settle(pilot)
        assert demo_store.count_alerts() == 0
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.count_alerts() == count
