"""Milestones: the listing (with health), the detail, and every change to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.enums import Health, Status, parse_enum
from mstui.domain.health import HealthFacts, HealthRules, assess
from mstui.domain.schedule import derived_due, find_cycle
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store.base import rowcount
from mstui.store.files import copied_files, files_base, sweep_unused
from mstui.store.people import check_amount
from mstui.store.projection import projected
from mstui.store.tables import (
    Activity,
    Alert,
    Attachment,
    Department,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    Task,
)
from mstui.store.targets import TargetStore
from mstui.views.milestones import Kpi, MilestoneView

CHUNK = 500
EDITABLE = (
    "title",
    "description",
    "owner",
    "due",
    "due_from_tasks",
    "status",
    "blocked_reason",
    "kpi_name",
    "kpi_target",
    "kpi_actual",
    "kpi_unit",
    "cost_estimate",
    "cost_actual",
    "effort_estimate",
    "effort_actual",
    "target_id",
    "position",
)
_AMOUNTS = (
    "kpi_target",
    "kpi_actual",
    "cost_estimate",
    "cost_actual",
    "effort_estimate",
    "effort_actual",
)


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


def _chunks(items: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class MilestoneStore(TargetStore):
    """Queries and commands on milestones and their dependencies."""

    # -- queries --------------------------------------------------------------
    def _select(self) -> Any:
        """Milestone columns with project, owner and department, as plain rows.

        Plain rows, not ORM objects: building 10,000 ORM instances took longer
        than the query itself.
        """
        owner = aliased(Person)
        table = Milestone.__table__  # type: ignore[attr-defined]
        return (
            sa.select(
                table,
                col(Project.key).label("p_key"),
                col(Project.timezone).label("p_tz"),
                col(Project.start_date).label("p_start"),
                col(Project.due_soon_days).label("p_due_soon"),
                col(owner.login).label("o_login"),
                col(owner.name).label("o_name"),
                col(Department.name).label("o_dept"),
            )
            .join(Project, Project.id == Milestone.project_id)
            .join(owner, owner.id == Milestone.owner_id)
            .outerjoin(Department, Department.id == owner.department_id)
        ), owner

    def _filtered(self, flt: MilestoneFilter) -> Any:
        q, owner = self._select()
        if flt.project:
            q = q.where(Project.key == flt.project.strip().upper())
        if flt.owner:
            q = q.where(owner.login == flt.owner.strip())
        if flt.department:
            q = q.where(Department.name == flt.department.strip())
        if flt.statuses:
            q = q.where(col(Milestone.status).in_([s.value for s in flt.statuses]))
        if flt.text:
            q = q.where(sa.func.lower(Milestone.title).like(_like(flt.text), escape="\\"))
        if flt.ids:
            q = q.where(col(Milestone.id).in_(flt.ids))
        if not flt.include_archived:
            q = q.where(col(Project.archived).is_(False))
        return q

    def list_milestones(self, flt: MilestoneFilter | None = None) -> list[MilestoneView]:
        """Milestones matching `flt`, by due date then id, each with its health."""
        flt = flt or MilestoneFilter()
        q = self._filtered(flt).order_by(Milestone.due, Milestone.id)
        with self.db.reading() as s:
            views = self._views(s, s.execute(q).all())
        if flt.health:
            views = [v for v in views if v.health is flt.health]
        return views

    def board(
        self, flt: MilestoneFilter, limit: int | None = None
    ) -> tuple[list[MilestoneView], dict[Status, int]]:
        """The board: milestones by status in board order (at most `limit` a status),
        and how many each status holds in all.

        With a limit, the first screenful of a 10,000-milestone board costs a
        few milliseconds; the rest can follow.
        """
        base = self._filtered(flt).order_by(Milestone.position, Milestone.id)
        counts_q = (
            self._filtered(flt)
            .with_only_columns(col(Milestone.status), sa.func.count())
            .group_by(col(Milestone.status))
        )
        with self.db.reading() as s:
            counts = {Status(st): int(n) for st, n in s.execute(counts_q).all()}
            if limit is None:
                rows = list(s.execute(base).all())
            else:
                rows = []
                for status in counts:
                    q = base.where(Milestone.status == status.value).limit(limit)
                    rows.extend(s.execute(q).all())
            views = self._views(s, rows)
        return views, {st: counts.get(st, 0) for st in Status}

    def titles(self) -> list[tuple[int, str, str]]:
        """(id, project key, title) of every milestone in an open project: the palette's list."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Milestone.id, Project.key, Milestone.title)
                .join(Project, Project.id == Milestone.project_id)
                .where(col(Project.archived).is_(False))
                .order_by(Milestone.id)
            ).all()
        return [(mid, key, title) for mid, key, title in rows]

    def milestone(self, mid: int) -> MilestoneView:
        """One milestone by id."""
        found = self.list_milestones(MilestoneFilter(ids=(mid,)))
        if not found:
            raise NotFound("milestone", mid)
        return found[0]

    def _views(self, s: Session, rows: Sequence[Any]) -> list[MilestoneView]:
        """Views of milestone rows, with dependencies, task ends and health."""
        ids = [row.id for row in rows]
        preds: dict[int, list[tuple[int, str, date, str]]] = defaultdict(list)
        task_ends: dict[int, date] = {}
        pred = aliased(Milestone)
        for chunk in _chunks(ids):
            dep_rows = s.execute(
                sa.select(
                    MilestoneDependency.successor_id, pred.id, pred.title, pred.due, pred.status
                )
                .join(pred, pred.id == MilestoneDependency.predecessor_id)
                .where(col(MilestoneDependency.successor_id).in_(chunk))
                .order_by(pred.id)
            ).all()
            for succ, pid, title, due, status in dep_rows:
                preds[succ].append((pid, title, due, status))
            end_rows = s.execute(
                sa.select(Task.milestone_id, sa.func.max(Task.end_date))
                .where(col(Task.milestone_id).in_(chunk), Task.status != "done")
                .group_by(Task.milestone_id)
            ).all()
            task_ends.update({mid: end for mid, end in end_rows})
        target_ids = {row.target_id for row in rows if row.target_id is not None}
        behind = self._targets_behind(s, target_ids) if target_ids else set()
        now = self.now()
        base_rules = self.health_rules
        # A project may set its own "due soon" (mstui alerts thresholds KEY):
        # its traffic lights follow the same threshold as its alerts.
        project_rules: dict[int, HealthRules] = {}
        closed = (Status.DONE.value, Status.CANCELLED.value)
        # Predecessors and tasks are judged by their projected dates through the
        # dependency chain (store/projection.py), not only their own dates.
        chained = [
            m.id
            for m in rows
            if m.status not in closed and any(p[3] not in closed for p in preds.get(m.id, ()))
        ]
        proj_ms: dict[int, date] = {}
        proj_ends: dict[int, date] = {}
        if chained:
            zones = {m.p_tz or self.settings.timezone for m in rows}
            today = min(today_in(tz, now) for tz in zones)
            proj_ms, proj_ends = projected(s, chained, today)
        out = []
        for m in rows:
            tz = m.p_tz or self.settings.timezone
            status = Status(m.status)
            open_preds = [
                (title, proj_ms.get(pid, due))
                for pid, title, due, st in preds.get(m.id, ())
                if st not in closed
            ]
            end = proj_ends.get(m.id, task_ends.get(m.id))
            facts = HealthFacts(
                status=status,
                due=m.due,
                timezone=tz,
                predecessor_dates=open_preds,
                task_ends=[("", end)] if end else [],
                kpi_target=m.kpi_target,
                kpi_actual=m.kpi_actual,
                kpi_since=m.p_start or m.created_at.date(),
                target_behind=m.target_id in behind,
            )
            rules = base_rules
            if m.p_due_soon is not None:
                rules = project_rules.setdefault(
                    m.project_id, replace(base_rules, due_soon_days=m.p_due_soon)
                )
            verdict = assess(facts, now, rules)
            out.append(
                MilestoneView(
                    id=m.id,
                    project_id=m.project_id,
                    project=m.p_key,
                    title=m.title,
                    description=m.description,
                    owner=m.o_login,
                    owner_name=m.o_name,
                    department=m.o_dept,
                    due=m.due,
                    due_from_tasks=m.due_from_tasks,
                    status=status,
                    blocked_reason=m.blocked_reason,
                    blocked_at=m.blocked_at,
                    completed_at=m.completed_at,
                    kpi=Kpi(m.kpi_name, m.kpi_target, m.kpi_actual, m.kpi_unit)
                    if m.kpi_name
                    else None,
                    cost_estimate=m.cost_estimate,
                    cost_actual=m.cost_actual,
                    effort_estimate=m.effort_estimate,
                    effort_actual=m.effort_actual,
                    target_id=m.target_id,
                    position=m.position,
                    version=m.version,
                    timezone=tz,
                    updated_at=m.updated_at,
                    health=verdict.health,
                    health_reasons=verdict.reasons,
                    depends_on=tuple(p[0] for p in preds.get(m.id, ())),
                )
            )
        return out

    # -- commands -------------------------------------------------------------
    def add_milestone(
        self,
        project: str,
        title: str,
        due: date,
        *,
        owner: str | None = None,
        description: str = "",
        depends_on: Sequence[int] = (),
        kpi: tuple[str, float | None, str] | None = None,
        cost_estimate: float | None = None,
        effort_estimate: float | None = None,
        status: Status = Status.PLANNED,
        due_from_tasks: bool = False,
        target_id: int | None = None,
        blocked_reason: str = "",
        kpi_actual: float | None = None,
        cost_actual: float | None = None,
        effort_actual: float | None = None,
    ) -> MilestoneView:
        """Create a milestone (owner defaults to me) at the end of its column."""
        title = clean_field("title", title, max_len=200)
        description = clean_field(
            "description", description, max_len=10_000, required=False, multiline=True
        )
        cost_estimate = check_amount("cost", cost_estimate)
        effort_estimate = check_amount("effort", effort_estimate)
        kpi_name, kpi_target, kpi_unit = "", None, ""
        if kpi is not None:
            kpi_name = clean_field("kpi", kpi[0], max_len=80)
            kpi_target = check_amount("kpi target", kpi[1])
            kpi_unit = clean_field("kpi unit", kpi[2], max_len=20, required=False)
        blocked_reason = clean_field("reason", blocked_reason, max_len=500, required=False)
        if status is Status.BLOCKED and not blocked_reason:
            raise Invalid("reason", "", "say why it is blocked")
        kpi_actual = check_amount("kpi_actual", kpi_actual)
        cost_actual = check_amount("cost_actual", cost_actual)
        effort_actual = check_amount("effort_actual", effort_actual)
        with self._write() as s:
            proj = self._project(s, project)
            owner_id = self._person_id(s, owner) if owner else self._me_id
            assert owner_id is not None and proj.id is not None
            if target_id is not None:
                self._target_row(s, target_id)
            now = self.now()
            m = Milestone(
                project_id=proj.id,
                title=title,
                description=description,
                owner_id=owner_id,
                due=due,
                due_from_tasks=due_from_tasks,
                status=status.value,
                blocked_reason=blocked_reason if status is Status.BLOCKED else "",
                blocked_at=now if status is Status.BLOCKED else None,
                completed_at=now if status is Status.DONE else None,
                kpi_name=kpi_name,
                kpi_target=kpi_target,
                kpi_actual=kpi_actual if kpi_name else None,
                kpi_unit=kpi_unit,
                cost_estimate=cost_estimate,
                cost_actual=cost_actual,
                effort_estimate=effort_estimate,
                effort_actual=effort_actual,
                target_id=target_id,
                position=self._next_position(s, status),
                created_at=now,
                updated_at=now,
            )
            s.add(m)
            s.flush()
            assert m.id is not None
            self._log(s, "milestone", m.id, "create", new=title, project_id=proj.id)
            for pred_id in depends_on:
                self._add_dependency(s, pred_id, m.id)
            mid = m.id
        return self.milestone(mid)

    def _next_position(self, s: Session, status: Status) -> int:
        top = s.scalar(sa.select(sa.func.max(Milestone.position)).where(Milestone.status == status))
        return int(top or 0) + 1

    def _conflict(self, s: Session, m: Milestone, expected: int) -> Conflict:
        # Who changed it: the latest other person in its history (not me).
        by = s.scalar(
            sa.select(Person.login)
            .join(Activity, Activity.actor_id == Person.id)
            .where(Activity.entity == "milestone", Activity.entity_id == m.id)
            .where(Activity.actor_id != self._me_id)
            .order_by(col(Activity.id).desc())
            .limit(1)
        )
        assert m.id is not None
        return Conflict("milestone", m.id, expected, m.version, by=by)

    def _apply(
        self,
        s: Session,
        m: Milestone,
        values: dict[str, Any],
        expected_version: int | None,
        action: str = "edit",
    ) -> None:
        """Write changed columns with a version check, and log each change."""
        assert m.id is not None
        if self._stale("milestone", m.id, m.version, expected_version):
            raise self._conflict(s, m, expected_version)
        changed = {k: v for k, v in values.items() if getattr(m, k) != v}
        if not changed:
            return
        for key, new in changed.items():
            if key in ("updated_at", "completed_at", "blocked_at", "position"):
                continue
            old = getattr(m, key)
            if key == "owner_id":
                key, old, new = "owner", self._login(s, old), self._login(s, new)
            self._log(
                s,
                "milestone",
                m.id,
                action,
                field=key,
                old=old,
                new=new,
                project_id=m.project_id,
            )
        changed["updated_at"] = self.now()
        done = s.execute(
            sa.update(Milestone)
            .where(Milestone.id == m.id, Milestone.version == m.version)
            .values(version=Milestone.version + 1, **changed)
        )
        if rowcount(done) != 1:
            s.refresh(m)
            raise self._conflict(s, m, expected_version or m.version)
        s.expire(m)

    def _login(self, s: Session, pid: int | None) -> str | None:
        if pid is None:
            return None
        return s.scalar(sa.select(Person.login).where(Person.id == pid))

    def edit_milestone(
        self,
        mid: int,
        expected_version: int | None,
        *,
        depends_on: Sequence[int] | None = None,
        **changes: Any,
    ) -> MilestoneView:
        """Change fields of a milestone; `Conflict` if it moved on since `expected_version`.

        Keys are those of `EDITABLE`; `owner` is a login, `status` a `Status`.
        `depends_on`, when given, replaces what it depends on, in the same
        transaction: a refused dependency (a cycle) saves none of the changes.
        """
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited")
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "title":
                values["title"] = clean_field("title", value, max_len=200)
            elif key == "description":
                values[key] = clean_field(
                    key, value, max_len=10_000, required=False, multiline=True
                )
            elif key in ("kpi_name", "kpi_unit", "blocked_reason"):
                limit = {"kpi_name": 80, "kpi_unit": 20, "blocked_reason": 500}[key]
                values[key] = clean_field(key, value or "", max_len=limit, required=False)
            elif key in _AMOUNTS:
                values[key] = check_amount(key, value)
            elif key == "status":
                values["status"] = parse_enum(Status, "status", value)
            elif key == "position":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise Invalid("position", value, "not a whole number")
                values["position"] = value
            elif key == "due":
                if not isinstance(value, date):
                    raise Invalid("due", value, "not a date")
                values["due"] = value
            elif key == "due_from_tasks":
                values["due_from_tasks"] = bool(value)
            else:
                values[key] = value
        with self._write() as s:
            m = self._require(s, Milestone, mid, "milestone")
            if "owner" in values:
                values["owner_id"] = self._person_id(s, values.pop("owner"))
            if values.get("target_id") is not None:
                self._target_row(s, values["target_id"])
            if "status" in values:
                values.update(self._status_values(s, m, values.pop("status"), values))
            if values.get("due_from_tasks"):
                ends = s.scalars(sa.select(Task.end_date).where(Task.milestone_id == mid))
                values["due"] = derived_due(ends, values.get("due", m.due))
            self._apply(s, m, values, expected_version)
            if depends_on is not None:
                self._set_dependencies(s, m, depends_on)
        return self.milestone(mid)

    def _status_values(
        self, s: Session, m: Milestone, status: Status, values: dict[str, Any]
    ) -> dict[str, Any]:
        """The columns that go with a move to `status`."""
        out: dict[str, Any] = {"status": status.value}
        if status.value == m.status:
            return out
        now = self.now()
        reason = values.get("blocked_reason", m.blocked_reason if status is Status.BLOCKED else "")
        if status is Status.BLOCKED:
            if not reason:
                raise Invalid("reason", "", "say why it is blocked")
            out["blocked_at"] = now
            out["blocked_reason"] = reason
        else:
            out["blocked_at"] = None
            out["blocked_reason"] = ""
        out["completed_at"] = now if status is Status.DONE else None
        if "position" not in values:  # an undo puts the card back where it was
            out["position"] = self._next_position(s, status)
        return out

    def move_milestone(
        self,
        mid: int,
        status: Status,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> MilestoneView:
        """Move a milestone to another status (a reason is required to block)."""
        changes: dict[str, Any] = {"status": status}
        if reason is not None:
            changes["blocked_reason"] = reason
        return self.edit_milestone(mid, expected_version, **changes)

    def complete_milestone(self, mid: int, expected_version: int | None = None) -> MilestoneView:
        """Mark a milestone done."""
        return self.move_milestone(mid, Status.DONE, expected_version=expected_version)

    def reorder_milestone(self, mid: int, other_id: int) -> None:
        """Swap the board positions of two milestones (moving a card up or down)."""
        with self._write() as s:
            a = self._require(s, Milestone, mid, "milestone")
            b = self._require(s, Milestone, other_id, "milestone")
            pa, pb = a.position, b.position
            if pa == pb:
                pb = pa + 1
            s.execute(sa.update(Milestone).where(Milestone.id == a.id).values(position=pb))
            s.execute(sa.update(Milestone).where(Milestone.id == b.id).values(position=pa))

    def delete_milestone(self, mid: int, expected_version: int | None = None) -> None:
        """Delete a milestone, its alerts and attachments (their stored files when no
        other attachment uses them); its tasks stay in the project, unlinked."""
        with self._write() as s:
            m = self._require(s, Milestone, mid, "milestone")
            if self._stale("milestone", m.id, m.version, expected_version):
                raise self._conflict(s, m, expected_version)
            s.execute(sa.update(Task).where(Task.milestone_id == mid).values(milestone_id=None))
            # Like delete_project and delete_target: no alert about what is gone.
            s.execute(
                sa.delete(Alert).where(Alert.subject_type == "milestone", Alert.subject_id == mid)
            )
            shas = list(s.scalars(copied_files(Attachment.milestone_id == mid)))
            s.execute(sa.delete(Attachment).where(Attachment.milestone_id == mid))
            self._log(s, "milestone", mid, "delete", old=m.title, project_id=m.project_id)
            s.delete(m)
        sweep_unused(files_base(self.db.path), self._write, shas)

    # -- dependencies -----------------------------------------------------------
    def _add_dependency(self, s: Session, pred_id: int, succ_id: int) -> None:
        pred = s.get(Milestone, pred_id)
        if pred is None:
            raise Invalid("depends", pred_id, "no such milestone")
        succ = self._require(s, Milestone, succ_id, "milestone")
        exists = s.scalar(
            sa.select(MilestoneDependency.id).where(
                MilestoneDependency.predecessor_id == pred_id,
                MilestoneDependency.successor_id == succ_id,
            )
        )
        if exists is not None:
            return
        cycle = find_cycle(self._edges_after(s, succ_id), (pred_id, succ_id))
        if cycle is not None:
            titles = {
                i: t
                for i, t in s.execute(
                    sa.select(Milestone.id, Milestone.title).where(col(Milestone.id).in_(cycle))
                )
            }
            path = " → ".join(f"#{i} {titles.get(i, '?')}" for i in cycle)
            raise Invalid("depends", pred_id, f"would make a cycle: {path}")
        s.add(MilestoneDependency(predecessor_id=pred_id, successor_id=succ_id))
        s.flush()  # the next check in this unit of work sees this edge
        self._log(
            s,
            "milestone",
            succ_id,
            "depend",
            field="depends_on",
            new=pred_id,
            project_id=succ.project_id,
        )

    def _edges_after(self, s: Session, mid: int) -> list[tuple[int, int]]:
        """The dependency edges reachable from `mid` along its successors.

        A new edge pred → succ closes a cycle exactly when pred is among them,
        so the check reads what follows the successor (one recursive query on
        the indexed predecessor column), not every edge of the history.
        """
        dep = MilestoneDependency.__table__  # type: ignore[attr-defined]
        start: Any = sa.select(col(Milestone.id).label("id")).where(Milestone.id == mid)
        reach_cte = start.cte("reach", recursive=True)
        reach_cte = reach_cte.union(
            sa.select(dep.c.successor_id).join(reach_cte, dep.c.predecessor_id == reach_cte.c.id)
        )
        rows = s.execute(
            sa.select(dep.c.predecessor_id, dep.c.successor_id).where(
                dep.c.predecessor_id.in_(sa.select(reach_cte.c.id))
            )
        ).all()
        return [(a, b) for a, b in rows]

    def add_dependency(self, pred_id: int, succ_id: int) -> None:
        """`succ_id` now depends on `pred_id`; refused if that closes a cycle."""
        with self._write() as s:
            self._add_dependency(s, pred_id, succ_id)

    def remove_dependency(self, pred_id: int, succ_id: int) -> None:
        """`succ_id` no longer depends on `pred_id`."""
        with self._write() as s:
            succ = self._require(s, Milestone, succ_id, "milestone")
            gone = s.execute(
                sa.delete(MilestoneDependency).where(
                    MilestoneDependency.predecessor_id == pred_id,
                    MilestoneDependency.successor_id == succ_id,
                )
            )
            if rowcount(gone):
                self._log(
                    s,
                    "milestone",
                    succ_id,
                    "undepend",
                    field="depends_on",
                    old=pred_id,
                    project_id=succ.project_id,
                )

    def set_dependencies(self, succ_id: int, pred_ids: Iterable[int]) -> None:
        """Make `succ_id` depend on exactly `pred_ids` (one transaction, all or nothing)."""
        with self._write() as s:
            succ = self._require(s, Milestone, succ_id, "milestone")
            self._set_dependencies(s, succ, pred_ids)

    def _set_dependencies(self, s: Session, succ: Milestone, pred_ids: Iterable[int]) -> None:
        """Inside a unit of work: make `succ` depend on exactly `pred_ids`."""
        wanted = set(pred_ids)
        succ_id = succ.id
        assert succ_id is not None
        have = set(
            s.scalars(
                sa.select(MilestoneDependency.predecessor_id).where(
                    MilestoneDependency.successor_id == succ_id
                )
            )
        )
        for old in have - wanted:
            s.execute(
                sa.delete(MilestoneDependency).where(
                    MilestoneDependency.predecessor_id == old,
                    MilestoneDependency.successor_id == succ_id,
                )
            )
            self._log(
                s,
                "milestone",
                succ_id,
                "undepend",
                field="depends_on",
                old=old,
                project_id=succ.project_id,
            )
        s.flush()
        for new in sorted(wanted - have):
            self._add_dependency(s, new, succ_id)
