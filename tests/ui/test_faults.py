"""Faults of ours are never silent: a failing alert scan is logged and said once,
a worker that raises becomes one toast, and a store that cannot open ends the app
with the exit status of its error."""

from __future__ import annotations

from pathlib import Path

import pytest

from mstui.app import MstuiApp
from mstui.errors import DatabaseUnavailable
from mstui.screens.host import WorkerFailed
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


def said(app: MstuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_failing_scan_is_one_toast_and_a_traceback_in_the_log(
    make_app: MakeApp, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Store, *args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("a broken rule")

    monkeypatch.setattr(Store, "scan", broken)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # the first scan runs once the store is open
        for _ in range(3):  # what the timer does every alert_interval_seconds
            app.run_alert_scan()
            await settle(pilot)
        failed = [m for m in said(app) if "alert scan failed" in m]
        assert len(failed) == 1, said(app)
        assert "RuntimeError: a broken rule" in failed[0]
        assert app.is_running
    log = (state_dir / "mstui.log").read_text()
    assert "scanning for alerts" in log
    assert "Traceback (most recent call last)" in log
    assert log.count("RuntimeError: a broken rule") == 1  # once, not every tick


async def test_a_worker_that_raises_is_one_toast(make_app: MakeApp, state_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.clear_notifications()
        app.post_message(WorkerFailed("load", ZeroDivisionError("division by zero")))
        await settle(pilot)
        assert [m for m in said(app) if "ZeroDivisionError" in m] == [
            m for m in said(app) if "internal error" in m
        ]
        assert len(said(app)) == 1, said(app)
        assert app.is_running
    assert "ZeroDivisionError: division by zero" in (state_dir / "mstui.log").read_text()


@pytest.mark.parametrize(
    ("error", "code", "line"),
    [
        (DatabaseUnavailable("not a database: x.db"), 2, "not a database: x.db"),
        (RuntimeError("boom"), 1, "internal error: RuntimeError: boom"),
    ],
    ids=["ours", "bug"],
)
async def test_a_store_that_cannot_open_ends_the_app_with_its_exit_status(
    error: Exception, code: int, line: str
) -> None:
    def open_it() -> Store:
        raise error

    app = MstuiApp(open_it, watch_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == code
    assert app.error_message.startswith(line)


async def test_a_damaged_file_is_a_banner_not_a_screen_that_loads_forever(
    make_app: MakeApp, demo_store: Store
) -> None:
    path = demo_store.db.path
    assert path is not None
    demo_store.db.close()
    size = path.stat().st_size
    with path.open("r+b") as f:  # 4 KiB of garbage in the middle of the file
        f.seek(size // 2 // 4096 * 4096)
        f.write(b"\xa5" * 4096)
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        damaged = [m for m in said(app) if "is damaged" in m]
        assert damaged and "db check" in damaged[0], said(app)
        assert "DAMAGED" in app.db_label
        assert app.store is not None and app.store.db.read_only
        assert app.is_running
