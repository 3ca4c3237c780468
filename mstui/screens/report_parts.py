"""What the Dashboard and Targets screens draw from a store result: chart specs, facts.

Pure presentation: values in, `ChartSpec`/`Content`/`Text` out; user text goes
through `mstui.widgets.safe`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

from mstui.domain.dates import relative
from mstui.domain.enums import Direction, Health
from mstui.domain.numbers import amount
from mstui.domain.reports import BurnUp
from mstui.domain.target_standing import standing_text
from mstui.domain.targets import CheckpointResult, CheckpointState, expected_line
from mstui.domain.text import clean
from mstui.widgets.charts import ChartSpec, Series
from mstui.widgets.safe import cell, fit, say
from mstui.widgets.tables import Themed, health_cell, health_color

if TYPE_CHECKING:
    from mstui.views.targets import TargetView


def burnup_spec(burn: BurnUp, label: str) -> ChartSpec:
    """The burn-up as a chart: milestones due by each day, and done by each day."""
    if not burn.days:
        return ChartSpec(f"Burn-up: {label}", "date", "milestones", empty="No milestones yet.")
    first = burn.days[0]
    x = [float((d - first).days) for d in burn.days]
    planned = tuple(zip(x, map(float, burn.planned), strict=True))
    done = tuple((xi, float(n)) for xi, n in zip(x, burn.done, strict=True) if n is not None)
    return ChartSpec(
        title=f"Burn-up: {label} — milestones done vs due",
        x_label="date",
        y_label="milestones",
        series=(
            Series("due (planned)", planned, "·", color="blue"),
            Series("done", done, "•", color="green"),
        ),
        x_ticks=date_ticks(first, burn.days[-1]),
        marks=((float((burn.today - first).days), "today"),) if first <= burn.today else (),
        y_max=float(burn.total),
        whole_numbers=True,
    )


def date_ticks(first: date, last: date, count: int = 6) -> tuple[tuple[float, str], ...]:
    """About `count` evenly spread date ticks (`06 Nov`) as day offsets from `first`."""
    span = (last - first).days
    if span <= 0:
        return ((0.0, f"{first:%d %b}"),)
    step = max(1, round(span / (count - 1)))
    days = list(range(0, span + 1, step))
    return tuple((float(d), f"{first + timedelta(days=d):%d %b}") for d in days)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:,.0f}%"


def target_spec(t: TargetView) -> ChartSpec:
    """Expected against actual, with the checkpoints marked and the projection to the end."""
    origin = t.start - timedelta(days=1)

    def x(d: date) -> float:
        return float((d - origin).days)

    st = t.state
    expected = tuple((x(d), v) for d, v in expected_line(t.start, t.checkpoints))
    if expected and expected[-1][0] < x(t.end):
        expected += ((x(t.end), expected[-1][1]),)
    per_day: dict[date, float] = {}
    for e in t.entries:
        if t.start <= e.date <= t.end:
            per_day[e.date] = e.value
    actual = ((0.0, 0.0), *((x(d), v) for d, v in sorted(per_day.items()))) if per_day else ()
    met = tuple((x(c.date), c.expected) for c in st.checkpoints if not c.missed)
    missed = tuple((x(c.date), c.expected) for c in st.checkpoints if c.missed)
    # Drawn in this order: later ones on top, so the checkpoints stay visible.
    series = [Series("expected", expected, "·", color="blue")]
    if st.projection is not None and st.actual_date is not None and st.actual_date < t.end:
        series.append(
            Series(
                "projection",
                ((x(st.actual_date), st.actual or 0.0), (x(t.end), st.projection)),
                "+",
                color="yellow",
            )
        )
    series += [
        Series("actual", actual, "•", color="green"),
        Series("checkpoint", met, "◆", lines=False),
        Series("missed", missed, "✖", lines=False, color="red"),
    ]
    top = max([t.goal, st.projection or 0.0, *(v for _, v in actual), *(v for _, v in expected)])
    ticks = [(x(t.start), f"{t.start:%d %b}")]
    ticks += [(x(c.date), f"{c.date:%d %b}") for c in st.checkpoints if c.date != t.start]
    today = (x(t.today), "today") if t.start <= t.today <= t.end else None
    return ChartSpec(
        title=f"{t.name}: expected vs actual",
        x_label="date",
        y_label=t.unit or "figure",
        series=tuple(s for s in series if s.points),
        x_ticks=tuple(ticks),
        marks=(today,) if today else (),
        y_max=top,
    )


STANDING_STYLE = {"good": "$success", "warning": "$warning", "bad": "$error", "neutral": "dim"}
"""The theme variable each standing's tone is drawn in."""


def standing_content(t: TargetView) -> Content:
    """The target's verdict with its symbol, coloured by its tone: `▲ Behind the checkpoints,
    but on course for the goal at the current rate`."""
    st = t.state
    text = standing_text(st, t.direction)
    return Content.styled(
        f"{st.standing.symbol} {text[:1].upper()}{text[1:]}", STANDING_STYLE[st.standing.tone]
    )


def target_facts(t: TargetView) -> Content:
    st = t.state
    bound = "at most" if t.direction is Direction.AT_MOST else "at least"
    split = "split evenly" if t.even else "set by hand"
    lines = [
        say(
            f"#{t.id} ",
            t.name,
            f" · {t.project or 'no project'} · owner {t.owner or '—'} · "
            f"{t.start:%d %b} – {t.end:%d %b %Y} · {bound} {money(t, t.goal)} · "
            f"checkpoints ",
            t.cadence or "at the end",
            f" ({split})",
        ),
        standing_content(t),
    ]
    when = f" ({st.actual_date:%d %b})" if st.actual_date else ""
    actual = f"{money(t, st.actual)}{when}"  # no figure: "—"; the line above says why
    pace = f" · pace {pct(st.pace)}" if st.pace is not None else ""
    lines.append(say(f"Actual {actual} · expected by today {money(t, st.expected_now)}{pace}"))
    if st.projection is None:
        lines.append(Content("Projection: record a figure first."))
    else:
        gap = money(t, abs(st.projection - t.goal))
        verdict = (
            ("✓ makes the goal", "$success")
            if st.will_make and t.direction is Direction.AT_LEAST
            else ("✓ stays under the goal", "$success")
            if st.will_make
            else (f"✖ short of the goal by {gap}", "$error")
            if t.direction is Direction.AT_LEAST
            else (f"✖ over the goal by {gap}", "$error")
        )
        shown = money(t, st.projection)
        # After the end there is no rate to project: the last figure is the outcome.
        head = (
            f"Final figure: {shown}"
            if t.today > t.end
            else f"Projection to {t.end:%d %b}: {shown} at this rate"
        )
        lines.append(Content.assemble(say(f"{head} · "), verdict))
    counts = Counter(c.result for c in st.checkpoints)
    to_come = counts[CheckpointResult.TODAY] + counts[CheckpointResult.TO_COME]
    parts = [
        f"{counts[CheckpointResult.MET]} met",
        f"{counts[CheckpointResult.MISSED]} missed",
    ]
    if counts[CheckpointResult.NO_FIGURE]:
        parts.append(f"{counts[CheckpointResult.NO_FIGURE]} with no figure")
    parts.append(f"{to_come} to come")
    lines.append(Content(f"Checkpoints: {' · '.join(parts)}"))
    return Content("\n").join(lines)


def targets_summary(targets: list[TargetView], read_only: str) -> str:
    """The line above the Targets: how many, how many behind, whether I may only read."""
    behind = sum(1 for t in targets if t.state.behind)
    blank = sum(1 for t in targets if t.state.actual is None)
    text = (
        f"{len(targets)} target{'s' if len(targets) != 1 else ''} · {behind} behind pace"
        + (f" · {blank} with no figure yet" if blank else "")
        if targets
        else "No targets yet: n adds one (or mstui target add)."
    )
    # The note first, so that 80 columns show it.
    return f"{read_only}: recording and changing not offered · {text}" if read_only else text


def checkpoint_result(app: Themed, t: TargetView, c: CheckpointState) -> Text:
    if c.result is CheckpointResult.MISSED:
        gap = abs((c.actual or 0.0) - c.expected)
        return Text(f"✖ missed by {money(t, gap)}", style=health_color(app, Health.OVERDUE))
    if c.result is CheckpointResult.MET:
        return Text("✓ met", style=health_color(app, Health.ON_TRACK))
    if c.result is CheckpointResult.NO_FIGURE:
        return Text("? no figure", style=health_color(app, Health.AT_RISK))
    if c.result is CheckpointResult.TODAY:
        return Text("● today", style=health_color(app, Health.AT_RISK))
    return Text("· to come", style="dim")


def money(t: TargetView, value: float | None) -> str:
    """An amount in `t`'s unit (user text: cleaned), e.g. `25,000 USD`; cents only where
    the target's own figures have them."""
    return clean(t.money(value))


def target_row(app: Themed, t: TargetView) -> list[Text]:
    """A target's row in the list: its standing and name, figures, pace, goal, project."""
    st = t.state
    mark = Text(st.standing.symbol, style=standing_style(app, t), no_wrap=True)
    return [
        Text.assemble(mark, " ", cell(fit(t.name, 22).rstrip())),
        figure_cell(t, st.actual),
        figure_cell(t, st.expected_now),
        Text(pct(st.pace), justify="right"),
        figure_cell(t, st.projection),
        cell(fit(t.money(t.goal), 16).rstrip()),
        cell(t.project or "—"),
    ]


def standing_style(app: Themed, t: TargetView) -> str:
    """The colour of a target's standing mark in a table (Rich style, from the theme)."""
    tone = t.state.standing.tone
    if tone == "neutral":
        return "dim"
    health = {"good": Health.ON_TRACK, "warning": Health.AT_RISK, "bad": Health.OVERDUE}[tone]
    return health_color(app, health)


def figure_cell(t: TargetView, value: float | None, unit: str = "") -> Text:
    """A figure of `t`, right-aligned, with cents only where its figures have them."""
    return Text(clean(amount(value, unit, cents=t.cents)), justify="right", no_wrap=True)


Rows = list[tuple[str, list[Text]]]
"""A table's rows: each row's key and its cells."""


def checkpoint_rows(app: Themed, t: TargetView) -> Rows:
    """Each checkpoint: its date, expected and actual figure, met or missed."""
    return [
        (
            c.date.isoformat(),
            [
                cell(f"{c.date:%a %d %b}"),
                figure_cell(t, c.expected, t.unit),
                figure_cell(t, c.actual, t.unit),
                checkpoint_result(app, t, c),
            ],
        )
        for c in t.state.checkpoints
    ]


def measurement_rows(t: TargetView) -> Rows:
    """The recorded figures, newest first."""
    return [
        (
            str(e.id),
            [
                cell(f"{e.date:%a %d %b}"),
                figure_cell(t, e.value, t.unit),
                cell(fit(e.note, 40).rstrip()),
                cell(e.recorded_by or "—"),
            ],
        )
        for e in reversed(t.entries)
    ]


def linked_rows(app: Themed, t: TargetView) -> Rows:
    """The target's milestones: health, title, owner, when due."""
    return [
        (
            str(m.id),
            [
                health_cell(app, m.health),
                cell(fit(f"#{m.id} {m.title}", 40).rstrip()),
                cell(m.owner),
                cell(relative(m.due, t.today)),
            ],
        )
        for m in t.milestones
    ]
