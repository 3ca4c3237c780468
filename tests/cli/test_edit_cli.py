"""Fixing mistakes from the command line, in a subprocess: `project edit`, `person edit`,
`task delete|unlink`, `milestone comment-edit|comment-delete|detach`, `resource
edit|delete`, and the ids `milestone show` gives for them.

Every bad input exits with status 2, prints one line on stderr naming the field
and quoting the value, and leaves the database (and the stored files) as they were.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mstui.domain.enums import CommentKind, Role
from mstui.identity import Account
from tests.cli.helpers import (
    ME,
    BadCase,
    Outcome,
    as_json,
    check_refused,
    dump,
    ok,
    one_line_error,
    run_cases,
    store_on,
    tree,
)
from tests.conftest import BOB, RunCli


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MKT (led by the CLI's user) with milestone 1 "Launch", tasks 1 "Draft" and 2 "Print"
    (both on it), resource 1 "Crane" booked on task 2, comment 1 mine and comment 2
    Bob's, and attachments 1 and 2: the same file attached twice (one stored copy)."""
    folder = tmp_path_factory.mktemp("seeded") / "data"
    folder.mkdir()
    path = folder / "mstui.db"
    report = folder.parent / "report.pdf"
    report.write_bytes(b"%PDF-1.4 quarterly report")
    with store_on(path, Account(ME, "Me Myself")) as me, store_on(path, BOB) as bob:
        me.add_person("bob", "Bob Baker", "Marketing")
        me.add_project(
            "MKT",
            "Winter campaign",
            department="Marketing",
            start=date(2026, 11, 1),
            end=date(2026, 12, 31),
            budget=25_000,
        )
        me.add_member("MKT", "bob", Role.EDITOR)
        m = me.add_milestone("MKT", "Launch", date(2026, 12, 1))
        me.add_task("MKT", "Draft", date(2026, 11, 19), date(2026, 11, 24), milestone_id=m.id)
        me.add_task("MKT", "Print", date(2026, 11, 25), date(2026, 11, 27), milestone_id=m.id)
        me.add_resource("Crane", "equipment", 1)
        me.book("Crane", task_id=2)
        me.add_comment(m.id, "Half the copy is written", CommentKind.UPDATE)
        bob.add_comment(m.id, "Bob's note")
        me.add_attachment(m.id, str(report))
        me.add_attachment(m.id, str(report))
    report.unlink()
    assert not Path(f"{path}-wal").exists()
    return path


def copy_of(seeded: Path, folder: Path) -> Path:
    """A copy of the seeded database and its stored files in `folder`."""
    shutil.copytree(seeded.parent, folder)
    return folder / seeded.name


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    return copy_of(seeded, tmp_path / "data")


# -- happy paths ---------------------------------------------------------------------------------


def test_project_edit_every_field_then_clear(db: Path, mstui: RunCli) -> None:
    p = as_json(
        mstui(
            "project",
            "edit",
            "mkt",
            "--name",
            "Winter campaign 2026",
            "--description",
            "The plan",
            "--department",
            "Sales",
            "--start",
            "2026-11-02",
            "--end",
            "eoq",
            "--budget",
            "30,000",
            "--timezone",
            "Europe/Paris",
            "--json",
            db=db,
        )
    )
    assert {k: p[k] for k in ("key", "name", "description", "lead", "department")} == {
        "key": "MKT",
        "name": "Winter campaign 2026",
        "description": "The plan",
        "lead": ME,
        "department": "Sales",
    }
    assert (p["start"], p["end"], p["budget"], p["timezone"]) == (
        "2026-11-02",
        "2026-12-31",
        30_000,
        "Europe/Paris",
    )
    out = ok(
        # The lead hands the project over last: then they are an editor of it.
        mstui(
            "project",
            "edit",
            "MKT",
            "--department",
            "",
            "--budget",
            "",
            "--end",
            "",
            "--lead",
            "bob",
            db=db,
        )
    )
    assert out.startswith("edited project MKT: Winter campaign 2026 (lead bob, no department,")
    listed = as_json(mstui("project", "list", "--json", db=db))[0]
    assert (listed["department"], listed["budget"], listed["end"]) == (None, None, None)
    history = as_json(mstui("milestone", "history", "--json", db=db))
    assert {
        (a["entity"], a["field"], a["old"], a["new"]) for a in history if a["action"] == "edit"
    } >= {
        ("project", "lead", ME, "bob"),
        ("project", "budget", "25000", "30000"),
        ("project", "budget", "30000", None),
    }


def test_project_edit_with_a_stale_version_is_a_conflict(db: Path, mstui: RunCli) -> None:
    before = dump(db)
    done = mstui("project", "edit", "MKT", "--name", "X", "--version", "7", db=db)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "version 7 → 1" in done.stderr
    assert dump(db) == before


def test_person_edit(db: Path, mstui: RunCli) -> None:
    out = ok(
        mstui(
            "person",
            "edit",
            "bob",
            "--name",
            "Robert Baker",
            "--department",
            "Sales",
            "--head",
            "--timezone",
            "Asia/Tokyo",
            db=db,
        )
    )
    assert out == "edited bob: Robert Baker, Sales (head), timezone Asia/Tokyo\n"
    p = as_json(mstui("person", "edit", "bob", "--no-head", "--timezone", "", "--json", db=db))
    assert (p["name"], p["department"], p["is_department_head"], p["timezone"]) == (
        "Robert Baker",
        "Sales",
        False,
        None,
    )


def test_task_delete_and_unlink(db: Path, mstui: RunCli) -> None:
    assert one_line_error(mstui("task", "unlink", "1", db=db)) == (
        'mstui: unlink: repeat with --yes to take "Draft" off its milestone (got "1")'
    )
    assert ok(mstui("task", "unlink", "1", "--yes", db=db)) == (
        "task 1: Draft no longer leads to milestone 1\n"
    )
    assert ok(mstui("task", "unlink", "1", "--yes", db=db)) == (
        "task 1 is not linked to a milestone: nothing to change\n"
    )
    tasks = as_json(mstui("task", "list", "--json", db=db))
    assert [(t["id"], t["milestone_id"]) for t in tasks] == [(1, None), (2, 1)]
    assert ok(mstui("task", "delete", "2", "--yes", db=db)) == (
        "deleted task 2: Print and 1 booking\n"
    )
    assert [t["id"] for t in as_json(mstui("task", "list", "--json", db=db))] == [1]
    assert as_json(mstui("resource", "bookings", "--json", db=db)) == []


def test_show_gives_comment_and_attachment_ids(db: Path, mstui: RunCli) -> None:
    text = ok(mstui("milestone", "show", "1", db=db))
    assert f"  #1 2026-11-18 10:00 {ME} (update): Half the copy is written" in text
    assert "  #2 2026-11-18 10:00 bob (note): Bob's note" in text
    files = text.split("\nFiles\n", 1)[1].splitlines()
    assert [line.split()[:2] for line in files] == [["#1", "report.pdf"], ["#2", "report.pdf"]]
    shown = as_json(mstui("milestone", "show", "1", "--json", db=db))
    assert [(c["id"], c["author"]) for c in shown["comments"]] == [(1, ME), (2, "bob")]
    assert [(a["id"], a["name"]) for a in shown["attachments"]] == [
        (1, "report.pdf"),
        (2, "report.pdf"),
    ]


def test_comment_edit_and_delete(db: Path, mstui: RunCli) -> None:
    c = as_json(
        mstui("milestone", "comment-edit", "1", "All the copy is written", "--kind", "note",
              "--json", db=db)
    )  # fmt: skip
    assert (c["id"], c["body"], c["kind"], c["author"]) == (
        1,
        "All the copy is written",
        "note",
        ME,
    )
    history = as_json(mstui("milestone", "history", "1", "--json", db=db))
    assert (history[1]["field"], history[1]["old"], history[1]["new"]) == (
        "comment #1",
        "Half the copy is written",
        "All the copy is written",
    )
    assert ok(mstui("milestone", "comment-delete", "1", "--yes", db=db)) == (
        "deleted comment 1 on milestone 1\n"
    )
    shown = as_json(mstui("milestone", "show", "1", "--json", db=db))
    assert [c["id"] for c in shown["comments"]] == [2]
    assert shown["activity"][0]["old"] == "All the copy is written"


@pytest.mark.parametrize(
    ("command", "verb"),
    [(["comment-edit", "2", "mine now"], "edit"), (["comment-delete", "2", "--yes"], "delete")],
)
def test_only_the_author_may_change_a_comment(
    db: Path, mstui: RunCli, command: list[str], verb: str
) -> None:
    before = dump(db)
    done = mstui("milestone", *command, db=db)
    assert done.returncode == 2  # refused like bad input: one line, nothing changed
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"mstui: comment 2: only its author (bob) may {verb} it"]
    assert dump(db) == before


def test_detach_keeps_a_shared_file_until_its_last_attachment(db: Path, mstui: RunCli) -> None:
    stored = [p for p in (db.parent / "mstui.db.files").rglob("*") if p.is_file()]
    assert len(stored) == 1
    assert ok(mstui("milestone", "detach", "1", "--yes", db=db)) == (
        "removed report.pdf from milestone 1 "
        "(its stored copy stays: 1 other attachment of the same file)\n"
    )
    assert stored[0].is_file()
    assert ok(mstui("milestone", "detach", "2", "--yes", db=db)) == (
        "removed report.pdf from milestone 1 and deleted its stored copy\n"
    )
    assert not stored[0].exists()
    assert as_json(mstui("milestone", "show", "1", "--json", db=db))["attachments"] == []


def test_resource_edit_and_delete(db: Path, mstui: RunCli) -> None:
    r = as_json(
        mstui("resource", "edit", "crane", "--name", "Big crane", "--capacity", "2",
              "--person", "bob", "--json", db=db)
    )  # fmt: skip
    assert r == {"id": 1, "name": "Big crane", "kind": "equipment", "capacity": 2.0,
                 "person": "bob"}  # fmt: skip
    assert ok(mstui("resource", "edit", "1", "--kind", "person", "--person", "", db=db)) == (
        "edited resource 1: Big crane (person, 2 a day)\n"
    )
    assert ok(mstui("resource", "delete", "Big crane", "--yes", db=db)) == (
        "deleted resource Big crane and 1 booking\n"
    )
    assert as_json(mstui("resource", "list", "--json", db=db)) == []
    assert as_json(mstui("resource", "bookings", "--json", db=db)) == []


# -- bad input: exit 2, one line naming the field and quoting the value, nothing written ---------

PE = ["project", "edit", "MKT"]
BAD_INPUT: list[BadCase] = [
    # (id, args, field named, value quoted)
    ("project-timezone", [*PE, "--timezone", "Mars/Base"], "timezone", "Mars/Base"),
    ("project-budget", [*PE, "--budget", "-3"], "budget", "-3"),
    ("project-end", [*PE, "--end", "2020-01-01"], "end", "2020-01-01"),
    ("project-start-date", [*PE, "--start", "someday"], "start", "someday"),
    ("project-lead", [*PE, "--lead", "ghost"], "lead", "ghost"),
    ("project-name", [*PE, "--name", " "], "name", " "),
    ("project-unknown", ["project", "edit", "NOPE", "--name", "x"], "project", "NOPE"),
    ("project-nothing", PE, "edit", "MKT"),
    ("person-timezone", ["person", "edit", "bob", "--timezone", "No/X"], "timezone", "No/X"),
    ("person-unknown", ["person", "edit", "ghost", "--name", "G"], "person", "ghost"),
    ("person-head", ["person", "edit", "bob", "--department", "", "--head"], "department", ""),
    ("person-nothing", ["person", "edit", "bob"], "edit", "bob"),
    ("task-delete-unconfirmed", ["task", "delete", "2"], "delete", "2"),
    ("task-delete-unknown", ["task", "delete", "99", "--yes"], "task", "99"),
    ("task-delete-bad-id", ["task", "delete", "two", "--yes"], "task", "two"),
    ("task-unlink-unknown", ["task", "unlink", "99"], "task", "99"),
    ("comment-empty", ["milestone", "comment-edit", "1", ""], "comment", ""),
    ("comment-kind", ["milestone", "comment-edit", "1", "x", "--kind", "rant"], "kind", "rant"),
    ("comment-unknown", ["milestone", "comment-edit", "99", "x"], "comment", "99"),
    ("comment-delete-unconfirmed", ["milestone", "comment-delete", "1"], "delete", "1"),
    ("comment-delete-unknown", ["milestone", "comment-delete", "99", "--yes"], "comment", "99"),
    ("resource-capacity", ["resource", "edit", "Crane", "--capacity", "0"], "capacity", "0"),
    ("resource-kind", ["resource", "edit", "Crane", "--kind", "robot"], "kind", "robot"),
    ("resource-person", ["resource", "edit", "Crane", "--person", "ghost"], "person", "ghost"),
    ("resource-unknown", ["resource", "edit", "Drill", "--name", "x"], "resource", "Drill"),
    ("resource-delete-unconfirmed", ["resource", "delete", "Crane"], "delete", "Crane"),
    ("resource-delete-unknown", ["resource", "delete", "Drill", "--yes"], "resource", "Drill"),
    ("detach-unconfirmed", ["milestone", "detach", "1"], "detach", "1"),
    ("detach-unknown", ["milestone", "detach", "99", "--yes"], "attachment", "99"),
]  # fmt: skip


@pytest.fixture(scope="module")
def bad_outcomes(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every bad-input case, each on its own copy of `seeded`, a few at a time."""

    def copy(folder: Path) -> Path:
        return copy_of(seeded, folder / "data")

    def snapshot(db: Path) -> object:
        return tree(db.parent)  # the database and the stored files, byte for byte

    return run_cases(BAD_INPUT, tmp_path_factory.mktemp("bad"), copy, snapshot)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [(case[0], case[2], case[3]) for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input(bad_outcomes: dict[str, Outcome], name: str, field: str, value: str) -> None:
    check_refused(bad_outcomes[name], field, value)
