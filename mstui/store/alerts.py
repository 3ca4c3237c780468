"""The alert engine: `scan(now)`.

A scan gathers candidate subjects with indexed queries, runs the pure rules of
`mstui.domain.alerts` on them, and inserts what they raise with an
insert-or-ignore on the UNIQUE dedupe key, so any number of processes scanning
at once raise each alert exactly once; it returns only what this call
inserted. (The inbox — listing, acknowledging, snoozing — is in `inbox.py`.)

What a scan reads (its cost grows with what changed, not with history):

- A *full* scan — the first one, once a day, after the settings' thresholds or
  the rules changed, or when the clock went backwards — reads every open
  milestone due up to today + N, every blocked one, those done within the
  achievement window, every dependency that may have slipped, every target
  with a passed checkpoint, and every project.
- An *incremental* scan reads what crossed a rule's line between the last
  scan and now (a due date passing, today + N reaching a due date, a blocked
  time growing past B days, a completion, a checkpoint date passing, a new
  month or quarter) and what changed: the milestones, targets and projects
  named by Activity rows newer than the watermark. Settings that differ
  between processes (each person's config file) make their scans full ones.

The watermark (table `alertscan`: the last Activity id seen, the time of the
last scan) is written in the same transaction as the scan's last alerts, so a
scan that fails leaves it where it was and the next one redoes the work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import SQLModel, col

from mstui.domain import alerts as rules
from mstui.domain.alerts import (
    ACHIEVEMENT_DAYS,
    Candidate,
    MilestoneFacts,
    PredecessorFacts,
    ProjectFacts,
    TargetFacts,
    Thresholds,
)
from mstui.domain.dates import today_in
from mstui.domain.enums import Direction, Status
from mstui.errors import DatabaseUnavailable
from mstui.store.inbox import THRESHOLD_FIELDS, AlertFilter, InboxStore, chunks
from mstui.store.tables import (
    Activity,
    Alert,
    AlertScan,
    Checkpoint,
    Measurement,
    Milestone,
    MilestoneDependency,
    Person,
    Project,
    ProjectMember,
    Target,
)
from mstui.views.alerts import AlertView

__all__ = ["AlertFilter", "AlertStore", "AlertView", "ScanStats", "insert_ignore"]

RULES_VERSION = "rules-1"
"""Part of the fingerprint: bump it when a rule changes, and the next scan is full."""
MARGIN = timedelta(minutes=10)
"""How late a transaction stamped before a scan may commit and still be seen by the next."""
FULL_EVERY = timedelta(hours=24)
"""A full scan at least this often catches what no Activity row tells (a new department head)."""
REMARK_EVERY = timedelta(hours=1)
"""With nothing new, the watermark is rewritten only this often (each write wakes other apps)."""
INSERT_BATCH = 2_000
"""Alerts per write transaction: the write lock is never held for long."""

_OPEN = (Status.PLANNED.value, Status.IN_PROGRESS.value, Status.BLOCKED.value)
_WATCHED = ("milestone", "target", "project")


def insert_ignore(dialect: str, table: sa.Table, conflict_on: Sequence[str]) -> Any:
    """An INSERT that skips rows clashing with a unique index, on SQLite or PostgreSQL."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=list(conflict_on))
    raise DatabaseUnavailable(f"alerts need SQLite or PostgreSQL, not {dialect}")


@dataclass(frozen=True)
class ScanStats:
    """What the last scan of this store did (for tests, the benchmark and the curious)."""

    full: bool
    milestones: int
    """Milestones whose rules were evaluated."""
    candidates: int
    """Alerts the rules raised, before dropping those that already exist."""
    inserted: int
    resolved: int = 0
    """Open alerts found no longer true (their milestone re-evaluated without them)."""
    reopened: int = 0
    """Resolved alerts whose condition came back (the same key raised again)."""


@dataclass
class _Plan:
    """What one scan looks at."""

    now: datetime
    base: Thresholds
    fingerprint: str
    full: bool
    since: datetime
    max_activity_id: int
    mark_needed: bool
    changed: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    milestones: int = 0
    evaluated: set[int] = field(default_factory=set)
    """Milestones whose every rule (but dependency_slipped) ran in this scan."""
    checked: set[int] = field(default_factory=set)
    """Of those, the ones whose predecessors were read too (dependency_slipped ran)."""


class AlertStore(InboxStore):
    """The alert engine: `scan`."""

    last_scan: ScanStats | None = None

    # -- the scan -------------------------------------------------------------------
    def scan(self, now: datetime | None = None, *, full: bool = False) -> list[AlertView]:
        """Evaluate every rule and insert the alerts raised; returns those this call inserted."""
        moment = (now or self.now()).astimezone(UTC)
        # A plain datetime: the rules do thousands of subtractions, pendulum's are slow.
        now = datetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=UTC)
        base = self.base_thresholds()
        fingerprint = f"{RULES_VERSION}|{base.fingerprint}"
        with self.db.reading() as s:
            plan = self._plan(s, now, base, fingerprint, full)
            candidates = self._evaluate(s, plan)
            fresh, reopen = self._not_raised(s, candidates)
            # Decided again inside the write (it may have changed); read here only to
            # know whether a write is needed at all.
            resolving = bool(self._no_longer_true(s, plan.evaluated))
        ids, resolved = self._insert(fresh, plan, reopen, resolving)
        self.last_scan = ScanStats(
            plan.full, plan.milestones, len(candidates), len(ids), resolved, len(reopen)
        )
        return self._alert_views_by_id(ids)

    def _plan(
        self, s: Session, now: datetime, base: Thresholds, fingerprint: str, full: bool
    ) -> _Plan:
        # The newest Activity id first: rows committed while we read are seen next time.
        top = int(s.scalar(sa.select(sa.func.max(Activity.id))) or 0)
        mark = s.execute(
            sa.select(
                AlertScan.last_activity_id,
                AlertScan.last_scan_at,
                AlertScan.fingerprint,
                AlertScan.full_scan_at,
            ).where(AlertScan.id == 1)
        ).first()
        if mark is None:
            full = True
        else:
            last_id, last_at, last_fp, full_at = mark
            full = (
                full
                or last_fp != fingerprint
                or now < last_at - MARGIN  # the clock went backwards: trust nothing
                or full_at is None
                or now - full_at >= FULL_EVERY
            )
        if full:
            return _Plan(now, base, fingerprint, True, now, top, True)
        # Only PostgreSQL needs to look back further than the last scan (see below).
        since = last_at if self.db.is_sqlite else last_at - MARGIN
        plan = _Plan(
            now,
            base,
            fingerprint,
            False,
            since,
            top,
            mark_needed=top != last_id or now - last_at >= REMARK_EVERY,
        )
        queries = [sa.select(Activity.entity, Activity.entity_id).where(Activity.id > last_id)]
        if not self.db.is_sqlite:
            # SQLite runs one writer at a time, so ids grow in commit order and
            # "id > watermark" misses nothing. A PostgreSQL sequence hands out
            # ids at insert time: a transaction may commit after a newer id was
            # seen, so rows stamped shortly before the last scan are read again.
            queries.append(
                sa.select(Activity.entity, Activity.entity_id).where(Activity.at >= since)
            )
        # No entity term in SQL: with one, SQLite walks the entity index (all history).
        for q in queries:
            for entity, eid in s.execute(q):
                if entity in _WATCHED:
                    plan.changed[entity].add(eid)
        return plan

    # -- gathering facts ------------------------------------------------------------------
    def _day_range(self, s: Session, moment: datetime) -> tuple[date, date]:
        """The earliest and latest "today" at `moment` over the timezones in use."""
        zones = {self.settings.timezone}
        zones.update(
            tz for tz in s.scalars(sa.select(Project.timezone).distinct()) if tz is not None
        )
        days = [today_in(tz, moment) for tz in zones]
        return min(days), max(days)

    def _override_range(self, s: Session, base: Thresholds) -> dict[str, tuple[int, int]]:
        q = sa.select(
            *(
                f(getattr(Project, name))
                for name in THRESHOLD_FIELDS[:3]
                for f in (sa.func.min, sa.func.max)
            )
        ).where(col(Project.archived).is_(False))
        row = s.execute(q).one()
        out = {}
        for i, name in enumerate(THRESHOLD_FIELDS[:3]):
            values = [getattr(base, name), *(v for v in row[2 * i : 2 * i + 2] if v is not None)]
            out[name] = (min(values), max(values))
        return out

    def _evaluate(self, s: Session, plan: _Plan) -> list[Candidate]:
        now = plan.now
        # "Today" differs by timezone: the earliest one at the last scan, the latest now.
        last_day = self._day_range(s, plan.since)[0]
        today_hi = self._day_range(s, now)[1]
        facts: dict[int, Any] = {}
        q = self._facts_query()
        for where in self._milestone_windows(s, plan, last_day, today_hi):
            self._load_facts(s, q.where(*where), facts)
        changed_ms = sorted(plan.changed["milestone"])
        for chunk in chunks(changed_ms):
            self._load_facts(s, q.where(col(Milestone.id).in_(chunk)), facts)
        for chunk in chunks(sorted(plan.changed["project"])):
            where = [col(Milestone.project_id).in_(chunk), col(Milestone.status).in_(_OPEN)]
            self._load_facts(s, q.where(*where), facts)

        # Dependencies: which dependents to check, then their predecessors.
        d, pred, succ = MilestoneDependency, aliased(Milestone), aliased(Milestone)
        if plan.full:
            check = set(
                s.scalars(
                    sa.select(d.successor_id)
                    .join(pred, pred.id == d.predecessor_id)
                    .join(succ, succ.id == d.successor_id)
                    .where(
                        col(succ.status).in_(_OPEN),
                        pred.status != Status.CANCELLED.value,
                        sa.or_(pred.due > succ.due, pred.status == Status.DONE.value),
                    )
                )
            )
        else:
            check = set(changed_ms)
            for chunk in chunks(changed_ms):
                check.update(
                    s.scalars(sa.select(d.successor_id).where(col(d.predecessor_id).in_(chunk)))
                )
        for chunk in chunks(sorted(check - facts.keys())):
            self._load_facts(s, q.where(col(Milestone.id).in_(chunk)), facts)
        preds = self._predecessors(s, sorted(check & facts.keys()))
        plan.milestones = len(facts)
        plan.evaluated = set(facts)
        plan.checked = check & facts.keys()
        out: list[Candidate] = []
        for mfacts, th in self._build_facts(s, facts):
            out += rules.milestone_alerts(mfacts, preds.get(mfacts.id, ()), now, th)
        out += self._target_candidates(s, plan, last_day, today_hi)
        out += self._review_candidates(s, plan, last_day, today_hi)
        return out

    def _milestone_windows(
        self, s: Session, plan: _Plan, last_day: date, today_hi: date
    ) -> list[list[Any]]:
        """WHERE clauses selecting the milestones that crossed a rule's line since the last scan.

        With one timezone and a last scan earlier the same day, the due-date
        windows are empty: only the blocked and done windows (as wide as the
        time since the last scan) and the changed rows are read.
        """
        span = self._override_range(s, plan.base)
        soon_min, soon_max = span["due_soon_days"]
        esc_min, esc_max = (max(1, n) for n in span["escalation_days"])
        blk_min, blk_max = span["blocked_days"]
        now, day = plan.now, timedelta(days=1)
        is_open = col(Milestone.status).in_(_OPEN)
        # blocked_at is set only while blocked, completed_at only while done; the
        # rules check the status. (A status term here would tempt SQLite into the
        # status index and a walk over every done milestone.)
        blocked = [col(Milestone.blocked_at) <= now - blk_min * day]
        done = [col(Milestone.completed_at) >= now - ACHIEVEMENT_DAYS * day]
        if plan.full:
            return [[is_open, Milestone.due <= today_hi + soon_max * day], blocked, done]
        blocked.append(col(Milestone.blocked_at) >= plan.since - blk_max * day)
        done.append(col(Milestone.completed_at) > plan.since)
        out: list[list[Any]] = [blocked, done]
        for lo, hi in (
            (last_day, today_hi - day),  # missed: the due date passed
            (last_day - (esc_max - 1) * day, today_hi - esc_min * day),  # escalation
            (last_day + (soon_min + 1) * day, today_hi + soon_max * day),  # due soon
        ):
            if lo <= hi:
                out.append([is_open, Milestone.due >= lo, Milestone.due <= hi])
        return out

    @staticmethod
    def _facts_query() -> Any:
        owner = aliased(Person)
        return (
            sa.select(
                Milestone.id,
                Milestone.project_id,
                Project.key,
                Milestone.title,
                Milestone.status,
                Milestone.due,
                Milestone.owner_id,
                owner.login,
                owner.department_id,
            )
            .add_columns(
                Project.lead_id,
                Project.timezone,
                Milestone.blocked_at,
                Milestone.blocked_reason,
                Milestone.completed_at,
                Project.due_soon_days,
                Project.escalation_days,
                Project.blocked_days,
            )
            .join(Project, Project.id == Milestone.project_id)
            .join(owner, owner.id == Milestone.owner_id)
            .where(col(Project.archived).is_(False))
        )

    @staticmethod
    def _load_facts(s: Session, q: Any, into: dict[int, Any]) -> None:
        for row in s.execute(q):
            into.setdefault(row[0], row)

    def _build_facts(
        self, s: Session, rows: dict[int, Any]
    ) -> list[tuple[MilestoneFacts, Thresholds]]:
        """Facts for the rows of `_facts_query`, with department heads and project members."""
        heads: dict[int, list[int]] = defaultdict(list)
        for pid, dept in s.execute(
            sa.select(Person.id, Person.department_id)
            .where(col(Person.is_department_head).is_(True))
            .order_by(Person.id)
        ):
            heads[dept].append(pid)
        done_projects = sorted({r[1] for r in rows.values() if r[4] == Status.DONE.value})
        members: dict[int, list[int]] = defaultdict(list)
        for chunk in chunks(done_projects):
            for proj, person in s.execute(
                sa.select(ProjectMember.project_id, ProjectMember.person_id)
                .where(col(ProjectMember.project_id).in_(chunk))
                .order_by(ProjectMember.id)
            ):
                members[proj].append(person)
        base = self.base_thresholds()
        out = []
        for row in rows.values():
            (mid, pid, key, title, status, due, owner_id, login, dept, lead, tz) = row[:11]
            facts = MilestoneFacts(
                id=mid,
                project_id=pid,
                project_key=key,
                title=title,
                status=Status(status),
                due=due,
                owner_id=owner_id,
                owner_login=login,
                lead_id=lead,
                timezone=tz or self.settings.timezone,
                blocked_at=row[11],
                blocked_reason=row[12],
                completed_at=row[13],
                department_head_ids=tuple(heads.get(dept, ())) if dept is not None else (),
                member_ids=tuple(members.get(pid, ())),
            )
            out.append((facts, base.overridden(row[14], row[15], row[16])))
        return out

    def _predecessors(self, s: Session, ids: Sequence[int]) -> dict[int, list[PredecessorFacts]]:
        d, pred = MilestoneDependency, aliased(Milestone)
        out: dict[int, list[PredecessorFacts]] = defaultdict(list)
        for chunk in chunks(ids):
            for succ_id, pid, key, title, status, due, completed in s.execute(
                sa.select(
                    d.successor_id,
                    pred.id,
                    Project.key,
                    pred.title,
                    pred.status,
                    pred.due,
                    pred.completed_at,
                )
                .join(pred, pred.id == d.predecessor_id)
                .join(Project, Project.id == pred.project_id)
                .where(col(d.successor_id).in_(chunk))
                .order_by(pred.id)
            ):
                out[succ_id].append(
                    PredecessorFacts(pid, key, title, Status(status), due, completed)
                )
        return out

    def _target_candidates(
        self, s: Session, plan: _Plan, last_day: date, today_hi: date
    ) -> list[Candidate]:
        # A checkpoint is missed from the day after its date.
        passed = Checkpoint.date < today_hi
        if plan.full:
            q = sa.select(Checkpoint.target_id).where(passed).distinct()
        else:
            q = (
                sa.select(Checkpoint.target_id)
                .where(passed, Checkpoint.date >= last_day)
                .distinct()
            )
        ids = set(s.scalars(q)) | plan.changed["target"]
        for chunk in chunks(sorted(plan.changed["project"])):
            ids.update(s.scalars(sa.select(Target.id).where(col(Target.project_id).in_(chunk))))
        out: list[Candidate] = []
        for chunk in chunks(sorted(ids)):
            rows = s.execute(
                sa.select(Target, Project.key, Project.lead_id, Project.timezone)
                .outerjoin(Project, Project.id == Target.project_id)
                .where(
                    col(Target.id).in_(chunk),
                    sa.or_(col(Project.id).is_(None), col(Project.archived).is_(False)),
                )
            ).all()
            cps: dict[int, list[tuple[date, float]]] = defaultdict(list)
            ms: dict[int, dict[date, float]] = defaultdict(dict)
            for tid, when, expected in s.execute(
                sa.select(Checkpoint.target_id, Checkpoint.date, Checkpoint.expected).where(
                    col(Checkpoint.target_id).in_(chunk)
                )
            ):
                cps[tid].append((when, expected))
            for tid, when, value in s.execute(
                sa.select(Measurement.target_id, Measurement.date, Measurement.value)
                .where(col(Measurement.target_id).in_(chunk))
                .order_by(Measurement.date, Measurement.id)
            ):
                ms[tid][when] = value  # the last one recorded for a day wins
            for t, key, lead, tz in rows:
                facts = TargetFacts(
                    id=t.id,
                    name=t.name,
                    unit=t.unit,
                    goal=t.goal,
                    start=t.start_date,
                    end=t.end_date,
                    direction=Direction(t.direction),
                    checkpoints=sorted(cps[t.id]),
                    measurements=sorted(ms[t.id].items()),
                    owner_id=t.owner_id,
                    project_id=t.project_id,
                    project_key=key,
                    lead_id=lead,
                    timezone=tz or self.settings.timezone,
                )
                out += rules.checkpoint_missed(facts, plan.now)
        return out

    def _review_candidates(
        self, s: Session, plan: _Plan, last_day: date, today_hi: date
    ) -> list[Candidate]:
        q = sa.select(Project).where(col(Project.archived).is_(False))
        # A review period begins on a first of the month: has one come since the last scan?
        days = range(1, (today_hi - last_day).days + 1)
        crossed = plan.full or any((last_day + timedelta(days=i)).day == 1 for i in days)
        if not crossed:
            if not plan.changed["project"]:
                return []
            q = q.where(col(Project.id).in_(sorted(plan.changed["project"])))
        out: list[Candidate] = []
        for p in s.scalars(q):
            tz = p.timezone or self.settings.timezone
            facts = ProjectFacts(
                id=p.id,
                key=p.key,
                name=p.name,
                lead_id=p.lead_id,
                started=p.start_date or today_in(tz, p.created_at),
                end=p.end_date,
                archived=p.archived,
                timezone=tz,
            )
            th = plan.base.overridden(review_cadence=p.review_cadence)
            out += rules.review_due(facts, plan.now, th)
        return out

    # -- inserting ------------------------------------------------------------------------
    def _not_raised(
        self, s: Session, candidates: Iterable[Candidate]
    ) -> tuple[list[Candidate], list[int]]:
        """The candidates (one per key) whose alert does not exist yet, and the ids of
        resolved alerts that the rules raise again (their condition came back)."""
        by_key = {c.dedupe_key: c for c in candidates}
        keys = list(by_key)
        reopen: list[int] = []
        for chunk in chunks(keys):
            for aid, key, resolved in s.execute(
                sa.select(Alert.id, Alert.dedupe_key, Alert.resolved_at).where(
                    col(Alert.dedupe_key).in_(chunk)
                )
            ):
                by_key.pop(key, None)
                if resolved is not None:
                    reopen.append(int(aid))
        return list(by_key.values()), reopen

    @staticmethod
    def _no_longer_true(s: Session, milestone_ids: Iterable[int]) -> list[int]:
        """Open alerts about these milestones whose condition their data no longer has.

        Decided on the milestone's own data only, never on thresholds or a
        timezone (those are each person's settings: judged by them, one
        person's scan would resolve what another's raised). A condition alert
        (`RESOLVABLE`) goes when its milestone is done or cancelled, when its
        due date moved off the date the alert is about (the new date alerts on
        its own), and a "blocked" one when the milestone is no longer blocked.
        Run inside the write transaction: what a scan read a moment ago may
        have changed since.
        """
        closed = [Status.DONE.value, Status.CANCELLED.value]
        dated = [
            k.value
            for k in (
                rules.AlertKind.DUE_SOON,
                rules.AlertKind.MISSED,
                rules.AlertKind.ESCALATION,
                rules.AlertKind.DEPENDENCY_SLIPPED,
            )
        ]
        blocked = rules.AlertKind.BLOCKED.value
        stale: list[int] = []
        for chunk in chunks(sorted(set(milestone_ids))):
            q = (
                sa.select(Alert.id)
                .join(Milestone, Milestone.id == Alert.subject_id)
                .where(
                    Alert.subject_type == "milestone",
                    col(Alert.subject_id).in_(chunk),
                    col(Alert.resolved_at).is_(None),
                    col(Alert.acknowledged_at).is_(None),
                    sa.or_(
                        sa.and_(
                            col(Alert.kind).in_([*dated, blocked]),
                            col(Milestone.status).in_(closed),
                        ),
                        sa.and_(col(Alert.kind).in_(dated), Milestone.due != Alert.about_date),
                        sa.and_(Alert.kind == blocked, Milestone.status != Status.BLOCKED.value),
                    ),
                )
            )
            stale += [int(aid) for aid in s.scalars(q)]
        return stale

    def _insert(
        self,
        fresh: list[Candidate],
        plan: _Plan,
        reopen: Sequence[int] = (),
        resolving: bool = False,
    ) -> tuple[list[int], int]:
        """Insert the new alerts, reopen and resolve, move the watermark: (new ids, resolved)."""
        if not fresh and not plan.mark_needed and not resolving and not reopen:
            return [], 0
        table = SQLModel.metadata.tables["alert"]
        stmt = insert_ignore(self.db.engine.dialect.name, table, ["dedupe_key"]).returning(
            table.c.id
        )
        rows = [
            {
                "kind": c.kind.value,
                "severity": c.severity.value,
                "subject_type": c.subject_type,
                "subject_id": c.subject_id,
                "project_id": c.project_id,
                "recipient_id": c.recipient_id,
                "message": c.message,
                "about_date": c.about,
                "raised_at": plan.now,
                "dedupe_key": c.dedupe_key,
                "acknowledged_at": None,
                "snoozed_until": None,
            }
            for c in fresh
        ]
        ids: list[int] = []
        stale: list[int] = []
        batches = list(chunks(rows, INSERT_BATCH)) or [[]]
        for i, batch in enumerate(batches):
            with self.db.writing() as s:
                if batch:
                    ids += [int(r[0]) for r in s.execute(stmt, list(batch))]
                if i == len(batches) - 1:
                    stale = self._no_longer_true(s, plan.evaluated)
                    self._resolve(s, plan.now, stale, reopen)
                    self._mark(s, plan)
        return sorted(ids), len(stale)

    @staticmethod
    def _resolve(s: Session, now: datetime, stale: Sequence[int], reopen: Sequence[int]) -> None:
        """Mark alerts no longer true (unless acknowledged meanwhile), reopen those back."""
        for chunk in chunks(list(stale)):
            s.execute(
                sa.update(Alert)
                .where(
                    col(Alert.id).in_(chunk),
                    col(Alert.resolved_at).is_(None),
                    col(Alert.acknowledged_at).is_(None),
                )
                .values(resolved_at=now)
            )
        for chunk in chunks(list(reopen)):
            s.execute(sa.update(Alert).where(col(Alert.id).in_(chunk)).values(resolved_at=None))

    def _mark(self, s: Session, plan: _Plan) -> None:
        values: dict[str, Any] = {
            "last_activity_id": plan.max_activity_id,
            "last_scan_at": plan.now,
            "fingerprint": plan.fingerprint,
        }
        if plan.full:
            values["full_scan_at"] = plan.now
        table = SQLModel.metadata.tables["alertscan"]
        s.execute(insert_ignore(self.db.engine.dialect.name, table, ["id"]), [{"id": 1, **values}])
        # An older scan finishing after a newer one must not move the watermark back.
        s.execute(
            sa.update(AlertScan)
            .where(AlertScan.id == 1, AlertScan.last_activity_id <= plan.max_activity_id)
            .values(**values)
        )
