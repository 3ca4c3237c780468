"""mstui outside the app, as real processes on a real SQLite file at a frozen clock:
`status` (a status bar's line), `digest` (a login shell's), `check --exit-code`, and
what `init --shared` tells the admin to install."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli.helpers import ME, ok
from tests.conftest import RunCli, cli_environment

LATER = "2026-11-25T10:00+00:00"
"""A week after NOW: the demo's Feature Freeze (mine, due 2026-11-24) is overdue."""


@pytest.fixture
def demo(mstui: RunCli, tmp_path: Path) -> Path:
    """The demo stories (I lead every project) with the alerts of one scan, at NOW."""
    path = tmp_path / "demo.db"
    ok(mstui("demo", db=path))
    ok(mstui("check", db=path))
    return path


# -- status ------------------------------------------------------------------------------


def test_status_plain_tmux_json_on_the_demo(mstui: RunCli, demo: Path) -> None:
    assert ok(mstui("status", db=demo)) == "mstui: 0 overdue · 1 at risk · 9 unread\n"
    assert ok(mstui("status", "--format", "plain", db=demo)) == (
        "mstui: 0 overdue · 1 at risk · 9 unread\n"
    )
    assert ok(mstui("status", "--format", "tmux", db=demo)) == (
        "0 overdue · #[fg=yellow]1 at risk#[default] · #[fg=cyan]9 unread#[default]\n"
    )
    assert json.loads(ok(mstui("status", "--format", "json", db=demo))) == {
        "overdue": 0,
        "at_risk": 1,
        "unread": 9,
    }


def test_status_a_week_later_and_after_reading(mstui: RunCli, demo: Path) -> None:
    ok(mstui("alerts", "ack", "--all", db=demo))
    assert ok(mstui("status", "--format", "json", db=demo, now=LATER)) == (
        '{"overdue": 1, "at_risk": 2, "unread": 0}\n'
    )
    assert ok(mstui("status", "--format", "tmux", db=demo, now=LATER)) == (
        "#[fg=red]1 overdue#[default] · #[fg=yellow]2 at risk#[default] · 0 unread\n"
    )


def test_status_counts_only_mine(mstui: RunCli, demo: Path) -> None:
    """The dashboard's health of what I own: the milestone listing agrees."""
    listed = json.loads(ok(mstui("milestone", "list", "--owner", ME, "--json", db=demo)))
    at_risk = [m for m in listed if m["health"] == "at_risk"]
    assert len(at_risk) == 1
    everyone = json.loads(ok(mstui("milestone", "list", "--json", db=demo)))
    assert sum(m["health"] in ("at_risk", "overdue") for m in everyone) > 1


def test_status_loads_no_textual(demo: Path, tmp_path: Path) -> None:
    env = cli_environment(tmp_path)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mstui", "--db", str(demo), "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "textual" not in done.stderr.lower()
    assert "mstui.cli.outside" in done.stderr  # the import log is really there


# -- digest ------------------------------------------------------------------------------


def test_digest_on_the_demo(mstui: RunCli, demo: Path) -> None:
    out = ok(mstui("digest", db=demo))
    lines = out.splitlines()
    assert len(lines) == 8
    assert lines[0] == "mstui: 1 due this week · 9 unread alerts"
    assert lines[1] == "  ◆ Feature Freeze (REL #13) due Tue 24 Nov, in 6d"
    # The loudest alerts first (escalations), each on one line of at most 80 columns.
    assert lines[2].startswith("  ! Escalation: #10 Material Delivery (BLD)")
    assert all(len(line) <= 80 for line in lines)
    assert lines[-1] == f"  … 4 more: mstui alerts · mstui milestone list --owner {ME}"


def test_digest_a_week_later(mstui: RunCli, demo: Path) -> None:
    ok(mstui("alerts", "ack", "--all", db=demo))
    out = ok(mstui("digest", db=demo, now=LATER))
    assert out.splitlines() == [
        "mstui: 1 overdue",
        "  ✖ Feature Freeze (REL #13) was due Tue 24 Nov, 1d ago",
    ]


def test_digest_says_nothing_when_there_is_nothing(mstui: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    ok(mstui("person", "list", db=path))  # a database, made and migrated, with only me
    done = mstui("digest", db=path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    "db",
    [
        "/nonexistent/dir/x.db",
        "{tmp}/missing.db",
        "{tmp}",  # a folder
        "{tmp}/junk.db",  # not a database
        "postgresql+psycopg://nobody@/nothing?host=/nonexistent&connect_timeout=1",
    ],
)
def test_digest_is_silent_on_an_unusable_database(mstui: RunCli, tmp_path: Path, db: str) -> None:
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    db = db.format(tmp=tmp_path)
    started = time.monotonic()
    done = mstui("digest", db=db)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert time.monotonic() - started < 1.5
    assert not (tmp_path / "missing.db").exists()  # never creates one


def test_digest_is_silent_on_a_bad_settings_file(mstui: RunCli, demo: Path, tmp_path: Path) -> None:
    conf = tmp_path / "bad.toml"
    conf.write_text("due_soon_days = 'soon'\n")
    done = mstui("digest", db=demo, extra_env={"MSTUI_CONFIG": str(conf)})
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@contextmanager
def locked(path: Path, *, exclusive_mode: bool) -> Iterator[None]:
    """Another process's write lock on `path` (with SQLite's exclusive locking mode,
    readers are shut out too; a plain BEGIN EXCLUSIVE in WAL mode lets them read)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if exclusive_mode:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("UPDATE person SET name = name")
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_digest_does_not_wait_for_a_locked_database(mstui: RunCli, demo: Path) -> None:
    with locked(demo, exclusive_mode=True):
        started = time.monotonic()
        done = mstui("digest", db=demo)
        took = time.monotonic() - started
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert took < 1.5


def test_digest_reads_beside_a_writer(mstui: RunCli, demo: Path) -> None:
    """WAL: a writer holding BEGIN EXCLUSIVE does not stop readers, nor the digest."""
    with locked(demo, exclusive_mode=False):
        started = time.monotonic()
        out = ok(mstui("digest", db=demo))
        took = time.monotonic() - started
    assert out.startswith("mstui: 1 due this week")
    assert took < 1.5


def test_digest_gives_up_at_its_deadline(demo: Path, tmp_path: Path) -> None:
    """Whatever holds it up (here: a store that never answers), it exits 0 within the
    deadline, silently."""
    env = cli_environment(tmp_path)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    code = (
        "import time, sys\n"
        "import mstui.glance\n"
        "mstui.glance.glance = lambda *a, **k: time.sleep(30)\n"
        "from mstui.cli import main\n"
        f"sys.exit(main(['--db', {str(demo)!r}, 'digest']))\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert time.monotonic() - started < 3  # the interpreter's start, then 0.8 s at most


# -- check --exit-code -------------------------------------------------------------------


def test_check_exit_code(mstui: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    ok(mstui("demo", db=path))
    done = mstui("check", "--exit-code", db=path)
    assert done.returncode == 3, done.stderr  # warnings and escalations for me
    assert done.stderr == "" and "Escalation" in done.stdout
    assert mstui("check", "--exit-code", db=path).returncode == 3  # still unread
    ok(mstui("alerts", "ack", "--all", db=path))
    done = mstui("check", "--exit-code", db=path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    # Only an info alert left for me (an achievement reopened): not loud enough.
    infos = json.loads(ok(mstui("alerts", "--handled", "--kind", "achievement", "--json", db=path)))
    ok(mstui("alerts", "reopen", str(infos[0]["id"]), db=path))
    assert mstui("check", "--exit-code", db=path).returncode == 0
    assert mstui("check", db=path).returncode == 0  # without the flag: always 0


# -- init --shared -----------------------------------------------------------------------


def test_init_shared_prints_the_login_digest_and_the_timer(mstui: RunCli, tmp_path: Path) -> None:
    shared = tmp_path / "team"
    out = ok(mstui("init", "--shared", str(shared)))
    db = shared / "mstui.db"
    assert out.startswith(f"shared database {db}")
    assert "/etc/profile.d/mstui.sh" in out
    assert "[ -t 1 ] && command -v mstui >/dev/null && mstui digest" in out
    assert "/etc/systemd/system/mstui-check.service" in out
    assert "/etc/systemd/system/mstui-check.timer" in out
    assert "OnUnitActiveSec=5min" in out
    assert f"--db {db} check" in out
    assert "systemctl enable --now mstui-check.timer" in out
    assert f"*/5 * * * * {ME} " in out or "*/5 * * * * " in out
