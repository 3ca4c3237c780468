"""Targets, their checkpoints and measurements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.enums import Direction
from mstui.domain.targets import (
    check_checkpoints,
    checkpoint_dates,
    even_split,
    is_even_split,
    target_state,
)
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotFound
from mstui.store.people import PeopleStore, check_amount
from mstui.store.tables import Checkpoint, Measurement, Person, Project, Target
from mstui.views.targets import MeasurementEntry, TargetView


def check_measurement_date(day: date, start: date, end: date, today: date) -> None:
    """A figure is dated inside the target's period and not after today."""
    if day < start:
        raise Invalid(
            "date", day.isoformat(), f"is before the target's start ({start.isoformat()})"
        )
    if day > end:
        raise Invalid("date", day.isoformat(), f"is after the target's end ({end.isoformat()})")
    if day > today:
        raise Invalid("date", day.isoformat(), "is in the future: record what was reached by then")


class TargetStore(PeopleStore):
    """Commands and queries on targets."""

    def _target_row(self, s: Session, tid: int) -> Target:
        row = s.get(Target, tid)
        if row is None:
            raise Invalid("target", tid, "no such target")
        return row

    def add_target(
        self,
        name: str,
        goal: float,
        start: date,
        end: date,
        *,
        unit: str = "",
        cadence: str = "",
        project: str | None = None,
        owner: str | None = None,
        direction: Direction = Direction.AT_LEAST,
        checkpoints: Sequence[tuple[date, float]] | None = None,
    ) -> TargetView:
        """A target with checkpoints from `cadence`, split evenly (or given)."""
        name = clean_field("name", name, max_len=120)
        unit = clean_field("unit", unit, max_len=20, required=False)
        goal = check_amount("goal", goal) or 0.0
        if goal <= 0:
            raise Invalid("goal", goal, "must be more than 0")
        if end < start:
            raise Invalid("end", end.isoformat(), "is before the start")
        cadence = clean_field("cadence", cadence, max_len=200, required=False)
        if checkpoints is None:
            dates = checkpoint_dates(cadence, start, end)
            checkpoints = list(zip(dates, even_split(goal, len(dates)), strict=True))
        else:
            checkpoints = check_checkpoints(checkpoints, start, end)
        with self._write() as s:
            project_id = self._project(s, project).id if project else None
            owner_id = self._person_id(s, owner) if owner else self._me_id
            target = Target(
                name=name,
                unit=unit,
                goal=goal,
                start_date=start,
                end_date=end,
                direction=direction.value,
                cadence=cadence,
                owner_id=owner_id,
                project_id=project_id,
                created_at=self.now(),
            )
            s.add(target)
            s.flush()
            assert target.id is not None
            for when, expected in checkpoints:
                s.add(Checkpoint(target_id=target.id, date=when, expected=expected))
            self._log(s, "target", target.id, "create", new=name, project_id=project_id)
            tid = target.id
        return self.target(tid)

    def record_measurement(
        self,
        tid: int,
        value: float,
        when: date | None = None,
        note: str = "",
        add: bool = False,
    ) -> TargetView:
        """Record the cumulative figure at `when` (today by default); `add` records an increment."""
        note = clean_field("note", note, max_len=500, required=False)
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid("value", value, "must be a number")
        with self._write() as s:
            target = self._target_row(s, tid)
            tz = self._target_tz(s, target)
            today = today_in(tz, self.now())
            # "Today" after the period ends means the period's last figure.
            day = when or min(today, target.end_date)
            check_measurement_date(day, target.start_date, target.end_date, today)
            rows = s.execute(
                sa.select(Measurement.date, Measurement.value)
                .where(Measurement.target_id == tid)
                .order_by(Measurement.date, Measurement.id)
            ).all()
            if add:
                # The latest figure on or before `day`; of one day's, the last recorded
                # (a correction), as the target's state reads them, not the largest.
                earlier = [v for d, v in rows if d <= day]
                base = earlier[-1] if earlier else 0.0
                value = base + value
            s.add(
                Measurement(
                    target_id=tid,
                    date=day,
                    value=value,
                    note=note,
                    recorded_by_id=self._me_id,
                    recorded_at=self.now(),
                )
            )
            self._log(
                s,
                "target",
                tid,
                "record",
                field=day.isoformat(),
                new=value,
                project_id=target.project_id,
            )
        return self.target(tid)

    def _target_tz(self, s: Session, target: Target) -> str:
        if target.project_id is not None:
            tz = s.scalar(sa.select(Project.timezone).where(Project.id == target.project_id))
            if tz:
                return tz
        return self.settings.timezone

    def target(self, tid: int) -> TargetView:
        """One target by id."""
        found = self.list_targets(ids=[tid])
        if not found:
            raise NotFound("target", tid)
        return found[0]

    def list_targets(self, ids: Sequence[int] | None = None) -> list[TargetView]:
        """Targets with their state today, by end date."""
        with self.db.reading() as s:
            return self._target_views(s, ids)

    def _target_views(self, s: Session, ids: Sequence[int] | None) -> list[TargetView]:
        q = (
            sa.select(Target, Person.login, Project.key, Project.timezone)
            .outerjoin(Person, Person.id == Target.owner_id)
            .outerjoin(Project, Project.id == Target.project_id)
            .order_by(Target.end_date, Target.id)
        )
        if ids is not None:
            q = q.where(col(Target.id).in_(list(ids)))
        rows = s.execute(q).all()
        tids = [r[0].id for r in rows]
        cps: dict[int, list[tuple[date, float]]] = defaultdict(list)
        ms: dict[int, list[tuple[date, float, str]]] = defaultdict(list)
        entries: dict[int, list[MeasurementEntry]] = defaultdict(list)
        if tids:
            for tid, when, expected in s.execute(
                sa.select(Checkpoint.target_id, Checkpoint.date, Checkpoint.expected)
                .where(col(Checkpoint.target_id).in_(tids))
                .order_by(Checkpoint.date)
            ):
                cps[tid].append((when, expected))
            for mid, tid, when, value, note, login in s.execute(
                sa.select(
                    Measurement.id,
                    Measurement.target_id,
                    Measurement.date,
                    Measurement.value,
                    Measurement.note,
                    Person.login,
                )
                .outerjoin(Person, Person.id == Measurement.recorded_by_id)
                .where(col(Measurement.target_id).in_(tids))
                .order_by(Measurement.date, Measurement.id)
            ):
                ms[tid].append((when, value, note))
                entries[tid].append(MeasurementEntry(mid, when, value, note, login))
        now = self.now()
        out = []
        for t, owner, key, ptz in rows:
            tz = ptz or self.settings.timezone
            today = today_in(tz, now)
            direction = Direction(t.direction)
            # Later rows for the same day win: keep the last measurement per date.
            per_day = {when: value for when, value, _ in ms[t.id]}
            state = target_state(
                goal=t.goal,
                start=t.start_date,
                end=t.end_date,
                direction=direction,
                checkpoints=cps[t.id],
                measurements=sorted(per_day.items()),
                today=today,
                tolerance=self.settings.kpi_pace_tolerance,
            )
            out.append(
                TargetView(
                    id=t.id,
                    name=t.name,
                    unit=t.unit,
                    goal=t.goal,
                    start=t.start_date,
                    end=t.end_date,
                    direction=direction,
                    cadence=t.cadence,
                    owner=owner,
                    project=key,
                    timezone=tz,
                    today=today,
                    state=state,
                    measurements=tuple(ms[t.id]),
                    version=t.version,
                    entries=tuple(entries[t.id]),
                    even=is_even_split(t.cadence, t.start_date, t.end_date, t.goal, cps[t.id]),
                )
            )
        return out

    def _targets_behind(self, s: Session, ids: set[int]) -> set[int]:
        """Which of these targets are behind pace today."""
        return {v.id for v in self._target_views(s, sorted(ids)) if not v.state.on_track}
