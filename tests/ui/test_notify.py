"""Desktop notifications from the running app: what it writes to the terminal when new
alerts arrive, with the setting `notify` on and off."""

from __future__ import annotations

import dataclasses

import pendulum
import pytest

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.store import Store, open_store
from tests.ui.conftest import LEAD, settle

E, B = "\x1b", "\x07"


def app_with(settings: Settings, clock: FrozenClock, notify: str) -> MstuiApp:
    chosen = dataclasses.replace(settings, notify=notify)
    return MstuiApp(lambda: open_store(chosen, clock, LEAD), watch_interval=3600)


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app sends to its terminal (the writer it uses, captured)."""
    out: list[str] = []
    monkeypatch.setattr(MstuiApp, "write_to_terminal", lambda self, data: out.append(data))
    monkeypatch.delenv("TMUX", raising=False)
    return out


async def test_osc9_a_new_alert_notifies_the_desktop(
    ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store, written: list[str]
) -> None:
    app = app_with(ui_settings, ui_clock, "osc9")
    app.MAX_TOASTS = 20  # one toast per alert: the notification is the first toast's
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the start-up scan raised the demo's alerts: one notification
        assert len(written) == 1 and written[0].startswith(f"{E}]9;Alert · ")
        ui_clock.set(pendulum.datetime(2026, 11, 29, 9, 0, tz="UTC"))  # Feature Freeze missed
        app.run_alert_scan()
        await settle(pilot)
        assert len(written) == 2
        # The first toast of the batch (the oldest alert), in OSC 9.
        assert written[1] == (
            f"{E}]9;Alert · MKT: Missed: #2 Assets Created (MKT) was due 2026-11-24 "
            f"and is not done{B}"
        )
        app.run_alert_scan()  # nothing new: nothing written
        await settle(pilot)
        assert len(written) == 2


async def test_a_burst_is_one_notification_and_tmux_wraps_it(
    ui_settings: Settings,
    ui_clock: FrozenClock,
    demo_store: Store,
    written: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    app = app_with(ui_settings, ui_clock, "osc777")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(written) == 1
        assert written[0].startswith(f"{E}Ptmux;{E}{E}]777;notify;Alerts;")
        assert "new alerts for you" in written[0] and written[0].endswith(f"{B}{E}\\")


async def test_off_writes_nothing(
    ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store, written: list[str]
) -> None:
    app = app_with(ui_settings, ui_clock, "off")
    app.MAX_TOASTS = 20
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        ui_clock.set(pendulum.datetime(2026, 11, 29, 9, 0, tz="UTC"))
        app.run_alert_scan()
        await settle(pilot)
        assert any("Missed: #13 Feature Freeze" in n.message for n in app._notifications)
    assert written == []


async def test_headless_writes_nothing_to_the_driver(
    ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store
) -> None:
    """The real writer: Textual's driver, and never in a headless run."""
    app = app_with(ui_settings, ui_clock, "osc9")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sent: list[str] = []
        assert app._driver is not None
        app._driver.write = sent.append  # type: ignore[method-assign,assignment]
        app.write_to_terminal(f"{E}]9;x{B}")
        assert sent == []
