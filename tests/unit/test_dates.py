"""Date input as people type it, "today" in a timezone, and relative due dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.bounds import stored_date
from mstui.domain.dates import parse_date, relative, today_in
from mstui.errors import Invalid

WED = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026-1-5", date(2026, 1, 5)),
        ("today", WED),
        ("TODAY", WED),
        ("  today  ", WED),
        ("tomorrow", date(2026, 11, 19)),
        ("yesterday", date(2026, 11, 17)),
        ("fri", date(2026, 11, 20)),
        ("friday", date(2026, 11, 20)),
        ("Friday", date(2026, 11, 20)),
        ("next friday", date(2026, 11, 20)),
        ("next  fri", date(2026, 11, 20)),
        ("mon", date(2026, 11, 23)),
        ("wed", date(2026, 11, 25)),  # today's weekday means next week's, never today
        ("next wednesday", date(2026, 11, 25)),
        ("+3d", date(2026, 11, 21)),
        ("3d", date(2026, 11, 21)),
        ("+2w", date(2026, 12, 2)),
        ("-1d", date(2026, 11, 17)),
        ("+1m", date(2026, 12, 18)),
        ("+1y", date(2027, 11, 18)),
        ("eom", date(2026, 11, 30)),
        ("eoq", date(2026, 12, 31)),
        ("eoy", date(2026, 12, 31)),
        ("eow", date(2026, 11, 20)),
        ("dec 1", date(2026, 12, 1)),
        ("1 dec", date(2026, 12, 1)),
        ("nov 18", date(2026, 11, 18)),  # today is "on or after today"
        ("nov 17", date(2027, 11, 17)),  # already passed this year: next year's
    ],
)
def test_date_input_table(typed: str, expected: date) -> None:
    assert parse_date(typed, WED) == expected


@pytest.mark.parametrize(
    ("today", "typed", "expected"),
    [
        # Month ends, quarters and leap years.
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2028, 2, 10), "eom", date(2028, 2, 29)),
        (date(2026, 2, 10), "eom", date(2026, 2, 28)),
        (date(2026, 12, 31), "eom", date(2026, 12, 31)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2026, 1, 1), "-1d", date(2025, 12, 31)),
        (date(2026, 2, 10), "eoq", date(2026, 3, 31)),
        (date(2026, 4, 1), "eoq", date(2026, 6, 30)),
        (date(2026, 9, 30), "eoq", date(2026, 9, 30)),
        (date(2026, 10, 1), "eoq", date(2026, 12, 31)),
        # Friday itself: "fri" is the next one, "eow" is today.
        (date(2026, 11, 20), "fri", date(2026, 11, 27)),
        (date(2026, 11, 20), "eow", date(2026, 11, 20)),
        (date(2026, 11, 21), "eow", date(2026, 11, 27)),
        (date(2026, 12, 30), "fri", date(2027, 1, 1)),
    ],
)
def test_relative_inputs_across_month_quarter_and_year_ends(
    today: date, typed: str, expected: date
) -> None:
    assert parse_date(typed, today) == expected


@pytest.mark.parametrize(
    "typed",
    ["blurgh", "", "   ", "2026-13-01", "2026-02-30", "+d", "next blursday", "32 dec", "dec 0"],
)
def test_unparseable_input_is_invalid_quoting_the_text(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_date(typed, WED, field="due")
    err = caught.value
    assert err.field == "due"
    assert err.value == typed
    assert str(err).startswith("due: ")
    assert f'(got "{typed}")' in str(err)
    assert "\n" not in str(err)


def test_the_help_names_the_accepted_forms() -> None:
    with pytest.raises(Invalid) as caught:
        parse_date("someday", WED)
    for form in ("YYYY-MM-DD", "today", "tomorrow", "fri", "+3d", "+2w", "-1d", "eom", "eoq"):
        assert form in str(caught.value)


@given(st.integers(min_value=-3000, max_value=3000))
def test_day_offsets_are_plain_day_arithmetic(n: int) -> None:
    typed = f"+{n}d" if n >= 0 else f"{n}d"
    assert parse_date(typed, WED) == WED + timedelta(days=n)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_iso_dates_read_back_as_themselves(d: date) -> None:
    assert parse_date(d.isoformat(), WED) == d


@given(st.one_of(st.dates(max_value=date(1899, 12, 31)), st.dates(min_value=date(2200, 1, 1))))
def test_dates_the_app_cannot_draw_are_refused_naming_the_field(d: date) -> None:
    with pytest.raises(Invalid, match=r"^due: use a date from 1900-01-01 to 2199-12-31"):
        parse_date(d.isoformat(), WED, "due")


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_eom_and_eoq_are_the_last_day_of_their_period(today: date) -> None:
    eom = parse_date("eom", today)
    eoq = parse_date("eoq", today)
    assert (eom.year, eom.month) == (today.year, today.month)
    assert (eom + timedelta(days=1)).day == 1
    assert eoq.month in (3, 6, 9, 12) and (eoq + timedelta(days=1)).day == 1
    assert eoq.year == today.year and 0 <= eoq.month - today.month <= 2


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_a_weekday_name_is_within_the_next_seven_days_never_today(today: date) -> None:
    for name, weekday in (("mon", 0), ("wed", 2), ("fri", 4), ("sun", 6)):
        got = parse_date(name, today)
        assert got.weekday() == weekday
        assert 1 <= (got - today).days <= 7


@given(st.text(max_size=30))
def test_any_text_gives_a_date_or_invalid_never_another_error(typed: str) -> None:
    try:
        result = parse_date(typed, WED)
    except Invalid as exc:
        assert exc.value == typed
    else:
        assert isinstance(result, date) and not isinstance(result, datetime)
        assert type(result) is date  # a plain date, not a pendulum subclass


# -- today in a timezone -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        # Late evening in UTC: Auckland (UTC+13 in November) is already tomorrow.
        (pendulum.datetime(2026, 11, 18, 23, 30, tz="UTC"), "UTC", date(2026, 11, 18)),
        (pendulum.datetime(2026, 11, 18, 23, 30, tz="UTC"), "Pacific/Auckland", date(2026, 11, 19)),
        (pendulum.datetime(2026, 11, 18, 10, 59, tz="UTC"), "Pacific/Auckland", date(2026, 11, 18)),
        (pendulum.datetime(2026, 11, 18, 11, 0, tz="UTC"), "Pacific/Auckland", date(2026, 11, 19)),
        # Early morning in UTC: Los Angeles is still yesterday.
        (
            pendulum.datetime(2026, 11, 19, 7, 59, tz="UTC"),
            "America/Los_Angeles",
            date(2026, 11, 18),
        ),
        (
            pendulum.datetime(2026, 11, 19, 8, 0, tz="UTC"),
            "America/Los_Angeles",
            date(2026, 11, 19),
        ),
    ],
)
def test_today_in_a_timezone(now: pendulum.DateTime, tz: str, expected: date) -> None:
    assert today_in(tz, now) == expected


def test_today_in_accepts_a_standard_library_datetime() -> None:
    from datetime import UTC

    now = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
    assert today_in("Asia/Tokyo", now) == date(2026, 11, 19)
    assert type(today_in("UTC", now)) is date


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (WED, "today"),
        (date(2026, 11, 19), "tomorrow"),
        (date(2026, 11, 17), "1d late"),
        (date(2026, 11, 15), "3d late"),
        (date(2026, 11, 23), "in 5d"),
        (WED + timedelta(days=59), "in 59d"),
        (WED + timedelta(days=60), "in 8w"),
    ],
)
def test_relative_due_dates(due: date, expected: str) -> None:
    assert relative(due, WED) == expected


def test_an_unreadable_stored_date_is_no_distance() -> None:
    odd = stored_date(date(9999, 12, 31))  # clamped to 2199-12-31 only to be drawn
    assert relative(odd, WED) == "unreadable"
    assert relative(stored_date(date(2026, 12, 1)), date(2026, 12, 1)) == "today"
