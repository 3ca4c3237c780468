"""Moves on the timeline: a milestone or a task by some days, a task longer or shorter.

The dependency rule: a milestone cannot move before a milestone it depends
on, nor a task start before its milestone's predecessors are reached (the
refusal names the blocking milestone, and nothing is written). Moving later is
always allowed: what depends on it then shows the slip in its slack and
health. A milestone dated by its tasks moves them and follows. Every move
checks the version and writes Activity rows (action "shift").
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Status
from mstui.domain.permissions import Permission
from mstui.domain.schedule import Pred, Refused, blocker
from mstui.errors import Invalid
from mstui.store.base import StoreBase, rowcount
from mstui.store.checks import slip_reason
from mstui.store.milestones import apply_changes, milestone_conflict
from mstui.store.tables import Milestone, MilestoneDependency, Task
from mstui.store.tasks import rederive, task_conflict
from mstui.views.timeline import Shifted


def _day(d: date) -> str:
    return f"{d:%a %d %b %Y}"


class TimelineMovePart(StoreBase):
    """The commands behind `[` `]` `{` `}` on the Timeline (and `mstui … shift`)."""

    def _preds(self, s: Session, mid: int) -> list[Pred]:
        rows = s.execute(
            sa.select(col(Milestone.id), col(Milestone.title), col(Milestone.due))
            .join(
                MilestoneDependency,
                col(MilestoneDependency.predecessor_id) == col(Milestone.id),
            )
            .where(col(MilestoneDependency.successor_id) == mid)
            .where(col(Milestone.status) != Status.CANCELLED.value)
        ).all()
        return [Pred(i, t, d) for i, t, d in rows if i is not None]

    def _move_task_row(self, s: Session, t: Task, values: dict[str, Any], action: str) -> None:
        """Write a task's new dates with a version check, logging each change."""
        changed = {k: v for k, v in values.items() if getattr(t, k) != v}
        if not changed:
            return
        assert t.id is not None
        for key, new in changed.items():
            self._log(s, "task", t.id, action, field=key, old=getattr(t, key), new=new,
                      project_id=t.project_id)  # fmt: skip
        done = s.execute(
            sa.update(Task)
            .where(col(Task.id) == t.id, col(Task.version) == t.version)
            .values(version=col(Task.version) + 1, **changed)
        )
        if rowcount(done) != 1:
            raise task_conflict(t, t.version)
        s.expire(t)

    def shift(
        self,
        kind: str,
        item_id: int,
        days: int,
        expected_version: int | None,
        reason: str | None = None,
    ) -> Shifted:
        """Move a milestone ("m") or a task ("t") by `days` (negative: earlier);
        `reason` says why a milestone's date moves later (a slip)."""
        if kind == "m":
            return self.shift_milestone(item_id, days, expected_version, reason)
        return self.shift_task(item_id, days, expected_version, reason)

    def shift_milestone(
        self, mid: int, days: int, expected_version: int | None = None, reason: str | None = None
    ) -> Shifted:
        """Move a milestone by `days`; one whose date comes from its tasks moves them
        and follows. Refused (naming the milestone in the way) before a predecessor."""
        if days == 0:
            raise Invalid("days", days, "move by at least one day")
        why = slip_reason(reason)
        with self._write() as s:
            m = self._require(s, Milestone, mid, "milestone")
            self._allow_in(s, Permission.EDIT, m.project_id)
            if expected_version is not None and self._stale(
                "milestone", m.id, m.version, expected_version
            ):
                raise milestone_conflict(self, s, m, expected_version)
            preds = self._preds(s, mid)
            old, title = m.due, m.title
            tasks = []
            if m.due_from_tasks:
                tasks = list(s.scalars(sa.select(Task).where(col(Task.milestone_id) == mid)))
            if tasks:
                if days < 0:
                    first = min(t.start_date for t in tasks)
                    self._refuse_task_start(preds, _plus(first, days), mid, title, None)
                for t in tasks:
                    self._move_task_row(
                        s, t, {"start_date": _plus(t.start_date, days),
                               "end_date": _plus(t.end_date, days)}, "shift",
                    )  # fmt: skip
                rederive(self, s, mid, why)
            else:
                new = _plus(old, days)
                if days < 0:
                    found = blocker(preds, new, task=False)
                    if found is not None:
                        raise Refused(
                            f"Cannot move #{mid} {title} to {_day(new)}: it depends on "
                            f"#{found.id} {found.title}, due {_day(found.due)}.",
                            found,
                        )
                apply_changes(
                    self, s, m, {"due": new}, expected_version, action="shift", reason=why
                )
            s.refresh(m)
            return Shifted("m", mid, title, m.version, days, old, old, m.due, m.due, 1 + len(tasks))

    def _refuse_task_start(
        self, preds: list[Pred], start: date, mid: int, m_title: str, task: tuple[int, str] | None
    ) -> None:
        found = blocker(preds, start, task=True)
        if found is None:
            return
        what = f"task #{task[0]} {task[1]}" if task else f"the tasks of #{mid} {m_title}"
        whose = f"its milestone #{mid} {m_title}" if task else f"#{mid} {m_title}"
        raise Refused(
            f"Cannot start {what} on {_day(start)}: {whose} depends on #{found.id} "
            f"{found.title}, due {_day(found.due)}; its work starts the day after.",
            found,
        )

    def shift_task(
        self, tid: int, days: int, expected_version: int | None = None, reason: str | None = None
    ) -> Shifted:
        """Move a task by `days`, keeping its length; its milestone follows when derived
        (`reason`: why, should the milestone's date slip)."""
        if days == 0:
            raise Invalid("days", days, "move by at least one day")
        why = slip_reason(reason)
        with self._write() as s:
            t = self._task_for_change(s, tid, expected_version)
            start, end = t.start_date, t.end_date
            new_start = _plus(start, days)
            if days < 0 and t.milestone_id is not None:
                m = self._require(s, Milestone, t.milestone_id, "milestone")
                preds = self._preds(s, t.milestone_id)
                self._refuse_task_start(preds, new_start, t.milestone_id, m.title, (tid, t.title))
            values = {"start_date": new_start, "end_date": _plus(end, days)}
            self._move_task_row(s, t, values, "shift")
            rederive(self, s, t.milestone_id, why)
            s.refresh(t)
            return Shifted("t", tid, t.title, t.version, days, start, end, t.start_date, t.end_date)

    def resize_task(self, tid: int, days: int, expected_version: int | None = None) -> Shifted:
        """Lengthen a task by `days` (negative: shorten; never below one day)."""
        with self._write() as s:
            t = self._task_for_change(s, tid, expected_version)
            start, end = t.start_date, t.end_date
            new_end = start if days <= (start - end).days else _plus(end, days)
            if new_end == end:
                raise Refused(f"Task #{tid} {t.title} is one day long; it cannot be shorter.")
            self._move_task_row(s, t, {"end_date": new_end}, "shift")
            rederive(self, s, t.milestone_id)
            s.refresh(t)
            return Shifted(
                "t", tid, t.title, t.version, (new_end - end).days, start, end, start, t.end_date
            )

    def _task_for_change(self, s: Session, tid: int, expected_version: int | None) -> Task:
        t = self._require(s, Task, tid, "task")
        self._allow_in(s, Permission.EDIT, t.project_id)
        if expected_version is not None and self._stale("task", t.id, t.version, expected_version):
            raise task_conflict(t, expected_version)
        return t


def _plus(d: date, days: int) -> date:
    """`d` moved by `days`, or `Invalid` when that leaves the accepted range (1900 to 2199)."""
    from mstui.domain.bounds import DATE_MAX, DATE_MIN

    moved = d.toordinal() + days
    if moved > DATE_MAX.toordinal() or moved < DATE_MIN.toordinal():
        edge = f"after {DATE_MAX.isoformat()}" if days > 0 else f"before {DATE_MIN.isoformat()}"
        raise Invalid("days", days, f"would move {date.isoformat(d)} {edge}")
    return d + timedelta(days=days)
