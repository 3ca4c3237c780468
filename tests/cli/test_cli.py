"""The real `mstui` command in a subprocess: happy paths, JSON shape, and bad input.

Every successful command prints nothing on stderr. Every bad input exits with
status 2, prints one line on stderr naming the field and quoting the value (no
traceback), and leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mstui.domain.enums import Health, Role, Status
from tests.cli.helpers import (
    ME,
    BadCase,
    Outcome,
    as_json,
    check_refused,
    dump,
    files,
    ok,
    run_cases,
    store_on,
    table_count,
)
from tests.conftest import RunCli, cli_environment, run_mstui

MILESTONE_KEYS = {
    "id",
    "project",
    "title",
    "owner",
    "due",
    "status",
    "health",
    "kpi",
    "cost_estimate",
    "cost_actual",
    "depends_on",
}


# -- databases made once per module, copied per test ---------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by `mstui demo` at NOW (run once; tests copy it)."""
    root = tmp_path_factory.mktemp("demo")
    path = root / "demo.db"
    out = ok(run_mstui(cli_environment(root), root, "demo", db=path))
    assert out == (
        f"demo: 4 projects, 16 milestones, 22 tasks, 1 target in {path}, "
        "dated around 2026-11-18 (today)\n"
    )
    assert not Path(f"{path}-wal").exists()  # all in the one file: copies are whole
    return path


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Project MKT with milestone 1 "Strategy Approved", made by alice (not by the CLI's user,
    who is an editor of it, as bob is)."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    with store_on(path) as store:
        store.add_person("bob", "Bob Baker", "Marketing")
        store.add_project("MKT", "Winter campaign")
        store.add_member("MKT", "bob", Role.EDITOR)
        store.add_member("MKT", ME, Role.EDITOR)
        store.add_milestone("MKT", "Strategy Approved", date(2026, 12, 1))
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_db, tmp_path / "demo.db"))


@pytest.fixture
def base(base_db: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    yield Path(shutil.copy(base_db, folder / "mstui.db"))


# -- the demo and the JSON shape -----------------------------------------------------------


def check_milestone_shape(m: dict[str, Any], ids: set[int]) -> None:
    assert set(m) >= MILESTONE_KEYS
    assert isinstance(m["id"], int)
    assert isinstance(m["project"], str) and m["project"].isupper()
    assert isinstance(m["title"], str) and m["title"]
    assert isinstance(m["owner"], str) and m["owner"]
    assert date.fromisoformat(m["due"]).isoformat() == m["due"]
    assert m["status"] in {s.value for s in Status}
    assert m["health"] in {h.value for h in Health}
    assert m["kpi"] is None or set(m["kpi"]) == {"name", "target", "actual", "unit"}
    for key in ("cost_estimate", "cost_actual"):
        assert m[key] is None or isinstance(m[key], int | float)
    assert isinstance(m["depends_on"], list)
    assert all(isinstance(i, int) and i in ids for i in m["depends_on"])


def test_demo_on_the_command_line_first_is_the_demo_too(mstui: RunCli, tmp_path: Path) -> None:
    """`mstui --demo milestone list` on a machine where the app never ran: the demo
    database is made with the stories (as the app makes it), once."""
    first = as_json(mstui("--demo", "milestone", "list", "--json"))
    assert len(first) == 16 and {m["project"] for m in first} == {"MKT", "SLS", "BLD", "REL"}
    again = as_json(mstui("--demo", "milestone", "list", "--json"))
    assert again == first  # filled once: not again, not twice
    assert (tmp_path / "home" / ".local" / "share" / "mstui" / "demo.db").is_file()
    # Without --demo, the user's own database stays empty.
    assert as_json(mstui("milestone", "list", "--json")) == []


def test_demo_milestones_in_all_four_healths_with_stable_keys(demo: Path, mstui: RunCli) -> None:
    ms = as_json(mstui("milestone", "list", "--json", db=demo))
    assert len(ms) == 16
    ids = {m["id"] for m in ms}
    for m in ms:
        check_milestone_shape(m, ids)
    healths = {m["health"] for m in ms}
    assert healths >= {"on_track", "at_risk", "overdue", "done"}
    # Sorted by due date; the four stories are there.
    assert [m["due"] for m in ms] == sorted(m["due"] for m in ms)
    assert {m["project"] for m in ms} == {"MKT", "SLS", "BLD", "REL"}
    titles = {m["title"] for m in ms}
    for title in (
        "Strategy Approved",
        "Assets Created",
        "Campaign Live",
        "Permit Approved",
        "Subcontractor Onboarding",
        "Material Delivery",
        "Final Inspection",
        "Final Site Walkthrough",
        "Feature Freeze",
        "Alpha Launch",
        "Beta Testing",
        "Release",
    ):
        assert title in titles
    # The person who ran the demo leads every project.
    projects = as_json(mstui("project", "list", "--json", db=demo))
    assert {p["key"]: p["lead"] for p in projects} == {k: ME for k in ("BLD", "MKT", "REL", "SLS")}


def test_json_filters(demo: Path, mstui: RunCli) -> None:
    got = as_json(
        mstui("milestone", "list", "--project", "sls", "--health", "overdue", "--json", db=demo)
    )
    assert got and {(m["project"], m["health"]) for m in got} == {("SLS", "overdue")}


def test_demo_refuses_a_database_with_data_unless_forced(demo: Path, mstui: RunCli) -> None:
    conn = sqlite3.connect(demo)
    conn.execute(
        "INSERT INTO project (key, name, description, archived, version, created_at) "
        "VALUES ('KEEP', 'Not a demo project', '', 0, 1, '2026-11-18 10:00:00')"
    )
    conn.commit()
    conn.close()
    before = dump(demo)
    refused = mstui("demo", db=demo)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert len(refused.stderr.splitlines()) == 1
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert dump(demo) == before

    ok(mstui("demo", "--force", db=demo))
    conn = sqlite3.connect(demo)
    try:
        keys = [k for (k,) in conn.execute("SELECT key FROM project ORDER BY key")]
    finally:
        conn.close()
    assert keys == ["BLD", "KEEP", "MKT", "REL", "SLS"]
    assert table_count(demo, "milestone") == 16


def test_demo_size_adds_synthetic_milestones(tmp_path: Path, mstui: RunCli) -> None:
    path = tmp_path / "big.db"
    out = ok(mstui("demo", "--size", "200", db=path))
    assert out.splitlines()[-1] == "demo: 200 synthetic milestones with 1,000 tasks"
    assert table_count(path, "milestone") == 16 + 200
    assert table_count(path, "task") == 22 + 1000
    listed = as_json(mstui("milestone", "list", "--project", "GEN1", "--json", db=path))
    assert len(listed) == 200
    assert {m["health"] for m in listed} >= {"on_track", "at_risk", "overdue", "done"}


# -- a working session, command by command -------------------------------------------------


def test_happy_paths(tmp_path: Path, mstui: RunCli) -> None:
    db = tmp_path / "team.db"

    def run(line: str, *more: str, now: str | None = None) -> str:
        """One command, written as in a shell (`more` adds arguments as they are)."""
        return ok(mstui(*shlex.split(line), *more, db=db, now=now))

    assert run("person add bob --name 'Bob Baker' --department Marketing") == (
        "added bob (Bob Baker, Marketing)\n"
    )
    assert run(
        "project add MKT 'Winter campaign' --department Marketing "
        "--start 2026-11-01 --end eom --budget 40,000"
    ) == (f"added project MKT: Winter campaign (lead {ME})\n")
    # Handed to bob, its maker stays on as an editor.
    assert run("project edit MKT --lead bob").startswith(
        "edited project MKT: Winter campaign (lead bob"
    )
    assert run("project add NZ 'Auckland office' --timezone Pacific/Auckland") == (
        f"added project NZ: Auckland office (lead {ME})\n"
    )
    projects = json.loads(run("project list --json"))
    assert [(p["key"], p["lead"], p["start"], p["end"], p["budget"]) for p in projects] == [
        ("MKT", "bob", "2026-11-01", "2026-11-30", 40000.0),
        ("NZ", ME, None, None, None),
    ]

    first = json.loads(
        run(
            "milestone add MKT 'Strategy Approved' --due fri --owner bob "
            "--kpi Sign-ups:5,000:users --cost 2500 --json"
        )
    )
    assert {k: first[k] for k in MILESTONE_KEYS} == {
        "id": 1,
        "project": "MKT",
        "title": "Strategy Approved",
        "owner": "bob",
        "due": "2026-11-20",
        "status": "planned",
        "health": "at_risk",
        "kpi": {"name": "Sign-ups", "target": 5000.0, "actual": None, "unit": "users"},
        "cost_estimate": 2500.0,
        "cost_actual": None,
        "depends_on": [],
    }
    assert run("milestone add MKT 'Assets Created' --due +2w --depends 1") == (
        "added milestone 2: Assets Created (MKT, due 2026-12-02, Planned, ● on track, owner "
        f"{ME})\n"
    )
    # "today" is the project's: at 23:30 UTC it is already 19 November in Auckland.
    kiwi = json.loads(run("milestone add NZ Kiwi --due today --json", now="2026-11-18T23:30Z"))
    assert (kiwi["due"], kiwi["health"]) == ("2026-11-19", "at_risk")

    blocked = json.loads(run("milestone move 1 blocked --reason 'Waiting on legal' --json"))
    assert (blocked["status"], blocked["blocked_reason"], blocked["health"]) == (
        "blocked",
        "Waiting on legal",
        "at_risk",
    )
    run("milestone move 1 'in progress'")
    run("milestone edit 2 --title 'Assets Created!' --due 2026-12-04 --cost-actual 1,250")
    run("milestone comment 2 --kind update", "Banners ready\nVideo next week")
    assert run(
        "task add MKT 'Draft copy' --start today --end +5d --milestone 2 --assignee bob"
    ) == ("added task 1: Draft copy (2026-11-18..2026-11-23)\n")
    tasks = json.loads(run("task list --json"))
    assert [(t["id"], t["milestone_id"], t["assignee"], t["status"]) for t in tasks] == [
        (1, 2, "bob", "todo")
    ]
    assert run("task done 1") == "finished task 1: Draft copy\n"
    assert run("milestone done 2").startswith("finished milestone 2: Assets Created! (MKT")
    run("task add NZ 'Late copy' --start today --end +2d --milestone 3")
    assert run("milestone done 3").endswith("\n  1 of its tasks still open\n")
    assert run("milestone done 3") == "milestone 3 is already done: Kiwi\n"

    detail = json.loads(run("milestone show 2 --json"))
    assert (detail["title"], detail["status"], detail["health"]) == (
        "Assets Created!",
        "done",
        "done",
    )
    assert (detail["due"], detail["cost_actual"], detail["depends_on"]) == (
        "2026-12-04",
        1250.0,
        [1],
    )
    assert [t["status"] for t in detail["tasks"]] == ["done"]
    assert [(c["author"], c["kind"], c["body"]) for c in detail["comments"]] == [
        (ME, "update", "Banners ready\nVideo next week")
    ]
    changes = {
        (a["actor"], a["action"], a["field"], a["old"], a["new"]) for a in detail["activity"]
    }
    assert {
        (ME, "create", "", None, "Assets Created"),
        (ME, "edit", "title", "Assets Created", "Assets Created!"),
        (ME, "edit", "due", "2026-12-02", "2026-12-04"),
        (ME, "edit", "cost_actual", None, "1250"),
        (ME, "edit", "status", "planned", "done"),
    } <= changes

    text = run("milestone show 2")
    assert text.splitlines()[0] == "#2 Assets Created!"
    assert "[x] #1 Draft copy (2026-11-18..2026-11-23, bob)" in text
    table = run("milestone list --project MKT").splitlines()
    assert table[0].split() == ["ID", "PROJ", "DUE", "STATUS", "HEALTH", "OWNER", "TITLE"]
    assert [line.split()[0] for line in table[1:]] == ["1", "2"]

    # MSTUI_DB names the database as well as --db.
    via_env = ok(mstui("project", "list", "--json", extra_env={"MSTUI_DB": str(db)}))
    assert [p["key"] for p in json.loads(via_env)] == ["MKT", "NZ"]


def test_no_command_without_a_terminal_is_one_line(tmp_path: Path, mstui: RunCli) -> None:
    done = mstui(db=tmp_path / "x.db")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "terminal" in done.stderr


# -- bad input: exit 2, one line naming the field and quoting the value, nothing written ---


ADD = ["milestone", "add", "MKT", "T", "--due", "fri"]
BAD_INPUT: list[BadCase] = [
    # (id, args, field named, value quoted)
    ("unknown-project", ["milestone", "add", "NOPE", "T", "--due", "fri"], "project", "NOPE"),
    ("empty-title", ["milestone", "add", "MKT", "", "--due", "fri"], "title", ""),
    ("bad-date", [*ADD[:4], "--due", "next blursday"], "due", "next blursday"),
    ("impossible-date", [*ADD[:4], "--due", "2026-02-30"], "due", "2026-02-30"),
    ("unknown-status-move", ["milestone", "move", "1", "finished"], "status", "finished"),
    ("unknown-status-edit", ["milestone", "edit", "1", "--status", "gone"], "status", "gone"),
    ("bad-date-edit", ["milestone", "edit", "1", "--due", "soonish"], "due", "soonish"),
    ("unknown-owner", [*ADD, "--owner", "ghost"], "owner", "ghost"),
    ("unknown-depends", [*ADD, "--depends", "99"], "depends", "99"),
    ("bad-cost", [*ADD, "--cost", "lots"], "cost", "lots"),
    ("negative-cost", [*ADD, "--cost", "-5"], "cost", "-5"),
    ("unknown-owner-filter", ["milestone", "list", "--owner", "ghost"], "owner", "ghost"),
    ("bad-kpi", [*ADD, "--kpi", "Leads:many"], "kpi", "Leads:many"),
    ("unknown-milestone", ["milestone", "done", "99"], "milestone", "99"),
    ("blocked-without-reason", ["milestone", "move", "1", "blocked"], "reason", ""),
    (
        "unknown-task-project",
        ["task", "add", "NOPE", "T", "--start", "1d", "--end", "2d"],
        "project",
        "NOPE",
    ),
]


@pytest.fixture(scope="module")
def bad_outcomes(base_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every bad-input case, each on its own copy of `base_db`, run a few at a time."""

    def copy(folder: Path) -> Path:
        return Path(shutil.copy(base_db, folder / "mstui.db"))

    def snapshot(db: Path) -> object:
        return files(db.parent), dump(db)  # the same bytes, and no file left beside it

    return run_cases(BAD_INPUT, tmp_path_factory.mktemp("bad"), copy, snapshot)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [(case[0], case[2], case[3]) for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input(bad_outcomes: dict[str, Outcome], name: str, field: str, value: str) -> None:
    check_refused(bad_outcomes[name], field, value)


def test_a_missing_directory_is_one_line_and_is_not_created(tmp_path: Path, mstui: RunCli) -> None:
    path = tmp_path / "missing" / "dir" / "mstui.db"
    done = mstui("milestone", "list", db=path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f'mstui: cannot open database "{path}": directory {path.parent} does not exist\n'
    )
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command", [["milestone", "list"], ["project", "add", "AB", "x"]])
def test_a_text_file_is_one_line_and_left_untouched(
    tmp_path: Path, mstui: RunCli, command: list[str]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    path = folder / "notes.txt"
    path.write_text("Shopping list\n- milk\n")
    done = mstui(*command, db=path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f'mstui: cannot open database "{path}": file is not a database\n'
    assert files(folder) == {"notes.txt": b"Shopping list\n- milk\n"}


def test_a_stale_version_is_a_conflict_and_changes_nothing(base: Path, mstui: RunCli) -> None:
    before = dump(base)
    done = mstui("milestone", "edit", "1", "--title", "Mine", "--version", "7", db=base)
    assert done.returncode == 2
    assert done.stderr == (
        "mstui: milestone 1 was changed by alice since you opened it (version 7 → 1)\n"
    )
    assert dump(base) == before


def test_a_command_line_that_does_not_parse_is_one_line(base: Path, mstui: RunCli) -> None:
    before = dump(base)
    done = mstui("milestone", "add", "MKT", "No due date", db=base)
    assert done.returncode == 2
    assert done.stderr == (
        "mstui: the following arguments are required: --due (see mstui milestone add --help)\n"
    )
    assert dump(base) == before
