"""Each command that writes, run by each role: refused with the role it needs (exit 2,
one line, nothing written), or done.

The CLI acts as the OS account running the tests; alice (the database's maker
and admin) leads MKT and gives that account each role in turn.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mstui.domain.enums import Role
from tests.cli.helpers import ME, InProcess, dump, store_on

EDITOR_COMMANDS = [
    "milestone add MKT New --due 2026-12-20",
    "milestone edit 1 --title Renamed",
    "milestone move 1 in_progress",
    "milestone done 1",
    "milestone shift 1 +2d",
    "milestone delete 1 --yes",
    "milestone attach 1 {file}",
    "milestone detach 1 --yes",
    "task add MKT Banners --start 2026-11-20 --end 2026-11-25",
    "task edit 1 --title Renamed",
    "task done 1",
    "task shift 1 +1d",
    "task delete 1 --yes",
    "target add Sign-ups --goal 100 --start 2026-11-01 --end 2026-11-30 --project MKT",
    "target record 1 10 --date 2026-11-10",
    "target edit 1 --name Renamed",
    "target delete 1 --yes",
    "resource book Crane --task 1",
]
LEAD_COMMANDS = [
    "project edit MKT --name Renamed",
    "project archive MKT",
    "project delete MKT --yes",
    "project member add MKT bob viewer",
    "project member remove MKT bob",
    "alerts thresholds MKT --due-soon 5",
]
VIEWER_COMMANDS = ["milestone comment 1 Seen"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MKT led by alice: milestone 1 with task 1, target 1, a file, resource Crane; bob
    is an editor; the CLI's user is added per test."""
    root = tmp_path_factory.mktemp("roles")
    path = root / "roles.db"
    report = root / "report.txt"
    report.write_text("figures\n")
    with store_on(path) as alice:
        alice.add_person("bob", "Bob Baker")
        alice.add_person(ME, ME)
        alice.add_project("MKT", "Winter campaign", start=date(2026, 11, 1))
        alice.add_member("MKT", "bob", Role.EDITOR)
        m = alice.add_milestone("MKT", "Launch", date(2026, 12, 1))
        alice.add_task("MKT", "Copy", date(2026, 11, 20), date(2026, 11, 24), milestone_id=m.id)
        alice.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
        alice.add_attachment(m.id, str(report))
        alice.add_resource("Crane", "equipment", 1)
    return path


def copy_as(seeded: Path, folder: Path, role: Role | None) -> Path:
    path = Path(shutil.copy(seeded, folder / "roles.db"))
    shutil.copytree(f"{seeded}.files", f"{path}.files")
    if role is not None:
        with store_on(path) as alice:
            alice.add_member("MKT", ME, role)
    return path


def run(in_process: InProcess, db: Path, line: str) -> tuple[int, str]:
    args = line.format(file=__file__).split()
    done = in_process("--db", str(db), *args)
    return done.code, done.err


@pytest.mark.parametrize("role", [None, Role.VIEWER])
def test_editor_commands_are_refused_to_a_viewer_and_a_non_member(
    seeded: Path, tmp_path: Path, in_process: InProcess, role: Role | None
) -> None:
    db = copy_as(seeded, tmp_path, role)
    before = dump(db)
    held = role.value if role is not None else "not a member"
    for line in EDITOR_COMMANDS + LEAD_COMMANDS:
        need = "lead" if line in LEAD_COMMANDS else "editor"
        need += " or an admin" if line.startswith("project delete") else ""
        code, err = run(in_process, db, line)
        assert (line, code, err) == (line, 2, f"mstui: needs {need} on MKT (you are {held})\n")
    assert dump(db) == before


def test_a_non_member_may_not_comment_but_a_viewer_may(
    seeded: Path, tmp_path: Path, in_process: InProcess
) -> None:
    outsider = copy_as(seeded, tmp_path, None)
    assert run(in_process, outsider, VIEWER_COMMANDS[0]) == (
        2,
        "mstui: needs viewer on MKT (you are not a member)\n",
    )
    (tmp_path / "v").mkdir()
    viewer = copy_as(seeded, tmp_path / "v", Role.VIEWER)
    assert run(in_process, viewer, VIEWER_COMMANDS[0]) == (0, "")


def test_an_editor_does_the_work_and_is_refused_the_project(
    seeded: Path, tmp_path: Path, in_process: InProcess
) -> None:
    db = copy_as(seeded, tmp_path, Role.EDITOR)
    for line in EDITOR_COMMANDS:
        if "delete" in line or "detach" in line:
            continue  # the others need the rows these remove
        assert run(in_process, db, line) == (0, ""), line
    for line in LEAD_COMMANDS:
        need = "lead or an admin" if line.startswith("project delete") else "lead"
        assert run(in_process, db, line) == (2, f"mstui: needs {need} on MKT (you are editor)\n")


def test_a_lead_manages_members_and_the_roles_show(
    seeded: Path, tmp_path: Path, in_process: InProcess
) -> None:
    db = copy_as(seeded, tmp_path, Role.LEAD)
    assert run(in_process, db, "project member add MKT bob viewer") == (0, "")
    listed = in_process("--db", str(db), "project", "member", "list", "MKT")
    assert listed.out.splitlines()[1:] == [
        "alice  Alice Archer  lead",
        f"{ME}" + " " * (7 - len(ME)) + f"{ME}" + " " * (14 - len(ME)) + "lead",
        "bob    Bob Baker     viewer",
    ]
    assert run(in_process, db, "project member add MKT ghost-nobody editor") == (
        2,
        'mstui: person: no such person, and no such account on this server (got "ghost-nobody")\n',
    )
    assert run(in_process, db, "project edit MKT --visibility members") == (0, "")
