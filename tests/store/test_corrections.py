"""Fixing mistakes in the store, on a real SQLite file: edit a project, a person, a
comment or a resource; delete a task, a comment, a resource or an attachment.

Each command checks its input before writing (a refusal leaves the file byte for
byte as it was), logs who changed what from what to what, and checks the row's
version where it has one.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from mstui.domain.enums import CommentKind
from mstui.errors import Conflict, Invalid, NotAllowed, NotFound
from mstui.store import Store
from tests.conftest import MakeStore

TODAY = date(2026, 11, 18)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def rows(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def snapshot(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def log(db_path: Path, entity: str, entity_id: int, after: int = 0) -> list[tuple[Any, ...]]:
    """(actor, action, field, old, new) of one row's history after activity id `after`."""
    return rows(
        db_path,
        "SELECT p.login, a.action, a.field, a.old, a.new FROM activity a "
        "LEFT JOIN person p ON p.id = a.actor_id "
        "WHERE a.entity = ? AND a.entity_id = ? AND a.id > ? ORDER BY a.id",
        entity,
        entity_id,
        after,
    )


def last_activity(db_path: Path) -> int:
    return int(rows(db_path, "SELECT coalesce(max(id), 0) FROM activity")[0][0])


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice leads MKT (Marketing); Bob is in Marketing."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project(
        "MKT",
        "Winter campaign",
        department="Marketing",
        start=date(2026, 11, 1),
        end=date(2026, 12, 31),
        budget=25_000,
    )
    return store


# -- projects ------------------------------------------------------------------------------------


def test_edit_project_changes_every_field_logs_old_and_new_and_bumps_the_version(
    mkt: Store, db_path: Path
) -> None:
    before = mkt.project("MKT")
    mark = last_activity(db_path)
    p = mkt.edit_project(
        "mkt",
        before.version,
        name="Winter campaign 2026",
        description="Two lines\nof plan",
        lead="bob",
        department="Sales",
        start=date(2026, 11, 2),
        end=date(2027, 1, 15),
        budget=30_000,
        timezone="Europe/Paris",
    )
    assert (p.key, p.name, p.description, p.lead, p.department) == (
        "MKT",
        "Winter campaign 2026",
        "Two lines\nof plan",
        "bob",
        "Sales",
    )
    assert (p.start, p.end, p.budget, p.timezone) == (
        date(2026, 11, 2),
        date(2027, 1, 15),
        30_000,
        "Europe/Paris",
    )
    assert p.version == before.version + 1
    history = log(db_path, "project", p.id, mark)
    edits = {field: (old, new) for who, action, field, old, new in history if action == "edit"}
    assert edits == {
        "name": ("Winter campaign", "Winter campaign 2026"),
        "description": ("", "Two lines\nof plan"),
        "lead": ("alice", "bob"),
        "department": ("Marketing", "Sales"),
        "start": ("2026-11-01", "2026-11-02"),
        "end": ("2026-12-31", "2027-01-15"),
        "budget": ("25000", "30000"),
        "timezone": (None, "Europe/Paris"),
    }
    assert {who for who, *_ in history} == {"alice"}
    # The new lead leads; the old one stays a member, as an editor.
    assert sorted(
        rows(
            db_path,
            "SELECT p.login, m.role FROM projectmember m JOIN person p ON p.id = m.person_id",
        )
    ) == [("alice", "editor"), ("bob", "lead")]
    assert ("alice", "member", "bob", None, "lead") in history


def test_edit_project_clears_optional_fields(mkt: Store) -> None:
    v = mkt.project("MKT").version
    p = mkt.edit_project("MKT", v, department="", budget=None, end=None, timezone="")
    assert (p.department, p.budget, p.end, p.timezone) == (None, None, None, "UTC")


def test_edit_project_with_nothing_new_writes_nothing(mkt: Store, db_path: Path) -> None:
    p = mkt.project("MKT")
    before = snapshot(db_path)
    again = mkt.edit_project("MKT", p.version, name="Winter campaign", budget=25_000)
    assert again.version == p.version
    assert snapshot(db_path) == before


def test_edit_project_refuses_a_stale_version_and_names_who(
    mkt: Store, make_store: MakeStore, db_path: Path
) -> None:
    mine = mkt.project("MKT")
    make_store("bob").edit_project("MKT", mine.version, name="Bob's name")
    before = snapshot(db_path)
    with pytest.raises(Conflict) as caught:
        mkt.edit_project("MKT", mine.version, budget=1)
    assert (caught.value.entity, caught.value.expected_version) == ("project", mine.version)
    assert caught.value.current_version == mine.version + 1
    assert caught.value.by == "bob"
    assert snapshot(db_path) == before
    # Without a version (no form was open) the edit goes through.
    assert mkt.edit_project("MKT", None, budget=1).budget == 1


@pytest.mark.parametrize(
    ("changes", "field", "quoted"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone", "Mars/Olympus"),
        ({"name": "   "}, "name", "   "),
        ({"budget": -5}, "budget", "-5"),
        ({"lead": "nobody"}, "lead", "nobody"),
        ({"lead": ""}, "lead", ""),
        ({"end": date(2026, 10, 1)}, "end", "2026-10-01"),
        ({"start": date(2027, 2, 1)}, "start", "2027-02-01"),
        ({"start": "tomorrow"}, "start", "tomorrow"),
        ({"key": "NEW"}, "field", "key"),
    ],
)
def test_edit_project_refuses_bad_input_and_writes_nothing(
    mkt: Store, db_path: Path, changes: dict[str, Any], field: str, quoted: str
) -> None:
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.edit_project("MKT", None, **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db_path) == before


def test_edit_project_of_an_unknown_key_is_not_found(mkt: Store) -> None:
    with pytest.raises(NotFound, match='project: no project "NOPE"'):
        mkt.edit_project("NOPE", None, name="x")


# -- people ---------------------------------------------------------------------------------------


def test_edit_person_changes_fields_and_logs_them(mkt: Store, db_path: Path) -> None:
    bob = mkt.person("bob")
    mark = last_activity(db_path)
    p = mkt.edit_person(
        "bob", name="Robert Baker", department="Sales", department_head=True, timezone="Asia/Tokyo"
    )
    assert (p.login, p.name, p.department, p.is_department_head, p.timezone) == (
        "bob",
        "Robert Baker",
        "Sales",
        True,
        "Asia/Tokyo",
    )
    assert sorted(log(db_path, "person", bob.id, mark), key=lambda r: r[2]) == [
        ("alice", "edit", "department", "Marketing", "Sales"),
        ("alice", "edit", "department_head", "False", "True"),
        ("alice", "edit", "name", "Bob Baker", "Robert Baker"),
        ("alice", "edit", "timezone", None, "Asia/Tokyo"),
    ]
    # Only the fields given change.
    p = mkt.edit_person("bob", department_head=False)
    assert (p.name, p.department, p.is_department_head) == ("Robert Baker", "Sales", False)


@pytest.mark.parametrize(
    ("changes", "field", "quoted"),
    [
        ({"timezone": "Nowhere/Town"}, "timezone", "Nowhere/Town"),
        ({"name": ""}, "name", ""),
        ({"department_head": "yes"}, "head", "yes"),
        ({"login": "robert"}, "field", "login"),
        ({"department": "", "department_head": True}, "department", ""),
    ],
)
def test_edit_person_refuses_bad_input_and_writes_nothing(
    mkt: Store, db_path: Path, changes: dict[str, Any], field: str, quoted: str
) -> None:
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.edit_person("bob", **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db_path) == before


def test_edit_person_of_an_unknown_login_is_not_found(mkt: Store) -> None:
    with pytest.raises(NotFound, match='person: no person "zed"'):
        mkt.edit_person("zed", name="Zed")


def test_a_new_department_head_gets_escalations_at_the_next_scan(mkt: Store) -> None:
    """Making someone head changes who is escalated to; the next scan (even within the
    day of the last full one) reads everything again."""
    mkt.add_person("carol", "Carol Chu", "Marketing")
    mkt.add_milestone("MKT", "Press kit", day(-5), owner="bob")
    first = {(a.kind, a.recipient) for a in mkt.scan()}
    assert ("escalation", "alice") in first
    assert not any(who == "carol" for _, who in first)
    assert mkt.scan() == []
    mkt.edit_person("carol", department_head=True)
    assert [(a.kind, a.recipient) for a in mkt.scan()] == [("escalation", "carol")]


# -- tasks ----------------------------------------------------------------------------------------


def test_delete_task_removes_its_bookings_logs_and_rederives_the_milestone(
    mkt: Store, db_path: Path
) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20), due_from_tasks=True)
    keep = mkt.add_task("MKT", "Draft", day(1), day(5), milestone_id=m.id)
    late = mkt.add_task("MKT", "Print", day(6), day(12), milestone_id=m.id)
    assert mkt.milestone(m.id).due == day(12)
    mkt.add_resource("Printer", "equipment", 1)
    mkt.book("Printer", task_id=late.id)
    mkt.book("Printer", task_id=late.id, start=day(7), end=day(8))
    other = mkt.book("Printer", task_id=keep.id)
    mark = last_activity(db_path)
    assert mkt.delete_task(late.id, late.version) == 2
    assert [t.id for t in mkt.list_tasks(project="MKT")] == [keep.id]
    assert [b.id for b in mkt.list_bookings()] == [other.id]
    assert mkt.milestone(m.id).due == day(5)  # follows the tasks that are left
    assert log(db_path, "task", late.id, mark) == [("alice", "delete", "", "Print", None)]
    assert ("alice", "delete", "task", f"#{late.id} Print", None) in log(
        db_path, "milestone", m.id, mark
    )
    unbooked = [r for r in log(db_path, "resource", other.resource_id, mark) if r[1] == "unbook"]
    assert len(unbooked) == 2


def test_delete_task_checks_its_version(mkt: Store, make_store: MakeStore, db_path: Path) -> None:
    t = mkt.add_task("MKT", "Draft", day(1), day(5))
    make_store("bob").edit_task(t.id, t.version, title="Draft v2")
    before = snapshot(db_path)
    with pytest.raises(Conflict) as caught:
        mkt.delete_task(t.id, t.version)
    assert (caught.value.entity, caught.value.by) == ("task", "bob")
    assert snapshot(db_path) == before
    with pytest.raises(NotFound, match='task: no task "999"'):
        mkt.delete_task(999)


def test_unlink_task_keeps_it_in_the_project(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20), due_from_tasks=True)
    a = mkt.add_task("MKT", "Draft", day(1), day(5), milestone_id=m.id)
    b = mkt.add_task("MKT", "Print", day(6), day(12), milestone_id=m.id)
    mark = last_activity(db_path)
    t = mkt.unlink_task(b.id, b.version)
    assert (t.milestone_id, t.project, t.version) == (None, "MKT", b.version + 1)
    assert mkt.milestone(m.id).due == day(5)
    assert [x.id for x in mkt.list_tasks(milestone_id=m.id)] == [a.id]
    assert log(db_path, "task", b.id, mark) == [("alice", "edit", "milestone_id", str(m.id), None)]
    assert ("alice", "unlink", "task", f"#{b.id} Print", None) in log(
        db_path, "milestone", m.id, mark
    )
    before = snapshot(db_path)
    assert mkt.unlink_task(b.id).milestone_id is None  # already unlinked: nothing written
    assert snapshot(db_path) == before
    with pytest.raises(Conflict):
        mkt.unlink_task(a.id, a.version + 5)


# -- comments -------------------------------------------------------------------------------------


def test_only_the_author_edits_a_comment_and_the_old_text_is_kept(
    mkt: Store, make_store: MakeStore, db_path: Path
) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    c = mkt.add_comment(m.id, "On track, 3 of 5 done", CommentKind.UPDATE)
    bob = make_store("bob")
    before = snapshot(db_path)
    with pytest.raises(NotAllowed, match=r"only its author \(alice\) may edit it"):
        bob.edit_comment(c.id, "Bob was here")
    with pytest.raises(NotAllowed, match="may delete it"):
        bob.delete_comment(c.id)
    assert snapshot(db_path) == before

    mark = last_activity(db_path)
    edited = mkt.edit_comment(c.id, "On track, 4 of 5 done", kind="note")
    assert (edited.id, edited.body, edited.kind, edited.author) == (
        c.id,
        "On track, 4 of 5 done",
        "note",
        "alice",
    )
    assert log(db_path, "milestone", m.id, mark) == [
        ("alice", "edit", f"comment #{c.id}", "On track, 3 of 5 done", "On track, 4 of 5 done"),
        ("alice", "edit", f"kind of comment #{c.id}", "update", "note"),
    ]
    assert [x.body for x in mkt.list_comments(m.id)] == ["On track, 4 of 5 done"]


def test_edit_comment_refuses_bad_input(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    c = mkt.add_comment(m.id, "note")
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.edit_comment(c.id, "  ")
    assert caught.value.field == "comment"
    with pytest.raises(Invalid) as caught:
        mkt.edit_comment(c.id, "fine", kind="rant")
    assert (caught.value.field, caught.value.value) == ("kind", "rant")
    with pytest.raises(NotFound, match='comment: no comment "999"'):
        mkt.edit_comment(999, "x")
    assert snapshot(db_path) == before
    # Control characters are made harmless, as when it was written.
    assert mkt.edit_comment(c.id, "a\x1b]52;c;X\x07b").body == "a␛]52;c;X␇b"


def test_delete_comment_keeps_its_text_in_the_log(mkt: Store, db_path: Path) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    keep = mkt.add_comment(m.id, "keep me")
    c = mkt.add_comment(m.id, "Typo-ridden\nsecond line")
    mark = last_activity(db_path)
    gone = mkt.delete_comment(c.id)
    assert (gone.id, gone.body) == (c.id, "Typo-ridden\nsecond line")
    assert [x.id for x in mkt.list_comments(m.id)] == [keep.id]
    assert log(db_path, "milestone", m.id, mark) == [
        ("alice", "delete", f"comment #{c.id}", "Typo-ridden\nsecond line", None)
    ]
    with pytest.raises(NotFound):
        mkt.delete_comment(c.id)
    with pytest.raises(NotFound):
        mkt.comment(c.id)


# -- resources ------------------------------------------------------------------------------------


def test_edit_resource_by_name_or_id_logs_and_checks_its_version(
    mkt: Store, make_store: MakeStore, db_path: Path
) -> None:
    r = mkt.add_resource("Crane", "equipment", 1)
    mark = last_activity(db_path)
    edited = mkt.edit_resource("crane", r.version, name="Big crane", capacity=2, person="bob")
    assert (edited.id, edited.name, edited.capacity, edited.person, edited.version) == (
        r.id,
        "Big crane",
        2.0,
        "bob",
        r.version + 1,
    )
    assert log(db_path, "resource", r.id, mark) == [
        ("alice", "edit", "name", "Crane", "Big crane"),
        ("alice", "edit", "capacity", "1", "2"),
        ("alice", "edit", "person", None, "bob"),
    ]
    again = mkt.edit_resource(str(r.id), edited.version, kind="person", person="")
    assert (again.kind, again.person) == ("person", None)

    make_store("bob").edit_resource(r.id, again.version, capacity=3)
    before = snapshot(db_path)
    with pytest.raises(Conflict) as caught:
        mkt.edit_resource(r.id, again.version, capacity=4)
    assert (caught.value.entity, caught.value.by) == ("resource", "bob")
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("changes", "field", "quoted"),
    [
        ({"name": "printer"}, "name", "printer"),  # another resource's name, any case
        ({"name": ""}, "name", ""),
        ({"kind": "robot"}, "kind", "robot"),
        ({"capacity": 0}, "capacity", "0"),
        ({"capacity": float("nan")}, "capacity", "nan"),
        ({"person": "nobody"}, "person", "nobody"),
        ({"colour": "red"}, "field", "colour"),
    ],
)
def test_edit_resource_refuses_bad_input_and_writes_nothing(
    mkt: Store, db_path: Path, changes: dict[str, Any], field: str, quoted: str
) -> None:
    mkt.add_resource("Crane", "equipment", 1)
    mkt.add_resource("Printer", "equipment", 1)
    before = snapshot(db_path)
    with pytest.raises(Invalid) as caught:
        mkt.edit_resource("Crane", None, **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db_path) == before


def test_delete_resource_removes_its_bookings_and_counts_them(mkt: Store, db_path: Path) -> None:
    crane = mkt.add_resource("Crane", "equipment", 1)
    printer = mkt.add_resource("Printer", "equipment", 1)
    m = mkt.add_milestone("MKT", "Launch", day(20))
    t = mkt.add_task("MKT", "Lift", day(1), day(3), milestone_id=m.id)
    mkt.book("Crane", task_id=t.id)
    mkt.book("Crane", milestone_id=m.id)
    mkt.book("Crane", task_id=t.id, start=day(2), end=day(2))
    kept = mkt.book("Printer", task_id=t.id)
    mark = last_activity(db_path)
    assert mkt.delete_resource("CRANE") == 3
    assert [r.name for r in mkt.list_resources()] == ["Printer"]
    assert [b.id for b in mkt.list_bookings()] == [kept.id]
    history = log(db_path, "resource", crane.id, mark)
    assert [h[1] for h in history] == ["unbook", "unbook", "unbook", "delete"]
    assert history[-1] == ("alice", "delete", "", "Crane", None)
    assert mkt.delete_resource(printer.id, printer.version) == 1
    with pytest.raises(NotFound, match='resource: no resource "Crane"'):
        mkt.delete_resource("Crane")


# -- attachments ----------------------------------------------------------------------------------


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 the same bytes")
    return path


def test_a_shared_stored_file_goes_only_with_its_last_attachment(
    mkt: Store, db_path: Path, report: Path, tmp_path: Path
) -> None:
    a = mkt.add_milestone("MKT", "Launch", day(20))
    b = mkt.add_milestone("MKT", "Review", day(25))
    copy = tmp_path / "copy-of-report.pdf"
    copy.write_bytes(report.read_bytes())
    first = mkt.add_attachment(a.id, str(report))
    second = mkt.add_attachment(b.id, str(copy))  # same content, other name and milestone
    assert first.sha256 == second.sha256 and first.path == second.path
    stored = Path(first.path)
    assert stored.is_file()

    mark = last_activity(db_path)
    assert mkt.delete_attachment(first.id) == 1  # one other attachment still uses the file
    assert stored.is_file()
    assert mkt.list_attachments(a.id) == []
    assert log(db_path, "milestone", a.id, mark) == [
        ("alice", "detach", "file", "report.pdf", None)
    ]
    assert mkt.milestone_detail(b.id).attachments[0].id == second.id

    assert mkt.delete_attachment(second.id) == 0
    assert not stored.exists()
    assert rows(db_path, "SELECT count(*) FROM attachment") == [(0,)]
    with pytest.raises(NotFound, match='attachment: no attachment "999"'):
        mkt.delete_attachment(999)


def test_delete_attachment_never_follows_a_path_from_the_database(
    mkt: Store, db_path: Path, report: Path, tmp_path: Path
) -> None:
    """Anyone who can write the file can change `path`: only the hash's place is removed."""
    m = mkt.add_milestone("MKT", "Launch", day(20))
    victim = tmp_path / "precious.txt"
    victim.write_text("keep")
    att = mkt.add_attachment(m.id, str(report))
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE attachment SET path = ? WHERE id = ?", (str(victim), att.id))
    conn.close()
    assert mkt.delete_attachment(att.id) == 0
    assert victim.read_text() == "keep"
    assert not Path(att.path).exists()  # the stored copy, found by its hash, went

    other = mkt.add_attachment(m.id, str(report))
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE attachment SET sha256 = '../../precious' WHERE id = ?", (other.id,))
    conn.close()
    assert mkt.delete_attachment(other.id) == 0
    assert victim.read_text() == "keep"
    assert Path(other.path).is_file()  # not a hash: nothing on disk is touched


def test_an_attach_racing_the_last_removal_stores_the_file_again(
    mkt: Store, make_store: MakeStore, report: Path
) -> None:
    """Bob sees the stored copy, Alice removes its last attachment, Bob's row lands:
    Bob's transaction finds the copy gone and stores it again (no row names a missing file)."""
    bob = make_store(login="bob")
    a = mkt.add_milestone("MKT", "Launch", day(20))
    b = mkt.add_milestone("MKT", "Review", day(25))
    first = mkt.add_attachment(a.id, str(report))
    stored = Path(first.path)
    write = bob._write

    def alice_removes_hers_first():  # type: ignore[no-untyped-def]
        assert mkt.delete_attachment(first.id) == 0
        assert not stored.exists()
        return write()

    bob._write = alice_removes_hers_first  # type: ignore[method-assign]
    second = bob.add_attachment(b.id, str(report))
    assert Path(second.path) == stored
    assert stored.read_bytes() == report.read_bytes()


def test_deleting_a_milestone_or_project_removes_its_unused_stored_files(
    mkt: Store, db_path: Path, report: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("only on the deleted milestone")
    a = mkt.add_milestone("MKT", "Launch", day(20))
    b = mkt.add_milestone("MKT", "Review", day(25))
    shared_a = Path(mkt.add_attachment(a.id, str(report)).path)
    mkt.add_attachment(b.id, str(report))  # the same content on another milestone
    only_a = Path(mkt.add_attachment(a.id, str(other)).path)

    mkt.delete_milestone(a.id)
    assert not only_a.exists()  # nothing else used it
    assert shared_a.is_file()  # Review still does
    assert rows(db_path, "SELECT count(*) FROM attachment WHERE milestone_id = ?", a.id) == [(0,)]

    mkt.delete_project("MKT")
    assert not shared_a.exists()
    assert rows(db_path, "SELECT count(*) FROM attachment") == [(0,)]


def test_a_failed_delete_keeps_the_row_and_its_file(
    mkt: Store, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file goes only after the delete committed: a delete that fails (or a process
    killed before its commit) leaves the row and the file it names."""
    m = mkt.add_milestone("MKT", "Launch", day(20))
    stored = Path(mkt.add_attachment(m.id, str(report)).path)
    log = mkt._log

    def fail_in_the_transaction(*args: Any, **kwargs: Any) -> None:
        log(*args, **kwargs)  # after the attachment rows were deleted in the transaction
        assert stored.is_file()  # nothing touched on disk inside the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(mkt, "_log", fail_in_the_transaction)
    with pytest.raises(RuntimeError):
        mkt.delete_milestone(m.id)
    assert stored.is_file()
    assert [a.path for a in mkt.list_attachments(m.id)] == [str(stored)]


def test_the_id_of_a_deleted_row_is_never_handed_out_again(mkt: Store, db_path: Path) -> None:
    """The newest task deleted, the next task gets a new id, not the old one's history."""
    m = mkt.add_milestone("MKT", "Launch", day(20))
    first = mkt.add_task("MKT", "Draft", day(1), day(3), milestone_id=m.id)
    mkt.delete_task(first.id)
    second = mkt.add_task("MKT", "Draft again", day(1), day(3), milestone_id=m.id)
    assert second.id > first.id
    note = mkt.add_comment(m.id, "typo", "note")
    mkt.delete_comment(note.id)
    assert mkt.add_comment(m.id, "fixed", "note").id > note.id
    gone = mkt.add_milestone("MKT", "Oops", day(5))
    mkt.delete_milestone(gone.id)
    assert mkt.add_milestone("MKT", "Right one", day(5)).id > gone.id


def test_the_rebuilt_tables_keep_their_checks_and_indexes(db_path: Path, mkt: Store) -> None:
    mkt.add_milestone("MKT", "Launch", day(20))
    conn = sqlite3.connect(db_path)
    try:
        sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        for table in ("milestone", "task", "comment", "attachment", "alert", "resource"):
            assert "AUTOINCREMENT" in sql[table], table
        assert "ck_milestone_milestone_status" in sql["milestone"]  # a named CHECK kept
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"ix_alert_subject", "ix_alert_recipient_open", "ix_comment_milestone"} <= indexes
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE milestone SET status = 'bogus'")
    finally:
        conn.close()
