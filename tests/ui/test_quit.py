"""q quits through its binding, and keys typed right after q (a word starting with q,
a fast typist) do nothing: the app quits cleanly instead of opening a dialog on a
screen being torn down."""

from __future__ import annotations

import pytest
from textual import events

from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


@pytest.mark.parametrize("keys", ["qus", "ques", "qest"])
async def test_keys_after_q_are_ignored(make_app: MakeApp, demo_store: Store, keys: str) -> None:
    demo_store.scan()  # alerts to snooze: "s" opens a dialog
    app = make_app(mode="alerts")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:  # all at once, as a terminal delivers a burst of typing
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
        # Still inside the test harness, which would close any app on leaving: only
        # the q binding can have set the return code by now (None: still running).
        assert app.return_code == 0
        assert len(app.screen_stack) == 1, app.screen_stack  # no dialog opened
    assert app._exception is None


async def test_q_quits_only_through_its_binding(make_app: MakeApp) -> None:
    app = make_app(keymap={"app.quit": "ctrl+q"})  # rebound: q is an ordinary key now
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code is None and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.return_code == 0
