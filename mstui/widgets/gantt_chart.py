"""What the Gantt canvas draws in a row's chart: a character, a foreground and a
background class for each visible column. A plain function of the row and the view
(no widget, no database): the canvas turns the classes into styles and segments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from mstui.domain.baselines import PlanItem
from mstui.domain.timescale import (
    SCALES,
    Zoom,
    column,
    day_at,
    header_lines,
    is_weekend,
    point,
    span,
)
from mstui.views.timeline import Key
from mstui.widgets.gantt_cells import HEALTH_CLASS, SLACK, VARIANCE, who_width
from mstui.widgets.gantt_model import Row
from mstui.widgets.safe import fit

Cells = tuple[list[str], list[str], list[str | None]]
"""The characters, the foreground classes and the background classes of a chart."""


def weekend_columns(left: int, zoom: Zoom, width: int) -> list[str | None]:
    """The background of `width` columns from `left`: "weekend" or None."""
    return ["weekend" if is_weekend(left + i, zoom) else None for i in range(width)]


def chart_cells(
    row: Row,
    *,
    left: int,
    zoom: Zoom,
    width: int,
    critical: bool,
    today: date,
    ghosts: Mapping[Key, PlanItem],
    weekends: Sequence[str | None] = (),
) -> Cells:
    """The chart of `row` from column `left`, `width` columns wide (`weekends`: the
    view's weekend columns, worked out once for every row)."""
    chars = [" "] * width
    fg: list[str] = ["muted"] * width
    bg: list[str | None] = list(weekends[:width])
    bg += ["weekend" if is_weekend(left + i, zoom) else None for i in range(len(bg), width)]

    def put(col: int, ch: str, style: str, only_empty: bool = False) -> None:
        i = col - left
        if 0 <= i < width and (not only_empty or chars[i] == " "):
            chars[i] = ch
            fg[i] = style

    def run(first: int, last: int, ch: str, style: str, only_empty: bool = False) -> None:
        a, b = max(first, left) - left, min(last, left + width - 1) - left + 1
        if a >= b:
            return
        if not only_empty:
            chars[a:b] = ch * (b - a)
            fg[a:b] = [style] * (b - a)
            return
        for i in range(a, b):
            if chars[i] == " ":
                chars[i] = ch
                fg[i] = style

    item = row.item
    plan = row.plan
    if row.heading:
        first = row.project.first
        last = row.project.last
        if first is not None and last is not None:
            run(span(first, last, zoom)[0], span(first, last, zoom)[1], "─", "muted")
    elif item is not None and item.kind in ("m", "t") and item.start and item.end:
        ghost = ghosts.get(item.key)
        if ghost is not None and item.kind == "t" and ghost.start is not None:
            a, b = span(ghost.start, ghost.end, zoom)
            run(a, b, "─", "ghost")
        dim = critical and not item.critical
        style = "dim" if dim else HEALTH_CLASS[item.health].removeprefix("gantt--")
        if item.kind == "t":
            a, b = span(item.start, item.end, zoom)
            glyph = "█" if critical and item.critical else "━"
            run(a, b, glyph, style)
            if item.projected_end and item.projected_end > item.end:
                run(b + 1, span(item.start, item.projected_end, zoom)[1], "┄", style)
        else:
            at = point(item.end, zoom)
            if item.projected_end and item.projected_end > item.end:
                run(at + 1, point(item.projected_end, zoom), "┄", style)
            if plan is not None:
                for pid in plan.preds.get(item.id, ()):
                    _title, due, _key = plan.milestone(pid)
                    if due is None:
                        continue
                    pc = point(due, zoom)
                    late = pc > at
                    dep = "dep-late" if late else "dep"
                    run(min(pc, at) + 1, max(pc, at) - 1, "┈", dep, only_empty=True)
                    put(pc, "◇", dep, only_empty=True)
            if ghost is not None and ghost.end != item.end:
                put(point(ghost.end, zoom), "◊", "ghost")
            put(at, "◆", style)
        if plan is not None:
            for o in plan.overbooked.get(item.key, ()):
                a, b = span(max(o.first, item.start), min(o.last, item.end), zoom)
                for col in range(max(a, left), min(b, left + width - 1) + 1):
                    bg[col - left] = "conflict"
    at_today = point(today, zoom) if SCALES[zoom].cells > 1 else column(today, zoom)
    put(at_today, "│", "today", only_empty=True)
    return chars, fg, bg


def header_strip(
    y: int,
    view: tuple[Zoom, int, date, bool],
    names: int,
    chart: int,
    width: int,
    head: Style,
    mark: Style,
) -> Strip:
    """Line `y` (0 or 1) of the canvas's header for `view` (zoom, left column, today,
    a baseline shown): the scale's labels over the chart, the columns' names over the
    name pane, today's cell in `mark`."""
    zoom, left, today, ghosts = view
    top, bottom = header_lines(zoom, left, chart)
    if y == 0:
        label = f" {zoom.value} · from {day_at(left, zoom):%d %b %Y}"
        return Strip([Segment(fit(label, names), head), Segment("│", head),
                      Segment(top, head)], width)  # fmt: skip
    var = VARIANCE if ghosts else 0
    who = who_width(names, ghosts)
    text = fit(" item", names - who - SLACK - var) + (fit(" who", who) if who else "")
    text += f"{'moved':>{var - 1}} " if var else ""
    text += f"{'slack':>{SLACK}}"
    segments = [Segment(text, head), Segment("│", head)]
    at = column(today, zoom) - left
    if 0 <= at < chart:
        end = min(chart, at + SCALES[zoom].cells)
        segments += [Segment(bottom[:at], head), Segment(bottom[at:end], mark),
                     Segment(bottom[end:], head)]  # fmt: skip
    else:
        segments.append(Segment(bottom, head))
    return Strip(segments, width)
