"""Keys typed right after q (a word starting with q, a fast typist) do nothing:
the app quits cleanly instead of opening a dialog on a screen being torn down."""

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
    assert app.return_code in (0, None)
    assert app._exception is None
