"""One standing for a target (issue 17): no figure yet is neither on track nor 0 %; pace
and projection agree, or the words say why they differ; a checkpoint passed with no
figure is "no figure" in both directions; amounts without cents unless figures have them."""

from __future__ import annotations

from datetime import date

import pytest

from mstui.domain.enums import Direction
from mstui.domain.numbers import amount, has_cents
from mstui.domain.target_standing import (
    TargetStanding,
    standing_label,
    standing_of,
    standing_text,
)
from mstui.domain.targets import CheckpointResult, TargetState, target_state

DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)
# weekly:fri in December 2026 reaches the goal on the 25th, six days before the end:
# the line runs ahead of a steady rate, so pace and projection can disagree.
FRIDAYS = [
    (date(2026, 12, 4), 30_000.0),
    (date(2026, 12, 11), 60_000.0),
    (date(2026, 12, 18), 90_000.0),
    (date(2026, 12, 25), 120_000.0),
]
BUDGET = [(d, v / 12) for d, v in FRIDAYS]  # at most 10,000


def state(
    today: date,
    ms: list[tuple[date, float]],
    direction: Direction = Direction.AT_LEAST,
    goal: float = 120_000,
    checkpoints: list[tuple[date, float]] = FRIDAYS,
) -> TargetState:
    return target_state(
        goal=goal,
        start=DEC1,
        end=DEC31,
        direction=direction,
        checkpoints=checkpoints,
        measurements=ms,
        today=today,
        tolerance=0.05,
    )


def spend(today: date, ms: list[tuple[date, float]]) -> TargetState:
    return state(today, ms, Direction.AT_MOST, 10_000, BUDGET)


# -- the decision, from its parts --------------------------------------------------------


@pytest.mark.parametrize(
    ("has_figure", "behind", "will_make", "ended", "standing"),
    [
        (False, False, None, False, TargetStanding.NO_FIGURE),
        (False, False, None, True, TargetStanding.NO_FIGURE),
        (True, False, True, False, TargetStanding.ON_TRACK),
        (True, True, False, False, TargetStanding.BEHIND),
        (True, True, True, False, TargetStanding.BEHIND_ON_COURSE),
        (True, False, False, False, TargetStanding.ON_PACE_SHORT),
        (True, True, True, True, TargetStanding.REACHED),
        (True, False, False, True, TargetStanding.ENDED_SHORT),
    ],
)
def test_standing_of(
    has_figure: bool, behind: bool, will_make: bool | None, ended: bool, standing: TargetStanding
) -> None:
    got = standing_of(has_figure=has_figure, behind=behind, will_make=will_make, ended=ended)
    assert got is standing


# -- no figure yet ----------------------------------------------------------------------------


@pytest.mark.parametrize("direction", [Direction.AT_LEAST, Direction.AT_MOST])
def test_no_figure_yet_is_no_figure_yet(direction: Direction) -> None:
    """10 Dec, nothing recorded, the 4 Dec checkpoint passed: no pace, no verdict."""
    st = state(date(2026, 12, 10), [], direction)
    assert st.standing is TargetStanding.NO_FIGURE
    assert (st.pace, st.projection, st.will_make) == (None, None, None)
    assert (st.on_track, st.behind) == (False, False)
    assert standing_text(st, direction) == "no figure yet"
    assert standing_label(st, direction) == "no figure yet"
    assert st.standing.symbol == "○" and st.standing.tone == "neutral"


# -- pace and projection agree, or the words say why not --------------------------------------


def test_behind_the_checkpoints_but_on_course() -> None:
    """41,000 by 9 Dec: 74 % of the line (55,714), yet 141,222 by the 31st at that rate."""
    st = state(date(2026, 12, 10), [(date(2026, 12, 9), 41_000.0)])
    assert st.pace == pytest.approx(41_000 / (30_000 + 30_000 * 6 / 7))
    assert st.projection == pytest.approx(41_000 / 9 * 31)
    assert (st.behind, st.will_make) == (True, True)
    assert st.standing is TargetStanding.BEHIND_ON_COURSE
    assert standing_text(st, Direction.AT_LEAST) == (
        "behind the checkpoints, but on course for the goal at the current rate"
    )
    assert standing_label(st, Direction.AT_LEAST) == "behind checkpoints, on course"


def test_behind_and_short_agree() -> None:
    st = state(date(2026, 12, 10), [(date(2026, 12, 9), 20_000.0)])
    assert (st.behind, st.will_make, st.standing) == (True, False, TargetStanding.BEHIND)
    assert standing_text(st, Direction.AT_LEAST) == (
        "behind the checkpoints, and short of the goal at the current rate"
    )


def test_on_track_agrees() -> None:
    st = state(date(2026, 12, 10), [(date(2026, 12, 10), 60_000.0)])
    assert st.standing is TargetStanding.ON_TRACK and st.on_track
    assert standing_text(st, Direction.AT_LEAST) == (
        "on track: ahead of the checkpoints and on course for the goal"
    )


def test_ahead_of_the_checkpoints_but_short() -> None:
    """Checkpoints set by hand, light early: ahead of them, yet short at the current rate."""
    hand = [(date(2026, 12, 15), 10_000.0), (DEC31, 120_000.0)]
    st = state(date(2026, 12, 10), [(date(2026, 12, 10), 8_000.0)], checkpoints=hand)
    assert st.pace is not None and st.pace > 1
    assert (st.behind, st.will_make) == (False, False)
    assert st.standing is TargetStanding.ON_PACE_SHORT
    assert standing_text(st, Direction.AT_LEAST) == (
        "ahead of the checkpoints, but short of the goal at the current rate"
    )


def test_within_the_tolerance_is_on_the_checkpoints_not_ahead_of_them() -> None:
    hand = [(date(2026, 12, 10), 10_000.0), (DEC31, 120_000.0)]
    st = state(date(2026, 12, 10), [(date(2026, 12, 10), 9_800.0)], checkpoints=hand)
    assert st.standing is TargetStanding.ON_PACE_SHORT and not st.ahead
    assert standing_text(st, Direction.AT_LEAST) == (
        "on the checkpoints, but short of the goal at the current rate"
    )


def test_at_most_over_the_checkpoints_but_under_the_goal() -> None:
    """A budget front-loaded by its checkpoints: over the line on the 10th, but the
    rate so far stays under the goal by the 31st."""
    hand = [(date(2026, 12, 10), 2_000.0), (DEC31, 10_000.0)]
    st = state(date(2026, 12, 10), [(date(2026, 12, 10), 3_000.0)], Direction.AT_MOST, 10_000, hand)
    assert st.projection == pytest.approx(3_000 / 10 * 31)
    assert st.standing is TargetStanding.BEHIND_ON_COURSE
    assert standing_text(st, Direction.AT_MOST) == (
        "over the checkpoints, but on course to stay under the goal at the current rate"
    )


def test_after_the_end_the_goal_decides() -> None:
    """The period is over: the projection is the last figure, the verdict final."""
    st = state(date(2027, 1, 5), [(date(2026, 12, 20), 100_000.0)])
    assert st.projection == 100_000.0  # no rate to extend past the end
    assert st.standing is TargetStanding.ENDED_SHORT
    assert standing_text(st, Direction.AT_LEAST) == "the period is over: short of the goal"
    done = state(date(2027, 1, 5), [(DEC31, 121_000.0)])
    assert done.standing is TargetStanding.REACHED


# -- checkpoints with no figure ---------------------------------------------------------------


def test_a_passed_checkpoint_with_no_figure_is_no_figure_in_both_directions() -> None:
    for st in (state(date(2026, 12, 10), []), spend(date(2026, 12, 10), [])):
        first = st.checkpoints[0]
        assert (first.passed, first.missed, first.result) == (
            True,
            False,
            CheckpointResult.NO_FIGURE,
        )
        assert first.result.label == "no figure"
        assert [c.result for c in st.checkpoints[1:]] == [CheckpointResult.TO_COME] * 3


def test_checkpoint_results_met_missed_today() -> None:
    st = spend(date(2026, 12, 11), [(date(2026, 12, 4), 2_000.0)])
    assert st.checkpoints[0].result is CheckpointResult.MET
    assert st.checkpoints[1].result is CheckpointResult.TODAY
    over = spend(date(2026, 12, 5), [(date(2026, 12, 4), 2_600.0)])
    assert over.checkpoints[0].result is CheckpointResult.MISSED and over.checkpoints[0].missed


# -- amounts ----------------------------------------------------------------------------------


def test_amounts_without_cents_unless_asked() -> None:
    assert amount(115_545.4545, "USD", cents=False) == "115,545 USD"
    assert amount(53_571.428, "USD", cents=False) == "53,571 USD"
    assert amount(18_400.5, "USD", cents=True) == "18,400.50 USD"
    assert amount(18_400.0, "USD", cents=True) == "18,400.00 USD"
    assert amount(18_400.5, "USD") == "18,400.50 USD"  # as the value has them
    assert amount(None, "USD", cents=False) == "—"
    assert has_cents([100_000.0, 41_000.0]) is False
    assert has_cents([100_000.0, 41_000.5]) is True
