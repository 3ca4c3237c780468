"""The alert rules at their boundaries (checkpoints, reviews, keys, state, text): pure
functions, exact expected values, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from mstui.domain.alert_rules import checkpoint_missed, milestone_alerts, review_due, review_period
from mstui.domain.alerts import (
    AlertKind,
    MilestoneFacts,
    ProjectFacts,
    TargetFacts,
    Thresholds,
    dedupe_key,
    is_open,
    parse_snooze,
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


# -- checkpoints -------------------------------------------------------------------------------


def target(**changes: Any) -> TargetFacts:
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
    return replace(base, **changes)


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


def project(**changes: Any) -> ProjectFacts:
    base = ProjectFacts(
        id=3, key="MKT", name="Winter campaign", lead_id=LEAD, started=date(2026, 2, 15)
    )
    return replace(base, **changes)


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
    m = nasty._replace(status=Status.BLOCKED, blocked_at=at("2026-11-01"))
    found = milestone_alerts(m, [], at("2026-11-25"), TH)
    assert found
    for c in found:
        assert "\n" not in c.message
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in c.message), c.message
        assert "\u202e" not in c.message
        assert len(c.message) <= 500
    long = ms(title="x" * 200, blocked_reason="y" * 500)
    for c in milestone_alerts(
        long._replace(status=Status.BLOCKED, blocked_at=at("2026-11-01")), [], at("2026-11-25"), TH
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
