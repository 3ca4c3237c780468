"""A target's standing: one verdict from its checkpoints and its projection, and its words.

`mstui.domain.targets.target_state` decides it; the command line and the Targets
screen write it with `standing_label` (a few words) and `standing_text` (a sentence).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from mstui.domain.enums import Direction

if TYPE_CHECKING:
    from mstui.domain.targets import TargetState


class TargetStanding(StrEnum):
    """The one verdict on a target today, from its checkpoints and its projection together.

    Pace (against the checkpoints) and projection (the rate so far, to the end)
    can disagree: checkpoints that reach the goal before the end, or that are
    set by hand, bend the line away from a steady rate. The two mixed standings
    say so instead of showing "behind" beside "makes the goal".
    """

    NO_FIGURE = "no_figure"
    ON_TRACK = "on_track"
    """On (or ahead of) the checkpoints, and on course for the goal."""
    BEHIND = "behind"
    """Behind the checkpoints, and short of the goal at the current rate."""
    BEHIND_ON_COURSE = "behind_on_course"
    """Behind the checkpoints, but on course for the goal at the current rate."""
    ON_PACE_SHORT = "on_pace_short"
    """On the checkpoints, but short of the goal at the current rate."""
    REACHED = "reached"
    """The period is over and the goal was reached (stayed under, "at most")."""
    ENDED_SHORT = "ended_short"
    """The period is over and the goal was not reached (went over, "at most")."""

    @property
    def symbol(self) -> str:
        return _TARGET_STANDING_SYMBOLS[self]

    @property
    def tone(self) -> str:
        """`good`, `warning`, `bad` or `neutral`: what colour a screen gives it."""
        return _TARGET_STANDING_TONES[self]


_TARGET_STANDING_SYMBOLS = {
    TargetStanding.NO_FIGURE: "○",
    TargetStanding.ON_TRACK: "●",
    TargetStanding.BEHIND: "▲",
    TargetStanding.BEHIND_ON_COURSE: "▲",
    TargetStanding.ON_PACE_SHORT: "▲",
    TargetStanding.REACHED: "✓",
    TargetStanding.ENDED_SHORT: "✖",
}
_TARGET_STANDING_TONES = {
    TargetStanding.NO_FIGURE: "neutral",
    TargetStanding.ON_TRACK: "good",
    TargetStanding.BEHIND: "warning",
    TargetStanding.BEHIND_ON_COURSE: "warning",
    TargetStanding.ON_PACE_SHORT: "warning",
    TargetStanding.REACHED: "good",
    TargetStanding.ENDED_SHORT: "bad",
}


def standing_of(
    *, has_figure: bool, behind: bool, will_make: bool | None, ended: bool
) -> TargetStanding:
    """The one verdict from its parts: a figure at all, behind the checkpoints or not,
    the projection reaching the goal or not, and whether the period is over."""
    if not has_figure:
        return TargetStanding.NO_FIGURE
    if ended:
        return TargetStanding.REACHED if will_make else TargetStanding.ENDED_SHORT
    if behind:
        return TargetStanding.BEHIND_ON_COURSE if will_make else TargetStanding.BEHIND
    return TargetStanding.ON_TRACK if will_make else TargetStanding.ON_PACE_SHORT


def standing_label(state: TargetState, direction: Direction) -> str:
    """The verdict in a few words, for a list's status column: `behind checkpoints, on course`."""
    over = direction is Direction.AT_MOST
    return {
        TargetStanding.NO_FIGURE: "no figure yet",
        TargetStanding.ON_TRACK: "on track",
        TargetStanding.BEHIND: "over the checkpoints" if over else "behind",
        TargetStanding.BEHIND_ON_COURSE: (
            "over checkpoints, on course" if over else "behind checkpoints, on course"
        ),
        TargetStanding.ON_PACE_SHORT: (
            "on checkpoints, over goal" if over else "on checkpoints, short of goal"
        ),
        TargetStanding.REACHED: "stayed under the goal" if over else "goal reached",
        TargetStanding.ENDED_SHORT: "went over the goal" if over else "ended short of the goal",
    }[state.standing]


def standing_text(state: TargetState, direction: Direction) -> str:
    """The verdict as a sentence that never contradicts the pace or the projection beside it.

    Where they disagree it says why: "behind the checkpoints, but on course for
    the goal at the current rate".
    """
    over = direction is Direction.AT_MOST
    ahead = ("under" if over else "ahead of") if state.ahead else "on"
    s = state.standing
    if s is TargetStanding.NO_FIGURE:
        return "no figure yet"
    if s is TargetStanding.ON_TRACK:
        goal = "to stay under the goal" if over else "for the goal"
        return f"on track: {ahead} the checkpoints and on course {goal}"
    if s is TargetStanding.BEHIND:
        if over:
            return "over the checkpoints, and on course to go over the goal at the current rate"
        return "behind the checkpoints, and short of the goal at the current rate"
    if s is TargetStanding.BEHIND_ON_COURSE:
        if over:
            return "over the checkpoints, but on course to stay under the goal at the current rate"
        return "behind the checkpoints, but on course for the goal at the current rate"
    if s is TargetStanding.ON_PACE_SHORT:
        if over:
            return f"{ahead} the checkpoints, but on course to go over the goal at the current rate"
        return f"{ahead} the checkpoints, but short of the goal at the current rate"
    if s is TargetStanding.REACHED:
        return (
            "the period is over: stayed under the goal"
            if over
            else "the period is over: goal reached"
        )
    return (
        "the period is over: went over the goal"
        if over
        else "the period is over: short of the goal"
    )
