"""A Kanban column drawn with the Line API: only the visible cards cost anything.

A column of 2,000 milestones is one widget holding a list of immutable views;
`render_line` draws the few lines on screen: no widget per card, which at
10,000 milestones would cost minutes to mount and gigabytes to hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

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
        &.-active { border: round $accent; }
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
        "card--title", "card--meta", "card--on-track", "card--at-risk", "card--overdue",
        "card--done", "card--cancelled", "card--selected", "card--selected-inactive",
        "card--empty",
    }  # fmt: skip

    class Clicked(Message):
        """A card was clicked (twice: opened)."""

        def __init__(self, column: CardColumn, index: int, open_it: bool) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.open_it = open_it

    def __init__(self, status: Status, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.status = status
        self.cards: Sequence[Card] = ()
        self.selected = 0
        self.active = False
        self.border_title = status.label

    # -- data -----------------------------------------------------------------
    def set_cards(self, cards: Sequence[Card], selected: int, total: int | None = None) -> None:
        """Show `cards` (of `total`, while the rest loads) with `selected` highlighted."""
        self.cards = cards
        self._tall = self._needs_two_lines()
        self.selected = max(0, min(selected, len(cards) - 1))
        self.border_title = f"{self.status.label} {total if total is not None else len(cards):,}"
        self.virtual_size = Size(self.size.width, max(1, len(cards)) * self.card_height)
        self.refresh()
        self.reveal()

    def select(self, index: int) -> None:
        """Highlight card `index` and scroll it into view."""
        self.selected = max(0, min(index, len(self.cards) - 1))
        self.refresh()
        self.reveal()

    def set_active(self, active: bool) -> None:
        self.active = active
        self.set_class(active, "-active")
        self.refresh()

    def reveal(self) -> None:
        """Scroll the selected card into view, keeping whole cards at the top."""
        if self.cards:
            h = self.card_height
            region = Region(0, self.selected * h, 1, h)
            self.scroll_to_region(region, animate=False, immediate=True)
            top = int(self.scroll_y)
            if top % h:  # a shorter list clamped the scroll mid-card
                aligned = min(-(-top // h), self.selected) * h
                self.scroll_to(y=aligned, animate=False, immediate=True)

    @property
    def current(self) -> MilestoneView | None:
        if not self.cards:
            return None
        return self.cards[self.selected].milestone

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
        if not self.cards:
            if y == 1:
                style = self.get_component_rich_style("card--empty")
                return Strip([Segment(fit("  (none)", width), style)], width)
            return Strip.blank(width, self.rich_style)
        height = self.card_height
        index, line = divmod(row, height)
        if index >= len(self.cards) or line == height - 1:
            return Strip.blank(width, self.rich_style)
        wrapped = height > CARD_HEIGHT
        card = self.cards[index]
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
        if not self.cards:
            return
        index = (event.y + int(self.scroll_offset.y)) // self.card_height
        if 0 <= index < len(self.cards):
            self.post_message(self.Clicked(self, index, event.chain >= 2))

    def on_resize(self) -> None:
        self._tall = self._needs_two_lines()
        self.virtual_size = Size(self.size.width, max(1, len(self.cards)) * self.card_height)


def _late(card: Card) -> bool:
    return card.milestone.health in (Health.OVERDUE, Health.AT_RISK)
