"""The command line never half-applies an edit, never shows a traceback, never lets text
from the database drive the terminal, and shares attachments like the database.

Everything runs the real `mstui` in a subprocess on a real SQLite file, except
the catch-all of `cli.main`, which needs a fault that no real command has (any
more) and is driven in process.
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import sqlite3
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mstui.domain.enums import Role
from mstui.domain.text import clean
from mstui.identity import current_account
from tests.cli.helpers import ME, InProcess, Ran, dump, one_line_error, run_raw, store_on
from tests.conftest import RunCli


@pytest.fixture(scope="module")
def plan_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MKT with milestones 1 and 2 (2 depends on 1), target 1 "Revenue" (made once)."""
    path = tmp_path_factory.mktemp("plan") / "plan.db"
    with store_on(path) as store:
        store.add_project("MKT", "Winter campaign")
        store.add_member("MKT", ME, Role.LEAD)  # the CLI's user co-leads it
        first = store.add_milestone("MKT", "Strategy Approved", date(2026, 12, 1))
        store.add_milestone("MKT", "Assets Created", date(2026, 12, 8), depends_on=[first.id])
        store.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    return path


@pytest.fixture
def plan(plan_db: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return Path(shutil.copy(plan_db, folder / "plan.db"))


# -- 1. attachments on a shared server ----------------------------------------------------


def test_init_shared_makes_the_attachments_folder_and_attaching_keeps_it_shared(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    group = grp.getgrgid(os.getegid()).gr_name
    shared = tmp_path / "team"
    done = run_raw(cli_env, tmp_path, "init", "--shared", str(shared), "--group", group)
    assert done.returncode == 0, done.stderr
    db = shared / "mstui.db"
    files = shared / "mstui.db.files"
    assert stat.S_IMODE(files.stat().st_mode) == 0o3770  # sticky: only owners remove
    folders = sorted(files.iterdir())
    assert [p.name for p in folders] == [f"{i:02x}" for i in range(256)]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o3770}
    assert files.stat().st_gid == grp.getgrnam(group).gr_gid
    env = dict(cli_env, MSTUI_DB=str(db))
    del env["MSTUI_NOW"]  # refused on a shared database
    assert run_raw(env, tmp_path, "project", "add", "MKT", "Campaign").returncode == 0
    assert (
        run_raw(env, tmp_path, "milestone", "add", "MKT", "Brief", "--due", "fri").returncode == 0
    )
    doc = tmp_path / "brief.txt"
    doc.write_text("the brief\n")
    # The first member to attach has a umask that would make folders 755 and files 644.
    done = run_raw(env, tmp_path, "milestone", "attach", "1", str(doc), umask=0o022)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    (copy,) = [f for sub in files.iterdir() for f in sub.iterdir()]
    assert copy.parent.stat().st_gid == files.stat().st_gid
    assert stat.S_IMODE(copy.stat().st_mode) == 0o440  # read-only once written
    assert copy.read_text() == "the brief\n"


def test_a_files_folder_that_cannot_be_used_is_one_line_and_nothing_is_written(
    plan: Path, cli_env: dict[str, str]
) -> None:
    blocker = plan.with_name(plan.name + ".files")
    blocker.write_text("not a folder")  # as unusable as a folder of someone else's
    doc = plan.parent.parent / "contract.pdf"
    doc.write_bytes(b"%PDF-1.4 contract")
    before = dump(plan)
    done = run_raw(cli_env, plan.parent, "--db", str(plan), "milestone", "attach", "1", str(doc))
    line = one_line_error(done)
    assert line.startswith("mstui: file: cannot store a copy in ") and str(doc) in line
    assert dump(plan) == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.db", "plan.db.files"]
    assert blocker.read_text() == "not a folder"


def test_folders_made_by_a_later_attach_are_sticky_and_shared_whatever_the_umask(
    plan: Path, cli_env: dict[str, str]
) -> None:
    doc = plan.parent.parent / "contract.pdf"
    doc.write_bytes(b"%PDF-1.4 contract")
    args = ("--db", str(plan), "milestone", "attach", "1", str(doc))
    done = run_raw(cli_env, plan.parent, *args, umask=0o077)
    assert (done.returncode, done.stderr) == (0, b"")
    files = plan.with_name(plan.name + ".files")
    (copy,) = [f for sub in files.iterdir() for f in sub.iterdir()]
    for folder in (files, copy.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o3770
    assert stat.S_IMODE(copy.stat().st_mode) == 0o440


# -- 2. no half-applied edits ---------------------------------------------------------------


def test_a_refused_dependency_saves_none_of_the_milestone_edit(plan: Path, mstui: RunCli) -> None:
    before = dump(plan)
    for depends in ("1", "2"):  # itself, and a cycle through the milestone after it
        done = mstui("milestone", "edit", "1", "--title", "New T", "--depends", depends, db=plan)
        line = one_line_error(done)
        assert line.startswith("mstui: depends: ") and "cycle" in line, line
        assert dump(plan) == before
    done = mstui("milestone", "edit", "2", "--title", "Assets Done", "--no-depends", db=plan)
    assert done.returncode == 0, done.stderr
    shown = json.loads(mstui("milestone", "show", "2", "--json", db=plan).stdout)
    assert (shown["title"], shown["depends_on"]) == ("Assets Done", [])


def test_a_refused_checkpoint_saves_none_of_the_target_edit(plan: Path, mstui: RunCli) -> None:
    before = dump(plan)
    done = mstui(
        "target", "edit", "1", "--goal", "123456", "--checkpoints", "2026-11-99=5", db=plan
    )
    line = one_line_error(done)
    assert line.startswith("mstui: checkpoints: expected DATE=N,... (cumulative figures)"), line
    assert '"2026-11-99=5"' in line
    assert dump(plan) == before
    # Outside the new period: checked in the same transaction as the new end.
    done = mstui(
        "target", "edit", "1", "--end", "2026-11-20", "--checkpoints", "2026-11-25=100", db=plan
    )
    assert "outside the period 2026-11-01 to 2026-11-20" in one_line_error(done)
    assert dump(plan) == before
    done = mstui(
        "target",
        "edit",
        "1",
        "--goal",
        "200",
        "--checkpoints",
        "2026-11-15=50,2026-11-30=200",
        "--json",
        db=plan,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["goal"] == 200
    assert [(c["date"], c["expected"]) for c in got["checkpoints"]] == [
        ("2026-11-15", 50),
        ("2026-11-30", 200),
    ]


# -- 3. no tracebacks -------------------------------------------------------------------------


def test_init_shared_where_no_directory_can_be_made_is_one_line(
    tmp_path: Path, mstui: RunCli
) -> None:
    line = one_line_error(mstui("init", "--shared", "/proc/x"))
    assert line.startswith("mstui: directory: cannot set it up: ") and '"/proc/x"' in line


def test_a_shift_off_the_calendar_is_one_line_and_changes_nothing(
    plan: Path, mstui: RunCli
) -> None:
    done = mstui("milestone", "edit", "2", "--due", "2199-12-20", db=plan)
    assert done.returncode == 0, done.stderr
    before = dump(plan)
    line = one_line_error(mstui("milestone", "shift", "2", "+2w", db=plan))
    assert line == 'mstui: days: would move 2199-12-20 after 2199-12-31 (got "14")'
    assert dump(plan) == before


def test_an_unexpected_fault_is_one_line_with_status_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, in_process: InProcess
) -> None:
    from mstui.cli import output, people

    def broken(args: Any) -> int:
        raise KeyError("a bug\nover two lines")

    monkeypatch.setattr(people, "cmd_person_list", broken)
    argv = ["--db", str(tmp_path / "x.db"), "person", "list"]
    assert in_process(*argv) == Ran(
        1,
        "",
        "mstui: internal error: KeyError: 'a bug\\nover two lines' "
        "(set MSTUI_DEBUG=1 for the traceback)\n",
    )
    monkeypatch.setenv("MSTUI_DEBUG", "1")
    with pytest.raises(KeyError):
        in_process(*argv)
    assert sys.stdout is sys.__stdout__ or not isinstance(sys.stdout, output.InertStdout)


# -- 4. text from the database reaches the terminal inert -------------------------------------

HOSTILE = "Launch \x1b]0;PWNED\x07 \x1b[2J\x9b31m \u202eevil\u202c \u2028next\x7f é ✓"
FORBIDDEN = [
    b"\x1b",
    b"\x07",
    "\x9b".encode(),
    "\u202e".encode(),
    "\u202c".encode(),
    "\u2028".encode(),
    b"\x7f",
]


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """Titles, a target and an alert holding escape sequences, written straight into the
    file (as any group member could), behind the store's back."""
    path = tmp_path / "hostile.db"
    me = current_account()
    with store_on(path, me) as store:
        store.add_project("MKT", "Winter campaign", lead=me.login)
        for i in range(3):
            store.add_milestone("MKT", f"M{i}", date(2026, 11, 10 + i), owner=me.login)
        store.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
        raised = store.scan()
        assert raised
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE milestone SET title = ?, description = ?", (HOSTILE, HOSTILE))
        conn.execute("UPDATE target SET name = ?", (HOSTILE,))
        conn.execute("UPDATE project SET name = ?", (HOSTILE,))
        conn.execute("UPDATE alert SET message = ?", (HOSTILE,))
        conn.commit()
    finally:
        conn.close()
    return path


def strings(data: Any) -> set[str]:
    """Every string anywhere in decoded JSON."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(strings(v) for v in data.values()), set())
    if isinstance(data, list):
        return set().union(*(strings(v) for v in data), set())
    return set()


@pytest.mark.parametrize(
    "args",
    [
        ["milestone", "done", "3"],
        ["milestone", "show", "2"],
        ["milestone", "list"],
        ["milestone", "list", "--json"],
        ["milestone", "show", "2", "--json"],
        ["target", "list"],
        ["target", "list", "--json"],
        ["target", "show", "1"],
        ["project", "list"],
        ["alerts"],
        ["alerts", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_hostile_text_in_the_database_reaches_stdout_inert(
    hostile_db: Path, cli_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    done = run_raw(cli_env, tmp_path, "--db", str(hostile_db), *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    raw = done.stdout
    assert b"PWNED" in raw and "é ✓".encode() in raw  # the text is there, readable
    for bad in FORBIDDEN:
        assert bad not in raw, (bad, raw)
    if "--json" in args:
        data = json.loads(raw)  # still valid JSON
        if args[0] == "alerts":  # an alert's JSON message is made inert by its view
            assert clean(HOSTILE) in strings(data)
        else:  # holding exactly what was stored, escaped
            assert HOSTILE in strings(data)
            assert b"\\u001b]0;PWNED\\u0007" in raw and b"\\u009b31m \\u202eevil" in raw
    else:
        assert "␛]0;PWNED␇".encode() in raw


# -- 6. what the UI can do, the command line can ------------------------------------------------


def test_past_conflicts_are_listed_unless_filtered(plan: Path, mstui: RunCli) -> None:
    def ok(*args: str) -> str:
        done = mstui(*args, db=plan)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        return done.stdout

    ok("task", "add", "MKT", "Old work", "--start", "2026-10-01", "--end", "2026-10-09")
    ok("resource", "add", "Crane", "--kind", "equipment", "--capacity", "1")
    ok("resource", "book", "Crane", "--task", "1")
    ok("resource", "book", "Crane", "--task", "1", "--start", "2026-10-05")
    (past,) = json.loads(ok("resource", "conflicts", "--json"))
    assert (past["start"], past["end"]) == ("2026-10-05", "2026-10-09")
    assert "2026-10-05" in ok("resource", "conflicts")
    assert json.loads(ok("resource", "conflicts", "--all", "--json")) == [past]
    assert json.loads(ok("resource", "conflicts", "--from", "today", "--json")) == []
    assert json.loads(ok("resource", "conflicts", "--from", "2026-10-09", "--json")) == [past]
    line = one_line_error(mstui("resource", "conflicts", "--from", "someday", db=plan))
    assert line.startswith("mstui: from: ") and '"someday"' in line
