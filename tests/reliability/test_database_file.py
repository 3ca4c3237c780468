"""The database file under attack: damage, a newer schema met mid-run, names that are
not files, a full disk, and the admin's `db check` and `db backup`.

Each test reproduces a case that was measured to fail (a write into a damaged file
succeeded, two migrating processes collided on the backup name, `/dev/null` got a
journal beside it, a full disk left a 0-byte database) and shows the one line and
exit status 2 it ends in now, with nothing written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.errors import DatabaseUnavailable
from mstui.store import open_store
from mstui.store.migrations import HEAD
from mstui.store.sqlite_file import backup_sqlite, integrity
from tests.cli.helpers import ok, one_line_error
from tests.conftest import ALICE, NOW, RunCli


def _seeded(path: Path) -> None:
    store = open_store(Settings(db=str(path)), FrozenClock(NOW), ALICE)
    try:
        store.add_project("SLS", "Sales")
        store.add_synthetic(300)  # enough pages that damage in the middle hits table data
    finally:
        store.db.close()


def _titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [str(r[0]) for r in conn.execute("SELECT title FROM milestone ORDER BY id")]
    finally:
        conn.close()


def _damage(path: Path) -> None:
    """4 KiB of garbage in the middle of the file (a page-aligned block)."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2 // 4096 * 4096)
        f.write(os.urandom(4096))


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    _seeded(path)
    return path


def test_db_check_says_ok_and_db_backup_makes_a_checked_copy(seeded: Path, mstui: RunCli) -> None:
    assert ok(mstui("db", "check", db=seeded)) == f"ok: {seeded} passed SQLite's integrity check\n"
    out = ok(mstui("db", "backup", db=seeded))
    copy = Path(out.split()[1])
    assert copy.parent == seeded.parent and copy.name.startswith("team.db.bak-manual-")
    assert integrity(copy) == []
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM milestone").fetchone() == (300,)
    finally:
        conn.close()
    named = seeded.parent / "named.db"
    assert ok(mstui("db", "backup", str(named), db=seeded)).startswith(f"backup: {named} ")
    # A name that exists is never overwritten.
    before = named.read_bytes()
    assert "exists" in one_line_error(mstui("db", "backup", str(named), db=seeded))
    assert named.read_bytes() == before


def test_a_damaged_file_is_reported_and_never_written(seeded: Path, mstui: RunCli) -> None:
    _damage(seeded)
    done = mstui("db", "check", db=seeded)
    assert done.returncode == 2
    assert "is damaged" in done.stderr and len(done.stderr.splitlines()) == 1
    assert done.stdout  # what SQLite found
    before = seeded.read_bytes()
    err = one_line_error(
        mstui("milestone", "add", "SLS", "After", "--due", "2026-12-20", db=seeded)
    )
    assert "is damaged" in err and "db check" in err
    assert seeded.read_bytes() == before
    err = one_line_error(mstui("db", "backup", db=seeded))
    assert "damaged" in err
    assert sorted(p.name for p in seeded.parent.glob("*.bak-*")) == []


def test_a_process_that_meets_a_newer_schema_stops_writing(seeded: Path) -> None:
    store = open_store(Settings(db=str(seeded)), FrozenClock(NOW), ALICE)
    try:
        store.add_milestone("SLS", "Before the upgrade", due=NOW.date())
        # A newer mstui migrates the file while this one runs.
        conn = sqlite3.connect(seeded)
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
        conn.close()
        before = _titles(seeded)
        for _ in range(2):  # and stays read-only
            with pytest.raises(DatabaseUnavailable, match="upgraded by a newer mstui"):
                store.add_milestone("SLS", "After the upgrade", due=NOW.date())
        assert store.db.read_only
        assert store.list_milestones()  # reading goes on
    finally:
        store.db.close()
    assert _titles(seeded) == before


def test_backups_in_the_same_second_get_different_names_and_the_files_group(
    seeded: Path,
) -> None:
    os.chmod(seeded, 0o660)
    first = backup_sqlite(seeded, HEAD)
    second = backup_sqlite(seeded, HEAD)
    assert first != second
    for copy in (first, second):
        assert copy.stat().st_mode & 0o777 == 0o660
        assert copy.stat().st_gid == seeded.stat().st_gid
        assert integrity(copy) == []


def test_an_empty_db_option_is_an_error_not_the_default(tmp_path: Path, mstui: RunCli) -> None:
    assert "--db: empty" in one_line_error(mstui("project", "list", db=""))
    assert not list(tmp_path.rglob("*.db"))


def test_a_device_is_not_a_database(mstui: RunCli) -> None:
    had_journal = Path("/dev/null-journal").exists()
    err = one_line_error(mstui("project", "list", db="/dev/null"))
    assert "not a regular file" in err
    assert Path("/dev/null-journal").exists() == had_journal


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB file system, filled up (root only: it mounts a tmpfs)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        if os.environ.get("CI"):
            pytest.fail("CI runs as root: the full-disk test must run")
        pytest.skip("mounting a small file system needs root")
    point = tmp_path / "tiny"
    point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(point)], check=True)
    try:
        fd = os.open(point / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # full
        finally:
            os.close(fd)
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_full_disk_says_so_and_leaves_no_empty_database(full_disk: Path, mstui: RunCli) -> None:
    path = full_disk / "new.db"
    err = one_line_error(mstui("project", "list", db=path))
    assert "full" in err, err
    assert not path.exists()
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]
