"""Changing targets: create, edit, checkpoints, delete; and the milestones linked to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Direction, parse_enum
from mstui.domain.permissions import Permission
from mstui.domain.targets import check_checkpoints, checkpoint_dates, even_split, is_even_split
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store.base import StoreBase, login_of, rowcount, stored_id
from mstui.store.checks import check_amount
from mstui.store.milestone_reads import MilestoneFilter, milestones_matching
from mstui.store.milestones import apply_changes
from mstui.store.tables import Alert, Checkpoint, Measurement, Milestone, Project, Target
from mstui.store.target_reads import one_target, target_views, writable_target
from mstui.views.milestones import MilestoneView
from mstui.views.targets import TargetView

TARGET_FIELDS = ("name", "unit", "goal", "start", "end", "direction", "owner", "project", "cadence")
_COLUMN = {"start": "start_date", "end": "end_date"}


def _project_key(s: Session, pid: int | None) -> str | None:
    if pid is None:
        return None
    return s.scalar(sa.select(col(Project.key)).where(col(Project.id) == pid))


def _points_text(points: Sequence[tuple[date, float]]) -> str:
    return ", ".join(f"{d.isoformat()}={v:g}" for d, v in sorted(points))


def _target_values(changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "name":
            values["name"] = clean_field("name", value, max_len=120)
        elif key == "unit":
            values["unit"] = clean_field("unit", value or "", max_len=20, required=False)
        elif key == "cadence":
            values["cadence"] = clean_field("cadence", value or "", max_len=200, required=False)
        elif key == "goal":
            goal = check_amount("goal", value)
            if not goal:
                raise Invalid("goal", value, "must be more than 0")
            values["goal"] = goal
        elif key in ("start", "end"):
            if not isinstance(value, date):
                raise Invalid(key, value, "not a date")
            values[_COLUMN[key]] = value
        elif key == "direction":
            direction = (
                value
                if isinstance(value, Direction)
                else (parse_enum(Direction, "direction", str(value)))
            )
            values["direction"] = direction.value
        else:
            values[key] = (value or "").strip() or None
    return values


class TargetPart(StoreBase):
    """Commands that change targets, and the targets with their linked milestones."""

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
            proj = self._project(s, project) if project else None
            project_id = proj.id if proj is not None else None
            if proj is not None:
                self._allow(s, Permission.EDIT, proj)
                owner_id = self._member_id(s, owner, proj) if owner else self._me_id
            else:
                self._allow_own()  # a target of no project is its owner's
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
        return self._target(tid)

    def _target(self, tid: int) -> TargetView:
        with self.db.reading() as s:
            return one_target(self, s, tid)

    def targets_overview(self, ids: Sequence[int] | None = None) -> list[TargetView]:
        """Every target (or those of `ids`) with its state today and its linked
        milestones (with health)."""
        with self.db.reading() as s:
            views = target_views(self, s, ids)
            found = [v.id for v in views]
            if not found:
                return views
            links = s.execute(
                sa.select(col(Milestone.id), col(Milestone.target_id)).where(
                    col(Milestone.target_id).in_(found)
                )
            ).all()
            if not links:
                return views
            flt = MilestoneFilter(ids=tuple(stored_id(i) for i, _ in links))
            milestones = {m.id: m for m in milestones_matching(self, s, flt)}
        by_target: dict[int | None, list[MilestoneView]] = {}
        for mid, tid in links:
            if mid in milestones:
                by_target.setdefault(tid, []).append(milestones[mid])
        return [
            replace(
                v, milestones=tuple(sorted(by_target.get(v.id, []), key=lambda m: (m.due, m.id)))
            )
            for v in views
        ]

    def target_overview(self, tid: int) -> TargetView:
        """One target with its linked milestones (only that one is built)."""
        for view in self.targets_overview(ids=[tid]):
            if view.id == tid:
                return view
        raise NotFound("target", tid)

    def edit_target(
        self,
        tid: int,
        expected_version: int | None = None,
        *,
        checkpoints: Sequence[tuple[date, float]] | None = None,
        **changes: Any,
    ) -> TargetView:
        """Change fields of a target (keys of `TARGET_FIELDS`); `Conflict` if it moved on.

        Checkpoints split evenly follow a new goal, period or cadence. Checkpoints
        set by hand stay as they are, unless `cadence` is given: that splits the
        goal evenly over the cadence again. `checkpoints`, when given, sets them by
        hand (checked against the new period) in the same transaction: if they
        are refused, none of the changes is saved.
        """
        unknown = set(changes) - set(TARGET_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited")
        values = _target_values(changes)
        with self._write() as s:
            t = writable_target(self, s, tid)
            if expected_version is not None and self._stale(
                "target", tid, t.version, expected_version
            ):
                raise Conflict("target", tid, expected_version, t.version)
            if "owner" in values:
                login = values.pop("owner")
                values["owner_id"] = self._person_id(s, login) if login else None
            if "project" in values:
                key = values.pop("project")
                moved_to = self._project(s, key) if key else None
                if moved_to is not None:
                    self._allow(s, Permission.EDIT, moved_to)
                values["project_id"] = moved_to.id if moved_to is not None else None
            old_points = [
                (c.date, c.expected)
                for c in s.scalars(sa.select(Checkpoint).where(col(Checkpoint.target_id) == tid))
            ]
            was_even = is_even_split(t.cadence, t.start_date, t.end_date, t.goal, old_points)
            after = {
                "goal": values.get("goal", t.goal),
                "start": values.get("start_date", t.start_date),
                "end": values.get("end_date", t.end_date),
                "cadence": values.get("cadence", t.cadence),
            }
            if after["end"] < after["start"]:
                raise Invalid("end", after["end"].isoformat(), "is before the start")
            changed = {k: v for k, v in values.items() if getattr(t, k) != v}
            resplit = checkpoints is None and (
                "cadence" in changes
                or (was_even and bool({"goal", "start_date", "end_date"} & set(changed)))
            )
            by_hand = False
            if checkpoints is not None:
                points = check_checkpoints(checkpoints, after["start"], after["end"])
                if sorted(old_points) != points:
                    self._replace_checkpoints(s, t, old_points, points)
                    by_hand = True
            elif resplit:
                dates = checkpoint_dates(after["cadence"], after["start"], after["end"])
                points = list(zip(dates, even_split(after["goal"], len(dates)), strict=True))
                self._replace_checkpoints(s, t, old_points, points)
            elif {"start_date", "end_date"} & set(changed):
                # Hand-set checkpoints must still fall inside the period.
                check_checkpoints(old_points, after["start"], after["end"])
            for key, new in changed.items():
                old = getattr(t, key)
                if key == "owner_id":
                    old, new = login_of(s, old), login_of(s, new)
                elif key == "project_id":
                    old, new = _project_key(s, old), _project_key(s, new)
                self._log(s, "target", tid, "edit",
                          field=key.removesuffix("_date").removesuffix("_id"), old=old, new=new,
                          project_id=values.get("project_id", t.project_id))  # fmt: skip
            if changed or resplit or by_hand:
                done = s.execute(
                    sa.update(Target)
                    .where(col(Target.id) == tid, col(Target.version) == t.version)
                    .values(version=col(Target.version) + 1, **changed)
                )
                if rowcount(done) != 1:
                    raise Conflict("target", tid, t.version, t.version + 1)
        return self._target(tid)

    def _replace_checkpoints(
        self,
        s: Session,
        t: Target,
        old: Sequence[tuple[date, float]],
        new: Sequence[tuple[date, float]],
    ) -> None:
        assert t.id is not None
        s.execute(sa.delete(Checkpoint).where(col(Checkpoint.target_id) == t.id))
        s.flush()
        for when, expected in new:
            s.add(Checkpoint(target_id=t.id, date=when, expected=expected))
        self._log(s, "target", t.id, "checkpoints", field="checkpoints", old=_points_text(old),
                  new=_points_text(new), project_id=t.project_id)  # fmt: skip

    def set_checkpoints(
        self,
        tid: int,
        points: Sequence[tuple[date, float]],
        expected_version: int | None = None,
    ) -> TargetView:
        """Set a target's checkpoints by hand (each date in the period, cumulative figures)."""
        with self._write() as s:
            t = writable_target(self, s, tid)
            if expected_version is not None and self._stale(
                "target", tid, t.version, expected_version
            ):
                raise Conflict("target", tid, expected_version, t.version)
            checked = check_checkpoints(points, t.start_date, t.end_date)
            old = sorted(
                (c.date, c.expected)
                for c in s.scalars(sa.select(Checkpoint).where(col(Checkpoint.target_id) == tid))
            )
            if old != checked:
                self._replace_checkpoints(s, t, old, checked)
                t.version += 1
        return self._target(tid)

    def delete_target(self, tid: int, expected_version: int | None = None) -> None:
        """Delete a target with its checkpoints and figures; its milestones stay, unlinked."""
        with self._write() as s:
            t = writable_target(self, s, tid)
            if expected_version is not None and self._stale(
                "target", tid, t.version, expected_version
            ):
                raise Conflict("target", tid, expected_version, t.version)
            s.execute(
                sa.update(Milestone).where(col(Milestone.target_id) == tid).values(target_id=None)
            )
            s.execute(sa.delete(Checkpoint).where(col(Checkpoint.target_id) == tid))
            s.execute(sa.delete(Measurement).where(col(Measurement.target_id) == tid))
            s.execute(
                sa.delete(Alert).where(
                    col(Alert.subject_type) == "target", col(Alert.subject_id) == tid
                )
            )
            self._log(s, "target", tid, "delete", old=t.name, project_id=t.project_id)
            s.delete(t)

    # -- target milestones ------------------------------------------------------------------
    def link_milestones(
        self, tid: int, milestone_ids: Iterable[int], unlink: bool = False
    ) -> TargetView:
        """Link milestones to a target ("target milestones"), or unlink them."""
        ids = sorted(set(milestone_ids))
        with self._write() as s:
            t = writable_target(self, s, tid)
            for mid in ids:
                m = self._require(s, Milestone, mid, "milestone")
                if unlink and m.target_id != tid:
                    continue
                new = None if unlink else tid
                if m.target_id != new:
                    apply_changes(self, s, m, {"target_id": new}, None, action="link")
            assert t.id is not None
        return self.target_overview(tid)

    def set_target_milestones(self, tid: int, milestone_ids: Iterable[int]) -> TargetView:
        """Make exactly `milestone_ids` the target's milestones (one transaction)."""
        wanted = set(milestone_ids)
        with self._write() as s:
            writable_target(self, s, tid)
            have = set(
                s.scalars(sa.select(col(Milestone.id)).where(col(Milestone.target_id) == tid))
            )
            for mid in sorted(i for i in have - wanted if i is not None):
                m = self._require(s, Milestone, mid, "milestone")
                apply_changes(self, s, m, {"target_id": None}, None, action="link")
            for mid in sorted(wanted - have):
                m = self._require(s, Milestone, mid, "milestone")
                apply_changes(self, s, m, {"target_id": tid}, None, action="link")
        return self.target_overview(tid)
