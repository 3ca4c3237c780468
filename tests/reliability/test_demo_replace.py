"""`mstui demo --force` replaces the demo in one transaction: a `kill -9` midway
leaves the old demo exactly as it was, and the file sound."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.helpers import ok
from tests.conftest import RunCli, cli_environment

TABLES = ("project", "milestone", "task", "target", "activity", "comment", "booking")


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the demo's tables (integrity checked first), on a fresh connection."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()


def _write_lock_held(db: Path) -> bool:
    """Whether another connection holds the write lock right now."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc), exc
        return True
    finally:
        conn.close()


def test_a_kill_9_midway_through_demo_force_leaves_the_old_demo(
    tmp_path: Path, mstui: RunCli
) -> None:
    db = tmp_path / "demo.db"
    ok(mstui("demo", db=db))
    before = _snapshot(db)
    assert before["milestone"], "the demo made no milestones"
    for delay in (0.0, 0.4):
        replacing = subprocess.Popen(
            [sys.executable, "-m", "mstui", "--db", str(db), "demo", "--force"],
            env=cli_environment(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not _write_lock_held(db):  # it is inside its transaction from here on
                assert replacing.poll() is None, "demo --force ended before it was killed"
                assert time.monotonic() < deadline, "demo --force never took the write lock"
                time.sleep(0.005)
            time.sleep(delay)
            assert replacing.poll() is None, "demo --force ended before it was killed"
            replacing.send_signal(signal.SIGKILL)
        finally:
            replacing.kill()
            replacing.wait(timeout=60)
        assert replacing.returncode == -signal.SIGKILL
        assert _snapshot(db) == before, f"killed {delay}s into its transaction"
    # And when it is not killed, the demo is replaced (new rows), the file still sound.
    ok(mstui("demo", "--force", db=db))
    after = _snapshot(db)
    assert len(after["milestone"]) == len(before["milestone"])
    assert {r[0] for r in after["milestone"]}.isdisjoint({r[0] for r in before["milestone"]})
