"""The login digest as a pure function: at most eight lines, nothing when nothing."""

from __future__ import annotations

from datetime import date, datetime

from mstui.domain.digest import MAX_LINES, OpenMilestone, UnreadAlert, digest_lines

NOW = datetime.fromisoformat("2026-11-18T23:30:00+00:00")


def ms(mid: int, due: date, tz: str = "UTC") -> OpenMilestone:
    return OpenMilestone(mid, "WEB", f"Milestone {mid}", due, tz)


def test_nothing_is_no_lines() -> None:
    assert digest_lines([], [], 0, NOW, login="alice") == []
    # Due later than this week: nothing to say either.
    assert digest_lines([ms(1, date(2026, 12, 30))], [], 0, NOW, login="alice") == []


def test_overdue_week_and_alerts() -> None:
    lines = digest_lines(
        [ms(1, date(2026, 11, 17)), ms(2, date(2026, 11, 18)), ms(3, date(2026, 11, 24))],
        [UnreadAlert(7, "info", "Achieved"), UnreadAlert(8, "error", "Escalation\x1b[2J")],
        2,
        NOW,
        login="alice",
    )
    assert lines == [
        "mstui: 1 overdue · 2 due this week · 2 unread alerts",
        "  ✖ Milestone 1 (WEB #1) was due Tue 17 Nov, 1d ago",
        "  ◆ Milestone 2 (WEB #2) due today",
        "  ◆ Milestone 3 (WEB #3) due Tue 24 Nov, in 6d",
        "  ! Escalation\u241b[2J",
        "  · Achieved",
    ]


def test_today_is_the_projects() -> None:
    """23:30 UTC is already the 19th in Auckland: the milestone due the 18th is overdue."""
    lines = digest_lines([ms(1, date(2026, 11, 18), "Pacific/Auckland")], [], 0, NOW, login="a")
    assert lines[0] == "mstui: 1 overdue"


def test_at_most_eight_lines() -> None:
    mine = [ms(i, date(2026, 11, 10 + i)) for i in range(1, 15)]
    alerts = [UnreadAlert(i, "warning", f"alert {i}") for i in range(MAX_LINES)]
    lines = digest_lines(mine, alerts, 40, NOW, login="alice", width=60)
    assert len(lines) == MAX_LINES
    assert lines[-1] == "  … 48 more: mstui alerts · mstui milestone list --owner al…"
    assert all(len(line) <= 60 for line in lines)
