"""The Gantt canvas: drawn with the Line API, one line at a time.

Each call of `render_line` draws one row: the name pane (health symbol,
title, owner or assignee, slack) and the chart (bars, diamonds, dependency
markers, weekends, the today line) for the visible columns only. Cost per
frame: visible rows × visible columns, whatever the number of items. The
canvas never touches the database: it draws
an `Outline` of immutable plans the screen hands it.

Symbols carry the meaning without colour: ● on track, ▲ at risk, ✖ overdue,
✓ done on each row; ◆ a milestone, ━ a task (█ on the critical path when it
is shown), ◇┈ where a milestone's predecessor falls, ┄ a projected slip,
│ today; `»` marks the critical path in the name pane, `‹` `›` what the
selected milestone depends on and what depends on it, `!` a resource over
capacity (its days shaded on the bar). With a baseline shown (`b`), ◊ marks
where a milestone was due in it and ─ where a task ran, and a column beside
the slack says how far each moved since (+5d, −2d).
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mstui.domain.baselines import PlanItem
from mstui.domain.timescale import (
    Zoom,
    column,
)
from mstui.views.timeline import Key
from mstui.widgets.gantt_cells import (
    HEALTH_CLASS,
    SLACK,
    VARIANCE,
    moved_cell,
    name_width,
    slack_text,
    who_width,
)
from mstui.widgets.gantt_chart import chart_cells, header_strip, weekend_columns
from mstui.widgets.gantt_model import Outline, Row
from mstui.widgets.safe import fit

HEADER = 2

LineKey = tuple[int, bool, str | None]
"""A line of the chart by what it shows: its row, whether selected, its ‹ › mark."""


class GanttCanvas(ScrollView, can_focus=False):
    """Rows of projects, milestones and tasks against time."""

    DEFAULT_CSS = """
    GanttCanvas {
        height: 1fr;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .gantt--header { background: $panel; color: $text; text-style: bold; }
        & > .gantt--header-today { background: $accent; color: $text; text-style: bold; }
        & > .gantt--project { color: $text; text-style: bold; }
        & > .gantt--muted { color: $text-muted; }
        & > .gantt--on-track { color: $success; }
        & > .gantt--at-risk { color: $warning; }
        & > .gantt--overdue { color: $error; }
        & > .gantt--done { color: $text-muted; }
        & > .gantt--cancelled { color: $text-disabled; }
        & > .gantt--dim { color: $text-disabled; }
        & > .gantt--today { color: $accent; }
        & > .gantt--dep { color: $secondary; }
        & > .gantt--dep-late { color: $error; }
        & > .gantt--related { color: $accent; text-style: bold; }
        & > .gantt--weekend { background: $panel; }
        & > .gantt--conflict { background: $error 45%; }
        & > .gantt--selected { background: $accent 35%; }
        & > .gantt--ghost { color: $text-muted; }
        & > .gantt--later { color: $warning; }
        & > .gantt--earlier { color: $success; }
    }
    """
    COMPONENT_CLASSES = {
        "gantt--header", "gantt--header-today", "gantt--project", "gantt--muted",
        "gantt--on-track", "gantt--at-risk", "gantt--overdue", "gantt--done",
        "gantt--cancelled", "gantt--dim", "gantt--today", "gantt--dep", "gantt--dep-late",
        "gantt--related", "gantt--weekend", "gantt--conflict", "gantt--selected",
        "gantt--ghost", "gantt--later", "gantt--earlier",
    }  # fmt: skip

    class Clicked(Message):
        """A row was clicked (twice: opened)."""

        def __init__(self, row: int, open_it: bool) -> None:
            super().__init__()
            self.row = row
            self.open_it = open_it

    class Moved(Message):
        """The rows on screen changed (scrolling): the screen loads what they need."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outline = Outline()
        self.selected = 0
        self.left = 0
        self.zoom = Zoom.WEEK
        self.critical = False
        self.today = date.today()
        self._related: dict[Key, str] = {}
        self.ghosts: dict[Key, PlanItem] = {}
        """Items of the baselines shown, by key (empty: none shown)."""
        self.ghost_projects: set[int] = set()
        """The projects whose baseline is shown."""
        self.placed = False
        self._styles: dict[str, Style] = {}
        self._lines: dict[LineKey, Strip] = {}
        self._view: tuple[object, ...] = ()
        self._names_kept: dict[LineKey, list[Segment]] = {}
        """The name pane's segments of each line (kept through scrolls and zooms)."""
        self._looks: dict[tuple[str, str | None, bool], Style] = {}
        """The chart's cell styles: foreground, background, selected."""
        self._weekends: list[str | None] = []
        """The background of each chart column of the view: weekend or none."""
        self._drawn: dict[int, LineKey | None] = {}
        self._base = Style()
        """The widget's own style, read once a line (it walks the DOM)."""
        """What each line of the screen was last drawn from (its key in `_lines`)."""

    # -- what to draw ------------------------------------------------------------------
    def show(self, outline: Outline, selected: int) -> None:
        """Draw `outline` with row `selected` highlighted and in view."""
        self.outline = outline
        self._lines.clear()
        self._names_kept.clear()
        self.selected = max(0, min(selected, outline.total - 1))
        self._resize_virtual()
        self.refresh()
        self.reveal()

    def select(self, index: int) -> None:
        """Move the highlight to row `index`: the two rows it left and reached are
        repainted (the rest of the screen is not), unless the move scrolls."""
        self.selected = max(0, min(index, self.outline.total - 1))
        self.reveal()
        self._repaint_changed()

    @property
    def related(self) -> dict[Key, str]:
        """The ‹ › marks of what the selected milestone depends on and unlocks."""
        return self._related

    @related.setter
    def related(self, related: dict[Key, str]) -> None:
        if related != self._related:
            self._related = related
            self._repaint_changed()

    def _key(self, index: int) -> LineKey | None:
        """What line `index` of the outline is drawn from (None: past the end)."""
        row = self.outline.row(index)
        if row is None:
            return None
        mark = self._related.get(row.item.key) if row.item is not None else None
        return (index, index == self.selected, mark)

    def _repaint_changed(self) -> None:
        """Repaint the lines on screen whose key changed since they were drawn."""
        top, width = self.top, self.size.width
        dirty = [
            Region(0, y, width, 1)
            for y, drawn in self._drawn.items()
            if self._key(y - HEADER + top) != drawn
        ]
        if dirty:
            self.refresh(*dirty)

    def show_ghosts(self, ghosts: dict[Key, PlanItem], projects: set[int]) -> None:
        """Draw these baseline items of `projects` beside today's plan (empty: none)."""
        self.ghosts = ghosts
        self.ghost_projects = projects
        self._lines.clear()
        self._names_kept.clear()
        self.refresh()

    def set_view(
        self, *, left: int | None = None, zoom: Zoom | None = None, critical: bool | None = None
    ) -> None:
        """Change the time window, the zoom or the critical path highlight."""
        if left is not None:
            self.left = left
            self.placed = True
        if zoom is not None:
            self.zoom = zoom
        if critical is not None:
            self.critical = critical
        self.refresh()

    @property
    def row_count(self) -> int:
        """Rows the screen shows at once."""
        return max(1, self.scrollable_content_region.height - HEADER)

    @property
    def top(self) -> int:
        return int(self.scroll_offset.y)

    @property
    def chart_width(self) -> int:
        width = self.scrollable_content_region.width
        return max(1, width - name_width(width) - 1)

    def reveal(self) -> None:
        if self.outline.total:
            region = Region(0, self.selected, 1, HEADER + 1)
            self.scroll_to_region(region, animate=False, immediate=True)

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(self.size.width, self.outline.total + HEADER)

    def on_resize(self) -> None:
        self._resize_virtual()
        if not self.placed:  # until the screen places it: today a quarter in
            self.left = column(self.today, self.zoom) - self.chart_width // 4

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if int(old) != int(new):
            self.post_message(self.Moved())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._lines.clear()
        self._names_kept.clear()
        self._looks.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            full = self.get_component_rich_style(f"gantt--{name}")
            if name in ("header", "header-today"):
                style = Style(bgcolor=full.bgcolor, color=full.color, bold=full.bold)
            elif name in ("weekend", "conflict", "selected"):
                style = Style(bgcolor=full.bgcolor)
            else:
                style = Style(color=full.color, bold=full.bold)
            self._styles[name] = style
        return style

    # -- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        names = name_width(width)
        chart = max(1, width - names - 1)
        base = self._base = self.rich_style
        # Lines are kept until what they show changes: a key that moves the
        # selection redraws two rows, not the screen.
        # A scroll or a zoom draws the charts again, not the names beside them.
        names_view = (self.critical, width, base)
        view = (self.left, self.zoom, self.today, names_view)
        if view != self._view:
            if not self._view or names_view != self._view[-1]:
                self._names_kept.clear()
            self._view = view
            self._lines.clear()
            self._looks.clear()
            self._weekends = weekend_columns(self.left, self.zoom, chart)
        if y < HEADER:
            head = base + self._style("header")
            today = base + self._style("header-today")
            at = (self.zoom, self.left, self.today, bool(self.ghosts))
            return header_strip(y, at, names, chart, width, head, today)
        index = y - HEADER + self.top
        row = self.outline.row(index)
        if row is None:
            self._drawn[y] = None
            return Strip.blank(width, base)
        mark = self._related.get(row.item.key) if row.item is not None else None
        key = self._drawn[y] = (index, index == self.selected, mark)
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > 4000:
                self._lines.clear()
            strip = self._lines[key] = self._line(row, index, names, chart, width)
        return strip

    def _line(self, row: Row, index: int, names: int, chart: int, width: int) -> Strip:
        sel = self._style("selected") if index == self.selected else None
        key = self._key(index)
        kept = self._names_kept.get(key) if key is not None else None
        if kept is None:
            sep = self._base + self._style("muted") + (sel or Style())
            kept = [*self._names(row, names, sel), Segment("│", sep)]
            if len(self._names_kept) > 4000:
                self._names_kept.clear()
            if key is not None:
                self._names_kept[key] = kept
        return Strip([*kept, *self._chart(row, chart, sel)], width)

    def _names(self, row: Row, width: int, sel: Style | None) -> list[Segment]:
        base = self._base
        pick = sel or Style()
        project = row.project
        if row.heading:
            fold = "▸" if row.folded else "▾"
            text = fit(f"{fold} {project.key} {project.name}", width)
            return [Segment(text, base + self._style("project") + pick)]
        item = row.item
        if item is None:
            return [Segment(fit("    …", width), base + self._style("muted") + pick)]
        if item.kind == "g":
            return [Segment(fit(f"  {item.title}", width), base + self._style("muted") + pick)]
        indent = " " if item.kind == "m" else "   "
        mark = self._related.get(item.key, "»" if self.critical and item.critical else " ")
        flag = "!" if row.plan is not None and item.key in row.plan.overbooked else " "
        dim = self.critical and not item.critical
        health = self._style("dim" if dim else HEALTH_CLASS[item.health].removeprefix("gantt--"))
        title_style = self._style("dim") if dim else Style(bold=item.kind == "m")
        if item.key in self._related:
            title_style = self._style("related")
        flag = flag.strip()
        var = VARIANCE if self.ghosts else 0
        who = who_width(width, bool(self.ghosts))
        title_w = max(1, width - who - SLACK - var - len(indent) - len(flag) - 3)
        slack = slack_text(item.slack)
        slack_style = self._style("overdue") if (item.slack or 0) < 0 else self._style("muted")
        out = [
            Segment(indent + mark, base + self._style("related") + pick),
            Segment(item.health.symbol, base + health + pick),
            Segment(flag, base + self._style("overdue") + pick),
            Segment(" " + fit(item.title, title_w), base + title_style + pick),
        ]
        if who:
            out.append(Segment(" " + fit(item.who, who - 1), base + self._style("muted") + pick))
        if var:
            moved, look = moved_cell(row, item, self.ghosts, self.ghost_projects)
            cut = f"{moved:>{var - 1}}"[-(var - 1) :]
            out.append(Segment(cut + " ", base + self._style(look) + pick))
        out.append(Segment(f"{slack:>{SLACK}}"[-SLACK:], base + slack_style + pick))
        return out

    def _chart(self, row: Row, width: int, sel: Style | None) -> list[Segment]:
        chars, fg, bg = chart_cells(
            row,
            left=self.left,
            zoom=self.zoom,
            width=width,
            critical=self.critical,
            today=self.today,
            ghosts=self.ghosts,
            weekends=self._weekends,
        )
        segments: list[Segment] = []
        looks = self._looks
        picked = sel is not None
        start = 0
        for i in range(1, width + 1):
            if i == width or fg[i] != fg[start] or bg[i] != bg[start]:
                key = (fg[start], bg[start], picked)
                look = looks.get(key)
                if look is None:
                    look = looks[key] = self._look(*key)
                segments.append(Segment("".join(chars[start:i]), look))
                start = i
        return segments

    def _look(self, fg: str, back: str | None, picked: bool) -> Style:
        """The style of a chart cell: its foreground on its background, selected or not."""
        look = self._base + self._style(fg)
        if back is not None:
            look += Style(bgcolor=self._style(back).bgcolor)
        if picked:
            look += self._style("selected")
        return look

    # -- mouse -------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        if event.y < HEADER:
            return
        index = event.y - HEADER + self.top
        if 0 <= index < self.outline.total:
            self.post_message(self.Clicked(index, event.chain >= 2))
