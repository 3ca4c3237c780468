"""Dashboard and resource maths with exact numbers: conflicts, health counts, budgets, burn-up,
and the chart's ticks and drawing."""

from __future__ import annotations

from datetime import date

import pytest

from mstui.domain.enums import Health
from mstui.domain.reports import budget_row, burnup, count_health, total_health
from mstui.domain.resources import Overload, Span, overloads
from mstui.widgets.charts import ChartSpec, Series, draw, legend_line, nice_ticks, tick_label


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


# -- resource conflicts -------------------------------------------------------------------------


def test_two_bookings_over_capacity_on_the_days_they_share() -> None:
    got = overloads(1, [Span(1, d(20), d(26), 1), Span(2, d(22), d(25), 1)])
    assert got == [Overload(d(22), d(25), 2.0, 1, (1, 2))]


def test_touching_bookings_share_the_day_they_meet() -> None:
    # Both include their end and start day: the 10th is booked twice.
    assert overloads(8, [Span(1, d(1), d(10), 8), Span(2, d(10), d(12), 1)]) == [
        Overload(d(10), d(10), 9.0, 8, (1, 2))
    ]
    assert overloads(8, [Span(1, d(1), d(9), 8), Span(2, d(10), d(12), 8)]) == []


def test_at_capacity_is_not_a_conflict() -> None:
    assert overloads(1, [Span(1, d(1), d(5), 0.5), Span(2, d(3), d(8), 0.5)]) == []
    assert overloads(8, [Span(1, d(1), d(5), 4.0), Span(2, d(1), d(5), 4.0)]) == []


def test_a_stretch_over_capacity_is_one_conflict_with_its_peak() -> None:
    spans = [Span(1, d(1), d(10), 5), Span(2, d(4), d(6), 4), Span(3, d(6), d(8), 4)]
    # 9 on the 4th-5th, 13 on the 6th, 9 on the 7th-8th: one stretch, peak 13.
    assert overloads(8, spans) == [Overload(d(4), d(8), 13.0, 8, (1, 2, 3))]


def test_separate_stretches_stay_separate_and_in_order() -> None:
    spans = [Span(1, d(1), d(30), 1), Span(2, d(3), d(4), 1), Span(3, d(20), d(20), 2)]
    assert overloads(1, spans) == [
        Overload(d(3), d(4), 2.0, 1, (1, 2)),
        Overload(d(20), d(20), 3.0, 1, (1, 3)),
    ]


def test_across_a_month_end() -> None:
    got = overloads(1, [Span(1, d(28), d(3, 12), 1), Span(2, d(30), d(1, 12), 1)])
    assert got == [Overload(d(30), d(1, 12), 2.0, 1, (1, 2))]


# -- health counts and budgets -------------------------------------------------------------------


def test_health_counts_leave_out_cancelled_and_put_the_worst_first() -> None:
    rows = count_health(
        "owner",
        [
            ("ann", "ann", Health.ON_TRACK),
            ("bob", "bob", Health.OVERDUE),
            ("ann", "ann", Health.DONE),
            ("cid", "cid", Health.AT_RISK),
            ("bob", "bob", Health.CANCELLED),
            ("ann", "ann", Health.OVERDUE),
            ("bob", "bob", Health.OVERDUE),
        ],
    )
    assert [(r.key, r.on_track, r.at_risk, r.overdue, r.done) for r in rows] == [
        ("bob", 0, 0, 2, 0),
        ("ann", 1, 0, 1, 1),
        ("cid", 0, 1, 0, 0),
    ]
    total = total_health(rows)
    assert (total.total, total.overdue, total.kind, total.key) == (6, 3, "all", "")


def test_budget_variance_compares_actuals_with_the_same_milestones_estimates() -> None:
    from dataclasses import dataclass

    @dataclass
    class M:
        health: Health
        cost_estimate: float | None
        cost_actual: float | None
        effort_estimate: float | None
        effort_actual: float | None

    ms = [
        M(Health.DONE, 3_500, 4_100, None, None),
        M(Health.OVERDUE, 120_000, 96_000, 30, 34),
        M(Health.ON_TRACK, 2_000, None, 8, None),
        M(Health.CANCELLED, 50_000, 1_000, 5, 5),
    ]
    row = budget_row("BLD", "Warehouse", 250_000, ms)
    assert (row.cost_estimate, row.cost_actual) == (125_500, 100_100)
    assert row.cost_variance == (4_100 + 96_000) - (3_500 + 120_000) == -23_400
    assert (row.effort_estimate, row.effort_actual, row.effort_variance) == (38, 34, 4)
    none = budget_row("X", "x", None, [M(Health.ON_TRACK, 10, None, None, None)])
    assert (none.cost_variance, none.effort_variance) == (None, None)


# -- burn-up ---------------------------------------------------------------------------------------


def test_burnup_counts_due_and_done_by_each_day() -> None:
    items = [(d(2), d(1)), (d(4), None), (d(4), d(3)), (d(8), None)]
    b = burnup(items, today=d(5))
    assert b.days == tuple(d(i) for i in range(1, 9))
    assert b.planned == (0, 1, 1, 3, 3, 3, 3, 4)
    assert b.done == (1, 1, 2, 2, 2, None, None, None)
    assert b.total == 4


def test_burnup_steps_when_the_span_is_long() -> None:
    b = burnup([(d(1, 1), None), (d(31, 12), None)], today=d(1, 6), max_points=50)
    assert len(b.days) <= 51 and b.days[0] == d(1, 1) and b.days[-1] == d(31, 12)
    assert b.planned[0] == 1 and b.planned[-1] == 2


def test_burnup_of_nothing() -> None:
    assert burnup([], today=d(5)).days == ()


# -- the chart -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "count", "whole", "ticks"),
    [
        (100_000, 4, False, [0, 25_000, 50_000, 75_000, 100_000]),
        (109_125, 5, False, [0, 25_000, 50_000, 75_000, 100_000, 125_000]),
        (13, 4, True, [0, 5, 10, 15]),
        (9, 4, True, [0, 3, 6, 9]),
        (3, 4, True, [0, 1, 2, 3]),
        (0, 4, False, [0, 1]),
    ],
)
def test_nice_ticks(top: float, count: int, whole: bool, ticks: list[float]) -> None:
    assert nice_ticks(top, count, whole) == ticks


def test_tick_labels_have_thousands_separators() -> None:
    assert [tick_label(v) for v in (0, 2_500, 125_000, 1_500_000, 25_000_000, 0.5)] == [
        "0",
        "2,500",
        "125,000",
        "1.5M",
        "25M",
        "0.5",
    ]


def spec(title: str = "Revenue") -> ChartSpec:
    return ChartSpec(
        title=title,
        x_label="date",
        y_label="USD",
        series=(
            Series("expected", ((0, 0), (30, 100_000)), "·"),
            Series("actual", ((0, 0), (20, 72_750)), "•"),
        ),
        x_ticks=((1, "01 Nov"), (30, "30 Nov")),
        marks=((22, "today"),),
    )


@pytest.mark.parametrize(("width", "height"), [(76, 14), (40, 10), (120, 24)])
def test_the_chart_fills_its_size_with_labelled_axes(width: int, height: int) -> None:
    text = draw(spec(), width, height)
    lines = text.plain.split("\n")
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)
    assert lines[0] == "Revenue"
    assert lines[-1] == "· expected  • actual  │ today"
    body = "\n".join(lines)
    assert "100,000" in body and "USD" in body and "date" in body and "01 Nov" in body
    assert not any(span.style and getattr(span.style, "bgcolor", None) for span in text.spans)


def test_a_chart_too_small_or_empty_says_so() -> None:
    assert "too small" in draw(spec(), 15, 10).plain
    assert "Nothing to draw" in draw(ChartSpec("T", "x", "y"), 60, 10).plain


def test_user_text_in_the_title_is_made_harmless() -> None:
    text = draw(spec("[bold]x[/] \x1b]52;c;SGVsbG8=\x07 \x9b31m"), 60, 12)
    assert "\x1b" not in text.plain and "\x9b" not in text.plain
    assert text.plain.startswith("[bold]x[/]")


def test_the_legend_names_every_marker() -> None:
    assert legend_line(spec()) == "· expected  • actual  │ today"
