"""The alert rules at their boundaries: pure functions, exact expected values, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from mstui.domain.alerts import (
    AlertKind,
    MilestoneFacts,
    PredecessorFacts,
    ProjectFacts,
    TargetFacts,
    Thresholds,
    achievement,
    blocked_too_long,
    checkpoint_missed,
    dedupe_key,
    dependency_slipped,
    due_soon,
    escalation,
    is_open,
    milestone_alerts,
    missed,
    parse_snooze,
    review_due,
    review_period,
)
from mstui.domain.enums import Direction, Severity, Status
from mstui.errors import Invalid
from mstui.views.alerts import AlertView

OWNER, LEAD, HEAD, MEMBER = 2, 1, 7, 9
DUE = date(2026, 11, 20)
TH = Thresholds(due_soon_days=3, escalation_days=2, blocked_days=2, review_cadence="quarterly")


def at(day: date | str, hour: int = 10, minute: int = 0) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)


def ms(**changes: object) -> MilestoneFacts:
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
    return replace(base, **changes)  # type: ignore[arg-type]


def recipients(cands: list) -> list[int]:  # type: ignore[type-arg]
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


def pred(**changes: object) -> PredecessorFacts:
    base = PredecessorFacts(
        id=11, project_key="MKT", title="Strategy Approved", status=Status.IN_PROGRESS, due=DUE
    )
    return replace(base, **changes)  # type: ignore[arg-type]


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


# -- checkpoints -------------------------------------------------------------------------------


def target(**changes: object) -> TargetFacts:
    base = TargetFacts(
        id=4,
        name="Revenue November",
        unit="USD",
        goal=100_000,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        direction=Direction.AT_LEAST,
        checkpoints=[(date(2026, 11, 6), 25_000.0), (date(2026, 11, 13), 50_000.0)],
        measurements=[(date(2026, 11, 6), 18_400.0)],
        owner_id=OWNER,
        project_id=3,
        project_key="SLS",
        lead_id=LEAD,
        timezone="UTC",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "missed_dates"),
    [
        ("2026-11-05", []),  # the day before the checkpoint
        ("2026-11-06", []),  # the day of: figures may still come in
        ("2026-11-07", ["2026-11-06"]),  # the day after
        ("2026-11-14", ["2026-11-06", "2026-11-13"]),
    ],
)
def test_checkpoint_missed_boundaries(today: str, missed_dates: list[str]) -> None:
    found = checkpoint_missed(target(), at(today))
    assert sorted({c.about.isoformat() for c in found}) == missed_dates
    for day in missed_dates:
        assert [c.recipient_id for c in found if c.about.isoformat() == day] == [OWNER, LEAD]
    if found:
        assert found[0].message == (
            "Checkpoint missed: Revenue November (SLS) expected 25,000 USD by 2026-11-06, "
            "had 18,400 USD"
        )
        assert found[0].dedupe_key == "checkpoint_missed:target:4:2026-11-06:2"


def test_checkpoint_met_exactly_is_not_missed() -> None:
    t = target(measurements=[(date(2026, 11, 6), 25_000.0), (date(2026, 11, 13), 50_000.0)])
    assert checkpoint_missed(t, at("2026-11-20")) == []


def test_checkpoint_at_most_misses_when_above() -> None:
    costs = target(
        name="Site costs",
        direction=Direction.AT_MOST,
        checkpoints=[(date(2026, 11, 6), 10_000.0)],
        measurements=[(date(2026, 11, 5), 12_500.0)],
    )
    (owner_alert, lead_alert) = checkpoint_missed(costs, at("2026-11-07"))
    assert owner_alert.message == (
        "Checkpoint missed: Site costs (SLS) expected at most 10,000 USD by 2026-11-06, "
        "had 12,500 USD"
    )
    assert lead_alert.recipient_id == LEAD
    under = replace(costs, measurements=[(date(2026, 11, 5), 9_000.0)])
    assert checkpoint_missed(under, at("2026-11-07")) == []


def test_checkpoint_with_no_figure_recorded_is_missed() -> None:
    (c, _) = checkpoint_missed(target(measurements=[]), at("2026-11-07"))
    assert c.message.endswith("had nothing")


# -- review -------------------------------------------------------------------------------------


def project(**changes: object) -> ProjectFacts:
    base = ProjectFacts(
        id=3, key="MKT", name="Winter campaign", lead_id=LEAD, started=date(2026, 2, 15)
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "about"),
    [
        ("2026-03-31", None),  # the day before: the quarter it began in has no review
        ("2026-04-01", "2026-04-01"),  # the day of
        ("2026-04-02", "2026-04-01"),  # the day after: the same alert (same key)
        ("2026-06-30", "2026-04-01"),
        ("2026-07-01", "2026-07-01"),
    ],
)
def test_quarterly_review(today: str, about: str | None) -> None:
    found = review_due(project(), at(today), TH)
    if about is None:
        assert found == []
        return
    (c,) = found
    assert c.recipient_id == LEAD
    assert c.kind is AlertKind.REVIEW_DUE
    assert c.subject_type == "project"
    assert c.dedupe_key == f"review_due:project:3:{about}:1"
    assert c.message == f"Quarterly review due: MKT Winter campaign, a new quarter began {about}"


def test_review_cadences_and_when_not_due() -> None:
    monthly = TH.overridden(review_cadence="monthly")
    (c,) = review_due(project(), at("2026-03-01"), monthly)
    assert c.about == date(2026, 3, 1)
    assert c.message.startswith("Monthly review due")
    assert review_due(project(), at("2026-04-01"), TH.overridden(review_cadence="none")) == []
    assert review_due(project(archived=True), at("2026-04-01"), TH) == []
    assert review_due(project(lead_id=None), at("2026-04-01"), TH) == []
    # Ended before the previous quarter began: nothing to review any more.
    assert review_due(project(end=date(2025, 12, 31)), at("2026-04-01"), TH) == []
    assert review_due(project(end=date(2026, 1, 1)), at("2026-04-01"), TH) != []


def test_review_periods_across_the_year() -> None:
    assert review_period("quarterly", date(2026, 1, 15)) == (date(2026, 1, 1), date(2025, 10, 1))
    assert review_period("quarterly", date(2026, 12, 31)) == (date(2026, 10, 1), date(2026, 7, 1))
    assert review_period("monthly", date(2026, 1, 1)) == (date(2026, 1, 1), date(2025, 12, 1))
    assert review_period("none", date(2026, 1, 1)) is None


# -- thresholds, keys, state, text --------------------------------------------------------------


def test_project_overrides_replace_only_what_they_set() -> None:
    th = TH.overridden(due_soon_days=7, escalation_days=None)
    assert th == Thresholds(7, 2, 2, "quarterly")
    assert TH.overridden() == TH


def test_dedupe_key_format() -> None:
    assert dedupe_key(AlertKind.MISSED, "milestone", 5, date(2026, 1, 2), 9) == (
        "missed:milestone:5:2026-01-02:9"
    )
    assert dedupe_key(AlertKind.DEPENDENCY_SLIPPED, "milestone", 5, DUE, 9, "after4").endswith(
        ":9:after4"
    )


def test_every_rule_on_one_milestone() -> None:
    m = ms(status=Status.BLOCKED, blocked_at=at("2026-11-10"))
    kinds = sorted({c.kind.value for c in milestone_alerts(m, [], at("2026-11-23"), TH)})
    assert kinds == ["blocked", "escalation", "missed"]


@pytest.mark.parametrize(
    ("acknowledged", "snoozed", "expected"),
    [
        (None, None, True),
        (at("2026-11-18", 9), None, False),  # acknowledged
        (None, at("2026-11-18", 11), False),  # snoozed past now
        (None, at("2026-11-18", 10), True),  # the snooze ends exactly now
        (None, at("2026-11-18", 9), True),  # the snooze ended
        (at("2026-11-18", 9), at("2026-11-18", 9), False),
    ],
)
def test_is_open(acknowledged: datetime | None, snoozed: datetime | None, expected: bool) -> None:
    assert is_open(acknowledged, snoozed, at("2026-11-18", 10)) is expected


def test_parse_snooze() -> None:
    assert parse_snooze("1h") == timedelta(hours=1)
    assert parse_snooze("1d") == timedelta(days=1)
    assert parse_snooze(" 2w ") == timedelta(weeks=2)
    assert parse_snooze("30m") == timedelta(minutes=30)
    for bad in ("", "0h", "1y", "h", "-1d", "1.5h"):
        with pytest.raises(Invalid, match="for: expected a duration"):
            parse_snooze(bad)


def test_messages_are_one_line_of_inert_text() -> None:
    nasty = ms(title="Pay\x1b]52;c;SGVsbG8=\x07 now\nplease\u202e", blocked_reason="a\x9bb")
    m = replace(nasty, status=Status.BLOCKED, blocked_at=at("2026-11-01"))
    found = milestone_alerts(m, [], at("2026-11-25"), TH)
    assert found
    for c in found:
        assert "\n" not in c.message
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in c.message), c.message
        assert "\u202e" not in c.message
        assert len(c.message) <= 500
    long = ms(title="x" * 200, blocked_reason="y" * 500)
    for c in milestone_alerts(
        replace(long, status=Status.BLOCKED, blocked_at=at("2026-11-01")), [], at("2026-11-25"), TH
    ):
        assert len(c.message) <= 500


def test_alert_view_json_keys() -> None:
    view = AlertView(
        id=1,
        kind="missed",
        severity=Severity.WARNING,
        subject_type="milestone",
        subject_id=12,
        subject_title="Assets\x1b[31m",
        project="MKT",
        recipient="ben",
        message="Missed: …",
        about=DUE,
        raised_at=at("2026-11-21"),
    )
    data = view.to_json()
    assert list(data) == [
        "id",
        "kind",
        "severity",
        "subject",
        "recipient",
        "message",
        "raised_at",
        "acknowledged_at",
        "snoozed_until",
        "resolved_at",
        "project",
    ]
    assert data["subject"] == {"type": "milestone", "id": 12, "title": "Assets␛[31m"}
    assert data["raised_at"] == "2026-11-21T10:00:00+00:00"
    assert view.is_open(at("2026-11-22"))
    assert not replace(view, resolved_at=at("2026-11-22")).is_open(at("2026-11-22"))
