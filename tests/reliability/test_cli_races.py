"""Several people's scripts at once: edits without --version never conflict, and
increments never get lost.

Each worker is a real `mstui` process running a loop of commands; all start
together on one database: a SQLite file, and a PostgreSQL database.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mstui.domain.enums import Role
from tests import pg
from tests.cli.helpers import ME, store_on
from tests.conftest import cli_environment

WORKERS, ROUNDS = 4, 12

LOOP = r"""
import sys
from mstui.cli import main
db, mode, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
failed = 0
for i in range(rounds):
    if mode == "describe":
        args = ["milestone", "edit", "1", "--description", f"{sys.argv[4]} pass {i}"]
    else:
        args = ["milestone", "edit", "1", "--kpi-add", "1", "--cost-add", "2.5"]
    failed += main(["--db", db, *args]) != 0
sys.exit(failed)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The team's database, with MKT and milestone 1 (kpi and cost at 0)."""
    if request.param == "postgresql":
        with pg.database() as url:
            _fill(url)
            yield url
        return
    path = str(tmp_path / "team.db")
    _fill(path)
    yield path


def _fill(path: str) -> None:
    with store_on(path) as alice:
        alice.add_person(ME, ME)
        alice.add_project("MKT", "Winter campaign")
        alice.add_member("MKT", ME, Role.EDITOR)
        m = alice.add_milestone("MKT", "Sign-ups", date(2026, 12, 1), kpi=("Sign-ups", 500, ""))
        alice.edit_milestone(m.id, None, kpi_actual=0, cost_actual=0)


def _race(tmp_path: Path, db: str, mode: str) -> list[subprocess.CompletedProcess[str]]:
    env = cli_environment(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", LOOP, str(db), mode, str(ROUNDS), f"w{i}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WORKERS)
    ]
    done = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def _show(tmp_path: Path, db: str) -> dict[str, object]:
    env = cli_environment(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "mstui", "--db", str(db), "milestone", "show", "1", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown: dict[str, object] = json.loads(out)
    return shown


def test_edits_without_a_version_never_conflict(tmp_path: Path, db: str) -> None:
    results = _race(tmp_path, db, "describe")
    assert [(r.returncode, r.stderr) for r in results] == [(0, "")] * WORKERS
    assert str(_show(tmp_path, db)["description"]).endswith(f"pass {ROUNDS - 1}")


def test_increments_from_many_processes_all_count(tmp_path: Path, db: str) -> None:
    results = _race(tmp_path, db, "add")
    assert [(r.returncode, r.stderr) for r in results] == [(0, "")] * WORKERS
    shown = _show(tmp_path, db)
    kpi = shown["kpi"]
    assert isinstance(kpi, dict)
    assert kpi["actual"] == WORKERS * ROUNDS
    assert shown["cost_actual"] == 2.5 * WORKERS * ROUNDS


def test_a_stale_version_is_still_refused(tmp_path: Path, db: str) -> None:
    env = cli_environment(tmp_path)
    stale = subprocess.run(
        [sys.executable, "-m", "mstui", "--db", str(db), "milestone", "edit", "1",
         "--title", "Mine", "--version", "1"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert stale.returncode == 2
    assert "was changed by alice since you opened it (version 1 → 2)" in stale.stderr
