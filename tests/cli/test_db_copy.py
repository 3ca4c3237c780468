"""`mstui db copy --to URL`: a team's whole database moves from SQLite to PostgreSQL and
back, ids, history and alert states kept, in one transaction, counts verified."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg, raw
from tests.cli.helpers import ok
from tests.conftest import RunCli

TABLES = ("person", "project", "projectmember", "milestone", "task", "target", "measurement",
          "comment", "activity", "alert", "checkpoint", "milestonedependency")  # fmt: skip


@pytest.fixture
def server() -> Iterator[str]:
    with pg.database(empty=True) as url:
        yield url


def listing(mstui: RunCli, db: str) -> list[dict[str, object]]:
    return list(json.loads(ok(mstui("milestone", "list", "--json", db=db))))


def test_the_demo_moves_to_postgresql_and_back_the_same(
    mstui: RunCli, tmp_path: Path, server: str
) -> None:
    first = str(tmp_path / "team.db")
    ok(mstui("demo", db=first))
    ok(mstui("check", db=first))
    ok(mstui("alerts", "ack", "--all", db=first))
    ok(mstui("milestone", "comment", "3", "Vendor \x1b]0;owned\x07 confirmed", db=first))
    said = ok(mstui("db", "copy", "--to", server, db=first))
    assert "in one transaction" in said and "verified: 19 tables" in said
    assert listing(mstui, server) == listing(mstui, first)
    for table in TABLES:
        assert raw.count(server, table) == raw.count(first, table), table
    alerts = "SELECT id, dedupe_key, acknowledged_at IS NOT NULL FROM alert ORDER BY id"
    assert raw.rows(server, alerts) == [(i, k, bool(a)) for i, k, a in raw.rows(first, alerts)]
    history = "SELECT id, entity, entity_id, action, field, old, new FROM activity ORDER BY id"
    assert raw.rows(server, history) == raw.rows(first, history)
    # The sequences moved past the copied ids: a new milestone gets a new id.
    added = json.loads(ok(mstui("milestone", "add", "REL", "Docs", "--due", "2026-12-20",
                                "--json", db=server)))  # fmt: skip
    assert added["id"] == max(int(str(m["id"])) for m in listing(mstui, first)) + 1

    back = str(tmp_path / "offline.db")
    ok(mstui("db", "copy", "--to", back, db=server))
    assert listing(mstui, back) == listing(mstui, server)


def test_a_copy_never_lands_in_a_database_that_holds_data(
    mstui: RunCli, tmp_path: Path, server: str
) -> None:
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    ok(mstui("demo", db=first))
    ok(mstui("project", "add", "OPS", "Operations", db=second))
    before = raw.snapshot(second)
    refused = mstui("db", "copy", "--to", second, db=first)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("mstui: --to: holds data (")
    assert len(refused.stderr.splitlines()) == 1
    assert raw.snapshot(second) == before
    nowhere = mstui("db", "copy", "--to", "postgresql+psycopg://x@/y?host=/nonexistent", db=first)
    assert nowhere.returncode == 2 and len(nowhere.stderr.splitlines()) == 1
    assert "cannot open database" in nowhere.stderr
