"""A database with a newer schema than this program opens read-only, and the app still
starts on it, even for someone it has never seen (who cannot be recorded there)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store
from tests.ui.conftest import LEAD, settle


def stamp_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("account", [Account("carol", "Carol Chu"), LEAD], ids=["new", "known"])
async def test_the_app_starts_read_only_on_a_newer_schema(
    demo_store: Store, ui_settings: Settings, ui_clock: FrozenClock, account: Account
) -> None:
    demo_store.db.close()
    path = Path(ui_settings.db)
    stamp_newer(path)
    opened: list[Store] = []

    def open_it() -> Store:
        store = open_store(ui_settings, ui_clock, account)
        opened.append(store)
        return store

    app = MstuiApp(open_it, watch_interval=3600, mode="kanban")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.error_message == ""
            assert app.store is not None and app.store.db.read_only
            assert app.db_label.endswith("(read-only)")
            assert app.login == account.login
            for screen in ("dashboard", "alerts", "targets", "timeline", "kanban"):
                await pilot.press({"dashboard": "1", "kanban": "2", "timeline": "3",
                                   "targets": "4", "alerts": "5"}[screen])  # fmt: skip
                await settle(pilot)
                assert app.error_message == ""
            assert app.is_running
            said = [f"{n.title}: {n.message}" for n in app._notifications]
            assert not [t for t in said if "schema" in t or "read-only" in t], said
    finally:
        for store in opened:
            store.db.close()
    conn = sqlite3.connect(path)
    try:
        logins = {login for (login,) in conn.execute("SELECT login FROM person")}
    finally:
        conn.close()
    assert "carol" not in logins  # nothing was written
