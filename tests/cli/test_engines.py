"""The same command line on both engines: a tour of the commands a team uses, run step
by step on a SQLite file and on a PostgreSQL database, must print the same thing.

Each step is a real `mstui` process (tests/warm.py). What may differ is only how the
database is named (a path or a URL), which is replaced by `DB` before comparing.
Refusals are part of the tour: each bad input exits 2 with one line on stderr, and the
database is left as it was, on both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg, raw
from tests.conftest import RunCli

TOUR: list[list[str]] = [
    ["demo"],
    ["project", "list", "--json"],
    ["milestone", "list", "--json"],
    ["milestone", "add", "REL", "Docs published", "--due", "2026-12-20", "--json"],
    ["milestone", "edit", "14", "--due", "2026-12-22", "--reason", "review"],
    ["milestone", "edit", "14", "--title", "Again", "--version", "1"],  # stale: a conflict
    ["milestone", "edit", "14", "--due", "2026-02-30"],  # no such day
    ["milestone", "edit", "999", "--title", "Ghost"],  # no such milestone
    ["milestone", "comment", "14", "Draft is \x1b[31mready\x1b[0m"],
    ["milestone", "show", "14", "--json"],
    ["milestone", "move", "14", "in_progress"],
    ["milestone", "move", "14", "--position", "1"],  # the top of REL's cards in progress
    ["milestone", "move", "14", "--position", "0"],  # refused
    ["milestone", "move", "14"],  # neither a status nor a place: refused
    ["task", "add", "REL", "Write the guide", "--start", "2026-11-18", "--end", "2026-12-01"],
    ["task", "add", "REL", "Backwards", "--start", "2026-12-01", "--end", "2026-11-18"],
    ["task", "list", "--json"],
    ["task", "done", "17"],
    ["target", "list", "--json"],
    ["target", "record", "1", "31000"],
    ["target", "record", "1", "-5"],  # refused
    ["target", "show", "1", "--json"],
    ["check"],
    ["alerts", "--all", "--json"],
    ["timeline", "--project", "REL", "--json"],
    ["milestone", "done", "14"],
    ["milestone", "delete", "14"],  # asks for --yes
    ["milestone", "delete", "14", "--yes"],
    ["milestone", "list", "--json"],
]


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[dict[str, str]]:
    with pg.database(empty=True) as url:
        yield {"sqlite": str(tmp_path / "tour.db"), "postgresql": url}


def _shown(text: str, db: str) -> str:
    for form in (db, db.replace("/", "%2F"), db.replace("%2F", "/")):
        text = text.replace(form, "DB")
    return text


def test_every_step_of_the_tour_prints_the_same_on_both_engines(
    mstui: RunCli, databases: dict[str, str]
) -> None:
    for step in TOUR:
        seen = {}
        for engine, db in databases.items():
            before = raw.snapshot(db) if db != databases["sqlite"] or Path(db).exists() else []
            done = mstui(*step, db=db)
            refused = done.returncode != 0
            seen[engine] = (done.returncode, _shown(done.stdout, db), _shown(done.stderr, db))
            if refused:
                assert raw.snapshot(db) == before, (engine, step)
        assert seen["sqlite"] == seen["postgresql"], step
        code, out, err = seen["sqlite"]
        if code:
            assert code == 2 and out == "" and len(err.splitlines()) == 1, (step, seen)
        else:
            assert err == "", (step, err)
            if "--json" in step:
                json.loads(out)


def test_the_history_is_the_same_on_both_engines(mstui: RunCli, databases: dict[str, str]) -> None:
    for db in databases.values():
        assert mstui("demo", db=db).returncode == 0
        assert mstui("milestone", "edit", "3", "--due", "2026-12-24", db=db).returncode == 0
    sql = "SELECT entity, entity_id, action, field, old, new FROM activity ORDER BY id"
    sqlite, server = (raw.rows(db, sql) for db in databases.values())
    assert sqlite == server and len(sqlite) > 20
    history = [mstui("milestone", "history", "3", db=db) for db in databases.values()]
    assert history[0].stdout == history[1].stdout
