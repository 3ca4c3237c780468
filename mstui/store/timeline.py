"""What the timeline asks: rows in time windows, moves with their dependencies (timeline issue)."""

from __future__ import annotations

from mstui.store.work import WorkStore


class TimelineStore(WorkStore):
    """Queries and commands behind the Timeline screen."""
