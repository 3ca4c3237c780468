"""Dependencies between milestones: what waits for what, never in a cycle."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from mstui.domain.permissions import Permission
from mstui.domain.schedule import find_cycle
from mstui.errors import Invalid
from mstui.store.base import StoreBase, pk, rowcount, stored_id
from mstui.store.tables import Milestone, MilestoneDependency


def edges_after(s: Session, mid: int) -> list[tuple[int, int]]:
    """The dependency edges reachable from `mid` along its successors.

    A new edge pred → succ closes a cycle exactly when pred is among them,
    so the check reads what follows the successor (one recursive query on
    the indexed predecessor column), not every edge of the history.
    """
    dep = SQLModel.metadata.tables["milestonedependency"]
    start: sa.Select[int] = sa.select(pk(Milestone.id).label("id")).where(col(Milestone.id) == mid)
    reach_cte = start.cte("reach", recursive=True)
    reach_cte = reach_cte.union(
        sa.select(dep.c.successor_id).join(reach_cte, dep.c.predecessor_id == reach_cte.c.id)
    )
    rows = s.execute(
        sa.select(dep.c.predecessor_id, dep.c.successor_id).where(
            dep.c.predecessor_id.in_(sa.select(reach_cte.c.id))
        )
    ).all()
    return [(int(a), int(b)) for a, b in rows]


def add_dependency_row(st: StoreBase, s: Session, pred_id: int, succ_id: int) -> None:
    """Inside a unit of work: `succ_id` now depends on `pred_id` (refused if a cycle)."""
    pred = s.get(Milestone, pred_id)
    if pred is None:
        raise Invalid("depends", pred_id, "no such milestone")
    succ = st._require(s, Milestone, succ_id, "milestone")
    st._allow_in(s, Permission.EDIT, succ.project_id)
    exists = s.scalar(
        sa.select(col(MilestoneDependency.id)).where(
            col(MilestoneDependency.predecessor_id) == pred_id,
            col(MilestoneDependency.successor_id) == succ_id,
        )
    )
    if exists is not None:
        return
    cycle = find_cycle(edges_after(s, succ_id), (pred_id, succ_id))
    if cycle is not None:
        titles = {
            i: t
            for i, t in s.execute(
                sa.select(col(Milestone.id), col(Milestone.title)).where(
                    col(Milestone.id).in_(cycle)
                )
            )
        }
        path = " → ".join(f"#{i} {titles.get(i, '?')}" for i in cycle)
        raise Invalid("depends", pred_id, f"would make a cycle: {path}")
    s.add(MilestoneDependency(predecessor_id=pred_id, successor_id=succ_id))
    s.flush()  # the next check in this unit of work sees this edge
    st._log(s, "milestone", succ_id, "depend", field="depends_on", new=pred_id,
            project_id=succ.project_id)  # fmt: skip


def replace_dependencies(
    st: StoreBase, s: Session, succ: Milestone, pred_ids: Iterable[int]
) -> None:
    """Inside a unit of work: make `succ` depend on exactly `pred_ids`."""
    wanted = set(pred_ids)
    succ_id = stored_id(succ.id)
    have = set(
        s.scalars(
            sa.select(col(MilestoneDependency.predecessor_id)).where(
                col(MilestoneDependency.successor_id) == succ_id
            )
        )
    )
    for old in have - wanted:
        s.execute(
            sa.delete(MilestoneDependency).where(
                col(MilestoneDependency.predecessor_id) == old,
                col(MilestoneDependency.successor_id) == succ_id,
            )
        )
        st._log(s, "milestone", succ_id, "undepend", field="depends_on", old=old,
                project_id=succ.project_id)  # fmt: skip
    s.flush()
    for new in sorted(wanted - have):
        add_dependency_row(st, s, new, succ_id)


class DependencyPart(StoreBase):
    """Commands on the dependencies between milestones."""

    def add_dependency(self, pred_id: int, succ_id: int) -> None:
        """`succ_id` now depends on `pred_id`; refused if that closes a cycle."""
        with self._write() as s:
            add_dependency_row(self, s, pred_id, succ_id)

    def remove_dependency(self, pred_id: int, succ_id: int) -> None:
        """`succ_id` no longer depends on `pred_id`."""
        with self._write() as s:
            succ = self._require(s, Milestone, succ_id, "milestone")
            self._allow_in(s, Permission.EDIT, succ.project_id)
            gone = s.execute(
                sa.delete(MilestoneDependency).where(
                    col(MilestoneDependency.predecessor_id) == pred_id,
                    col(MilestoneDependency.successor_id) == succ_id,
                )
            )
            if rowcount(gone):
                self._log(s, "milestone", succ_id, "undepend", field="depends_on", old=pred_id,
                          project_id=succ.project_id)  # fmt: skip

    def set_dependencies(self, succ_id: int, pred_ids: Iterable[int]) -> None:
        """Make `succ_id` depend on exactly `pred_ids` (one transaction, all or nothing)."""
        with self._write() as s:
            succ = self._require(s, Milestone, succ_id, "milestone")
            self._allow_in(s, Permission.EDIT, succ.project_id)
            replace_dependencies(self, s, succ, pred_ids)
