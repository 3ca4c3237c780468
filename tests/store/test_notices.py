"""Notices: what someone else did to my work reaches my inbox (never my own doing), a
burst of comments is one notice, and each person may mute kinds of notice."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from mstui.config import Settings
from mstui.domain.enums import Role, Status
from mstui.errors import Invalid
from mstui.store import AlertFilter, Store
from tests.conftest import MakeStore

DEC1, DEC8 = date(2026, 12, 1), date(2026, 12, 8)


@pytest.fixture
def team(make_store: MakeStore) -> dict[str, Store]:
    """MKT led by alice, with bob and carol as editors and vera as a viewer."""
    alice = make_store("alice")
    people = {"alice": alice}
    for login in ("bob", "carol", "vera"):
        people[login] = make_store(login)
        people[login].me()
    alice.add_project("MKT", "Winter campaign")
    for login, role in (("bob", Role.EDITOR), ("carol", Role.EDITOR), ("vera", Role.VIEWER)):
        alice.add_member("MKT", login, role)
    for store in people.values():  # joining the project is news of its own: read it
        store.acknowledge_all()
    return people


def notices(store: Store) -> list[tuple[str, str]]:
    """My open notices, oldest first: (kind, message)."""
    return [(str(a.kind), a.message) for a in reversed(store.list_alerts(AlertFilter()))]


def test_a_milestone_handed_to_me_and_taken_from_me(team: dict[str, Store]) -> None:
    alice, bob, carol = team["alice"], team["bob"], team["carol"]
    m = alice.add_milestone("MKT", "Assets Created", DEC1, owner="bob")
    assert notices(bob) == [
        ("assigned", f"Alice Archer gave you #{m.id} Assets Created (MKT), due 2026-12-01")
    ]
    assert notices(alice) == []  # never for one's own action
    alice.edit_milestone(m.id, None, owner="carol")
    assert notices(carol) == [
        ("assigned", f"Alice Archer handed you #{m.id} Assets Created (MKT), due 2026-12-01")
    ]
    assert notices(bob)[-1] == (
        "unassigned", f"Alice Archer handed #{m.id} Assets Created (MKT) to carol"
    )  # fmt: skip
    before = notices(carol)
    carol.edit_milestone(m.id, None, title="Assets Created (v2)")  # her own change
    assert notices(carol) == before


def test_comments_on_my_milestone_and_mentions(team: dict[str, Store]) -> None:
    alice, bob, carol, vera = team["alice"], team["bob"], team["carol"], team["vera"]
    m = bob.add_milestone("MKT", "Campaign Live", DEC8)
    alice.add_comment(m.id, "Banners are late, @carol can you help?")
    assert notices(bob) == [
        ("commented", f"Alice Archer commented on your #{m.id} Campaign Live (MKT): "
                      "“Banners are late, @carol can you help?”"),
    ]  # fmt: skip
    assert [k for k, _ in notices(carol)] == ["mentioned"]
    assert "Alice Archer mentioned you on" in notices(carol)[0][1]
    # The owner mentioned: one notice (the mention), not two.
    vera.add_comment(m.id, "@bob, @nobody and bob@example.com: seen")
    assert [k for k, _ in notices(bob)] == ["commented", "mentioned"]
    bob.add_comment(m.id, "Thanks @bob")  # mentioning myself on my own milestone
    assert len(notices(bob)) == 2


def test_a_burst_of_comments_is_one_notice(team: dict[str, Store], clock: object) -> None:
    alice, bob = team["alice"], team["bob"]
    m = bob.add_milestone("MKT", "Campaign Live", DEC8)
    for i in range(5):
        alice.add_comment(m.id, f"update {i}")
    (only,) = notices(bob)
    assert only[0] == "commented" and "the latest by Alice Archer: “update 4”" in only[1]
    bob.acknowledge_all()
    alice.add_comment(m.id, "after you read them")
    assert [msg for _, msg in notices(bob)] == [
        f"Alice Archer commented on your #{m.id} Campaign Live (MKT): “after you read them”"
    ]


def test_moved_later_tells_the_owner_and_who_depends_on_it(team: dict[str, Store]) -> None:
    alice, bob, carol = team["alice"], team["bob"], team["carol"]
    first = bob.add_milestone("MKT", "Assets Created", DEC1)
    then = carol.add_milestone("MKT", "Campaign Live", DEC8, depends_on=[first.id])
    alice.edit_milestone(first.id, None, due=date(2026, 12, 5))
    assert notices(bob) == [("moved_later", f"Alice Archer moved #{first.id} Assets Created "
                             "(MKT) later: 2026-12-01 → 2026-12-05")]  # fmt: skip
    assert notices(carol) == [
        ("moved_later", f"Alice Archer moved #{first.id} Assets Created (MKT), which "
                        f"#{then.id} Campaign Live depends on, later: 2026-12-01 → 2026-12-05"),
    ]  # fmt: skip
    bob.acknowledge_all()
    alice.edit_milestone(first.id, None, due=DEC1)  # earlier: not news
    assert notices(bob) == []


def test_my_role_changed_a_figure_on_my_target_and_a_task_handed_to_me(
    team: dict[str, Store],
) -> None:
    alice, bob, vera = team["alice"], team["bob"], team["vera"]
    alice.add_member("MKT", "vera", Role.EDITOR)
    assert notices(vera) == [
        ("role_changed", "Alice Archer made you editor on MKT Winter campaign (you were viewer)")
    ]
    t = bob.add_target("Sign-ups", 1000, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    alice.record_measurement(t.id, 400, date(2026, 11, 17))
    assert notices(bob) == [
        ("figure_recorded", "Alice Archer recorded 400 on your target Sign-ups for 2026-11-17")
    ]
    bob.record_measurement(t.id, 450, date(2026, 11, 18))  # his own figure
    assert len(notices(bob)) == 1
    task = alice.add_task("MKT", "Write copy", DEC1, DEC8, assignee="vera")
    assert notices(vera)[-1] == (
        "assigned", f"Alice Archer handed you task #{task.id} Write copy (MKT), "
                    "2026-12-01..2026-12-08",
    )  # fmt: skip
    alice.remove_member("MKT", "carol")
    assert notices(team["carol"])[-1] == (
        "role_changed", "Alice Archer took you off MKT Winter campaign (you were editor)"
    )  # fmt: skip


def test_a_refused_write_sends_no_notice(team: dict[str, Store]) -> None:
    alice, bob = team["alice"], team["bob"]
    m = bob.add_milestone("MKT", "Assets Created", DEC1)
    with pytest.raises(Invalid):
        alice.edit_milestone(m.id, None, owner="vera", due=date(2026, 12, 9))  # a viewer
    with pytest.raises(Invalid):
        alice.move_milestone(m.id, Status.BLOCKED)  # no reason given
    assert notices(bob) == []


def test_muted_kinds_stay_out_of_my_inbox(
    team: dict[str, Store], make_store: MakeStore, settings: Settings
) -> None:
    alice = team["alice"]
    m = team["bob"].add_milestone("MKT", "Campaign Live", DEC8)
    alice.add_comment(m.id, "first")
    alice.edit_milestone(m.id, None, due=date(2026, 12, 20))
    quiet = make_store("bob", settings_=dataclasses.replace(settings, mute=("commented",)))
    assert [k for k, _ in notices(quiet)] == ["moved_later"]
    assert quiet.unread_count() == 1 and team["bob"].unread_count() == 2
