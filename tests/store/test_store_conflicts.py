"""The store on a real SQLite file: versions and conflicts, all-or-nothing, deletes,
dependencies."""

from __future__ import annotations

from datetime import date

import pytest

from mstui.domain.enums import Health, Role, Status, TaskStatus
from mstui.errors import Conflict, Invalid, NotAllowed, NotFound
from mstui.store import MilestoneFilter, Store
from tests.conftest import MakeStore
from tests.raw import activity, broken_references, count, rows, snapshot

TODAY = date(2026, 11, 18)
DEC1 = date(2026, 12, 1)


@pytest.fixture
def mkt(store: Store) -> Store:
    """Alice's store with project MKT (lead alice) and Bob as an editor of it."""
    store.add_person("bob", "Bob Baker", "Marketing")
    store.add_project("MKT", "Winter campaign", department="Marketing", start=date(2026, 11, 1))
    store.add_member("MKT", "bob", Role.EDITOR)
    return store


# -- versions and conflicts ----------------------------------------------------------------


def test_a_stale_version_raises_conflict_and_changes_nothing(
    mkt: Store, bob: Store, db: str
) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    bob.edit_milestone(m.id, m.version, title="Assets Created")
    before = snapshot(db)
    with pytest.raises(Conflict) as caught:
        mkt.edit_milestone(m.id, m.version, title="Mine", due=date(2026, 12, 24))
    err = caught.value
    assert (err.entity, err.entity_id, err.expected_version, err.current_version, err.by) == (
        "milestone",
        m.id,
        1,
        2,
        "bob",
    )
    assert "changed by bob" in str(err)
    assert snapshot(db) == before
    # Every way of changing it checks the version.
    with pytest.raises(Conflict):
        mkt.move_milestone(m.id, Status.IN_PROGRESS, expected_version=1)
    with pytest.raises(Conflict):
        mkt.complete_milestone(m.id, expected_version=1)
    with pytest.raises(Conflict):
        mkt.delete_milestone(m.id, expected_version=1)
    assert snapshot(db) == before
    # Reloading and retrying works.
    fresh = mkt.milestone(m.id)
    assert mkt.edit_milestone(m.id, fresh.version, title="Mine").title == "Mine"


def test_a_stale_version_conflicts_even_when_the_values_match(mkt: Store, bob: Store) -> None:
    m = mkt.add_milestone("MKT", "Assets", DEC1)
    bob.edit_milestone(m.id, m.version, title="Assets Created")
    with pytest.raises(Conflict):
        mkt.edit_milestone(m.id, m.version, title="Assets Created")


def test_task_versions(mkt: Store, bob: Store, db: str) -> None:
    t = mkt.add_task("MKT", "Draft copy", TODAY, date(2026, 11, 25))
    bob.edit_task(t.id, t.version, title="Draft the copy")
    before = snapshot(db)
    with pytest.raises(Conflict) as caught:
        mkt.edit_task(t.id, t.version, status=TaskStatus.DONE)
    assert (caught.value.entity, caught.value.expected_version, caught.value.current_version) == (
        "task",
        1,
        2,
    )
    assert snapshot(db) == before


# -- all or nothing ------------------------------------------------------------------------


def test_failed_add_leaves_no_milestone_and_no_activity(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id, 999])
    assert caught.value.field == "depends"
    assert snapshot(db) == before
    assert count(db, "milestone") == 1
    assert count(db, "milestonedependency") == 0
    assert [r[6] for r in activity(db) if r[1] == "milestone"] == ["A"]
    # The next milestone gets made normally (nothing was left in the session or pool).
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    assert b.depends_on == (a.id,)


def test_a_failed_first_command_does_not_create_me(make_store: MakeStore, db: str) -> None:
    alice = make_store("alice")
    alice.add_project("MKT", "Winter campaign")
    carol = make_store("carol", "Carol Cruz")
    before = snapshot(db)
    with pytest.raises(Invalid):
        carol.add_milestone("NOPE", "T", DEC1)
    with pytest.raises(NotAllowed):  # not a member of MKT
        carol.add_milestone("MKT", "T", DEC1, depends_on=[5])
    assert snapshot(db) == before
    assert rows(db, "SELECT login FROM person ORDER BY login") == [("alice",)]
    carol.add_project("CAR", "Carol's own")
    m = carol.add_milestone("CAR", "T", DEC1)
    assert m.owner == "carol"
    assert rows(db, "SELECT login, name FROM person ORDER BY login") == [
        ("alice", "Alice Archer"),
        ("carol", "Carol Cruz"),
    ]


def test_set_dependencies_is_all_or_nothing(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1)
    c = mkt.add_milestone("MKT", "C", DEC1, depends_on=[a.id])
    mkt.add_dependency(c.id, b.id)  # B after C after A
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        # Dropping A and adding B would make C depend on B, which depends on C.
        mkt.set_dependencies(c.id, [b.id])
    assert "would make a cycle" in str(caught.value)
    assert snapshot(db) == before
    assert mkt.milestone(c.id).depends_on == (a.id,)


# -- delete --------------------------------------------------------------------------------


def test_delete_milestone(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    c = mkt.add_milestone("MKT", "C", DEC1, depends_on=[b.id])
    task = mkt.add_task("MKT", "Write", TODAY, date(2026, 11, 20), milestone_id=b.id)
    mkt.add_comment(b.id, "note")
    mkt.delete_milestone(b.id, mkt.milestone(b.id).version)
    with pytest.raises(NotFound):
        mkt.milestone(b.id)
    assert mkt.task(task.id).milestone_id is None  # the task stays, unlinked
    assert mkt.milestone(c.id).depends_on == ()
    assert count(db, "milestonedependency") == 0
    assert count(db, "comment") == 0
    assert activity(db, b.id)[-1] == ("alice", "milestone", b.id, "delete", "", "B", None)
    assert [m.id for m in mkt.list_milestones()] == [a.id, c.id]


def test_delete_project_takes_everything_in_it(mkt: Store, db: str) -> None:
    mkt.add_project("OPS", "Operations")
    keep = mkt.add_milestone("OPS", "Keep me", DEC1)
    t = mkt.add_target("Revenue", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    a = mkt.add_milestone("MKT", "A", DEC1, target_id=t.id)
    mkt.add_task("MKT", "Write", TODAY, DEC1, milestone_id=a.id)
    mkt.add_comment(a.id, "note")
    mkt.record_measurement(t.id, 10)
    mkt.delete_project("MKT")
    assert [p.key for p in mkt.list_projects()] == ["OPS"]
    assert [m.id for m in mkt.list_milestones()] == [keep.id]
    for table in ("task", "comment", "target", "checkpoint", "measurement"):
        assert count(db, table) == 0, table
    assert broken_references(db) == []


# -- dependencies --------------------------------------------------------------------------


def test_dependencies_and_cycle_refusal_naming_the_milestones(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "Strategy Approved", DEC1)
    b = mkt.add_milestone("MKT", "Assets Created", DEC1, depends_on=[a.id])
    c = mkt.add_milestone("MKT", "Campaign Live", DEC1, depends_on=[b.id])
    assert mkt.milestone(c.id).depends_on == (b.id,)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        mkt.add_dependency(c.id, a.id)  # A after C: A → B → C → A
    message = str(caught.value)
    assert caught.value.field == "depends"
    assert (
        f"would make a cycle: #{c.id} Campaign Live → #{a.id} Strategy Approved → "
        f"#{b.id} Assets Created → #{c.id} Campaign Live"
    ) in message
    with pytest.raises(Invalid, match="would make a cycle"):
        mkt.add_dependency(a.id, a.id)
    assert snapshot(db) == before


def test_adding_a_dependency_twice_is_harmless(mkt: Store, db: str) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    mkt.add_dependency(a.id, b.id)
    assert count(db, "milestonedependency") == 1
    mkt.remove_dependency(a.id, b.id)
    assert mkt.milestone(b.id).depends_on == ()
    assert activity(db, b.id)[-1][3:] == ("undepend", "depends_on", str(a.id), None)


def test_dependents_and_detail(mkt: Store) -> None:
    a = mkt.add_milestone("MKT", "A", DEC1)
    b = mkt.add_milestone("MKT", "B", DEC1, depends_on=[a.id])
    detail = mkt.milestone_detail(a.id)
    assert [m.id for m in detail.dependents] == [b.id]
    assert [m.id for m in mkt.milestone_detail(b.id).dependencies] == [a.id]


def test_a_later_predecessor_puts_the_successor_at_risk(mkt: Store) -> None:
    a = mkt.add_milestone("MKT", "Permit", date(2026, 12, 20))
    b = mkt.add_milestone("MKT", "Build", date(2026, 12, 10), depends_on=[a.id])
    assert b.health is Health.AT_RISK
    assert b.health_reasons == ("depends on Permit, projected 2026-12-20",)
    mkt.complete_milestone(a.id)
    assert mkt.milestone(b.id).health is Health.ON_TRACK


# -- placing a card in its column -----------------------------------------------------------------


def test_a_card_is_placed_among_its_projects_cards_and_the_rest_keep_their_order(
    mkt: Store, db: str
) -> None:
    mkt.add_project("OPS", "Operations")
    a, b = mkt.add_milestone("MKT", "A", DEC1), mkt.add_milestone("OPS", "Other B", DEC1)
    c, d = mkt.add_milestone("MKT", "C", DEC1), mkt.add_milestone("MKT", "D", DEC1)

    def column() -> list[str]:
        cards, _ = mkt.board(MilestoneFilter())
        return [m.title for m in cards if m.status is Status.PLANNED]

    assert column() == ["A", "Other B", "C", "D"]
    assert mkt.place_milestone(d.id, 1) == (1, 3)
    # MKT's cards now run D, A, C in the slots MKT held; OPS's card has not moved.
    assert column() == ["D", "Other B", "A", "C"]
    assert mkt.place_milestone(d.id, 99) == (3, 3)  # past the end: the bottom
    assert column() == ["A", "Other B", "C", "D"]
    before = snapshot(db)
    assert mkt.place_milestone(a.id, 1) == (1, 3)  # already there: nothing written
    assert snapshot(db) == before
    with pytest.raises(Invalid, match="must be 1 or more"):
        mkt.place_milestone(c.id, 0)
    assert snapshot(db) == before
    logged = [r for r in activity(db, d.id) if r[4] == "position"]
    assert [(r[5], r[6]) for r in logged] == [("3", "1"), ("1", "3")]
    assert b.status is Status.PLANNED
