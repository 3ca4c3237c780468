"""Line charts drawn by plotext, sized to the widget and redrawn when it changes size.

plotext (6.x) draws into one module-level figure, so a chart is built on the
UI thread only, in `render`, and cached per size. Its ANSI output becomes a
Rich `Text` (`Text.from_ansi`) with the background colours removed, so the
app's theme shows through. User text (a target's name) never goes through
plotext: the title and the legend are our own lines, cleaned.

Honest charts: both axes carry a label (the y label names the unit), amounts
have thousands separators, and each series has its own marker, named in the
legend, so no meaning rests on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text
from textual.reactive import reactive
from textual.widget import Widget

from mstui.domain.text import clean
from mstui.widgets.safe import fit

MIN_WIDTH = 24
MIN_HEIGHT = 6


@dataclass(frozen=True)
class Series:
    """One line (or set of points) of a chart."""

    label: str
    points: tuple[tuple[float, float], ...]
    marker: str
    """One character, shown in the legend too: the series' meaning without colour."""
    lines: bool = True
    color: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """What to draw: the series, the axis labels and ticks, vertical marks."""

    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...] = ()
    x_ticks: tuple[tuple[float, str], ...] = ()
    marks: tuple[tuple[float, str], ...] = ()
    """Vertical lines (x, name), e.g. today; drawn as │ and named in the legend."""
    y_max: float | None = None
    whole_numbers: bool = False
    """Y ticks on whole numbers only (counts of milestones)."""
    empty: str = "Nothing to draw yet."
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Extra legend words (e.g. "projection 109,125 USD")."""


def nice_ticks(top: float, count: int = 4, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a power of 10."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def tick_label(value: float) -> str:
    """A tick value with thousands separators (12,500), short for millions (1.5M)."""
    if abs(value) >= 10_000_000:
        return f"{value / 1_000_000:,.0f}M"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}M"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def legend_line(spec: ChartSpec) -> str:
    """The legend in words: each marker and what it means."""
    parts = [f"{s.marker} {s.label}" for s in spec.series]
    parts += [f"│ {name}" for _, name in spec.marks]
    parts += list(spec.notes)
    return "  ".join(parts)


def draw(spec: ChartSpec, width: int, height: int) -> Text:
    """The chart as Rich text of exactly `height` lines of `width` cells (at most)."""
    title = Text(fit(spec.title, width).rstrip(), style="bold")
    legend = Text(fit(clean(legend_line(spec)), width).rstrip())
    points = [p for s in spec.series for p in s.points]
    plot_height = height - 2
    if not points or width < MIN_WIDTH or plot_height < MIN_HEIGHT - 2:
        message = spec.empty if points == [] else "(too small for the chart)"
        body = Text(fit(message, width).rstrip(), style="italic")
        return Text("\n").join([title, body, legend])
    return Text("\n").join([title, _plot(spec, width, plot_height), legend])


def _plot(spec: ChartSpec, width: int, height: int) -> Text:
    import plotext

    # plotext caps a figure at the size of the terminal it thinks it runs in (that of
    # stdout, which is not the widget's): the widget decides the size.
    plotext.terminal.limit(False, False)
    fig: Any = plotext.figure
    fig.clear()
    fig.theme("simple")
    fig.canvas("default")
    fig.plot_size(width, height)
    fig.legend(False)
    for s in spec.series:
        if not s.points:
            continue
        xs = [p[0] for p in s.points]
        ys = [p[1] for p in s.points]
        marker: Any = s.marker
        if s.color:
            marker = plotext.marker(s.marker).fill(plotext.pixel(foreground=s.color))
        signal = fig.signal(xs, ys, marker=marker)
        if s.lines and len(xs) > 1:
            signal.lines(True)
        fig.draw(signal)
    for x, _name in spec.marks:
        fig.line(x, orientation=1)
    top = max([spec.y_max or 0.0] + [p[1] for s in spec.series for p in s.points])
    ticks = nice_ticks(top, max(2, min(6, height // 2)), spec.whole_numbers)
    fig.ruler(1).lim(0, ticks[-1])
    fig.ruler(1).ticks(ticks, [tick_label(t) for t in ticks])
    if spec.x_ticks:
        fig.ruler(0).ticks([t[0] for t in spec.x_ticks], [clean(t[1]) for t in spec.x_ticks])
    xs_all = [p[0] for s in spec.series for p in s.points] + [x for x, _ in spec.marks]
    if xs_all and min(xs_all) < max(xs_all):
        fig.ruler(0).lim(min(xs_all), max(xs_all))
    # Labels may carry user text (a unit): plotext would pass its escapes through.
    fig.label(clean(spec.x_label), axis=0)
    fig.label(clean(spec.y_label), axis=1)
    text = Text.from_ansi(fig.build().string())
    text.spans[:] = [_foreground_only(span) for span in text.spans]
    lines = text.split("\n")
    return Text("\n").join(_cut(line, width) for line in lines[:height])


def _foreground_only(span: Span) -> Span:
    style = span.style
    if isinstance(style, Style):
        style = Style(color=style.color, bold=style.bold)
    return Span(span.start, span.end, style)


def _cut(line: Text, width: int) -> Text:
    line = line.copy()
    line.rstrip()
    if cell_len(line.plain) > width:
        line.truncate(width)
    return line


class Chart(Widget):
    """Shows a `ChartSpec`; draws it again at the new size on every resize."""

    DEFAULT_CSS = """
    Chart {
        height: 14;
        width: 1fr;
        padding: 0 1;
    }
    """

    spec: reactive[ChartSpec | None] = reactive(None)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cache: tuple[tuple[Any, int, int], Text] | None = None

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        spec = self.spec
        if spec is None:
            return Text("Loading…", style="italic")
        key = (spec, width, height)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        text = draw(spec, width, height)
        self._cache = (key, text)
        return text

    def on_resize(self) -> None:
        self.refresh()

    @property
    def drawn_size(self) -> tuple[int, int] | None:
        """The size the chart was last drawn at (None: not drawn yet)."""
        return None if self._cache is None else (self._cache[0][1], self._cache[0][2])

    def drawn_lines(self) -> Sequence[str]:
        """The chart as plain lines at the widget's size (for tests and screen readers)."""
        return self.render().plain.split("\n")
