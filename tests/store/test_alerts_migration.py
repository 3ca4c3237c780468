"""Revision 0002 (alert thresholds, scan watermark, scan indexes) on a file with 0001 data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.store import open_store
from mstui.store.engine import open_database
from mstui.store.migrations import HEAD
from tests.conftest import ALICE

ROWS = [
    "INSERT INTO department (id, name) VALUES (1, 'Sales')",
    "INSERT INTO person (id, login, name, department_id, is_department_head, created_at) VALUES "
    "(1, 'alice', 'Alice', 1, 0, '2026-01-01 00:00:00.000000'), "
    "(2, 'bob', 'Bob', 1, 0, '2026-01-01 00:00:00.000000'), "
    "(3, 'carol', 'Carol', 1, 1, '2026-01-01 00:00:00.000000')",
    "INSERT INTO project (id, key, name, description, lead_id, archived, version, created_at) "
    "VALUES (1, 'SLS', 'Sales', '', 1, 0, 1, '2026-11-01 00:00:00.000000')",
    "INSERT INTO projectmember (id, project_id, person_id, role) VALUES (1, 1, 1, 'lead')",
    "INSERT INTO milestone (id, project_id, title, description, owner_id, due, due_from_tasks, "
    "status, blocked_reason, kpi_name, kpi_unit, position, version, created_at, updated_at) "
    "VALUES (1, 1, 'Old and late', '', 2, '2026-11-10', 0, 'in_progress', '', '', '', 1, 1, "
    "'2026-11-01 00:00:00.000000', '2026-11-01 00:00:00.000000'), "
    "(2, 1, 'Next', '', 2, '2026-11-30', 0, 'planned', '', '', '', 2, 1, "
    "'2026-11-01 00:00:00.000000', '2026-11-01 00:00:00.000000')",
    "INSERT INTO milestonedependency (id, predecessor_id, successor_id) VALUES (1, 1, 2)",
    "INSERT INTO checkpoint (id, target_id, date, expected) SELECT 1, 1, '2026-11-06', 10 "
    "WHERE 0",  # no targets: the table only has to survive
    "INSERT INTO alert (id, kind, severity, subject_type, subject_id, project_id, recipient_id, "
    "message, about_date, raised_at, dedupe_key) VALUES (1, 'missed', 'warning', 'milestone', 1, "
    "1, 2, 'raised by an older mstui', '2026-11-10', '2026-11-11 00:00:00.000000', "
    "'missed:milestone:1:2026-11-10:2')",
]


def make_0001_file(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", "mstui.store:migrations")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            for sql in ROWS:
                conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def test_0001_data_upgrades_and_alerts_work_on_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_0001_file(path)
    now = pendulum.datetime(2026, 11, 18, 10, tz="UTC")
    store = open_store(Settings(db=str(path), timezone="UTC"), FrozenClock(now), ALICE)
    try:
        assert (store.db.info.revision_before, store.db.info.migrated) == ("0001", True)
        assert store.db.info.backup is not None and store.db.info.backup.exists()
        th, own = store.project_thresholds("SLS")
        assert own == {
            "due_soon_days": None,
            "escalation_days": None,
            "blocked_days": None,
            "review_cadence": None,
        }
        assert th == store.base_thresholds()
        raised = store.scan()
        # The old alert is kept and not raised again; the rest is new.
        assert sorted((a.kind, a.recipient) for a in raised) == [
            ("escalation", "alice"),
            ("escalation", "carol"),
            ("missed", "alice"),
        ]
        assert store.scan() == []
        assert len(store.all_alerts()) == 4
    finally:
        store.db.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM milestonedependency").fetchone() == (1,)
        # 0005: bob owned milestones without being a member; he keeps working, as an editor.
        members = "SELECT project_id, person_id, role FROM projectmember ORDER BY person_id"
        assert conn.execute(members).fetchall() == [(1, 1, "lead"), (1, 2, "editor")]
        admins = conn.execute("SELECT login FROM person WHERE is_admin").fetchall()
        assert admins == [("alice",)]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {
            "ix_milestone_blocked_at",
            "ix_milestone_completed_at",
            "ix_alert_recipient_new",
            "ix_checkpoint_date",
            "ix_alert_subject",  # 0003
        } <= indexes
        columns = {r[1] for r in conn.execute("PRAGMA table_info(alert)")}
        assert "resolved_at" in columns  # 0003: the alert raised by the older mstui kept
        for bad in (
            "UPDATE project SET review_cadence = 'yearly'",
            "UPDATE project SET escalation_days = -1",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                conn.execute(bad)
        # The check the project already had survived the table's rebuild.
        with pytest.raises(sqlite3.IntegrityError, match="project_dates"):
            conn.execute("UPDATE project SET start_date = '2026-12-01', end_date = '2026-11-01'")
    finally:
        conn.close()


def test_0002_downgrades_to_0001(tmp_path: Path) -> None:
    path = tmp_path / "round.db"
    make_0001_file(path)
    open_database(str(path)).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", "mstui.store:migrations")
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "0001"
            )
            names = {c["name"] for c in sa.inspect(conn).get_columns("project")}
            assert "due_soon_days" not in names
            assert conn.exec_driver_sql("SELECT count(*) FROM milestone").scalar() == 2
    finally:
        engine.dispose()
