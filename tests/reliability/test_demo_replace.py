"""`mstui demo --force` replaces the demo in one transaction: a `kill -9` midway
leaves the old demo exactly as it was, and the file sound."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import ok
from tests.conftest import RunCli, cli_environment

TABLES = (
    "project", "projectmember", "person", "milestone", "milestonedependency", "task",
    "target", "checkpoint", "measurement", "activity", "comment", "booking", "resource",
)  # fmt: skip


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the demo's tables (integrity checked first), on a fresh connection."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()


TRACED = r"""
import os, sys
from mstui.cli import main
from mstui.store.milestones import MilestonePart

add = MilestonePart.add_milestone


def traced(self, *args, **kwargs):
    made = add(self, *args, **kwargs)
    os.write(1, b"milestone\n")  # the test kills us after the n-th of these
    return made


MilestonePart.add_milestone = traced
sys.exit(main(sys.argv[1:]))
"""
"""`mstui` with a line on stdout each time the demo has added a milestone."""


@pytest.mark.slow
def test_a_kill_9_midway_through_demo_force_leaves_the_old_demo(
    tmp_path: Path, mstui: RunCli
) -> None:
    db = tmp_path / "demo.db"
    ok(mstui("demo", db=db))
    before = _snapshot(db)
    assert len(before["milestone"]) > 7
    # Killed after its first, its 7th and its last milestone: the old demo is gone
    # and the new one half made by then, had each step been saved on its own.
    for nth in (1, 7, len(before["milestone"])):
        replacing = subprocess.Popen(
            [sys.executable, "-c", TRACED, "--db", str(db), "demo", "--force"],
            env=cli_environment(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert replacing.stdout is not None
        try:
            for _ in range(nth):
                assert replacing.stdout.readline() == b"milestone\n"
            replacing.send_signal(signal.SIGKILL)
        finally:
            replacing.kill()
            replacing.wait(timeout=60)
            replacing.stdout.close()
        assert replacing.returncode == -signal.SIGKILL
        assert _snapshot(db) == before, f"killed after milestone {nth}"
    # Not killed, it replaces the demo (new rows, as many) and the file stays sound.
    ok(mstui("demo", "--force", db=db))
    after = _snapshot(db)
    assert len(after["milestone"]) == len(before["milestone"])
    assert {r[0] for r in after["milestone"]}.isdisjoint({r[0] for r in before["milestone"]})
