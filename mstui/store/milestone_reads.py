"""Reading milestones: the listing and the board, each milestone with its health.

`milestone_views` is what every screen's milestones go through (the timeline,
the targets, the dashboard, the detail), so health reads the same everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import SQLModel, col

from mstui.domain.dates import today_in
from mstui.domain.enums import Health, Status, stored
from mstui.domain.health import Assessment, HealthFacts, HealthRules, assess
from mstui.errors import NotFound
from mstui.store.base import CHUNK, StoreBase, chunks
from mstui.store.projection import projected
from mstui.store.tables import Department, Milestone, MilestoneDependency, Person, Project, Task
from mstui.store.target_reads import targets_behind
from mstui.views.milestones import Kpi, MilestoneView

Query = sa.Select[*tuple[Any, ...]]
"""A query of plain milestone rows (see `milestone_query`)."""


@dataclass(frozen=True)
class MilestoneFilter:
    """What a listing shows; everything (done and cancelled included) by default."""

    project: str | None = None
    owner: str | None = None
    department: str | None = None
    statuses: tuple[Status, ...] = ()
    health: Health | None = None
    text: str = ""
    ids: tuple[int, ...] = ()
    include_archived: bool = True


def like(text: str) -> str:
    """A LIKE pattern (escape `\\`) finding `text` anywhere, in lower case."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def milestone_query(flt: MilestoneFilter, sees: sa.ColumnElement[bool]) -> Query:
    """Milestone columns with project, owner and department, as plain rows, for `flt`
    (all but its health, which is known only once the rows are read), in the
    projects `sees` lets the acting person see (`StoreBase._sees`).

    Plain rows, not ORM objects: building 10,000 ORM instances took longer
    than the query itself.
    """
    owner = aliased(Person)
    q = (
        sa.select(
            SQLModel.metadata.tables["milestone"],
            col(Project.key).label("p_key"),
            col(Project.timezone).label("p_tz"),
            col(Project.start_date).label("p_start"),
            col(Project.due_soon_days).label("p_due_soon"),
            col(owner.login).label("o_login"),
            col(owner.name).label("o_name"),
            col(Department.name).label("o_dept"),
        )
        .join(Project, col(Project.id) == col(Milestone.project_id))
        .join(owner, col(owner.id) == col(Milestone.owner_id))
        .outerjoin(Department, col(Department.id) == col(owner.department_id))
        .where(sees)
    )
    if flt.project:
        q = q.where(col(Project.key) == flt.project.strip().upper())
    if flt.owner:
        q = q.where(col(owner.login) == flt.owner.strip())
    if flt.department:
        q = q.where(col(Department.name) == flt.department.strip())
    if flt.statuses:
        q = q.where(col(Milestone.status).in_([s.value for s in flt.statuses]))
    if flt.text:
        q = q.where(sa.func.lower(col(Milestone.title)).like(like(flt.text), escape="\\"))
    if flt.ids:
        q = q.where(col(Milestone.id).in_(flt.ids))
    if not flt.include_archived:
        q = q.where(col(Project.archived).is_(False))
    return q


MANY = 4 * CHUNK
"""Above this many rows, a listing reads dependencies and task ends in one query
(joined on its own filter) instead of one per chunk of ids."""

_STATUS = {s.value: s for s in Status}
_VIEW_COLUMNS = (
    "id", "project_id", "title", "description", "due", "due_from_tasks", "status",
    "blocked_reason", "blocked_at", "completed_at", "kpi_name", "kpi_target", "kpi_actual",
    "kpi_unit", "cost_estimate", "cost_actual", "effort_estimate", "effort_actual",
    "target_id", "position", "version", "created_at", "updated_at", "p_key", "p_tz",
    "p_start", "p_due_soon", "o_login", "o_name", "o_dept",
)  # fmt: skip
"""The columns of `milestone_query` a view is made of, in the order `milestone_views`
unpacks them."""
_CLOSED = (Status.DONE.value, Status.CANCELLED.value)
_CLOSED_VERDICT = {
    Status.DONE: Assessment(Health.DONE),
    Status.CANCELLED: Assessment(Health.CANCELLED),
}  # what `assess` says of them, whatever the facts


def milestones_matching(st: StoreBase, s: Session, flt: MilestoneFilter) -> list[MilestoneView]:
    """Milestones matching `flt`, by due date then id, each with its health."""
    sees = st._sees()
    q = milestone_query(flt, sees).order_by(col(Milestone.due), col(Milestone.id))
    # On the session's connection: a Core select through Session.execute goes through
    # the ORM's result machinery, which cost more than the query at 100,000 rows.
    rows = s.connection().execute(q).all()
    every = None
    if len(rows) > MANY:
        every = milestone_query(flt, sees).with_only_columns(col(Milestone.id))
    views = milestone_views(st, s, rows, every)
    if flt.health:
        views = [v for v in views if v.health is flt.health]
    return views


def one_milestone(st: StoreBase, s: Session, mid: int) -> MilestoneView:
    """One milestone by id (`NotFound` if there is none)."""
    found = milestones_matching(st, s, MilestoneFilter(ids=(mid,)))
    if not found:
        raise NotFound("milestone", mid)
    return found[0]


def related(
    s: Session, ids: Sequence[int], every: Any = None
) -> tuple[dict[int, list[tuple[int, str, date, str]]], dict[int, date]]:
    """(id, title, due, status) of the predecessors of each of `ids` (by id), and the
    latest end of each one's tasks not done. `every`, a select of exactly those ids,
    reads them in one query each instead of one per chunk."""
    conn = s.connection()
    preds: dict[int, list[tuple[int, str, date, str]]] = defaultdict(list)
    task_ends: dict[int, date] = {}
    pred = aliased(Milestone)
    deps = sa.select(
        col(MilestoneDependency.successor_id),
        col(pred.id),
        col(pred.title),
        col(pred.due),
        col(pred.status),
    ).join(pred, col(pred.id) == col(MilestoneDependency.predecessor_id))
    ends = (
        sa.select(col(Task.milestone_id), sa.func.max(col(Task.end_date)))
        .where(col(Task.status) != "done")
        .group_by(col(Task.milestone_id))
    )
    wanted = [every] if every is not None else list(chunks(ids))
    for these in wanted:
        dep_rows = conn.execute(
            deps.where(col(MilestoneDependency.successor_id).in_(these)).order_by(col(pred.id))
        ).all()
        for succ, pid, title, due, status in dep_rows:
            assert pid is not None
            preds[succ].append((pid, title, due, status))
        end_rows = conn.execute(ends.where(col(Task.milestone_id).in_(these))).all()
        task_ends.update({mid: end for mid, end in end_rows if mid is not None})
    return preds, task_ends


def milestone_views(
    st: StoreBase, s: Session, rows: Sequence[Any], every: Any = None
) -> list[MilestoneView]:
    """Views of rows of `milestone_query`, with dependencies, task ends and health
    (`every`: a select of the rows' ids, see `related`)."""
    preds, task_ends = related(s, [row.id for row in rows], every)
    target_ids = {row.target_id for row in rows if row.target_id is not None}
    behind = targets_behind(st, s, target_ids) if target_ids else set()
    now = st.now()
    base_rules = st.health_rules
    default_tz = st.settings.timezone
    # A project may set its own "due soon" (mstui alerts thresholds KEY):
    # its traffic lights follow the same threshold as its alerts.
    project_rules: dict[int, HealthRules] = {}
    # Predecessors and tasks are judged by their projected dates through the
    # dependency chain (store/projection.py), not only their own dates.
    chained = [
        m.id
        for m in rows
        if m.status not in _CLOSED and any(p[3] not in _CLOSED for p in preds.get(m.id, ()))
    ]
    proj_ms: dict[int, date] = {}
    proj_ends: dict[int, date] = {}
    if chained:
        zones = {m.p_tz or default_tz for m in rows}
        today = min(today_in(tz, now) for tz in zones)
        proj_ms, proj_ends = projected(s, chained, today)
    no_preds: list[tuple[int, str, date, str]] = []
    out: list[MilestoneView] = []
    if not rows:
        return out
    # Every column in one C call a row (a Row's attributes cost 0.4 µs each: 1.4 s at
    # 100,000 rows), by name, so the order of the table's columns does not matter.
    at = {name: i for i, name in enumerate(rows[0]._fields)}
    pick = itemgetter(*(at[name] for name in _VIEW_COLUMNS))
    for row in rows:
        (mid, project_id, title, description, due, due_from_tasks, stored_status,
         blocked_reason, blocked_at, completed_at, kpi_name, kpi_target, kpi_actual,
         kpi_unit, cost_estimate, cost_actual, effort_estimate, effort_actual, target_id,
         position, version, created_at, updated_at, p_key, p_tz, p_start, p_due_soon,
         o_login, o_name, o_dept) = pick(row)  # fmt: skip
        tz = p_tz or default_tz
        status = _STATUS.get(stored_status, Status.PLANNED)
        mine = preds.get(mid, no_preds)
        verdict = _CLOSED_VERDICT.get(status)
        if verdict is None:
            end = proj_ends.get(mid, task_ends.get(mid))
            facts = HealthFacts(
                status=status,
                due=due,
                timezone=tz,
                predecessor_dates=[
                    (ptitle, proj_ms.get(pid, pdue))
                    for pid, ptitle, pdue, pst in mine
                    if pst not in _CLOSED
                ],
                task_ends=[("", end)] if end else [],
                kpi_target=kpi_target,
                kpi_actual=kpi_actual,
                kpi_since=p_start or created_at.date(),
                target_behind=target_id in behind,
            )
            rules = base_rules
            if p_due_soon is not None:
                rules = project_rules.get(project_id) or project_rules.setdefault(
                    project_id, replace(base_rules, due_soon_days=p_due_soon)
                )
            verdict = assess(facts, now, rules)
        out.append(
            MilestoneView(
                id=mid,
                project_id=project_id,
                project=p_key,
                title=title,
                description=description,
                owner=o_login,
                owner_name=o_name,
                department=o_dept,
                due=due,
                due_from_tasks=due_from_tasks,
                status=status,
                blocked_reason=blocked_reason,
                blocked_at=blocked_at,
                completed_at=completed_at,
                kpi=Kpi(kpi_name, kpi_target, kpi_actual, kpi_unit) if kpi_name else None,
                cost_estimate=cost_estimate,
                cost_actual=cost_actual,
                effort_estimate=effort_estimate,
                effort_actual=effort_actual,
                target_id=target_id,
                position=position,
                version=version,
                timezone=tz,
                updated_at=updated_at,
                health=verdict.health,
                health_reasons=verdict.reasons,
                depends_on=tuple(p[0] for p in mine),
            )
        )
    return out


class MilestoneReadPart(StoreBase):
    """Queries on milestones: the listing, the board, the palette's titles."""

    def list_milestones(self, flt: MilestoneFilter | None = None) -> list[MilestoneView]:
        """Milestones matching `flt`, by due date then id, each with its health."""
        with self.db.reading() as s:
            return milestones_matching(self, s, flt or MilestoneFilter())

    def board(
        self, flt: MilestoneFilter, limit: int | None = None
    ) -> tuple[list[MilestoneView], dict[Status, int]]:
        """The board: milestones by status in board order (at most `limit` a status),
        and how many each status holds in all.

        With a limit, the first screenful of a 10,000-milestone board costs a
        few milliseconds; the rest can follow.
        """
        base = milestone_query(flt, self._sees()).order_by(
            col(Milestone.position), col(Milestone.id)
        )
        counts_q = (
            milestone_query(flt, self._sees())
            .with_only_columns(col(Milestone.status), sa.func.count())
            .group_by(col(Milestone.status))
        )
        with self.db.reading() as s:
            counts = {
                stored(Status, st, Status.PLANNED): int(n) for st, n in s.execute(counts_q).all()
            }
            if limit is None:
                rows = list(s.execute(base).all())
            else:
                rows = []
                for status in counts:
                    q = base.where(col(Milestone.status) == status.value).limit(limit)
                    rows.extend(s.execute(q).all())
            views = milestone_views(self, s, rows)
        return views, {st: counts.get(st, 0) for st in Status}

    def titles(self) -> list[tuple[int, str, str]]:
        """(id, project key, title) of every milestone in an open project: the palette's list."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(col(Milestone.id), col(Project.key), col(Milestone.title))
                .join(Project, col(Project.id) == col(Milestone.project_id))
                .where(col(Project.archived).is_(False), self._sees())
                .order_by(col(Milestone.id))
            ).all()
        return [(mid, key, title) for mid, key, title in rows if mid is not None]

    def milestone(self, mid: int) -> MilestoneView:
        """One milestone by id."""
        with self.db.reading() as s:
            return one_milestone(self, s, mid)
