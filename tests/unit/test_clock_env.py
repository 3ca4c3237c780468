"""MSTUI_NOW, the frozen clock of one process (mstui/clock.py)."""

from __future__ import annotations

import pendulum
import pytest

from mstui.clock import clock_from_env
from mstui.errors import Invalid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A date alone is noon UTC: the same day in every timezone from -11 to +11.
        ("2027-01-04", pendulum.datetime(2027, 1, 4, 12, tz="UTC")),
        ("2027-01-04T09:30", pendulum.datetime(2027, 1, 4, 9, 30, tz="UTC")),
        ("2027-01-04T09:30+01:00", pendulum.datetime(2027, 1, 4, 8, 30, tz="UTC")),
    ],
)
def test_mstui_now_freezes_the_clock(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: pendulum.DateTime
) -> None:
    monkeypatch.setenv("MSTUI_NOW", text)
    now = clock_from_env().now()
    assert now == expected
    assert now.in_timezone("America/New_York").date() == expected.date() or "T" in text


@pytest.mark.parametrize("text", ["09:30", "soon", "2027-13-01"])
def test_mstui_now_that_is_not_a_date_or_time_is_refused(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv("MSTUI_NOW", text)
    with pytest.raises(Invalid):
        clock_from_env()
