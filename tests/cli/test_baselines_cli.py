"""`mstui baseline`, `report variance`, `timeline --as-of` and `--reason` on the demo
release: the real command in a subprocess for the story, in-process for the refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.helpers import InProcess, as_json, ok, one_line_error
from tests.cli.test_timeline_cli import ids
from tests.conftest import RunCli

HOSTILE = "Vendor \x1b[31mlate\x1b[0m [b]bold[/b] \u202eevil"


def test_save_shift_two_weeks_with_a_reason_and_read_the_variance(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    ok(mstui("demo", db=db))
    assert ok(mstui("baseline", "save", "REL", "agreed", db=db)).startswith(
        "saved baseline 'agreed' of REL: 4 milestones, 8 tasks"
    )
    beta = ids(db)["Beta Testing"]
    ok(mstui("milestone", "shift", str(beta), "+2w", "--reason", HOSTILE, db=db))
    report = as_json(mstui("report", "variance", "REL", "--json", db=db))
    assert report["baseline"]["name"] == "agreed"
    (row,) = [r for r in report["milestones"] if r["id"] == beta]
    assert (row["days"], row["change"]) == (14, "kept")
    assert report["totals"]["days_later"] >= 14
    shown = as_json(mstui("milestone", "show", str(beta), "--json", db=db))
    assert (shown["slips"]["count"], shown["slips"]["days"]) == (1, 14)
    reason = shown["slips"]["moves"][0]["reason"]  # kept as typed, made inert (as titles)
    assert reason.startswith("Vendor ") and "[b]bold[/b]" in reason and "\x1b" not in reason
    # Shown literally: no escape reaches the terminal, markup stays text.
    text = ok(mstui("milestone", "show", str(beta), db=db))
    assert "\x1b" not in text and "\u202e" not in text
    assert "slipped   1 time, +14d in all" in text and "[b]bold[/b]" in text
    table = ok(mstui("report", "variance", "REL", db=db))
    assert "+14d" in table and "Beta Testing" in table
    history = ok(mstui("milestone", "history", str(beta), db=db))
    assert "WHY" in history and "\x1b" not in history and "[b]bold[/b]" in history


def test_the_plan_as_of_a_date_equals_the_baseline_saved_that_day(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    ok(mstui("demo", db=db))
    saved = as_json(mstui("baseline", "save", "REL", "--json", db=db))
    assert saved["name"] == "2026-11-18"
    alpha = ids(db)["Alpha Launch"]
    later = "2026-11-19T09:00:00+00:00"
    ok(mstui("milestone", "edit", str(alpha), "--due", "+30d", "--reason", "SDK", db=db, now=later))
    ok(mstui("milestone", "edit", str(alpha), "--effort", "99", db=db, now=later))
    shown = as_json(mstui("baseline", "show", "REL", "--json", db=db))
    as_of = ("timeline", "--project", "REL", "--json", "--as-of")
    rebuilt = as_json(mstui(*as_of, "2026-11-18", db=db))
    assert rebuilt["items"] == shown["items"]
    assert not rebuilt["saved"]
    today = as_json(mstui(*as_of, "2026-11-19", db=db))
    (alpha_now,) = [i for i in today["items"] if i["id"] == alpha and i["kind"] == "milestone"]
    assert alpha_now["effort_estimate"] == 99
    listed = as_json(mstui("baseline", "list", "REL", "--json", db=db))
    assert [(b["name"], b["milestones"], b["tasks"]) for b in listed] == [("2026-11-18", 4, 8)]


def test_refusals_are_one_line_and_change_nothing(in_process: InProcess, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert in_process("--db", db, "demo").code == 0
    cases = {
        ("baseline", "show", "REL"): "REL has no baseline (save one: mstui baseline save REL)",
        ("baseline", "save", "NOPE"): "no such project",
        ("report", "variance", "REL"): "REL has no baseline",
        ("report", "variance", "REL", "--baseline", "x"): "no such baseline of REL",
        ("timeline", "--as-of", "2026-11-01"): "give the --project",
        ("timeline", "--project", "REL", "--as-of", "someday"): "as-of",
        ("baseline", "delete", "REL", "nope"): "no such baseline",
        ("report", "variance", "REL", "--baseline", "a", "--as-of", "-1d"): "not allowed with",
    }
    for args, expected in cases.items():
        done = in_process("--db", db, *args)
        assert done.code == 2, (args, done)
        assert expected in done.err and len(done.err.splitlines()) == 1, (args, done.err)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM baseline").fetchone() == (0,)


def test_the_slip_reason_needs_a_due_date_to_go_with(mstui: RunCli, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    ok(mstui("demo", db=db))
    rel = ids(db)["Release"]
    long = "x" * 501
    edit = ("milestone", "edit", str(rel), "--due", "+60d", "--reason")
    err = one_line_error(mstui(*edit, long, db=db))
    assert "reason" in err
    data = json.loads(ok(mstui("milestone", "show", str(rel), "--json", db=db)))
    assert data["slips"]["count"] == 0
    # --reason with a --due later: the slip's reason, and the milestone is not blocked.
    ok(mstui("milestone", "edit", str(rel), "--due", "+60d", "--reason", "Budget cut", db=db))
    data = json.loads(ok(mstui("milestone", "show", str(rel), "--json", db=db)))
    assert data["status"] != "blocked" and data["blocked_reason"] == ""
    assert data["slips"]["moves"][0]["reason"] == "Budget cut"


def test_the_database_may_be_named_after_the_command(in_process: InProcess, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert in_process("demo", "--db", db).code == 0
    assert in_process("baseline", "save", "REL", "agreed", "--db", db).code == 0
    listed = in_process("baseline", "list", "REL", "--json", "--db", db)
    assert [b["name"] for b in json.loads(listed.out)] == ["agreed"]
