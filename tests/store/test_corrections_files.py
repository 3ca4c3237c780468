"""Fixing mistakes in the store, on a real SQLite file: edit and delete a resource, delete
an attachment and its stored file; ids of deleted rows are never reused.

Each command checks its input before writing (a refusal leaves the file byte for
byte as it was), logs who changed what from what to what, and checks the row's
version where it has one.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from mstui.domain.enums import Role
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store import Store
from tests.conftest import MakeStore
from tests.raw import execute, rows, snapshot

TODAY = date(2026, 11, 18)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def log(db: str, entity: str, entity_id: int, after: int = 0) -> list[tuple[Any, ...]]:
    """(actor, action, field, old, new) of one row's history after activity id `after`."""
    return rows(
        db,
        "SELECT p.login, a.action, a.field, a.old, a.new FROM activity a "
        "LEFT JOIN person p ON p.id = a.actor_id "
        "WHERE a.entity = ? AND a.entity_id = ? AND a.id > ? ORDER BY a.id",
        entity,
        entity_id,
        after,
    )


def last_activity(db: str) -> int:
    return int(rows(db, "SELECT coalesce(max(id), 0) FROM activity")[0][0])


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice leads MKT (Marketing); Bob is in Marketing and an editor of MKT."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project(
        "MKT",
        "Winter campaign",
        department="Marketing",
        start=date(2026, 11, 1),
        end=date(2026, 12, 31),
        budget=25_000,
    )
    store.add_member("MKT", "bob", Role.EDITOR)
    return store


# -- resources ------------------------------------------------------------------------------------


def test_edit_resource_by_name_or_id_logs_and_checks_its_version(
    mkt: Store, make_store: MakeStore, db: str
) -> None:
    r = mkt.add_resource("Crane", "equipment", 1)
    mark = last_activity(db)
    edited = mkt.edit_resource("crane", r.version, name="Big crane", capacity=2, person="bob")
    assert (edited.id, edited.name, edited.capacity, edited.person, edited.version) == (
        r.id,
        "Big crane",
        2.0,
        "bob",
        r.version + 1,
    )
    assert log(db, "resource", r.id, mark) == [
        ("alice", "edit", "name", "Crane", "Big crane"),
        ("alice", "edit", "capacity", "1", "2"),
        ("alice", "edit", "person", None, "bob"),
    ]
    again = mkt.edit_resource(str(r.id), edited.version, kind="person", person="")
    assert (again.kind, again.person) == ("person", None)

    mkt.add_member("MKT", "bob", Role.LEAD)  # resources are for leads and admins
    make_store("bob").edit_resource(r.id, again.version, capacity=3)
    before = snapshot(db)
    with pytest.raises(Conflict) as caught:
        mkt.edit_resource(r.id, again.version, capacity=4)
    assert (caught.value.entity, caught.value.by) == ("resource", "bob")
    assert snapshot(db) == before


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
    mkt: Store, db: str, changes: dict[str, Any], field: str, quoted: str
) -> None:
    mkt.add_resource("Crane", "equipment", 1)
    mkt.add_resource("Printer", "equipment", 1)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.edit_resource("Crane", None, **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db) == before


def test_delete_resource_removes_its_bookings_and_counts_them(mkt: Store, db: str) -> None:
    crane = mkt.add_resource("Crane", "equipment", 1)
    printer = mkt.add_resource("Printer", "equipment", 1)
    m = mkt.add_milestone("MKT", "Launch", day(20))
    t = mkt.add_task("MKT", "Lift", day(1), day(3), milestone_id=m.id)
    mkt.book("Crane", task_id=t.id)
    mkt.book("Crane", milestone_id=m.id)
    mkt.book("Crane", task_id=t.id, start=day(2), end=day(2))
    kept = mkt.book("Printer", task_id=t.id)
    mark = last_activity(db)
    assert mkt.delete_resource("CRANE") == 3
    assert [r.name for r in mkt.list_resources()] == ["Printer"]
    assert [b.id for b in mkt.list_bookings()] == [kept.id]
    history = log(db, "resource", crane.id, mark)
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
    mkt: Store, db: str, report: Path, tmp_path: Path
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

    mark = last_activity(db)
    assert mkt.delete_attachment(first.id) == 1  # one other attachment still uses the file
    assert stored.is_file()
    assert mkt.list_attachments(a.id) == []
    assert log(db, "milestone", a.id, mark) == [("alice", "detach", "file", "report.pdf", None)]
    assert mkt.milestone_detail(b.id).attachments[0].id == second.id

    assert mkt.delete_attachment(second.id) == 0
    assert not stored.exists()
    assert rows(db, "SELECT count(*) FROM attachment") == [(0,)]
    with pytest.raises(NotFound, match='attachment: no attachment "999"'):
        mkt.delete_attachment(999)


def test_delete_attachment_never_follows_a_path_from_the_database(
    mkt: Store, db: str, report: Path, tmp_path: Path
) -> None:
    """Anyone who can write the file can change `path`: only the hash's place is removed."""
    m = mkt.add_milestone("MKT", "Launch", day(20))
    victim = tmp_path / "precious.txt"
    victim.write_text("keep")
    att = mkt.add_attachment(m.id, str(report))
    execute(db, "UPDATE attachment SET path = ? WHERE id = ?", str(victim), att.id)
    assert mkt.delete_attachment(att.id) == 0
    assert victim.read_text() == "keep"
    assert not Path(att.path).exists()  # the stored copy, found by its hash, went

    other = mkt.add_attachment(m.id, str(report))
    execute(db, "UPDATE attachment SET sha256 = '../../precious' WHERE id = ?", other.id)
    assert mkt.delete_attachment(other.id) == 0
    assert victim.read_text() == "keep"
    assert Path(other.path).is_file()  # not a hash: nothing on disk is touched


def test_an_attach_racing_the_last_removal_stores_the_file_again(
    mkt: Store, make_store: MakeStore, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob sees the stored copy, Alice removes its last attachment, Bob's row lands:
    Bob's transaction finds the copy gone and stores it again (no row names a missing file)."""
    bob = make_store(login="bob")
    a = mkt.add_milestone("MKT", "Launch", day(20))
    b = mkt.add_milestone("MKT", "Review", day(25))
    first = mkt.add_attachment(a.id, str(report))
    stored = Path(first.path)
    write = bob._write

    def alice_removes_hers_first() -> AbstractContextManager[Session]:
        assert mkt.delete_attachment(first.id) == 0
        assert not stored.exists()
        return write()

    monkeypatch.setattr(bob, "_write", alice_removes_hers_first)
    second = bob.add_attachment(b.id, str(report))
    assert Path(second.path) == stored
    assert stored.read_bytes() == report.read_bytes()


def test_deleting_a_milestone_or_project_removes_its_unused_stored_files(
    mkt: Store, db: str, report: Path, tmp_path: Path
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
    assert rows(db, "SELECT count(*) FROM attachment WHERE milestone_id = ?", a.id) == [(0,)]

    mkt.delete_project("MKT")
    assert not shared_a.exists()
    assert rows(db, "SELECT count(*) FROM attachment") == [(0,)]


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


def test_the_id_of_a_deleted_row_is_never_handed_out_again(mkt: Store, db: str) -> None:
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


@pytest.mark.sqlite_only
def test_the_rebuilt_tables_keep_their_checks_and_indexes(db: str, mkt: Store) -> None:
    mkt.add_milestone("MKT", "Launch", day(20))
    conn = sqlite3.connect(db)
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
