"""The Kanban board of milestones: the screen people live in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static
from textual.worker import get_current_worker

from mstui.domain.enums import Status
from mstui.errors import MstuiError
from mstui.screens.dialogs.simple import AskText, ConfirmDialog
from mstui.screens.kanban_changes import BoardChanges
from mstui.screens.state import BoardFilter
from mstui.views.milestones import MilestoneView
from mstui.widgets.cards import CardColumn, make_cards
from mstui.widgets.safe import say

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.store.board import BoardPage, BoardWindow

BOARD = (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)


class KanbanScreen(BoardChanges):
    """Columns Planned / In progress / Blocked / Done (and Cancelled behind `c`)."""

    TITLE_TEXT = "Kanban"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, id="kanban.left"),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, id="kanban.right"),
        Binding("up,k", "cursor(0, -1)", "Up", show=False, id="kanban.up"),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, id="kanban.down"),
        Binding("pageup", "cursor(0, -5)", "Page up", show=False, id="kanban.pageup"),
        Binding("pagedown", "cursor(0, 5)", "Page down", show=False, id="kanban.pagedown"),
        Binding("home", "cursor(0, -100000)", "First", show=False, id="kanban.first"),
        Binding("end", "cursor(0, 100000)", "Last", show=False, id="kanban.last"),
        Binding(
            "shift+left,less_than_sign",
            "move(-1)",
            "◀ Move",
            key_display="⇧←",
            id="kanban.move_left",
        ),
        Binding(
            "shift+right,greater_than_sign",
            "move(1)",
            "Move ▶",
            key_display="⇧→",
            id="kanban.move_right",
        ),
        Binding("shift+up", "reorder(-1)", "Up in column", show=False, id="kanban.reorder_up"),
        Binding("shift+down", "reorder(1)", "Down in column", show=False, id="kanban.reorder_down"),
        Binding("enter", "open", "Open", id="kanban.open"),
        Binding("n", "new", "New", id="kanban.new"),
        Binding("e", "edit", "Edit", show=False, id="kanban.edit"),
        Binding("x", "done", "Done", id="kanban.done"),
        Binding("b", "block", "Block", id="kanban.block"),
        Binding("delete", "delete", "Delete", show=False, id="kanban.delete"),
        Binding("slash", "search", "Filter", id="kanban.search"),
        Binding("p", "pick_project", "Project", show=False, id="kanban.project"),
        Binding("o", "pick_owner", "Owner", show=False, id="kanban.owner"),
        Binding("D", "pick_department", "Dept", show=False, id="kanban.department"),
        Binding("m", "mine", "Mine", show=False, id="kanban.mine"),
        Binding("c", "cancelled", "Cancelled", show=False, id="kanban.cancelled"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="kanban.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.col = 0
        self.pinned: int | None = None
        self.views: list[MilestoneView] = []
        self.loaded = False
        self.no_projects = False
        self._counted = (0, 0)
        self.touched: set[Status] = set()
        self.shift: dict[Status, int] = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Content("Opening the database…"), id="filters")
        with Horizontal(id="board"):
            for status in (*BOARD, Status.CANCELLED):
                yield CardColumn(status, id=f"col-{status.value}")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#col-cancelled").display = False
        # Read the filter before watching it: a reactive's first read fires its watchers.
        self._activate()
        self.watch(self.app, "board_filter", self._filter_changed, init=False)
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    # -- columns ------------------------------------------------------------
    def columns(self) -> list[CardColumn]:
        statuses = (*BOARD, Status.CANCELLED) if self.filt.show_cancelled else BOARD
        return [self.query_one(f"#col-{s.value}", CardColumn) for s in statuses]

    @property
    def column(self) -> CardColumn:
        cols = self.columns()
        self.col = max(0, min(self.col, len(cols) - 1))
        return cols[self.col]

    def _activate(self) -> None:
        for i, c in enumerate(self.columns()):
            c.set_active(i == self.col)
        self.rights_changed()
        self.query_one("#col-cancelled", CardColumn).set_active(
            self.filt.show_cancelled and self.column.status is Status.CANCELLED
        )

    @property
    def current(self) -> MilestoneView | None:
        return self.column.current

    # -- loading --------------------------------------------------------------
    def _filter_changed(self, _: BoardFilter) -> None:
        self.query_one("#col-cancelled").display = self.filt.show_cancelled
        for column in self.query(CardColumn):
            column.first = 0  # another board: its windows start at the top
        self._activate()
        self.reload()

    def reload(self, follow: int | None = None) -> None:
        """Load the board; the selection follows milestone `follow` (default: the selected).

        The id travels with the load, so a load started before a change cannot
        take the selection away from the card that moved. Each column loads
        the window it holds (`CardColumn.first`), the followed card's column
        the window around it, and the rest of the board is counted.
        """
        if follow is None:
            follow = self.pinned
        if follow is None and self.current is not None:
            follow = self.current.id
        touched, self.touched = self.touched, set()
        shift, self.shift = self.shift, {}
        starts = {c.status: c.first for c in self.columns() if not touched or c.status in touched}
        counts = None
        if touched and shift:
            shown = {c.status: c.total for c in self.query(CardColumn)}
            counts = {st: max(0, n + shift.get(st, 0)) for st, n in shown.items()}
        self._load(self.filt, starts, follow, counts)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(
        self,
        filt: BoardFilter,
        starts: dict[Status, int],
        follow: int | None,
        counts: dict[Status, int] | None = None,
    ) -> None:
        store = self.store
        worker = get_current_worker()
        try:
            page = store.board_windows(
                self._filter(filt), starts, CardColumn.SIZE, follow, counts=counts
            )
            self.no_projects = not any(page.counts.values()) and store.is_empty()
            roles = store.my_roles()
            self.app.call_from_thread(self.roles_loaded, roles)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show, page, filt)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")

    def _show(self, page: BoardPage, filt: BoardFilter) -> None:
        if filt != self.filt:
            return  # a load for a filter since changed: its own load follows
        self.loaded = True
        counts, now = page.counts, self.store.now()
        views: list[MilestoneView] = []
        for i, column in enumerate(self.columns()):
            index = column.selected
            if page.place is not None and page.place[0] is column.status:
                index, self.col = page.place[1], i
            window = page.windows.get(column.status)
            if window is None:  # not asked for: untouched, or hidden when the load started
                views.extend(c.milestone for c in column.cards)
                column.set_total(counts[column.status])
                if index != column.selected:
                    column.select(index)
                continue
            views.extend(window.views)
            column.set_window(
                window.first,
                make_cards(window.views, now),
                counts[column.status],
                index,
            )
        self.views = views
        cols = self.columns()
        if not cols[min(self.col, len(cols) - 1)].total:
            # The selected column emptied (a filter): go to the first with cards.
            self.col = next((i for i, c in enumerate(cols) if c.total), self.col)
        if not filt.show_cancelled:
            cancelled = self.query_one("#col-cancelled", CardColumn)
            cancelled.set_window(0, (), counts[Status.CANCELLED], 0)
        self._activate()
        shown = sum(
            n for st, n in counts.items() if st is not Status.CANCELLED or filt.show_cancelled
        )
        self._show_filters(shown, counts[Status.CANCELLED])

    @on(CardColumn.WantWindow)
    def _want_window(self, event: CardColumn.WantWindow) -> None:
        status, filt = event.column.status, self.filt
        if event.column not in self.columns():
            return  # the hidden Cancelled column: counted, not shown
        self.run_worker(
            lambda: self._load_window(filt, status, event.start),
            group=f"window-{status.value}",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _load_window(self, filt: BoardFilter, status: Status, start: int) -> None:
        try:
            window = self.store.board_window(self._filter(filt), status, start, CardColumn.SIZE)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_window, filt, status, window)

    def _show_window(self, filt: BoardFilter, status: Status, window: BoardWindow) -> None:
        column = self.query_one(f"#col-{status.value}", CardColumn)
        if filt == self.filt:
            cards = make_cards(window.views, self.store.now())
            column.set_window(window.first, cards, column.total, column.selected)
            self.rights_changed()  # the selected card may have just arrived

    # -- moving around ------------------------------------------------------------
    def action_cursor(self, dx: int, dy: int) -> None:
        self.pinned = None
        cols = self.columns()
        if dx:
            row = self.column.selected
            self.col = max(0, min(self.col + dx, len(cols) - 1))
            self.column.select(row)
            self._activate()
        if dy:
            self.column.select(self.column.selected + dy)

    @on(CardColumn.Clicked)
    def _clicked(self, event: CardColumn.Clicked) -> None:
        cols = self.columns()
        if event.column in cols:
            self.pinned = None
            self.col = cols.index(event.column)
            event.column.select(event.index)
            self._activate()
            if event.open_it:
                self.action_open()

    # -- changing things -------------------------------------------------------------
    def action_move(self, dx: int) -> None:
        m = self.current
        if m is None:
            return
        statuses = [c.status for c in self.columns()]
        here = statuses.index(m.status) if m.status in statuses else self.col
        target = here + dx
        if not 0 <= target < len(statuses):
            return
        status = statuses[target]
        if status is Status.BLOCKED:
            self._ask_reason(m)
        else:
            self._move_to(m, status)

    def _ask_reason(self, m: MilestoneView) -> None:
        def got(reason: str | None) -> None:
            if reason:
                self._move_to(m, Status.BLOCKED, reason)

        self.app.push_screen(
            AskText(f"Why is #{m.id} {m.title} blocked?", placeholder="waiting on …"), got
        )

    def action_block(self) -> None:
        m = self.current
        if m is not None and m.status is not Status.BLOCKED:
            self._ask_reason(m)

    def action_done(self) -> None:
        m = self.current
        if m is not None and m.status is not Status.DONE:
            self._move_to(m, Status.DONE)

    def action_reorder(self, dy: int) -> None:
        column = self.column
        a = column.current
        other = column.card_at(column.selected + dy)
        if a is None or other is None:
            return
        b = other.milestone

        def swap(store: Store) -> None:
            store.reorder_milestone(a.id, b.id)

        self._change(
            f"#{a.id} moved {'up' if dy < 0 else 'down'}",
            _returning(swap, a),
            lambda _after: swap,  # swapping again takes it back
            touched=(column.status,),
        )

    def action_delete(self) -> None:
        m = self.current
        if m is None:
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self._change(
                    f"Deleted #{m.id} {m.title}",
                    lambda store: store.delete_milestone(m.id, m.version),
                    touched=(m.status,),
                )

        question = say(
            f"Delete #{m.id} ", m.title, "?\nIts tasks stay in the project; this cannot be undone."
        )
        self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    def action_open(self) -> None:
        m = self.current
        if m is not None:
            self.mstui.open_milestone(m.id)


def _returning(fn: Callable[[Store], None], m: MilestoneView) -> Callable[[Store], MilestoneView]:
    def call(store: Store) -> MilestoneView:
        fn(store)
        return m

    return call
