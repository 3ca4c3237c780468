"""Baselines: a project's plan saved to compare with; the plan as of a past moment;
slips (due dates moved later); the variance report.

A baseline copies every milestone's due date and every task's dates with their
estimates into `baselineitem`, in one transaction. Editors save one, the lead
deletes one. The plan as of a moment needs no saving: `plan_as_of` rebuilds it
from today's rows and the history written since (`mstui.domain.baselines`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.baselines import (
    FIELDS,
    Change,
    Now,
    PlanItem,
    Slip,
    Variance,
    as_of,
    net_slips,
    variance,
)
from mstui.domain.dates import local_time, today_in
from mstui.domain.permissions import Permission
from mstui.domain.text import clean_field
from mstui.errors import Invalid
from mstui.store.base import StoreBase, pk, stored_id
from mstui.store.tables import Activity, Baseline, BaselineItem, Milestone, Person, Project, Task
from mstui.views.baselines import BaselineSummary, BaselineView


def _items_now(s: Session, pid: int) -> tuple[list[PlanItem], dict[tuple[str, int], datetime]]:
    """The project's plan as it is, and when each item was created."""
    items: list[PlanItem] = []
    created: dict[tuple[str, int], datetime] = {}
    for mid, title, due, status, cost, effort, born in s.execute(
        sa.select(
            pk(Milestone.id), col(Milestone.title), col(Milestone.due), col(Milestone.status),
            col(Milestone.cost_estimate), col(Milestone.effort_estimate), col(Milestone.created_at),
        ).where(col(Milestone.project_id) == pid)
    ):  # fmt: skip
        items.append(PlanItem("m", mid, title, due, None, status, cost, effort))
        created[("m", mid)] = born
    for tid, title, start, end, status, hours, m_id, born in s.execute(
        sa.select(
            pk(Task.id), col(Task.title), col(Task.start_date), col(Task.end_date),
            col(Task.status), col(Task.estimate_hours), col(Task.milestone_id),
            col(Task.created_at),
        ).where(col(Task.project_id) == pid)
    ):  # fmt: skip
        items.append(PlanItem("t", tid, title, end, start, status, None, hours, m_id))
        created[("t", tid)] = born
    return items, created


def _changes_since(s: Session, pid: int, moment: datetime) -> list[Change]:
    """History rows about the project's milestones and tasks written after `moment`."""
    fields = sorted({f for kind in FIELDS.values() for f in kind})
    rows = s.execute(
        sa.select(
            col(Activity.entity), col(Activity.entity_id), col(Activity.at),
            col(Activity.action), col(Activity.field), col(Activity.old),
        )
        .where(col(Activity.project_id) == pid, col(Activity.at) > moment)
        .where(col(Activity.entity).in_(("milestone", "task")))
        .where(col(Activity.field).in_(fields))
    )  # fmt: skip
    return [Change(e[0], i, at, action, f, old) for e, i, at, action, f, old in rows]


def slip_rows(s: Session, *where: sa.ColumnElement[bool], limit: int | None = None) -> list[Slip]:
    """Due dates moved later and not moved straight back (an undo), newest first, with
    the milestone's title and project."""
    actor = aliased(Person)
    q = (
        sa.select(
            col(Activity.entity_id), col(Activity.at), col(actor.login), col(Activity.old),
            col(Activity.new), col(Activity.reason), col(Milestone.title), col(Project.key),
        )
        .outerjoin(actor, col(actor.id) == col(Activity.actor_id))
        .join(Milestone, pk(Milestone.id) == col(Activity.entity_id))
        .join(Project, pk(Project.id) == col(Milestone.project_id))
        .where(col(Activity.entity) == "milestone", col(Activity.field) == "due", *where)
        .order_by(col(Activity.at), col(Activity.id))
    )  # fmt: skip
    rows = s.execute(q).all()
    names = {mid: (title, key) for mid, *_, title, key in rows}
    kept = net_slips(
        (mid, at, who, old, new, reason) for mid, at, who, old, new, reason, *_ in rows
    )
    out = [replace(x, title=names[x.milestone_id][0], project=names[x.milestone_id][1])
           for x in reversed(kept)]  # fmt: skip
    return out if limit is None else out[:limit]


_KINDS = {"m": "milestone", "t": "task"}


class BaselinePart(StoreBase):
    """Save, list, show and delete baselines; rebuild past plans; slips and variance."""

    def _seen_project(self, s: Session, key: str) -> Project:
        project = s.scalar(
            sa.select(Project).where(col(Project.key) == key.strip().upper(), self._sees())
        )
        if project is None:
            raise Invalid("project", key, "no such project")
        return project

    def _baseline_row(self, s: Session, project: Project, name: str | None) -> Baseline:
        q = sa.select(Baseline).where(col(Baseline.project_id) == project.id)
        if name is None:
            found = s.scalar(q.order_by(col(Baseline.saved_at).desc(), pk(Baseline.id).desc()))
            if found is None:
                raise Invalid(
                    "baseline", project.key,
                    f"{project.key} has no baseline (save one: mstui baseline save {project.key})",
                    quote=False,
                )  # fmt: skip
            return found
        wanted = name.strip()
        found = s.scalar(q.where(col(Baseline.name) == wanted)) or s.scalar(
            q.where(sa.func.lower(col(Baseline.name)) == wanted.lower())
        )
        if found is None:
            raise Invalid("baseline", name, f"no such baseline of {project.key}")
        return found

    def _view(self, s: Session, project: Project, b: Baseline) -> BaselineView:
        by = s.scalar(sa.select(col(Person.login)).where(pk(Person.id) == b.saved_by_id))
        items = [
            PlanItem(i.kind[0], i.item_id, i.title, i.end_date, i.start_date, i.status,
                     i.cost_estimate, i.effort_estimate, i.milestone_id)
            for i in s.scalars(
                sa.select(BaselineItem).where(col(BaselineItem.baseline_id) == b.id)
                .order_by(col(BaselineItem.kind), col(BaselineItem.end_date),
                          col(BaselineItem.item_id))
            )
        ]  # fmt: skip
        return BaselineView(project.key, b.name, b.saved_at, by, tuple(items), stored_id(b.id))

    def save_baseline(self, project: str, name: str | None = None) -> BaselineView:
        """Keep the project's plan as it is now under `name` (default: today's date)."""
        wanted = None if name is None else clean_field("name", name, max_len=80)
        with self._write() as s:
            proj = self._project(s, project)
            self._allow(s, Permission.EDIT, proj)
            pid = stored_id(proj.id)
            taken = set(
                s.scalars(sa.select(col(Baseline.name)).where(col(Baseline.project_id) == pid))
            )
            if wanted is None:
                day = today_in(self._project_tz(proj), self.now()).isoformat()
                wanted, n = day, 2
                while wanted in taken:
                    wanted, n = f"{day} ({n})", n + 1
            elif wanted in taken:
                raise Invalid(
                    "name", wanted, f"{proj.key} already has a baseline of that name "
                    f"(mstui baseline delete {proj.key} NAME first, or give another name)",
                )  # fmt: skip
            row = Baseline(
                project_id=pid, name=wanted, saved_by_id=self._me_id, saved_at=self.now()
            )
            s.add(row)
            s.flush()
            bid = stored_id(row.id)
            items, _ = _items_now(s, pid)
            s.execute(
                sa.insert(BaselineItem),
                [
                    {"baseline_id": bid, "kind": _KINDS[i.kind], "item_id": i.id, "title": i.title,
                     "milestone_id": i.milestone_id, "start_date": i.start, "end_date": i.end,
                     "status": i.status, "cost_estimate": i.cost, "effort_estimate": i.effort}
                    for i in items
                ],
            ) if items else None  # fmt: skip
            self._log(s, "baseline", bid, "create", new=wanted, project_id=pid)
            return self._view(s, proj, row)

    def baselines(self, project: str) -> list[BaselineSummary]:
        """The project's baselines, newest first (their items left out)."""
        with self.db.reading() as s:
            proj = self._seen_project(s, project)
            counts = {
                (bid, kind): n
                for bid, kind, n in s.execute(
                    sa.select(
                        col(BaselineItem.baseline_id), col(BaselineItem.kind), sa.func.count()
                    )
                    .join(Baseline, pk(Baseline.id) == col(BaselineItem.baseline_id))
                    .where(col(Baseline.project_id) == proj.id)
                    .group_by(col(BaselineItem.baseline_id), col(BaselineItem.kind))
                )
            }
            out: list[BaselineSummary] = []
            for b, by in s.execute(
                sa.select(Baseline, col(Person.login))
                .outerjoin(Person, pk(Person.id) == col(Baseline.saved_by_id))
                .where(col(Baseline.project_id) == proj.id)
                .order_by(col(Baseline.saved_at).desc(), pk(Baseline.id).desc())
            ).all():
                bid = stored_id(b.id)
                out.append(
                    BaselineSummary(proj.key, b.name, b.saved_at, by, bid,
                                    counts.get((bid, "milestone"), 0), counts.get((bid, "task"), 0))
                )  # fmt: skip
            return out

    def baseline(self, project: str, name: str | None = None) -> BaselineView:
        """A saved baseline with its items (None: the newest)."""
        with self.db.reading() as s:
            proj = self._seen_project(s, project)
            return self._view(s, proj, self._baseline_row(s, proj, name))

    def delete_baseline(self, project: str, name: str) -> str:
        """Delete a baseline (its project's lead); returns the name deleted."""
        with self._write() as s:
            proj = self._project(s, project)
            self._allow(s, Permission.MANAGE, proj)
            row = self._baseline_row(s, proj, name)
            gone = row.name
            s.execute(sa.delete(BaselineItem).where(col(BaselineItem.baseline_id) == row.id))
            self._log(s, "baseline", stored_id(row.id), "delete", old=gone, project_id=proj.id)
            s.delete(row)
            return gone

    def plan_as_of(self, project: str, moment: datetime) -> BaselineView:
        """The project's plan as it stood at `moment`, rebuilt from the history."""
        with self.db.reading() as s:
            proj = self._seen_project(s, project)
            pid = stored_id(proj.id)
            items, created = _items_now(s, pid)
            rebuilt = as_of(items, created, _changes_since(s, pid, moment), moment)
            label = f"as of {local_time(self._project_tz(proj), moment):%Y-%m-%d %H:%M}"
            return BaselineView(proj.key, label, moment, None, tuple(rebuilt))

    def variance(
        self, project: str, baseline: str | None = None, moment: datetime | None = None
    ) -> tuple[BaselineView, Variance]:
        """Each milestone's baseline date against today's and its completion, with
        cost and effort at the baseline, now and actual (a saved baseline, the newest
        by default, or the plan as of `moment`)."""
        base = (
            self.plan_as_of(project, moment)
            if moment is not None
            else self.baseline(project, baseline)
        )
        with self.db.reading() as s:
            proj = self._seen_project(s, project)
            tz = self._project_tz(proj)
            now = [
                Now(mid, title, due, status,
                    today_in(tz, done) if done is not None else None, ce, ca, ee, ea)
                for mid, title, due, status, done, ce, ca, ee, ea in s.execute(
                    sa.select(
                        pk(Milestone.id), col(Milestone.title), col(Milestone.due),
                        col(Milestone.status), col(Milestone.completed_at),
                        col(Milestone.cost_estimate), col(Milestone.cost_actual),
                        col(Milestone.effort_estimate), col(Milestone.effort_actual),
                    ).where(col(Milestone.project_id) == proj.id)
                )
            ]  # fmt: skip
        return base, variance(base.items, now)

    def slips(self, mid: int) -> list[Slip]:
        """A milestone's slips (due date moved later), newest first."""
        with self.db.reading() as s:
            return slip_rows(s, col(Activity.entity_id) == mid, self._sees())

    def recent_slips(self, since: datetime, limit: int = 50) -> list[Slip]:
        """Slips since `since` in the projects the acting person sees, newest first."""
        with self.db.reading() as s:
            return slip_rows(
                s, col(Activity.at) >= since, col(Project.archived).is_(False), self._sees(),
                limit=limit,
            )  # fmt: skip
