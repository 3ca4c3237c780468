"""The alert rules at their boundaries (due soon, missed, blocked, achievement,
dependencies): pure functions, exact expected values, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from mstui.domain.alert_rules import (
    achievement,
    blocked_too_long,
    dependency_slipped,
    due_soon,
    escalation,
    missed,
)
from mstui.domain.alerts import AlertKind, Candidate, MilestoneFacts, PredecessorFacts, Thresholds
from mstui.domain.enums import Severity, Status

OWNER, LEAD, HEAD, MEMBER = 2, 1, 7, 9
DUE = date(2026, 11, 20)
TH = Thresholds(due_soon_days=3, escalation_days=2, blocked_days=2, review_cadence="quarterly")


def at(day: date | str, hour: int = 10, minute: int = 0) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)


def ms(**changes: Any) -> MilestoneFacts:
    base = MilestoneFacts(
        id=12,
        project_id=3,
        project_key="MKT",
        title="Assets Created",
        status=Status.IN_PROGRESS,
        due=DUE,
        owner_id=OWNER,
        owner_login="ben",
        lead_id=LEAD,
        timezone="UTC",
        department_head_ids=(HEAD,),
        member_ids=(LEAD, MEMBER),
    )
    return base._replace(**changes)


def recipients(cands: list[Candidate]) -> list[int]:
    return [c.recipient_id for c in cands]


# -- due soon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-16", None),  # 4 days left: the day before the window opens
        ("2026-11-17", "Due in 3 days"),  # exactly the threshold
        ("2026-11-19", "Due tomorrow"),
        ("2026-11-20", "Due today"),  # the day of
        ("2026-11-21", None),  # the day after: missed, not due soon
    ],
)
def test_due_soon_boundaries(today: str, expected: str | None) -> None:
    found = due_soon(ms(), at(today), TH)
    if expected is None:
        assert found == []
        return
    (c,) = found
    assert c.kind is AlertKind.DUE_SOON
    assert c.severity is Severity.INFO
    assert c.recipient_id == OWNER
    assert c.about == DUE
    assert c.message == f"{expected}: #12 Assets Created (MKT), due 2026-11-20"
    assert c.dedupe_key == "due_soon:milestone:12:2026-11-20:2"


@pytest.mark.parametrize("status", [Status.DONE, Status.CANCELLED])
def test_closed_milestones_raise_no_warnings(status: Status) -> None:
    m = ms(status=status)
    for moment in (at("2026-11-19"), at("2026-11-25")):
        assert due_soon(m, moment, TH) == []
        assert missed(m, moment, TH) == []
        assert escalation(m, moment, TH) == []


def test_due_soon_threshold_zero_means_only_today() -> None:
    th = TH.overridden(due_soon_days=0)
    assert due_soon(ms(), at("2026-11-19"), th) == []
    assert len(due_soon(ms(), at("2026-11-20"), th)) == 1


def test_today_is_the_projects_today() -> None:
    # 11:30 UTC on the 19th is already the 20th in Auckland (UTC+13 in November).
    auckland = ms(timezone="Pacific/Auckland")
    moment = at("2026-11-19", 11, 30)
    assert due_soon(auckland, moment, TH)[0].message.startswith("Due today")
    assert due_soon(ms(), moment, TH)[0].message.startswith("Due tomorrow")
    # 12:00 UTC on the 20th is the 21st there: missed in Auckland, due today in UTC.
    assert recipients(missed(auckland, at("2026-11-20", 12), TH)) == [OWNER, LEAD]
    assert missed(ms(), at("2026-11-20", 12), TH) == []


# -- missed and escalation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "raised"),
    [("2026-11-19", False), ("2026-11-20", False), ("2026-11-21", True), ("2026-12-30", True)],
)
def test_missed_boundaries(today: str, raised: bool) -> None:
    found = missed(ms(), at(today, 23, 59), TH)
    if not raised:
        assert found == []
        return
    assert recipients(found) == [OWNER, LEAD]
    assert {c.severity for c in found} == {Severity.WARNING}
    assert [c.dedupe_key for c in found] == [
        "missed:milestone:12:2026-11-20:2",
        "missed:milestone:12:2026-11-20:1",
    ]
    assert found[0].message == "Missed: #12 Assets Created (MKT) was due 2026-11-20 and is not done"


def test_missed_owner_who_leads_gets_one_alert_and_no_lead_means_owner_only() -> None:
    assert recipients(missed(ms(lead_id=OWNER), at("2026-11-21"), TH)) == [OWNER]
    assert recipients(missed(ms(lead_id=None), at("2026-11-21"), TH)) == [OWNER]


@pytest.mark.parametrize(
    ("today", "raised"),
    [("2026-11-20", False), ("2026-11-21", False), ("2026-11-22", True), ("2026-11-23", True)],
)
def test_escalation_after_e_days(today: str, raised: bool) -> None:
    found = escalation(ms(), at(today), TH)
    if not raised:
        assert found == []
        return
    assert recipients(found) == [LEAD, HEAD]
    assert {c.severity for c in found} == {Severity.ERROR}
    late = (date.fromisoformat(today) - DUE).days
    assert found[0].message == (
        f"Escalation: #12 Assets Created (MKT), owner ben, is {late} days past its due date "
        "2026-11-20"
    )
    # One escalation per due date, however long it stays missed.
    assert found[0].dedupe_key == "escalation:milestone:12:2026-11-20:1"


def test_escalation_is_louder_than_missed_and_reaches_every_head() -> None:
    m = ms(department_head_ids=(HEAD, 8, LEAD))
    found = escalation(m, at("2026-11-25"), TH)
    assert recipients(found) == [LEAD, HEAD, 8]
    order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert order.index(found[0].severity) > order.index(missed(m, at("2026-11-25"), TH)[0].severity)


def test_escalation_zero_days_escalates_when_missed_not_before() -> None:
    th = TH.overridden(escalation_days=0)
    assert escalation(ms(), at("2026-11-20"), th) == []
    assert len(escalation(ms(), at("2026-11-21"), th)) == 2


def test_a_new_due_date_alerts_again() -> None:
    moved = ms(due=date(2026, 11, 25))
    old = {c.dedupe_key for c in missed(ms(), at("2026-11-26"), TH)}
    new = {c.dedupe_key for c in missed(moved, at("2026-11-26"), TH)}
    assert old.isdisjoint(new)
    assert "missed:milestone:12:2026-11-25:2" in new
    soon_old = due_soon(ms(), at("2026-11-19"), TH)[0].dedupe_key
    soon_new = due_soon(ms(due=date(2026, 11, 21)), at("2026-11-19"), TH)[0].dedupe_key
    assert soon_old != soon_new


# -- blocked ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "raised"),
    [
        (at("2026-11-17", 9), False),  # the day before
        (at("2026-11-18", 9), False),  # exactly B days: not "more than"
        (at("2026-11-18", 9, 1), True),  # a minute more
        (at("2026-11-19", 9), True),  # the day after
    ],
)
def test_blocked_too_long(moment: datetime, raised: bool) -> None:
    m = ms(status=Status.BLOCKED, blocked_at=at("2026-11-16", 9), blocked_reason="Waiting on legal")
    found = blocked_too_long(m, moment, TH)
    if not raised:
        assert found == []
        return
    (c,) = found
    assert c.recipient_id == LEAD
    assert c.severity is Severity.WARNING
    assert c.about == date(2026, 11, 16)
    assert c.message == (
        "Blocked for more than 2 days (since 2026-11-16): #12 Assets Created (MKT): "
        "Waiting on legal"
    )
    assert c.dedupe_key == "blocked:milestone:12:2026-11-16:1"


def test_blocked_rule_needs_the_blocked_status() -> None:
    m = ms(status=Status.IN_PROGRESS, blocked_at=at("2026-11-01"))
    assert blocked_too_long(m, at("2026-11-18"), TH) == []
    assert blocked_too_long(ms(status=Status.BLOCKED, blocked_at=None), at("2026-11-18"), TH) == []


def test_blocked_again_later_alerts_again() -> None:
    first = ms(status=Status.BLOCKED, blocked_at=at("2026-11-01"))
    again = ms(status=Status.BLOCKED, blocked_at=at("2026-11-10"))
    k1 = blocked_too_long(first, at("2026-11-20"), TH)[0].dedupe_key
    k2 = blocked_too_long(again, at("2026-11-20"), TH)[0].dedupe_key
    assert k1 != k2


# -- achievement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "wording"),
    [
        (at("2026-11-18", 16), "Achieved 2 days early"),
        (at("2026-11-19", 16), "Achieved 1 day early"),
        (at("2026-11-20", 16), "Achieved on the due date"),
        (at("2026-11-21", 16), "Achieved 1 day late"),
        (at("2026-11-23", 16), "Achieved 3 days late"),
    ],
)
def test_achievement_says_how_early_or_late(done: datetime, wording: str) -> None:
    m = ms(status=Status.DONE, completed_at=done)
    found = achievement(m, done + timedelta(minutes=1))
    assert recipients(found) == [LEAD, OWNER, MEMBER]
    assert {c.severity for c in found} == {Severity.INFO}
    day = done.date().isoformat()
    assert found[0].message == f"{wording}: #12 Assets Created (MKT), due 2026-11-20, done {day}"
    assert found[0].about == done.date()


def test_achievement_is_measured_in_the_projects_timezone() -> None:
    # 23:30 UTC on the 20th is the 21st in Paris: one day late there.
    m = ms(status=Status.DONE, completed_at=at("2026-11-20", 23, 30), timezone="Europe/Paris")
    (c, *_) = achievement(m, at("2026-11-21"))
    assert c.message.startswith("Achieved 1 day late")
    assert c.about == date(2026, 11, 21)


def test_achievement_only_for_recent_completions() -> None:
    m = ms(status=Status.DONE, completed_at=at("2026-11-10"))
    assert achievement(m, at("2026-11-17", 10)) != []  # exactly 7 days
    assert achievement(m, at("2026-11-17", 10, 1)) == []
    assert achievement(ms(status=Status.IN_PROGRESS), at("2026-11-17")) == []


# -- dependency slipped ------------------------------------------------------------------------


def pred(**changes: Any) -> PredecessorFacts:
    base = PredecessorFacts(
        id=11, project_key="MKT", title="Strategy Approved", status=Status.IN_PROGRESS, due=DUE
    )
    return base._replace(**changes)


@pytest.mark.parametrize(
    ("p", "raised"),
    [
        (pred(due=date(2026, 11, 19)), False),  # the day before the dependent's due date
        (pred(due=DUE), False),  # the same day
        (pred(due=date(2026, 11, 21)), True),  # the day after
        (pred(due=date(2026, 11, 30), status=Status.CANCELLED), False),
        (pred(status=Status.DONE, completed_at=at("2026-11-20", 18)), False),
        (pred(status=Status.DONE, completed_at=at("2026-11-21", 9)), True),
    ],
)
def test_dependency_slipped(p: PredecessorFacts, raised: bool) -> None:
    found = dependency_slipped(ms(), [p], at("2026-11-18"))
    if p.status is Status.DONE:  # done after the dependent's date: seen once it happened
        found = dependency_slipped(ms(), [p], at("2026-11-21", 10))
    if not raised:
        assert found == []
        return
    (c,) = found
    assert c.recipient_id == OWNER
    assert c.kind is AlertKind.DEPENDENCY_SLIPPED
    assert c.dedupe_key == "dependency_slipped:milestone:12:2026-11-20:2:after11"
    assert c.message.startswith("Dependency slipped: #12 Assets Created (MKT), due 2026-11-20: ")


def test_dependency_slipped_wording() -> None:
    open_pred = pred(due=date(2026, 11, 24))
    (c,) = dependency_slipped(ms(), [open_pred], at("2026-11-18"))
    assert c.message.endswith("it waits on #11 Strategy Approved (MKT), due 2026-11-24")
    done = pred(status=Status.DONE, completed_at=at("2026-11-22"))
    (c,) = dependency_slipped(ms(), [done], at("2026-11-22"))
    assert c.message.endswith("#11 Strategy Approved (MKT) was done 2026-11-22, after it")


def test_dependency_slipped_quiet_once_the_dependent_is_missed_or_closed() -> None:
    late_pred = pred(due=date(2026, 11, 25))
    assert dependency_slipped(ms(), [late_pred], at("2026-11-21")) == []  # "missed" speaks
    assert dependency_slipped(ms(status=Status.DONE), [late_pred], at("2026-11-18")) == []


def test_each_slipped_predecessor_is_its_own_alert() -> None:
    found = dependency_slipped(
        ms(), [pred(due=date(2026, 11, 22)), pred(id=10, due=date(2026, 11, 23))], at("2026-11-18")
    )
    assert len({c.dedupe_key for c in found}) == 2
