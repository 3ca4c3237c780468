"""Reading targets: each with its checkpoints, its figures and its state today."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.enums import Direction, stored
from mstui.domain.permissions import Permission
from mstui.domain.targets import is_even_split, target_state
from mstui.errors import Invalid, NotAllowed, NotFound
from mstui.store.base import StoreBase, login_of, stored_id
from mstui.store.tables import Checkpoint, Measurement, Person, Project, Target
from mstui.views.targets import MeasurementEntry, TargetView


def target_row(s: Session, tid: int) -> Target:
    """Target `tid` (`Invalid` if there is none: it was named in a command)."""
    row = s.get(Target, tid)
    if row is None:
        raise Invalid("target", tid, "no such target")
    return row


def writable_target(st: StoreBase, s: Session, tid: int) -> Target:
    """Target `tid`, refused unless the acting person may change it: editor of its
    project, or (a target of no project) its owner or an admin."""
    t = target_row(s, tid)
    if t.project_id is not None:
        st._allow_in(s, Permission.EDIT, t.project_id)
    elif t.owner_id == st._me_id or st._is_admin(s):
        st._allow_own()
    else:
        owner = login_of(s, t.owner_id) or "nobody"
        raise NotAllowed(
            f"target {tid} is in no project: only its owner ({owner}) or an admin may change it"
        )
    return t


def target_tz(st: StoreBase, s: Session, target: Target) -> str:
    """The timezone a target's days are counted in: its project's, or the settings'."""
    if target.project_id is not None:
        tz = s.scalar(sa.select(col(Project.timezone)).where(col(Project.id) == target.project_id))
        if tz:
            return tz
    return st.settings.timezone


def target_views(st: StoreBase, s: Session, ids: Sequence[int] | None) -> list[TargetView]:
    """Targets (all, or those of `ids`) with their state today, by end date."""
    q = (
        sa.select(Target, col(Person.login), col(Project.key), col(Project.timezone))
        .outerjoin(Person, col(Person.id) == col(Target.owner_id))
        .outerjoin(Project, col(Project.id) == col(Target.project_id))
        .where(sa.or_(col(Target.project_id).is_(None), st._sees()))
        .order_by(col(Target.end_date), col(Target.id))
    )
    if ids is not None:
        q = q.where(col(Target.id).in_(list(ids)))
    rows = s.execute(q).all()
    tids = [stored_id(r[0].id) for r in rows]
    cps: dict[int, list[tuple[date, float]]] = defaultdict(list)
    ms: dict[int, list[tuple[date, float, str]]] = defaultdict(list)
    entries: dict[int, list[MeasurementEntry]] = defaultdict(list)
    if tids:
        for tid, when, expected in s.execute(
            sa.select(col(Checkpoint.target_id), col(Checkpoint.date), col(Checkpoint.expected))
            .where(col(Checkpoint.target_id).in_(tids))
            .order_by(col(Checkpoint.date))
        ):
            cps[tid].append((when, expected))
        for mid, tid, when, value, note, login in s.execute(
            sa.select(
                col(Measurement.id),
                col(Measurement.target_id),
                col(Measurement.date),
                col(Measurement.value),
                col(Measurement.note),
                col(Person.login),
            )
            .outerjoin(Person, col(Person.id) == col(Measurement.recorded_by_id))
            .where(col(Measurement.target_id).in_(tids))
            .order_by(col(Measurement.date), col(Measurement.id))
        ):
            ms[tid].append((when, value, note))
            entries[tid].append(MeasurementEntry(stored_id(mid), when, value, note, login))
    now = st.now()
    out = []
    for t, owner, key, ptz in rows:
        t_id = stored_id(t.id)
        tz = ptz or st.settings.timezone
        today = today_in(tz, now)
        direction = stored(Direction, t.direction, Direction.AT_LEAST)
        # Later rows for the same day win: keep the last measurement per date.
        per_day = {when: value for when, value, _ in ms[t_id]}
        state = target_state(
            goal=t.goal,
            start=t.start_date,
            end=t.end_date,
            direction=direction,
            checkpoints=cps[t_id],
            measurements=sorted(per_day.items()),
            today=today,
            tolerance=st.settings.kpi_pace_tolerance,
        )
        out.append(
            TargetView(
                id=t_id,
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
                measurements=tuple(ms[t_id]),
                version=t.version,
                entries=tuple(entries[t_id]),
                even=is_even_split(t.cadence, t.start_date, t.end_date, t.goal, cps[t_id]),
            )
        )
    return out


def one_target(st: StoreBase, s: Session, tid: int) -> TargetView:
    """One target by id (`NotFound` if there is none)."""
    found = target_views(st, s, [tid])
    if not found:
        raise NotFound("target", tid)
    return found[0]


def targets_behind(st: StoreBase, s: Session, ids: set[int]) -> set[int]:
    """Which of these targets are behind pace today (no figure yet is not behind)."""
    return {v.id for v in target_views(st, s, sorted(ids)) if v.state.behind}


class TargetReadPart(StoreBase):
    """Queries on targets."""

    def find_target(self, ref: str | int) -> int:
        """A target's id from its number (`3`, `#3`) or its name (any case)."""
        text = str(ref).strip()
        with self.db.reading() as s:
            if text.lstrip("#").isdigit():
                tid = int(text.lstrip("#"))
                if s.get(Target, tid) is None:
                    raise NotFound("target", text)
                return tid
            ids = list(
                s.scalars(
                    sa.select(col(Target.id))
                    .where(sa.func.lower(col(Target.name)) == text.lower())
                    .order_by(col(Target.id))
                )
            )
        if not ids:
            raise NotFound("target", text)
        if len(ids) > 1:
            numbers = ", ".join(f"#{i}" for i in ids)
            raise Invalid("target", text, f"several targets have this name ({numbers}): use one")
        return stored_id(ids[0])

    def target(self, tid: int) -> TargetView:
        """One target by id."""
        with self.db.reading() as s:
            return one_target(self, s, tid)

    def list_targets(self, ids: Sequence[int] | None = None) -> list[TargetView]:
        """Targets with their state today, by end date."""
        with self.db.reading() as s:
            return target_views(self, s, ids)
