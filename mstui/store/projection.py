"""Projected dates through the dependency chain, for health everywhere.

A milestone's health looks at its predecessors' and tasks' *projected*
dates: a predecessor is projected to be reached no earlier than its own
predecessors and tasks allow, and a phase's tasks start the day after the
milestones it waits for (see `mstui.domain.schedule`). So pushing "Feature
Freeze" a week shows on "Beta Testing" two steps later, on the board, in the
listing and on the timeline alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from mstui.domain.schedule import Work, forward, plan_edges
from mstui.store.base import chunks, pk
from mstui.store.tables import Milestone, MilestoneDependency, Task

CLOSED = ("done", "cancelled")


def upstream(s: Session, ids: Collection[int]) -> set[int]:
    """Every milestone that one of `ids` depends on, directly or through others."""
    dep = SQLModel.metadata.tables["milestonedependency"]
    found: set[int] = set()
    for chunk in chunks(sorted(ids)):
        up = (
            sa.select(dep.c.predecessor_id.label("mid"))
            .where(dep.c.successor_id.in_(chunk))
            .cte("up", recursive=True)
        )
        # UNION, not UNION ALL: a cycle written behind the store's back ends.
        up = up.union(sa.select(dep.c.predecessor_id).join(up, dep.c.successor_id == up.c.mid))
        found.update(s.scalars(sa.select(up.c.mid)))
    return found


def projected(
    s: Session, ids: Collection[int], today: date
) -> tuple[dict[int, date], dict[int, date]]:
    """For milestones `ids` (which have open predecessors): the projected date of
    every open milestone upstream of them, and the projected latest end of the
    open tasks of each of `ids`."""
    nodes = sorted(upstream(s, ids) | set(ids))
    due: dict[int, date] = {}
    tasks: list[tuple[int, int, date, date]] = []
    deps: list[tuple[int, int]] = []
    for chunk in chunks(nodes):
        due.update(
            s.execute(
                sa.select(pk(Milestone.id), col(Milestone.due)).where(
                    col(Milestone.id).in_(chunk), col(Milestone.status).not_in(CLOSED)
                )
            ).all()
        )
        task_rows = s.execute(
            sa.select(
                pk(Task.id), col(Task.milestone_id), col(Task.start_date), col(Task.end_date)
            ).where(col(Task.milestone_id).in_(chunk), col(Task.status) != "done")
        ).all()
        tasks.extend((tid, mid, a, b) for tid, mid, a, b in task_rows if mid is not None)
        deps.extend(
            s.execute(
                sa.select(
                    col(MilestoneDependency.predecessor_id), col(MilestoneDependency.successor_id)
                ).where(col(MilestoneDependency.successor_id).in_(chunk))
            ).all()
        )
    items = [Work(("m", mid), d, d) for mid, d in due.items()]
    items += [Work(("t", tid), start, end) for tid, mid, start, end in tasks if mid in due]
    edges = plan_edges(((tid, mid) for tid, mid, _s, _e in tasks), deps)
    slots = forward(items, edges, today)
    milestones = {mid: slots[("m", mid)][1] for mid in due}
    task_end: dict[int, date] = {}
    wanted = set(ids)
    ends: dict[int, list[date]] = defaultdict(list)
    for tid, mid, _s, _e in tasks:
        if mid in wanted and ("t", tid) in slots:
            ends[mid].append(slots[("t", tid)][1])
    task_end = {mid: max(values) for mid, values in ends.items()}
    return milestones, task_end
