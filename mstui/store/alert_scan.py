"""The alert engine: `scan(now)`.

A scan gathers candidate subjects with indexed queries (what it reads is said
in `alert_facts.py`), runs the pure rules of `mstui.domain.alerts` on them,
and inserts what they raise with an insert-or-ignore on the UNIQUE dedupe key,
so any number of processes scanning at once raise each alert exactly once; it
returns only what this call inserted. (The inbox — listing, acknowledging,
snoozing — is in `inbox.py`.)

The watermark (table `alertscan`: the last Activity id seen, the time of the
last scan) is written in the same transaction as the scan's last alerts, so a
scan that fails leaves it where it was and the next one redoes the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from mstui.domain.alerts import AlertKind, Candidate, Thresholds
from mstui.domain.bounds import unreadable
from mstui.domain.enums import Status
from mstui.store.alert_facts import ScanPlan, evaluate
from mstui.store.alert_insert import COLUMNS, insert_ignore, insert_sqlite
from mstui.store.base import StoreBase, chunks, pk
from mstui.store.inbox import alert_views_by_id
from mstui.store.projects import base_thresholds
from mstui.store.tables import Activity, Alert, AlertScan, Milestone
from mstui.views.alerts import AlertView

RULES_VERSION = "rules-1"
"""Part of the fingerprint: bump it when a rule changes, and the next scan is full."""
MARGIN = timedelta(minutes=10)
"""How late a transaction stamped before a scan may commit and still be seen by the next."""
FULL_EVERY = timedelta(hours=24)
"""A full scan at least this often catches what no Activity row tells (a new department head)."""
REMARK_EVERY = timedelta(hours=1)
"""With nothing new, the watermark is rewritten only this often (each write wakes other apps)."""
INSERT_BATCH = 20_000
"""Alerts per write transaction: the write lock is never held for long (about 0.2 s
at a time in a first scan), and few commits (each may checkpoint the WAL)."""


_WATCHED = ("milestone", "target", "project")


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


class AlertScanPart(StoreBase):
    """The alert engine: `scan`."""

    last_scan: ScanStats | None = None

    # -- the scan -------------------------------------------------------------------
    def scan(
        self, now: datetime | None = None, *, full: bool = False, views: bool = True
    ) -> list[AlertView]:
        """Evaluate every rule and insert the alerts raised; returns those this call
        inserted (none with `views=False`: the app's scan, which shows them from the
        inbox, skips reading back a first scan's hundred thousand alerts)."""
        moment = (now or self.now()).astimezone(UTC)
        # A plain datetime: the rules do thousands of subtractions, pendulum's are slow.
        now = datetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=UTC)
        base = base_thresholds(self.settings)
        fingerprint = f"{RULES_VERSION}|{base.fingerprint}"
        with self.db.reading() as s:
            plan = self._plan(s, now, base, fingerprint, full)
            candidates = evaluate(s, plan)
            # The newest alert now: a first scan (none yet) has nothing to look up or resolve.
            upto = int(s.scalar(sa.select(sa.func.max(pk(Alert.id)))) or 0)
            if upto:
                fresh, reopen = self._not_raised(s, candidates)
            else:
                fresh, reopen = [(c.dedupe_key, c) for c in candidates], []
            # Decided again inside the write (it may have changed); read here only to
            # know whether a write is needed at all.
            resolving = bool(upto) and bool(
                self._no_longer_true(s, plan.evaluated, upto) or self._from_the_future(s, now)
            )
        ids, resolved = self._insert(fresh, plan, reopen, resolving, upto)
        self.last_scan = ScanStats(
            plan.full, plan.milestones, len(candidates), len(ids), resolved, len(reopen)
        )
        if not views:
            return []
        with self.db.reading() as s:
            return alert_views_by_id(s, ids)

    def _plan(
        self, s: Session, now: datetime, base: Thresholds, fingerprint: str, full: bool
    ) -> ScanPlan:
        # The newest Activity id first: rows committed while we read are seen next time.
        top = int(s.scalar(sa.select(sa.func.max(col(Activity.id)))) or 0)
        mark = s.execute(
            sa.select(
                col(AlertScan.last_activity_id),
                col(AlertScan.last_scan_at),
                col(AlertScan.fingerprint),
                col(AlertScan.full_scan_at),
            ).where(col(AlertScan.id) == 1)
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
            return ScanPlan(now, base, fingerprint, True, now, top, True, self.settings.timezone)
        # Only PostgreSQL needs to look back further than the last scan (see below).
        since = last_at if self.db.is_sqlite else last_at - MARGIN
        plan = ScanPlan(
            now,
            base,
            fingerprint,
            False,
            since,
            top,
            mark_needed=top != last_id or now - last_at >= REMARK_EVERY,
            timezone=self.settings.timezone,
        )
        queries = [
            sa.select(col(Activity.entity), col(Activity.entity_id)).where(
                col(Activity.id) > last_id
            )
        ]
        if not self.db.is_sqlite:
            # SQLite runs one writer at a time, so ids grow in commit order and
            # "id > watermark" misses nothing. A PostgreSQL sequence hands out
            # ids at insert time: a transaction may commit after a newer id was
            # seen, so rows stamped shortly before the last scan are read again.
            queries.append(
                sa.select(col(Activity.entity), col(Activity.entity_id)).where(
                    col(Activity.at) >= since
                )
            )
        # No entity term in SQL: with one, SQLite walks the entity index (all history).
        for q in queries:
            for entity, eid in s.execute(q):
                if entity in _WATCHED:
                    plan.changed[entity].add(eid)
        return plan

    # -- gathering facts ------------------------------------------------------------------
    # -- inserting ------------------------------------------------------------------------
    def _not_raised(
        self, s: Session, candidates: Iterable[Candidate]
    ) -> tuple[list[tuple[str, Candidate]], list[int]]:
        """The candidates (one per key, with it) whose alert does not exist yet, and the
        ids of resolved alerts that the rules raise again (their condition came back)."""
        by_key = {c.dedupe_key: c for c in candidates}
        keys = list(by_key)
        reopen: list[int] = []
        for chunk in chunks(keys):
            for aid, key, resolved in s.connection().execute(
                sa.select(pk(Alert.id), col(Alert.dedupe_key), col(Alert.resolved_at)).where(
                    col(Alert.dedupe_key).in_(chunk)
                )
            ):
                by_key.pop(key, None)
                if resolved is not None:
                    reopen.append(int(aid))
        return list(by_key.items()), reopen

    @staticmethod
    def _no_longer_true(s: Session, milestone_ids: Iterable[int], upto: int) -> list[int]:
        """Open alerts about these milestones, with an id up to `upto` (those that existed
        when the scan read), whose condition their data no longer has.

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
                AlertKind.DUE_SOON,
                AlertKind.MISSED,
                AlertKind.ESCALATION,
                AlertKind.DEPENDENCY_SLIPPED,
            )
        ]
        blocked = AlertKind.BLOCKED.value
        stale: list[int] = []
        for chunk in chunks(sorted(set(milestone_ids))):
            q = (
                sa.select(pk(Alert.id))
                .join(Milestone, col(Milestone.id) == col(Alert.subject_id))
                .where(
                    col(Alert.subject_type) == "milestone",
                    col(Alert.subject_id).in_(chunk),
                    pk(Alert.id) <= upto,
                    col(Alert.resolved_at).is_(None),
                    col(Alert.acknowledged_at).is_(None),
                    sa.or_(
                        sa.and_(
                            col(Alert.kind).in_([*dated, blocked]),
                            col(Milestone.status).in_(closed),
                        ),
                        sa.and_(
                            col(Alert.kind).in_(dated), col(Milestone.due) != col(Alert.about_date)
                        ),
                        sa.and_(
                            col(Alert.kind) == blocked,
                            col(Milestone.status) != Status.BLOCKED.value,
                        ),
                    ),
                )
            )
            stale += [int(aid) for aid in s.connection().scalars(q)]
        return stale

    @staticmethod
    def _from_the_future(s: Session, now: datetime) -> list[int]:
        """Open alerts raised after `now` (by a process whose clock was set ahead):
        not true yet, so a scan at the real time resolves them."""
        return [
            int(aid)
            for aid in s.scalars(
                sa.select(pk(Alert.id)).where(
                    col(Alert.raised_at) > now + MARGIN, col(Alert.resolved_at).is_(None)
                )
            )
        ]

    def _insert(
        self,
        fresh: list[tuple[str, Candidate]],
        plan: ScanPlan,
        reopen: Sequence[int] = (),
        resolving: bool = False,
        upto: int = 0,
    ) -> tuple[list[int], int]:
        """Insert the new alerts, reopen and resolve, move the watermark: (new ids, resolved).

        Alerts that did not exist when the scan read (id above `upto`) were raised on
        what it read, or on something newer; nothing here resolves them."""
        if not fresh and not plan.mark_needed and not resolving and not reopen:
            return [], 0
        table = SQLModel.metadata.tables["alert"]
        at = plan.now
        rows = [
            (
                c.kind._value_,  # `.value` is a descriptor: 360,000 calls in a first scan
                c.severity._value_,
                c.subject_type,
                c.subject_id,
                c.project_id,
                c.recipient_id,
                c.message,
                c.about,
                at,
                key,
            )
            for key, c in fresh
            if not unreadable(c.about)  # a rule on a date nobody can read says nothing true
        ]
        ids: list[int] = []
        stale: list[int] = []
        batches = list(chunks(rows, INSERT_BATCH)) or [[]]
        for i, batch in enumerate(batches):
            with self.db.writing() as s:
                if batch and s.get_bind().dialect.name == "sqlite":
                    ids += insert_sqlite(s, table, batch)
                elif batch:
                    stmt = insert_ignore(s.get_bind().dialect.name, table, ["dedupe_key"])
                    params = [dict(zip(COLUMNS, row, strict=True)) for row in batch]
                    result = s.connection().execute(stmt.returning(table.c.id), params)
                    ids += [int(r[0]) for r in result]
                if i == len(batches) - 1:
                    if upto:
                        stale = self._no_longer_true(s, plan.evaluated, upto)
                    stale += self._from_the_future(s, plan.now)
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

    def _mark(self, s: Session, plan: ScanPlan) -> None:
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
            .where(col(AlertScan.id) == 1, col(AlertScan.last_activity_id) <= plan.max_activity_id)
            .values(**values)
        )
