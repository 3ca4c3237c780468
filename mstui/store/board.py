"""Windowed reads of the Kanban: each column a window of cards, and counts for the rest.

A column of 50,000 milestones is shown a few dozen cards at a time, as a
DataTable shows rows: `board_windows` reads, in one unit of work, how many
cards each status holds (one COUNT query), where a followed card stands in
its column, and a window of each column asked for (OFFSET on the board order,
position then id). Memory and time follow the windows, not the board.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Status, stored
from mstui.store.base import StoreBase
from mstui.store.milestone_reads import MilestoneFilter, milestone_query, milestone_views
from mstui.store.tables import Milestone
from mstui.views.milestones import MilestoneView


@dataclass(frozen=True)
class BoardWindow:
    """Cards `first`… of one status column, in board order."""

    first: int
    views: list[MilestoneView]


@dataclass(frozen=True)
class BoardPage:
    """What one read of the board gives: counts of every status, the windows asked for,
    and where the followed milestone stands (None: not on this board)."""

    counts: dict[Status, int]
    windows: dict[Status, BoardWindow] = field(default_factory=dict)
    place: tuple[Status, int] | None = None


class BoardPart(StoreBase):
    """The Kanban's reads: counts, a card's place, windows of columns."""

    def board_windows(
        self,
        flt: MilestoneFilter,
        starts: Mapping[Status, int],
        size: int,
        follow: int | None = None,
        *,
        counts: Mapping[Status, int] | None = None,
    ) -> BoardPage:
        """Counts of each status; `size` cards from `starts[status]` of each status asked
        for; and the place of milestone `follow`, whose column's window is moved
        to hold it (centred) when it would not. `counts` given (the caller knows
        them: its own move) are taken as they are instead of counting."""
        with self.db.reading() as s:
            counts = dict(counts) if counts is not None else board_counts(self, s, flt)
            place = board_place(self, s, flt, follow) if follow is not None else None
            wanted = dict(starts)
            if place is not None:
                status, index = place
                start = wanted.get(status)
                if start is None or not start <= index < start + size:
                    wanted[status] = max(0, index - size // 2)
            windows = {}
            for status, start in wanted.items():
                n = counts.get(status, 0)
                # A window past the end (cards gone since) slides back to show the last ones.
                start = max(0, min(start, n - size))
                windows[status] = BoardWindow(start, window(self, s, flt, status, start, size))
        return BoardPage(counts, windows, place)

    def board_window(
        self, flt: MilestoneFilter, status: Status, start: int, size: int
    ) -> BoardWindow:
        """Cards `start`… (at most `size`) of the column of `status`, in board order."""
        with self.db.reading() as s:
            return BoardWindow(start, window(self, s, flt, status, start, size))


def board_counts(st: StoreBase, s: Session, flt: MilestoneFilter) -> dict[Status, int]:
    """How many milestones of `flt` each status holds (every status, 0 included)."""
    q = (
        milestone_query(flt, st._sees())
        .with_only_columns(col(Milestone.status), sa.func.count())
        .group_by(col(Milestone.status))
    )
    counts = dict.fromkeys(Status, 0)
    for status, n in s.execute(q).all():
        key = stored(Status, status, Status.PLANNED)
        counts[key] += int(n)
    return counts


def window(
    st: StoreBase, s: Session, flt: MilestoneFilter, status: Status, start: int, size: int
) -> list[MilestoneView]:
    """Cards `start`… (at most `size`) of the column of `status`, in board order."""
    q = (
        milestone_query(flt, st._sees())
        .where(col(Milestone.status) == status.value)
        .order_by(col(Milestone.position), col(Milestone.id))
        .offset(start)
        .limit(size)
    )
    return milestone_views(st, s, s.execute(q).all())


def board_place(
    st: StoreBase, s: Session, flt: MilestoneFilter, mid: int
) -> tuple[Status, int] | None:
    """The column and index of milestone `mid` on the board of `flt` (None: not on it)."""
    me = s.execute(
        milestone_query(flt, st._sees())
        .with_only_columns(col(Milestone.status), col(Milestone.position))
        .where(col(Milestone.id) == mid)
    ).first()
    if me is None:
        return None
    status_value, position = me
    before = sa.or_(
        col(Milestone.position) < position,
        sa.and_(col(Milestone.position) == position, col(Milestone.id) < mid),
    )
    q = (
        milestone_query(flt, st._sees())
        .with_only_columns(sa.func.count())
        .where(col(Milestone.status) == status_value, before)
    )
    return stored(Status, status_value, Status.PLANNED), int(s.scalar(q) or 0)
