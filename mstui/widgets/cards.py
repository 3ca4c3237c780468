"""A Kanban column drawn with the Line API: only the visible cards cost anything.

A column of 50,000 milestones is one widget holding a window of immutable
views (a few screenfuls around what it shows) and the count of the rest, as a
DataTable holds rows; `render_line` draws the few lines on screen, and when
the cursor or the scroll comes near an edge of the window the column asks its
screen for another (`WantWindow`). No widget per card, and no card held that
cannot soon be shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mstui.domain.dates import relative, today_in
from mstui.domain.enums import Health, Status
from mstui.domain.numbers import amount
from mstui.views.milestones import MilestoneView
from mstui.widgets.safe import fit, wrap_two

CARD_HEIGHT = 4  # title, owner · due, project · KPI, gap

HEALTH_CLASS = {
    Health.ON_TRACK: "card--on-track",
    Health.AT_RISK: "card--at-risk",
    Health.OVERDUE: "card--overdue",
    Health.DONE: "card--done",
    Health.CANCELLED: "card--cancelled",
}


@dataclass(frozen=True)
class Card:
    """What a card shows, computed once per load (not per frame)."""

    milestone: MilestoneView
    title: str
    line2: str
    line3: str


def make_card(m: MilestoneView, now_today: date | None = None) -> Card:
    """The text of a card: health symbol and title; owner and due; project and KPI."""
    today = now_today or today_in(m.timezone, m.updated_at)
    if m.status.closed:
        when = f"{m.status.label.lower()} · due {m.due:%d %b}"
    else:
        when = relative(m.due, today)
    kpi = ""
    if m.kpi is not None:
        target = amount(m.kpi.target, m.kpi.unit) if m.kpi.target is not None else "?"
        got = amount(m.kpi.actual) if m.kpi.actual is not None else "0"
        kpi = f" · {m.kpi.name} {got}/{target}"
    return Card(
        milestone=m,
        title=f"{m.health.symbol} {m.title}",
        line2=f"  {m.owner} · {when}",
        line3=f"  {m.project}{kpi}",
    )


def make_cards(views: Sequence[MilestoneView], now: datetime) -> list[Card]:
    """The cards of `views`, each dated in its project's timezone at `now`."""
    today_cache: dict[str, date] = {}
    cards = []
    for m in views:
        today = today_cache.get(m.timezone)
        if today is None:
            today = today_cache[m.timezone] = today_in(m.timezone, now)
        cards.append(make_card(m, today))
    return cards


class CardColumn(ScrollView, can_focus=False):
    """One status column of the board: a title line and a virtual list of cards."""

    DEFAULT_CSS = """
    CardColumn {
        width: 1fr;
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 0;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;  /* cards fit the width: no bar under them (it took a row) */
        & > .card--border { color: $panel-lighten-2; }
        & > .card--border-active { color: $accent; }
        & > .card--title { text-style: bold; }
        & > .card--meta { color: $text-muted; }
        & > .card--on-track { color: $success; }
        & > .card--at-risk { color: $warning; }
        & > .card--overdue { color: $error; }
        & > .card--done { color: $text-muted; }
        & > .card--cancelled { color: $text-disabled; }
        & > .card--selected { background: $accent 35%; }
        & > .card--selected-inactive { background: $panel-lighten-1; }
        & > .card--empty { color: $text-muted; text-style: italic; }
    }
    """
    COMPONENT_CLASSES = {
        "card--border", "card--border-active", "card--title", "card--meta", "card--on-track",
        "card--at-risk", "card--overdue", "card--done", "card--cancelled", "card--selected",
        "card--selected-inactive", "card--empty",
    }  # fmt: skip

    class Clicked(Message):
        """A card was clicked (twice: opened)."""

        def __init__(self, column: CardColumn, index: int, open_it: bool) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.open_it = open_it

    class WantWindow(Message):
        """The column is about to show cards it does not hold: load `size` from `start`."""

        def __init__(self, column: CardColumn, start: int) -> None:
            super().__init__()
            self.column = column
            self.start = start

    SIZE = 60
    """Cards a column holds: a few screenfuls around what it shows."""
    MARGIN = 15
    """Cards of room kept either way of the visible ones before a new window is asked."""

    def __init__(self, status: Status, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status = status
        self.cards: Sequence[Card] = ()
        """The window of cards held: cards `first`… of the `total` of the column."""
        self.first = 0
        self.total = 0
        self.selected = 0
        """The index of the selected card in the whole column (not only the window)."""
        self.active = False
        self._border_drawn = False
        self.border_title = status.label
        self._asked: int | None = None

    # -- data -----------------------------------------------------------------
    def set_cards(self, cards: Sequence[Card], selected: int, total: int | None = None) -> None:
        """Show all the `cards` of the column with `selected` highlighted."""
        self.set_window(0, cards, len(cards) if total is None else total, selected)

    def set_window(self, first: int, cards: Sequence[Card], total: int, selected: int) -> None:
        """Hold cards `first`… of the `total` of the column, with `selected` highlighted."""
        self.cards = cards
        self.first = first
        self.total = max(total, first + len(cards))
        self._asked = None
        # Once a card of the column needs two lines, every window keeps them: the
        # cards' height must not change under the cursor as windows come and go.
        self._tall = (self._tall and first > 0) or self._needs_two_lines()
        self.selected = max(0, min(selected, self.total - 1))
        self._show_total()
        self.refresh()
        self.reveal()
        self._check_window()

    def set_total(self, total: int) -> None:
        """The column's count changed and its window did not (another column's card
        moved): the heading and the scroll range follow; nothing is drawn if it is the same."""
        total = max(total, self.first + len(self.cards))
        if total != self.total:
            self.total = total
            self.selected = max(0, min(self.selected, total - 1))
            self._show_total()

    def _show_total(self) -> None:
        self.border_title = f"{self.status.label} {self.total:,}"
        size = Size(self.size.width, max(1, self.total) * self.card_height)
        if size != self.virtual_size:
            # Only the scroll range changes, not the column's place on screen: the
            # scrollbar follows without a layout of the screen (which repaints every
            # column: 50 ms at 200x50). A scrollbar shown or hidden still lays out.
            self.set_reactive(CardColumn.virtual_size, size)
            self._scroll_update(size)

    def select(self, index: int) -> None:
        """Highlight card `index` (of the whole column) and scroll it into view."""
        self.selected = max(0, min(index, self.total - 1))
        self.refresh()
        self.reveal()
        self._check_window()

    def card_at(self, index: int) -> Card | None:
        """Card `index` of the column if the window holds it."""
        i = index - self.first
        return self.cards[i] if 0 <= i < len(self.cards) else None

    def _check_window(self) -> None:
        """Ask for a new window when the shown cards come near the edge of the one held."""
        if not self.total:
            return
        h = self.card_height
        top = int(self.scroll_y) // h
        bottom = top + max(1, self.scrollable_content_region.height // h)
        low, high = min(top, self.selected), max(bottom, self.selected)
        end = self.first + len(self.cards)
        short_above = self.first > 0 and low - self.MARGIN < self.first
        short_below = end < self.total and high + self.MARGIN >= end
        if not (short_above or short_below):
            return
        start = max(0, min((low + high) // 2 - self.SIZE // 2, self.total - self.SIZE))
        if start != self._asked and start != self.first:
            self._asked = start
            self.post_message(self.WantWindow(self, start))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_window()

    def set_active(self, active: bool) -> None:
        """Draw the column as the active one (or not). Nothing to do when it already is:
        a column change redraws the two columns it changes, not the board."""
        if active == self.active and self._border_drawn:
            return
        self.active = active
        self._paint_border()

    def _paint_border(self) -> None:
        """The border in the colour of the column's state, set on the column itself: a
        class would restyle the column and its scrollbar, and lay the screen out again
        (a full repaint, 20-25 ms at 200x50); a colour alone is a repaint of the column."""
        name = "card--border-active" if self.active else "card--border"
        self.styles.border = ("round", self.get_component_styles(name).color)
        self._border_drawn = True
        self.refresh()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self.call_after_refresh(self._paint_border)  # once the theme's styles are in

    def reveal(self) -> None:
        """Scroll the selected card into view, keeping whole cards at the top."""
        if self.total:
            h = self.card_height
            region = Region(0, self.selected * h, 1, h)
            self.scroll_to_region(region, animate=False, immediate=True)
            top = int(self.scroll_y)
            if top % h:  # a shorter list clamped the scroll mid-card
                aligned = min(-(-top // h), self.selected) * h
                self.scroll_to(y=aligned, animate=False, immediate=True)

    @property
    def current(self) -> MilestoneView | None:
        """The selected milestone (None while its window loads)."""
        card = self.card_at(self.selected)
        return card.milestone if card is not None else None

    # -- drawing -----------------------------------------------------------------
    _tall = False
    """Whether a title of this column needs a second line at its width."""

    @property
    def card_height(self) -> int:
        """Lines per card: one more when a title would be cut (narrow terminals)."""
        return CARD_HEIGHT + 1 if self._tall else CARD_HEIGHT

    def _needs_two_lines(self) -> bool:
        room = self.scrollable_content_region.width - 3
        return room > 0 and any(cell_len(c.title) - 2 > room for c in self.cards)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_offset.y)
        if not self.total:
            if y == 1:
                style = self.get_component_rich_style("card--empty")
                return Strip([Segment(fit("  (none)", width), style)], width)
            return Strip.blank(width, self.rich_style)
        height = self.card_height
        index, line = divmod(row, height)
        if index >= self.total or line == height - 1:
            return Strip.blank(width, self.rich_style)
        wrapped = height > CARD_HEIGHT
        card = self.card_at(index)
        if card is None:  # its window is on the way
            style = self.get_component_rich_style("card--empty")
            text = "  …" if line == 0 else ""
            return Strip([Segment(fit(text, width), style)], width)
        base = self.rich_style
        # The selection background goes on last: component styles carry a background.
        sel = Style()
        if index == self.selected:
            name = "card--selected" if self.active else "card--selected-inactive"
            sel = Style(bgcolor=self.get_component_rich_style(name).bgcolor)
        health = self.get_component_rich_style(HEALTH_CLASS[card.milestone.health])
        title_style = self.get_component_rich_style("card--title")
        if line == 0 or (wrapped and line == 1):
            first, second = wrap_two(card.title[1:].lstrip(), max(width - 3, 0))
            if not wrapped:
                first = fit(card.title[1:].lstrip(), max(width - 3, 0))
            if line == 1:
                return Strip([Segment("   " + second, base + title_style + sel)], width)
            segments = [
                Segment(" ", base + sel),
                Segment(card.title[:1], base + health + Style(bold=True) + sel),
                Segment(" " + first, base + title_style + sel),
            ]
        else:
            line -= 1 if wrapped else 0
            text = card.line2 if line == 1 else card.line3
            meta = self.get_component_rich_style("card--meta")
            style = base + (health if line == 1 and _late(card) else meta) + sel
            segments = [Segment(fit(text, width), style)]
        return Strip(segments, width)

    def on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // self.card_height
        if self.card_at(index) is not None:
            self.post_message(self.Clicked(self, index, event.chain >= 2))

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView takes every layout of the screen (a toast coming or going) for a
        # resize of each column (it compares its parent's container with its own) and
        # repaints the scrollbars: 1-2 ms each, four of them twice per toast. A column
        # whose size is the same has nothing to update.
        if size == self._size and self._container_size == size - self.styles.gutter.totals:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self) -> None:
        self._tall = self._needs_two_lines()
        self.virtual_size = Size(self.size.width, max(1, self.total) * self.card_height)
        self._check_window()


def _late(card: Card) -> bool:
    return card.milestone.health in (Health.OVERDUE, Health.AT_RISK)
