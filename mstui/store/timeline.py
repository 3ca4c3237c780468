"""What the timeline asks: projects, one project's plan at a time, and moves.

The timeline loads a project's plan when its rows come near the screen, so
opening it on 10,000 milestones costs the projects on screen, not all of
them. A plan is whole (its critical path needs every item of the project):
rows in order, projected dates and slack, dependencies, resource conflicts.

The moves themselves live in `mstui.store.timeline_moves`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.enums import Health, Status
from mstui.domain.resources import Overload, Span, overloads
from mstui.domain.schedule import Work, plan_edges, schedule, task_health
from mstui.errors import NotFound
from mstui.store.base import StoreBase, pk, stored_id
from mstui.store.milestone_reads import MilestoneFilter, like, milestone_query, milestone_views
from mstui.store.tables import (
    Booking,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    Resource,
    Task,
)
from mstui.views.milestones import MilestoneView
from mstui.views.timeline import (
    Key,
    OtherMilestone,
    Overbooked,
    PlanRow,
    ProjectPlan,
    TimelineProject,
)

CLOSED = (Status.DONE.value, Status.CANCELLED.value)
FIND_LIMIT = 200


class TimelinePart(StoreBase):
    """Queries and commands behind the Timeline screen."""

    # -- projects -----------------------------------------------------------------
    def timeline_projects(self) -> list[TimelineProject]:
        """Open (not archived) projects in creation order, with their sizes and spans."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Project)
                .where(col(Project.archived).is_(False), self._sees())
                .order_by(pk(Project.id))
            ).scalars()
            return [self._timeline_project(s, p, sizes) for p, sizes in self._sizes(s, list(rows))]

    def _sizes(
        self, s: Session, projects: list[Project], task_dates: bool = False
    ) -> list[tuple[Project, tuple[Any, ...]]]:
        """Counts and date spans of projects. Counts read only indexes; the span of
        the tasks (a scan of their rows) only for one project's plan."""
        ids = [p.id for p in projects]
        ms: dict[int, tuple[int, date | None, date | None]] = {
            pid: (n, lo, hi)
            for pid, n, lo, hi in s.execute(
                sa.select(
                    col(Milestone.project_id),
                    sa.func.count(),
                    sa.func.min(col(Milestone.due)),
                    sa.func.max(col(Milestone.due)),
                )
                .where(col(Milestone.project_id).in_(ids))
                .group_by(col(Milestone.project_id))
            )
        }
        by_project = sa.select(col(Task.project_id), sa.func.count()).where(
            col(Task.project_id).in_(ids)
        )
        counts = {pid: n for pid, n in s.execute(by_project.group_by(col(Task.project_id)))}
        unlinked = by_project.where(col(Task.milestone_id).is_(None)).group_by(col(Task.project_id))
        loose = {pid: n for pid, n in s.execute(unlinked)}
        spans: dict[int, tuple[Any, Any]] = {}
        if task_dates:
            q = sa.select(
                col(Task.project_id),
                sa.func.min(col(Task.start_date)),
                sa.func.max(col(Task.end_date)),
            )
            q = q.where(col(Task.project_id).in_(ids)).group_by(col(Task.project_id))
            spans = {pid: (lo, hi) for pid, lo, hi in s.execute(q)}
        out: list[tuple[Project, tuple[Any, ...]]] = []
        for p in projects:
            pid = stored_id(p.id)
            got = (*ms.get(pid, (0, None, None)), counts.get(pid, 0), loose.get(pid, 0))
            out.append((p, (*got, *spans.get(pid, (None, None)))))
        return out

    def _timeline_project(self, s: Session, p: Project, sizes: tuple[Any, ...]) -> TimelineProject:
        n_ms, m_lo, m_hi, n_tasks, loose, t_lo, t_hi = sizes
        firsts = [d for d in (m_lo, t_lo) if d is not None]
        lasts = [d for d in (m_hi, t_hi) if d is not None]
        assert p.id is not None
        return TimelineProject(
            id=p.id,
            key=p.key,
            name=p.name,
            timezone=self._project_tz(p),
            start=p.start_date,
            end=p.end_date,
            milestones=int(n_ms or 0),
            tasks=int(n_tasks or 0),
            unlinked=int(loose or 0),
            first=min(firsts) if firsts else None,
            last=max(lasts) if lasts else None,
        )

    # -- one project's plan ------------------------------------------------------------
    def timeline_plan(self, project_id: int) -> ProjectPlan:
        """Everything the timeline draws for one project, computed in one read."""
        with self.db.reading() as s:
            proj = s.scalar(sa.select(Project).where(col(Project.id) == project_id, self._sees()))
            if proj is None:
                raise NotFound("project", project_id)
            ((_, sizes),) = self._sizes(s, [proj], task_dates=True)
            tp = self._timeline_project(s, proj, sizes)
            q = milestone_query(MilestoneFilter(project=proj.key), self._sees())
            q = q.order_by(col(Milestone.due), pk(Milestone.id))
            views = milestone_views(self, s, s.execute(q).all())
            tasks = s.execute(
                sa.select(
                    pk(Task.id), col(Task.milestone_id), col(Task.title), col(Task.start_date),
                    col(Task.end_date), col(Task.status), col(Task.version), col(Person.login),
                )
                .outerjoin(Person, col(Person.id) == col(Task.assignee_id))
                .where(col(Task.project_id) == project_id)
                .order_by(col(Task.start_date), col(Task.end_date), pk(Task.id))
            ).all()  # fmt: skip
            preds, succs, other = self._links(s, project_id)
            overbooked = self._overbooked(s, project_id)
        today = today_in(tp.timezone, self.now())
        return _plan(tp, today, views, tasks, preds, succs, other, overbooked)

    def _links(
        self, s: Session, project_id: int
    ) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]], dict[int, OtherMilestone]]:
        """Dependencies touching the project's milestones, both ways, and the
        milestones of other projects at their far end."""
        dep = MilestoneDependency
        succ, pred = aliased(Milestone), aliased(Milestone)
        edges = s.execute(
            sa.select(
                col(dep.predecessor_id),
                col(dep.successor_id),
                col(pred.project_id),
                col(succ.project_id),
            )
            .join(succ, col(succ.id) == col(dep.successor_id))
            .join(pred, col(pred.id) == col(dep.predecessor_id))
            .where(sa.or_(col(succ.project_id) == project_id, col(pred.project_id) == project_id))
            .order_by(col(dep.predecessor_id), col(dep.successor_id))
        ).all()
        preds: dict[int, list[int]] = {}
        succs: dict[int, list[int]] = {}
        outside: set[int] = set()
        for a, b, pa, pb in edges:
            preds.setdefault(b, []).append(a)
            succs.setdefault(a, []).append(b)
            outside.update(m for m, p in ((a, pa), (b, pb)) if p != project_id)
        other: dict[int, OtherMilestone] = {}
        if outside:
            for mid, key, title, due, status in s.execute(
                sa.select(
                    pk(Milestone.id),
                    col(Project.key),
                    col(Milestone.title),
                    col(Milestone.due),
                    col(Milestone.status),
                )
                .join(Project, pk(Project.id) == col(Milestone.project_id))
                .where(pk(Milestone.id).in_(sorted(outside)))
            ):
                other[mid] = OtherMilestone(mid, key, title, due, status)
        return (
            {k: tuple(v) for k, v in preds.items()},
            {k: tuple(v) for k, v in succs.items()},
            other,
        )

    def _overbooked(self, s: Session, project_id: int) -> dict[Key, tuple[Overbooked, ...]]:
        """Items of the project booked on a resource over its capacity (read-only use
        of the resource tables): its resources' bookings within its bookings' dates."""
        my_tasks = sa.select(pk(Task.id)).where(col(Task.project_id) == project_id)
        my_ms = sa.select(pk(Milestone.id)).where(col(Milestone.project_id) == project_id)
        mine = sa.or_(col(Booking.task_id).in_(my_tasks), col(Booking.milestone_id).in_(my_ms))
        rids = sorted(set(s.scalars(sa.select(col(Booking.resource_id)).where(mine))))
        if not rids:
            return {}
        first, last = s.execute(
            sa.select(
                sa.func.min(col(Booking.start_date)), sa.func.max(col(Booking.end_date))
            ).where(mine)
        ).one()
        resources = {
            rid: (name, cap)
            for rid, name, cap in s.execute(
                sa.select(pk(Resource.id), col(Resource.name), col(Resource.capacity)).where(
                    pk(Resource.id).in_(rids)
                )
            )
        }
        spans: dict[int, list[Span]] = {rid: [] for rid in rids}
        subject: dict[int, Key] = {}
        for bid, rid, tid, mid, start, end, amount in s.execute(
            sa.select(
                pk(Booking.id), col(Booking.resource_id), col(Booking.task_id),
                col(Booking.milestone_id), col(Booking.start_date), col(Booking.end_date),
                col(Booking.amount),
            ).where(
                col(Booking.resource_id).in_(rids),
                col(Booking.end_date) >= first,
                col(Booking.start_date) <= last,
            )
        ):  # fmt: skip
            spans[rid].append(Span(bid, start, end, amount))
            if tid is not None:
                subject[bid] = ("t", tid)
            else:
                assert mid is not None  # a booking is on a task or on a milestone (a CHECK)
                subject[bid] = ("m", mid)
        mine_keys = {("t", t) for t in s.scalars(my_tasks)} | {("m", m) for m in s.scalars(my_ms)}
        found: list[tuple[Key, str, Overload, tuple[Key, ...]]] = []
        for rid, (name, cap) in resources.items():
            for o in overloads(cap, spans[rid]):
                keys = sorted({subject[b] for b in o.booking_ids})
                found.extend(
                    (k, name, o, tuple(x for x in keys if x != k)) for k in keys if k in mine_keys
                )
        names = self._item_titles(s, {x for *_, others in found for x in others})
        out: dict[Key, list[Overbooked]] = {}
        for key, name, o, others in found:
            labels = tuple(f"#{x[1]} {names.get(x, '?')}" for x in others)
            out.setdefault(key, []).append(
                Overbooked(name, o.capacity, o.peak, o.start, o.end, labels)
            )
        return {k: tuple(v) for k, v in out.items()}

    def _item_titles(self, s: Session, keys: set[Key]) -> dict[Key, str]:
        out: dict[Key, str] = {}
        tids = [i for k, i in keys if k == "t"]
        mids = [i for k, i in keys if k == "m"]
        if tids:
            rows = s.execute(sa.select(pk(Task.id), col(Task.title)).where(pk(Task.id).in_(tids)))
            out.update({("t", i): t for i, t in rows})
        if mids:
            rows = s.execute(
                sa.select(pk(Milestone.id), col(Milestone.title)).where(pk(Milestone.id).in_(mids))
            )
            out.update({("m", i): t for i, t in rows})
        return out

    def timeline_find(self, text: str) -> list[tuple[int, Key]]:
        """(project id, item) of milestones and tasks whose title contains `text`."""
        pattern = like(text.strip())
        with self.db.reading() as s:
            open_projects = sa.select(pk(Project.id)).where(col(Project.archived).is_(False))
            ms = s.execute(
                sa.select(col(Milestone.project_id), pk(Milestone.id))
                .where(sa.func.lower(col(Milestone.title)).like(pattern, escape="\\"))
                .where(col(Milestone.project_id).in_(open_projects))
                .order_by(col(Milestone.project_id), col(Milestone.due), pk(Milestone.id))
                .limit(FIND_LIMIT)
            ).all()
            ts = s.execute(
                sa.select(col(Task.project_id), pk(Task.id))
                .where(sa.func.lower(col(Task.title)).like(pattern, escape="\\"))
                .where(col(Task.project_id).in_(open_projects))
                .order_by(col(Task.project_id), col(Task.start_date), pk(Task.id))
                .limit(FIND_LIMIT)
            ).all()
        return [(p, ("m", i)) for p, i in ms] + [(p, ("t", i)) for p, i in ts]

    def titles_matching(self, query: str, limit: int = 500) -> list[tuple[int, str, str]]:
        """(id, project key, title) of milestones in open projects whose "#id KEY  title"
        holds the letters of `query` in order (what a fuzzy match needs), first `limit`:
        the palette asks this as one types instead of holding every title."""
        letters = [c for c in query.lower() if not c.isspace()]
        if not letters:
            return []
        esc = [c.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for c in letters]
        label = sa.func.lower(
            sa.literal("#") + sa.cast(pk(Milestone.id), sa.String) + " "
            + col(Project.key) + "  " + col(Milestone.title)
        )  # fmt: skip
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(pk(Milestone.id), col(Project.key), col(Milestone.title))
                .join(Project, pk(Project.id) == col(Milestone.project_id))
                .where(col(Project.archived).is_(False), self._sees())
                .where(label.like("%" + "%".join(esc) + "%", escape="\\"))
                .order_by(pk(Milestone.id))
                .limit(limit)
            ).all()
        return [(mid, key, title) for mid, key, title in rows]


def _plan(
    tp: TimelineProject,
    today: date,
    views: list[MilestoneView],
    tasks: Sequence[Any],
    preds: dict[int, tuple[int, ...]],
    succs: dict[int, tuple[int, ...]],
    other: dict[int, OtherMilestone],
    overbooked: dict[Key, tuple[Overbooked, ...]],
) -> ProjectPlan:
    """Rows in order (milestones by date, each followed by its tasks; then the tasks
    without a milestone) with projected dates, slack and the critical path."""
    open_ms = {m.id: m for m in views if m.status.value not in CLOSED}
    items = [Work(("m", m.id), m.due, m.due) for m in open_ms.values()]
    items += [Work(("t", t.id), t.start_date, t.end_date) for t in tasks if t.status != "done"]
    mine = {m.id for m in views}
    deps = [(a, b) for b, ps in preds.items() for a in ps if a in mine and b in mine]
    sched = schedule(items, plan_edges(((t.id, t.milestone_id) for t in tasks), deps), today)
    by_milestone: dict[int | None, list[Any]] = {}
    for t in tasks:
        by_milestone.setdefault(t.milestone_id if t.milestone_id in mine else None, []).append(t)
    rows: list[PlanRow] = []

    def task_row(t: Any, due: date | None) -> PlanRow:
        slot = sched.slots.get(("t", t.id))
        done = t.status == "done"
        proj_end = slot.end if slot else t.end_date
        health = Health(task_health(done, t.end_date, proj_end, due, today))
        return PlanRow(
            "t", t.id, t.title, t.login or "", health, t.status.replace("_", " "),
            t.start_date, t.end_date, slot.start if slot else None, slot.end if slot else None,
            slot.slack if slot else None, bool(slot and slot.critical), t.milestone_id,
            version=t.version,
        )  # fmt: skip

    for m in views:
        slot = sched.slots.get(("m", m.id))
        rows.append(
            PlanRow(
                "m", m.id, m.title, m.owner, m.health, m.status.label, m.due, m.due,
                slot.start if slot else None, slot.end if slot else None,
                slot.slack if slot else None, bool(slot and slot.critical), None,
                m.due_from_tasks, m.version, m.health_reasons,
            )
        )  # fmt: skip
        due = m.due if m.id in open_ms else None
        rows.extend(task_row(t, due) for t in by_milestone.get(m.id, ()))
    loose = by_milestone.get(None, [])
    if loose:
        rows.append(PlanRow("g", tp.id, "Tasks without a milestone", health=Health.DONE))
        rows.extend(task_row(t, None) for t in loose)
    return ProjectPlan(
        project=tp,
        today=today,
        rows=tuple(rows),
        preds=preds,
        succs=succs,
        other=other,
        path=sched.path,
        planned_end=sched.planned_end,
        projected_end=sched.projected_end,
        overbooked=overbooked,
    )
