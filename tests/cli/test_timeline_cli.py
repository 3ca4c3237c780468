"""`mstui timeline` and the shift commands on the demo stories: the real command in a
subprocess, and the same parser in-process for the cheaper cases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mstui.cli.args import days
from mstui.errors import Invalid
from tests.cli.helpers import InProcess
from tests.conftest import RunCli


def ids(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT title, id FROM milestone"))
    finally:
        conn.close()


def test_the_release_plan_refused_and_allowed_moves_and_the_slip_in_the_listing(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    assert mstui("demo", db=db).returncode == 0
    plan = json.loads(mstui("timeline", "--project", "rel", "--json", db=db).stdout)
    (rel,) = plan
    slack = {i["title"]: i["slack"] for i in rel["items"]}
    chain = ["Feature Freeze", "Alpha Launch", "Beta Testing", "Release"]
    assert [slack[t] for t in chain] == [0, 0, 0, 0]
    # The critical path runs through the four milestones, in order, to the release.
    milestones = [p["id"] for p in rel["critical_path"] if p["kind"] == "m"]
    assert milestones == [ids(db)[t] for t in chain]
    assert rel["critical_path"][-1] == {"kind": "m", "id": ids(db)["Release"]}
    before = sqlite3.connect(db).execute("SELECT count(*) FROM activity").fetchone()

    refused = mstui("milestone", "shift", str(ids(db)["Alpha Launch"]), "-8", db=db)
    assert refused.returncode == 2
    assert refused.stderr.startswith("mstui: Cannot move #")
    assert "it depends on #" in refused.stderr and "Feature Freeze" in refused.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM activity").fetchone() == before

    moved = mstui("milestone", "shift", str(ids(db)["Feature Freeze"]), "+1w", db=db)
    assert moved.returncode == 0 and moved.stderr == ""
    assert moved.stdout.startswith("moved milestone ")
    listed = json.loads(mstui("milestone", "list", "--project", "REL", "--json", db=db).stdout)
    health = {m["title"]: m["health"] for m in listed}
    assert health["Beta Testing"] == health["Release"] == "at_risk"


def test_text_listing_task_length_and_bad_days_in_process(
    tmp_path: Path, in_process: InProcess
) -> None:
    """The same commands through `mstui.cli.main` in this process (no start-up cost),
    with the same isolated environment as the subprocesses."""
    db = str(tmp_path / "demo.db")
    assert in_process("--db", db, "demo").code == 0
    listed = in_process("--db", db, "timeline", "--project", "REL")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].split() == [
        "PROJ", "KIND", "ID", "START", "END", "PROJECTED", "SLACK", "CRIT", "H", "WHO", "TITLE",
    ]  # fmt: skip
    beta = next(line for line in lines if line.endswith("Beta Testing"))
    assert " 0d " in beta and " * " in beta
    tid = next(int(line.split()[2]) for line in lines if line.endswith("Internal dogfood"))
    shifted = in_process("--db", db, "task", "shift", str(tid), "2", "--length", "--json")
    assert shifted.code == 0
    moved = json.loads(shifted.out)
    assert (moved["kind"], moved["days"], moved["moved"]) == ("task", 2, 1)
    refused = in_process("--db", db, "task", "shift", str(tid), "soon")
    assert refused.code == 2
    assert "days: use a number of days" in refused.err


@pytest.mark.parametrize(("text", "n"), [("7", 7), ("+7", 7), ("-3", -3), ("2w", 14), ("-1d", -1)])
def test_days(text: str, n: int) -> None:
    assert days(text) == n


@pytest.mark.parametrize("text", ["0", "soon", "1m", ""])
def test_not_days(text: str) -> None:
    with pytest.raises(Invalid):
        days(text)
