"""Opening a database: a newer schema (read-only), files that are not databases, missing
folders, file names with URL characters."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

import mstui.store.tables  # noqa: F401  (the tables on the metadata)
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.errors import DatabaseUnavailable, MstuiError
from mstui.store import open_store
from mstui.store.engine import open_database
from mstui.store.migrations import HEAD
from mstui.store.sqlite_file import backup_sqlite
from tests.conftest import ALICE


def revision_of(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


# -- a newer schema, and files that are not databases --------------------------------------


def test_a_newer_revision_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    settings = Settings(db=str(path), timezone="UTC")
    clock = FrozenClock(__import__("pendulum").datetime(2026, 11, 18, 10, tz="UTC"))
    store = open_store(settings, clock, ALICE)
    store.add_project("MKT", "Winter campaign")
    store.add_milestone("MKT", "Strategy Approved", date(2026, 12, 1))
    store.db.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    store = open_store(settings, clock, ALICE)
    try:
        assert store.db.read_only is True
        assert store.db.info.revision_before == "9999_from_the_future"
        assert [m.title for m in store.list_milestones()] == ["Strategy Approved"]
        with pytest.raises(MstuiError, match="newer schema") as caught:
            store.add_milestone("MKT", "Another", date(2026, 12, 2))
        assert "\n" not in str(caught.value)
        with pytest.raises(MstuiError, match="newer schema"):
            store.add_comment(1, "hello")
        with pytest.raises(MstuiError, match="newer schema"):
            store.complete_milestone(1)
        # Even a raw write through its engine is refused (query_only).
        with store.db.engine.connect() as raw, pytest.raises(sa.exc.OperationalError):
            raw.exec_driver_sql("DELETE FROM milestone")
    finally:
        store.db.close()
    assert revision_of(path) == "9999_from_the_future"
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak-*")) == []


@pytest.mark.parametrize(
    "content",
    [b"hello, this is not a database\n", b"SQLite format 3\x00" + b"\xff" * 200],
    ids=["text", "bad-header"],
)
def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(str(path))
    message = str(caught.value)
    assert f'"{path}"' in message
    assert "\n" not in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="not an mstui database"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_a_missing_directory_is_refused_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "mstui.db"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(str(path))
    assert f'"{path}"' in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert not path.parent.exists()


@pytest.mark.parametrize("name", ["a b", "what?", "100%20", "#1", "ü+@:&="])
def test_a_file_name_with_url_characters_opens_that_very_file(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "mstui.db"
    db = open_database(str(path))
    try:
        assert db.path == path
        assert db.label == str(path)
        # The change watcher and the backup open it by URI: the same file again.
        seen = db.data_version()
        other = sqlite3.connect(path)
        other.execute("INSERT INTO department (name) VALUES ('Sales')")
        other.commit()
        other.close()
        assert db.data_version() != seen
        backup = backup_sqlite(path, "test")
    finally:
        db.close()
    assert backup.parent == folder and backup.name.startswith("mstui.db.bak-test-")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT name FROM department").fetchall() == [("Sales",)]
    finally:
        conn.close()
    assert revision_of(path) == HEAD
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
