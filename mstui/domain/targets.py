"""Target maths: checkpoints from a cadence, expected figures, pace and projection.

A target has a goal over a period `start..end` and cumulative checkpoints. A
measurement is the cumulative figure at the end of its day. Figures are
expected to grow along straight lines from 0 at the end of the day before
`start` through each checkpoint; after the last checkpoint the expectation
is the goal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import pendulum

from mstui.domain.enums import Direction
from mstui.domain.target_standing import TargetStanding, standing_of
from mstui.errors import Invalid

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
CADENCE_HELP = "use weekly:fri, daily, monthly, or a list of dates 2026-11-06,2026-11-13"


def checkpoint_dates(cadence: str, start: date, end: date) -> list[date]:
    """The checkpoint dates of `cadence` within `start..end` (the end if none fall in it).

    `weekly:DAY` every DAY (mon … sun); `weekly` every week on the end's weekday;
    `daily` every day; `monthly` each month's last day and the end; or a comma
    list of ISO dates, each inside the period.
    """
    spec = cadence.strip().lower()
    if end < start:
        raise Invalid("end", end.isoformat(), "is before the start")
    out: list[date] = []
    if spec in ("", "end"):
        out = []
    elif spec == "daily":
        out = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    elif spec.startswith("weekly"):
        _, _, day = spec.partition(":")
        weekday = WEEKDAYS.get(day[:3]) if day else end.weekday()
        if weekday is None:
            raise Invalid("cadence", cadence, CADENCE_HELP)
        first = start + timedelta(days=(weekday - start.weekday()) % 7)
        out = [first + timedelta(weeks=i) for i in range((end - first).days // 7 + 1)]
    elif spec == "monthly":
        d = pendulum.Date(start.year, start.month, start.day).end_of("month")
        while d < end:
            out.append(date(d.year, d.month, d.day))
            d = d.add(days=1).end_of("month")
        out.append(end)
    else:
        spec = spec.removeprefix("dates:")
        try:
            out = sorted({date.fromisoformat(part.strip()) for part in spec.split(",")})
        except ValueError:
            raise Invalid("cadence", cadence, CADENCE_HELP) from None
        outside = [d for d in out if not start <= d <= end]
        if outside:
            raise Invalid("cadence", outside[0].isoformat(), "is outside the target's period")
    return out or [end]


def even_split(goal: float, n: int) -> list[float]:
    """Cumulative figures for `n` checkpoints in equal steps, the last exactly `goal`."""
    if n <= 0:
        return []
    step = goal / n
    return [round(step * (i + 1), 6) for i in range(n - 1)] + [float(goal)]


class CheckpointResult(StrEnum):
    """How a checkpoint stands today."""

    MET = "met"
    MISSED = "missed"
    NO_FIGURE = "no_figure"
    """Its day has passed with no figure recorded on or before it: neither met nor missed."""
    TODAY = "today"
    TO_COME = "to_come"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class CheckpointState:
    """A checkpoint as of today: what was expected, what was there, missed or not."""

    date: date
    expected: float
    actual: float | None
    passed: bool
    missed: bool
    """Passed with the figure on its wrong side (no figure at all is `NO_FIGURE`, not missed)."""
    result: CheckpointResult = CheckpointResult.TO_COME


@dataclass(frozen=True)
class TargetState:
    """Everything the targets screen, the alerts and health read from a target."""

    actual: float | None
    actual_date: date | None
    expected_now: float
    pace: float | None
    """Actual ÷ expected by today; None with no figure yet or nothing expected yet."""
    projection: float | None
    """The figure at the end at the rate so far; after the end, the last figure."""
    behind: bool
    """Behind the checkpoints today (beyond the tolerance); never without a figure."""
    checkpoints: tuple[CheckpointState, ...]
    will_make: bool | None = None
    """Whether the projection reaches the goal (stays under it, "at most"); None: no figure."""
    standing: TargetStanding = TargetStanding.NO_FIGURE
    ahead: bool = False
    """On or past the line itself, not merely within the tolerance of it."""

    @property
    def on_track(self) -> bool:
        """A figure is recorded and it is not behind the checkpoints."""
        return self.actual is not None and not self.behind


def actual_at(measurements: Sequence[tuple[date, float]], day: date) -> tuple[date, float] | None:
    """The latest measurement on or before `day` (they are cumulative)."""
    best: tuple[date, float] | None = None
    for when, value in measurements:
        if when <= day and (best is None or when >= best[0]):
            best = (when, value)
    return best


def expected_at(start: date, checkpoints: Sequence[tuple[date, float]], day: date) -> float:
    """The cumulative figure expected at the end of `day` (0 before the start)."""
    prev_date, prev_value = start - timedelta(days=1), 0.0
    if day <= prev_date:
        return 0.0  # the line starts at 0; extending it backwards gave negative figures
    for when, value in sorted(checkpoints):
        if day <= when:
            span = (when - prev_date).days
            if span <= 0:
                return value
            return prev_value + (value - prev_value) * (day - prev_date).days / span
        prev_date, prev_value = when, value
    return prev_value if day >= prev_date else 0.0


def is_behind(actual: float, expected: float, direction: Direction, tolerance: float) -> bool:
    """Whether `actual` is on the wrong side of `expected`, beyond `tolerance`."""
    if direction is Direction.AT_MOST:
        return actual > expected * (1 + tolerance)
    return actual < expected * (1 - tolerance)


def checkpoint_state(
    when: date,
    expected: float,
    measurements: Sequence[tuple[date, float]],
    direction: Direction,
    today: date,
) -> CheckpointState:
    """One checkpoint on `today`: met, missed, no figure (passed with none by its day),
    today, or to come. Only a figure on or before its day counts for it."""
    passed = when < today
    at = actual_at(measurements, when)
    value = at[1] if at else None
    missed = passed and value is not None and is_behind(value, expected, direction, 0.0)
    if not passed:
        result = CheckpointResult.TODAY if when == today else CheckpointResult.TO_COME
    elif value is None:
        result = CheckpointResult.NO_FIGURE
    else:
        result = CheckpointResult.MISSED if missed else CheckpointResult.MET
    return CheckpointState(when, expected, value, passed, missed, result)


def target_state(
    *,
    goal: float,
    start: date,
    end: date,
    direction: Direction,
    checkpoints: Sequence[tuple[date, float]],
    measurements: Sequence[tuple[date, float]],
    today: date,
    tolerance: float = 0.0,
) -> TargetState:
    """The state of a target on `today` (a date in the target's timezone)."""
    day = min(today, end)
    ended = today > end
    latest = actual_at(measurements, day)
    expected_now = expected_at(start, checkpoints, day) if today >= start else 0.0
    actual = latest[1] if latest else None
    # No figure yet has no pace: "0 %" read as a figure of nothing.
    pace = actual / expected_now if actual is not None and expected_now > 0 else None
    projection = None
    if latest is not None:
        elapsed = (latest[0] - start).days + 1
        total = (end - start).days + 1
        if ended:
            projection = latest[1]  # the period is over: the last figure is the outcome
        elif elapsed > 0:
            projection = latest[1] / elapsed * total
    states = tuple(
        checkpoint_state(when, expected, measurements, direction, today)
        for when, expected in sorted(checkpoints)
    )
    # No figure yet is neither behind nor on track: it is "no figure yet".
    behind = (
        actual is not None
        and today >= start
        and is_behind(actual, expected_now, direction, tolerance)
    )
    ahead = actual is not None and not is_behind(actual, expected_now, direction, 0.0)
    will_make = None
    if projection is not None:
        will_make = not is_behind(projection, goal, direction, 0.0)
    # After the end the goal itself decides, without the tolerance of the line.
    standing = standing_of(
        has_figure=actual is not None,
        behind=behind,
        will_make=will_make,
        ended=ended,
    )
    return TargetState(
        actual=actual,
        actual_date=latest[0] if latest else None,
        expected_now=expected_now,
        pace=pace,
        projection=projection,
        behind=behind,
        checkpoints=states,
        will_make=will_make,
        standing=standing,
        ahead=ahead,
    )


# -- checkpoints set by hand ----------------------------------------------------------------

CHECKPOINT_HELP = (
    "one checkpoint a line: YYYY-MM-DD and the cumulative figure, e.g. 2026-11-06 25000"
)
CHECKPOINT_CLI_HELP = (
    "expected DATE=N,... (cumulative figures), e.g. 2026-11-06=25000,2026-11-13=50000"
)


def check_checkpoints(
    points: Sequence[tuple[date, float]], start: date, end: date
) -> list[tuple[date, float]]:
    """Hand-set checkpoints, sorted, or `Invalid` naming the first bad one.

    Each date inside the period and given once; each figure a number of 0 or
    more, never below the one before (they are cumulative).
    """
    if not points:
        raise Invalid("checkpoints", "", "give at least one checkpoint")
    out = sorted((d, float(v)) for d, v in points)
    seen: set[date] = set()
    previous = 0.0
    for when, value in out:
        shown = f"{when.isoformat()} {value:g}"
        if not start <= when <= end:
            raise Invalid(
                "checkpoints",
                shown,
                f"is outside the period {start.isoformat()} to {end.isoformat()}",
            )
        if when in seen:
            raise Invalid("checkpoints", shown, "a date is given twice")
        seen.add(when)
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            raise Invalid("checkpoints", shown, "the figure must be a number of 0 or more")
        if value < previous:
            raise Invalid(
                "checkpoints", shown, "is below the checkpoint before it (they are cumulative)"
            )
        previous = value
    return out


_ITEM = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2})\s*(?:=|:|\s)\s*(-?[\d][\d,_]*(?:\.\d+)?)(?=\s|;|,\s*\d{4}-|,?\s*$)"
)


def parse_checkpoints(
    text: str, start: date, end: date, help_text: str = CHECKPOINT_HELP
) -> list[tuple[date, float]]:
    """Checkpoints as typed: `2026-11-06 25000` one a line, or `2026-11-06=25,000`.

    Several may share a line, separated by `;` or `,` (`2026-11-06=25000, 2026-11-13=50000`).
    Checked against the period `start..end` (see `check_checkpoints`).
    """
    return check_checkpoints(parse_checkpoint_items(text, help_text), start, end)


def parse_checkpoint_items(text: str, help_text: str = CHECKPOINT_HELP) -> list[tuple[date, float]]:
    """The (date, figure) pairs of `text` as typed, unchecked against any period.

    A part that does not read as a checkpoint is `Invalid`, with `help_text`
    saying how to write one (the form's syntax, or the command line's).
    """
    points: list[tuple[date, float]] = []
    for line in text.splitlines():
        pos = 0
        line = line.strip()
        for found in _ITEM.finditer(line):
            gap = line[pos : found.start()].strip(" ,;\t")
            if gap:
                raise Invalid("checkpoints", gap, help_text)
            try:
                when = date.fromisoformat(_iso(found.group(1)))
            except ValueError:
                raise Invalid("checkpoints", found.group(0), help_text) from None
            points.append((when, float(found.group(2).replace(",", "").replace("_", ""))))
            pos = found.end()
        rest = line[pos:].strip(" ,;\t")
        if rest:
            raise Invalid("checkpoints", rest, help_text)
    if not points:
        raise Invalid("checkpoints", text.strip(), "give at least one checkpoint")
    return points


def _iso(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


def is_even_split(
    cadence: str, start: date, end: date, goal: float, checkpoints: Sequence[tuple[date, float]]
) -> bool:
    """Whether `checkpoints` are what `cadence` and an even split of `goal` give."""
    try:
        dates = checkpoint_dates(cadence, start, end)
    except Invalid:
        return False
    wanted = list(zip(dates, even_split(goal, len(dates)), strict=True))
    got = sorted(checkpoints)
    return len(got) == len(wanted) and all(
        a[0] == b[0] and abs(a[1] - b[1]) <= 1e-6 * max(1.0, abs(b[1]))
        for a, b in zip(got, wanted, strict=True)
    )


def expected_line(
    start: date, checkpoints: Sequence[tuple[date, float]]
) -> list[tuple[date, float]]:
    """The corners of the expected line: 0 at the end of the day before `start`, then each
    checkpoint. Straight lines between them are what `expected_at` reads."""
    return [(start - timedelta(days=1), 0.0), *sorted(checkpoints)]
