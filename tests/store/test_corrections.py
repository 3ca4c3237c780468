"""Fixing mistakes in the store, on a real SQLite file: edit a project, a person or a
comment; delete a task or a comment; unlink a task from its milestone.

Each command checks its input before writing (a refusal leaves the file byte for
byte as it was), logs who changed what from what to what, and checks the row's
version where it has one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mstui.domain.enums import CommentKind, Role
from mstui.errors import Conflict, Invalid, NotAllowed, NotFound
from mstui.store import Store
from tests.conftest import MakeStore
from tests.raw import rows, snapshot

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


# -- projects ------------------------------------------------------------------------------------


def test_edit_project_changes_every_field_logs_old_and_new_and_bumps_the_version(
    mkt: Store, db: str
) -> None:
    before = mkt.project("MKT")
    mark = last_activity(db)
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
    history = log(db, "project", p.id, mark)
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
            db,
            "SELECT p.login, m.role FROM projectmember m JOIN person p ON p.id = m.person_id",
        )
    ) == [("alice", "editor"), ("bob", "lead")]
    assert ("alice", "member", "bob", "editor", "lead") in history


def test_edit_project_clears_optional_fields(mkt: Store) -> None:
    v = mkt.project("MKT").version
    p = mkt.edit_project("MKT", v, department="", budget=None, end=None, timezone="")
    assert (p.department, p.budget, p.end, p.timezone) == (None, None, None, "UTC")


def test_edit_project_with_nothing_new_writes_nothing(mkt: Store, db: str) -> None:
    p = mkt.project("MKT")
    before = snapshot(db)
    again = mkt.edit_project("MKT", p.version, name="Winter campaign", budget=25_000)
    assert again.version == p.version
    assert snapshot(db) == before


def test_edit_project_refuses_a_stale_version_and_names_who(
    mkt: Store, make_store: MakeStore, db: str
) -> None:
    mkt.add_member("MKT", "bob", Role.LEAD)  # a second lead: they may edit the project too
    mine = mkt.project("MKT")
    make_store("bob").edit_project("MKT", mine.version, name="Bob's name")
    before = snapshot(db)
    with pytest.raises(Conflict) as caught:
        mkt.edit_project("MKT", mine.version, budget=1)
    assert (caught.value.entity, caught.value.expected_version) == ("project", mine.version)
    assert caught.value.current_version == mine.version + 1
    assert caught.value.by == "bob"
    assert snapshot(db) == before
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
    mkt: Store, db: str, changes: dict[str, Any], field: str, quoted: str
) -> None:
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.edit_project("MKT", None, **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db) == before


def test_edit_project_of_an_unknown_key_is_not_found(mkt: Store) -> None:
    with pytest.raises(NotFound, match='project: no project "NOPE"'):
        mkt.edit_project("NOPE", None, name="x")


# -- people ---------------------------------------------------------------------------------------


def test_edit_person_changes_fields_and_logs_them(mkt: Store, db: str) -> None:
    bob = mkt.person("bob")
    mark = last_activity(db)
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
    assert sorted(log(db, "person", bob.id, mark), key=lambda r: r[2]) == [
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
    mkt: Store, db: str, changes: dict[str, Any], field: str, quoted: str
) -> None:
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.edit_person("bob", **changes)
    assert caught.value.field == field
    assert f'(got "{quoted}")' in str(caught.value)
    assert snapshot(db) == before


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
    mkt: Store, db: str
) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20), due_from_tasks=True)
    keep = mkt.add_task("MKT", "Draft", day(1), day(5), milestone_id=m.id)
    late = mkt.add_task("MKT", "Print", day(6), day(12), milestone_id=m.id)
    assert mkt.milestone(m.id).due == day(12)
    mkt.add_resource("Printer", "equipment", 1)
    mkt.book("Printer", task_id=late.id)
    mkt.book("Printer", task_id=late.id, start=day(7), end=day(8))
    other = mkt.book("Printer", task_id=keep.id)
    mark = last_activity(db)
    assert mkt.delete_task(late.id, late.version) == 2
    assert [t.id for t in mkt.list_tasks(project="MKT")] == [keep.id]
    assert [b.id for b in mkt.list_bookings()] == [other.id]
    assert mkt.milestone(m.id).due == day(5)  # follows the tasks that are left
    assert log(db, "task", late.id, mark) == [("alice", "delete", "", "Print", None)]
    assert ("alice", "delete", "task", f"#{late.id} Print", None) in log(
        db, "milestone", m.id, mark
    )
    unbooked = [r for r in log(db, "resource", other.resource_id, mark) if r[1] == "unbook"]
    assert len(unbooked) == 2


def test_delete_task_checks_its_version(mkt: Store, make_store: MakeStore, db: str) -> None:
    t = mkt.add_task("MKT", "Draft", day(1), day(5))
    make_store("bob").edit_task(t.id, t.version, title="Draft v2")
    before = snapshot(db)
    with pytest.raises(Conflict) as caught:
        mkt.delete_task(t.id, t.version)
    assert (caught.value.entity, caught.value.by) == ("task", "bob")
    assert snapshot(db) == before
    with pytest.raises(NotFound, match='task: no task "999"'):
        mkt.delete_task(999)


def test_unlink_task_keeps_it_in_the_project(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20), due_from_tasks=True)
    a = mkt.add_task("MKT", "Draft", day(1), day(5), milestone_id=m.id)
    b = mkt.add_task("MKT", "Print", day(6), day(12), milestone_id=m.id)
    mark = last_activity(db)
    t = mkt.unlink_task(b.id, b.version)
    assert (t.milestone_id, t.project, t.version) == (None, "MKT", b.version + 1)
    assert mkt.milestone(m.id).due == day(5)
    assert [x.id for x in mkt.list_tasks(milestone_id=m.id)] == [a.id]
    assert log(db, "task", b.id, mark) == [("alice", "edit", "milestone_id", str(m.id), None)]
    assert ("alice", "unlink", "task", f"#{b.id} Print", None) in log(db, "milestone", m.id, mark)
    before = snapshot(db)
    assert mkt.unlink_task(b.id).milestone_id is None  # already unlinked: nothing written
    assert snapshot(db) == before
    with pytest.raises(Conflict):
        mkt.unlink_task(a.id, a.version + 5)


# -- comments -------------------------------------------------------------------------------------


def test_only_the_author_edits_a_comment_and_the_old_text_is_kept(
    mkt: Store, make_store: MakeStore, db: str
) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    c = mkt.add_comment(m.id, "On track, 3 of 5 done", CommentKind.UPDATE)
    bob = make_store("bob")
    before = snapshot(db)
    with pytest.raises(NotAllowed, match=r"only its author \(alice\) may edit it"):
        bob.edit_comment(c.id, "Bob was here")
    with pytest.raises(NotAllowed, match="may delete it"):
        bob.delete_comment(c.id)
    assert snapshot(db) == before

    mark = last_activity(db)
    edited = mkt.edit_comment(c.id, "On track, 4 of 5 done", kind="note")
    assert (edited.id, edited.body, edited.kind, edited.author) == (
        c.id,
        "On track, 4 of 5 done",
        "note",
        "alice",
    )
    assert log(db, "milestone", m.id, mark) == [
        ("alice", "edit", f"comment #{c.id}", "On track, 3 of 5 done", "On track, 4 of 5 done"),
        ("alice", "edit", f"kind of comment #{c.id}", "update", "note"),
    ]
    assert [x.body for x in mkt.list_comments(m.id)] == ["On track, 4 of 5 done"]


def test_edit_comment_refuses_bad_input(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    c = mkt.add_comment(m.id, "note")
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.edit_comment(c.id, "  ")
    assert caught.value.field == "comment"
    with pytest.raises(Invalid) as caught:
        mkt.edit_comment(c.id, "fine", kind="rant")
    assert (caught.value.field, caught.value.value) == ("kind", "rant")
    with pytest.raises(NotFound, match='comment: no comment "999"'):
        mkt.edit_comment(999, "x")
    assert snapshot(db) == before
    # Control characters are made harmless, as when it was written.
    assert mkt.edit_comment(c.id, "a\x1b]52;c;X\x07b").body == "a␛]52;c;X␇b"


def test_delete_comment_keeps_its_text_in_the_log(mkt: Store, db: str) -> None:
    m = mkt.add_milestone("MKT", "Launch", day(20))
    keep = mkt.add_comment(m.id, "keep me")
    c = mkt.add_comment(m.id, "Typo-ridden\nsecond line")
    mark = last_activity(db)
    gone = mkt.delete_comment(c.id)
    assert (gone.id, gone.body) == (c.id, "Typo-ridden\nsecond line")
    assert [x.id for x in mkt.list_comments(m.id)] == [keep.id]
    assert log(db, "milestone", m.id, mark) == [
        ("alice", "delete", f"comment #{c.id}", "Typo-ridden\nsecond line", None)
    ]
    with pytest.raises(NotFound):
        mkt.delete_comment(c.id)
    with pytest.raises(NotFound):
        mkt.comment(c.id)
