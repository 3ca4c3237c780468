"""Schema migrations on start-up: empty files, earlier revisions, newer ones, non-databases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import mstui.store.tables  # noqa: F401  (the tables on the metadata)
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.store import open_store
from mstui.store.engine import open_database
from mstui.store.migrations import HEAD, REVISIONS
from tests.conftest import ALICE


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "mstui.store:migrations")
    return cfg


def revision_of(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def test_revisions_match_the_alembic_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == REVISIONS
    assert scripts.get_heads() == [HEAD]
    assert REVISIONS[-1] == HEAD


def test_head_is_exactly_the_models_schema(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "head.db"))
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, SQLModel.metadata) == []
    finally:
        db.close()


@pytest.mark.parametrize("existing", [False, True], ids=["missing-file", "empty-file"])
def test_an_empty_file_migrates_to_head_quietly(tmp_path: Path, existing: bool) -> None:
    path = tmp_path / "new.db"
    if existing:
        path.touch()
    # A fresh interpreter, so nothing configured logging before (as for a real user).
    code = (
        "import sys; from mstui.store.engine import open_database; "
        "open_database(sys.argv[1]).close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert revision_of(path) == HEAD
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()
    assert list(tmp_path.glob("*.bak-*")) == []  # nothing to back up in an empty file


def test_opening_at_head_does_nothing(tmp_path: Path) -> None:
    path = tmp_path / "head.db"
    open_database(str(path)).close()
    db = open_database(str(path))
    try:
        assert (db.info.revision_before, db.info.migrated, db.info.backup) == (HEAD, False, None)
        assert db.read_only is False
    finally:
        db.close()
    assert list(tmp_path.glob("*.bak-*")) == []


# -- a file from an earlier schema, with data in it ----------------------------------------

# Values for the columns of each table as far back as 0001; only the columns a
# revision has are used, and any other required column gets a plain value.
SEED: list[tuple[str, dict[str, Any]]] = [
    ("department", {"id": 1, "name": "Marketing"}),
    (
        "person",
        {
            "id": 1,
            "login": "alice",
            "name": "Alice Archer",
            "department_id": 1,
            "is_department_head": 1,
            "created_at": "2026-11-01 09:00:00.000000",
        },
    ),
    (
        "project",
        {
            "id": 1,
            "key": "MKT",
            "name": "Winter campaign",
            "description": "",
            "department_id": 1,
            "lead_id": 1,
            "start_date": "2026-11-01",
            "archived": 0,
            "version": 1,
            "created_at": "2026-11-01 09:00:00.000000",
        },
    ),
    ("projectmember", {"project_id": 1, "person_id": 1, "role": "lead"}),
    (
        "milestone",
        {
            "id": 1,
            "project_id": 1,
            "title": "Strategy Approved",
            "description": "kept across the upgrade",
            "owner_id": 1,
            "due": "2026-12-01",
            "due_from_tasks": 0,
            "status": "in_progress",
            "blocked_reason": "",
            "kpi_name": "",
            "kpi_unit": "",
            "cost_estimate": 2000.0,
            "position": 1,
            "version": 3,
            "created_at": "2026-11-01 09:00:00.000000",
            "updated_at": "2026-11-02 09:00:00.000000",
        },
    ),
    (
        "comment",
        {
            "id": 1,
            "milestone_id": 1,
            "author_id": 1,
            "kind": "update",
            "body": "Board signed off.",
            "created_at": "2026-11-02 09:00:00.000000",
        },
    ),
]


def _filler(column: Any) -> Any:
    kind = str(column["type"]).upper()
    if any(word in kind for word in ("INT", "BOOL")):
        return 0
    if any(word in kind for word in ("FLOAT", "REAL", "NUMERIC")):
        return 0.0
    if "DATETIME" in kind or "TIMESTAMP" in kind:
        return "2026-11-01 09:00:00.000000"
    if "DATE" in kind:
        return "2026-11-01"
    return ""


def seed(path: Path) -> None:
    """Rows in the tables as they are in the file, with raw SQL (no models involved)."""
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            inspector = sa.inspect(conn)
            for table, values in SEED:
                columns = inspector.get_columns(table)
                row = {k: v for k, v in values.items() if k in {c["name"] for c in columns}}
                for c in columns:
                    needed = not c["nullable"] and c.get("default") is None
                    if c["name"] not in row and needed and c.get("autoincrement") is not True:
                        row[c["name"]] = _filler(c)
                names = ", ".join(row)
                marks = ", ".join(f":{k}" for k in row)
                conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)
    finally:
        engine.dispose()


def upgrade_to(path: Path, revision: str) -> None:
    """An empty file brought to `revision` by Alembic itself (as an old mstui left it)."""
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


EARLIER = list(REVISIONS[:-1])


@pytest.mark.skipif(not EARLIER, reason=f"only one schema revision ({HEAD}): nothing earlier")
@pytest.mark.parametrize("revision", EARLIER or ["none"])
def test_a_file_at_an_earlier_revision_migrates_keeping_its_data(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "old.db"
    upgrade_to(path, revision)
    seed(path)
    assert revision_of(path) == revision

    store = open_store(
        Settings(db=str(path), timezone="UTC"),
        FrozenClock(__import__("pendulum").datetime(2026, 11, 18, 10, tz="UTC")),
        ALICE,
    )
    try:
        info = store.db.info
        assert (info.revision_before, info.migrated) == (revision, True)
        assert revision_of(path) == HEAD
        m = store.milestone(1)
        assert (m.title, m.description, m.project, m.owner, m.due, m.version) == (
            "Strategy Approved",
            "kept across the upgrade",
            "MKT",
            "alice",
            date(2026, 12, 1),
            3,
        )
        assert [c.body for c in store.list_comments(1)] == ["Board signed off."]
        assert store.project("MKT").department == "Marketing"
        # And it works at head: a write goes through.
        store.edit_milestone(1, 3, title="Strategy Approved!")
    finally:
        store.db.close()

    backups = list(tmp_path.glob(f"old.db.bak-{revision}-*"))
    assert len(backups) == 1
    assert info.backup == backups[0]
    assert revision_of(backups[0]) == revision
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT title FROM milestone").fetchall() == [("Strategy Approved",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.mark.skipif(not EARLIER, reason=f"only one schema revision ({HEAD}): nothing earlier")
def test_several_processes_opening_an_old_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade_to(path, EARLIER[-1])
    seed(path)
    code = (
        "import sys; from mstui.store.engine import open_database\n"
        "db = open_database(sys.argv[1]); print(db.info.revision_before); db.close()"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert (p.returncode, err) == (0, "")
        assert out.strip() in (EARLIER[-1], HEAD)
    assert EARLIER[-1] in {out.strip() for out, _ in results}
    assert revision_of(path) == HEAD
    # One migrated, under the lock, with one backup; the others waited and found head.
    assert len(list(tmp_path.glob("old.db.bak-*"))) == 1
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT title FROM milestone").fetchall() == [("Strategy Approved",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
