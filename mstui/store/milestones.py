"""Changing milestones: create, edit, move on the board, reorder, delete.

`apply_changes` is the one way a milestone row is written (a version check,
an Activity row per field); tasks, targets and the timeline use it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Status, parse_enum
from mstui.domain.permissions import Permission
from mstui.domain.schedule import derived_due
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid
from mstui.store import notices
from mstui.store.attachments import copied_files, sweep_unused
from mstui.store.base import StoreBase, login_of, rowcount, stored_id
from mstui.store.checks import check_amount, slip_reason
from mstui.store.dependencies import add_dependency_row, replace_dependencies
from mstui.store.milestone_reads import one_milestone
from mstui.store.tables import Alert, Attachment, Milestone, Task
from mstui.store.target_reads import target_row
from mstui.views.milestones import MilestoneView

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
INCREMENTS = {"kpi_add": "kpi_actual", "cost_add": "cost_actual", "effort_add": "effort_actual"}
"""Keys of `edit_milestone` that add to an actual inside the write (no lost increments)."""
_AMOUNTS = (
    "kpi_target",
    "kpi_actual",
    "cost_estimate",
    "cost_actual",
    "effort_estimate",
    "effort_actual",
)


def next_position(s: Session, status: Status) -> int:
    """The board position after the last card of `status`."""
    top = s.scalar(
        sa.select(sa.func.max(col(Milestone.position))).where(col(Milestone.status) == status.value)
    )
    return int(top or 0) + 1


def milestone_conflict(st: StoreBase, s: Session, m: Milestone, expected: int) -> Conflict:
    """The `Conflict` of a milestone that moved on (naming who changed it)."""
    mid = stored_id(m.id)
    return Conflict("milestone", mid, expected, m.version, by=st._changed_by(s, "milestone", mid))


def apply_changes(
    st: StoreBase,
    s: Session,
    m: Milestone,
    values: dict[str, Any],
    expected_version: int | None,
    action: str = "edit",
    reason: str | None = None,
) -> None:
    """Write changed columns of `m` with a version check, and log each change
    (`reason`, why the due date moved later, goes with that change: a slip)."""
    mid = stored_id(m.id)
    st._allow_in(s, Permission.EDIT, m.project_id)
    if expected_version is not None and st._stale("milestone", mid, m.version, expected_version):
        raise milestone_conflict(st, s, m, expected_version)
    changed = {k: v for k, v in values.items() if getattr(m, k) != v}
    if not changed:
        return
    for key, new in changed.items():
        if key in ("updated_at", "completed_at", "blocked_at", "position"):
            continue
        old = getattr(m, key)
        if key == "owner_id":
            key, old, new = "owner", login_of(s, old), login_of(s, new)
        why = reason if key == "due" and new > old else None
        st._log(s, "milestone", mid, action, field=key, old=old, new=new,
                project_id=m.project_id, reason=why)  # fmt: skip
    notices.milestone_changed(st, s, m, changed)
    changed["updated_at"] = st.now()
    done = s.execute(
        sa.update(Milestone)
        .where(col(Milestone.id) == mid, col(Milestone.version) == m.version)
        .values(version=col(Milestone.version) + 1, **changed)
    )
    if rowcount(done) != 1:
        s.refresh(m)
        raise milestone_conflict(st, s, m, expected_version or m.version)
    s.expire(m)


class MilestonePart(StoreBase):
    """Commands on milestones."""

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
            self._allow(s, Permission.EDIT, proj)
            owner_id = self._member_id(s, owner, proj) if owner else self._me_id
            assert owner_id is not None and proj.id is not None
            if target_id is not None:
                target_row(s, target_id)
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
                position=next_position(s, status),
                created_at=now,
                updated_at=now,
            )
            s.add(m)
            s.flush()
            assert m.id is not None
            self._log(s, "milestone", m.id, "create", new=title, project_id=proj.id)
            notices.milestone_added(self, s, m)
            for pred_id in depends_on:
                add_dependency_row(self, s, pred_id, m.id)
            mid = m.id
        return self._milestone(mid)

    def _milestone(self, mid: int) -> MilestoneView:
        with self.db.reading() as s:
            return one_milestone(self, s, mid)

    def edit_milestone(
        self,
        mid: int,
        expected_version: int | None,
        *,
        depends_on: Sequence[int] | None = None,
        reason: str | None = None,
        **changes: Any,
    ) -> MilestoneView:
        """Change fields of a milestone; `Conflict` if it moved on since `expected_version`.

        Keys are those of `EDITABLE`; `owner` is a login, `status` a `Status`.
        `reason` says why the due date moves later (kept with the slip).
        `depends_on`, when given, replaces what it depends on, in the same
        transaction: a refused dependency (a cycle) saves none of the changes.
        """
        unknown = set(changes) - set(EDITABLE) - set(INCREMENTS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited")
        values: dict[str, Any] = {}
        adds: dict[str, float] = {}
        why = slip_reason(reason)
        for key, value in changes.items():
            if key in INCREMENTS:
                if INCREMENTS[key] in changes:
                    raise Invalid(
                        key.replace("_", "-"), value, f"give {key} or the value, not both"
                    )
                adds[INCREMENTS[key]] = check_amount(key.replace("_", "-"), value)
            elif key == "title":
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
            project = self._allow_in(s, Permission.EDIT, m.project_id)
            if "owner" in values:
                values["owner_id"] = self._member_id(s, values.pop("owner"), project)
            if values.get("target_id") is not None:
                target_row(s, values["target_id"])
            if "status" in values:
                values.update(self._status_values(s, m, values.pop("status"), values))
            follows = m.due_from_tasks and values.get("due_from_tasks", True)
            if follows and "due" in values and values["due"] != m.due:
                # A typed date would be kept for a moment and lost at the next task change.
                why = (
                    f"milestone {mid}'s due date follows its tasks; "
                    "turn off 'due follows tasks' (--no-from-tasks) to set it by hand"
                )
                raise Invalid("due", values["due"].isoformat(), why)
            if values.get("due_from_tasks"):
                ends = s.scalars(sa.select(col(Task.end_date)).where(col(Task.milestone_id) == mid))
                values["due"] = derived_due(ends, values.get("due", m.due))
            for field, add in adds.items():  # read and written under the write lock
                if field == "kpi_actual" and not m.kpi_name:
                    raise Invalid("kpi-add", add, f"milestone {mid} has no KPI")
                values[field] = (getattr(m, field) or 0.0) + add
            apply_changes(self, s, m, values, expected_version, reason=why)
            if depends_on is not None:
                replace_dependencies(self, s, m, depends_on)
        return self._milestone(mid)

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
            out["position"] = next_position(s, status)
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
            self._allow_in(s, Permission.EDIT, a.project_id)
            self._allow_in(s, Permission.EDIT, b.project_id)
            pa, pb = a.position, b.position
            if pa == pb:
                pb = pa + 1
            s.execute(sa.update(Milestone).where(col(Milestone.id) == a.id).values(position=pb))
            s.execute(sa.update(Milestone).where(col(Milestone.id) == b.id).values(position=pa))

    def place_milestone(self, mid: int, place: int) -> tuple[int, int]:
        """Put a card at `place` (1: the top) among its project's cards in its column;
        the others keep their order (and the board places of other projects' cards stay:
        the positions this project's cards held are handed round). Returns (place, of)."""
        if place < 1:
            raise Invalid("position", place, "must be 1 or more (1 is the top)")
        with self._write() as s:
            m = self._require(s, Milestone, mid, "milestone")
            self._allow_in(s, Permission.EDIT, m.project_id)
            column = s.execute(
                sa.select(col(Milestone.id), col(Milestone.position))
                .where(col(Milestone.project_id) == m.project_id)
                .where(col(Milestone.status) == m.status)
                .order_by(col(Milestone.position), col(Milestone.id))
            ).all()
            held = {cid: pos for cid, pos in column}
            slots = [pos for _, pos in column]
            for i in range(1, len(slots)):  # equal positions (old data): make them distinct
                slots[i] = max(slots[i], slots[i - 1] + 1)
            order = [cid for cid, _ in column if cid != mid]
            before, place = [cid for cid, _ in column].index(mid) + 1, min(place, len(column))
            order.insert(place - 1, mid)
            for cid, slot in zip(order, slots, strict=True):
                if held[cid] != slot:
                    s.execute(
                        sa.update(Milestone).where(col(Milestone.id) == cid).values(position=slot)
                    )
            if place != before:
                self._log(s, "milestone", mid, "edit", field="position", old=before, new=place,
                          project_id=m.project_id)  # fmt: skip
        return place, len(column)

    def delete_milestone(self, mid: int, expected_version: int | None = None) -> None:
        """Delete a milestone, its alerts and attachments (their stored files when no
        other attachment uses them); its tasks stay in the project, unlinked."""
        with self._write() as s:
            m = self._require(s, Milestone, mid, "milestone")
            self._allow_in(s, Permission.EDIT, m.project_id)
            if expected_version is not None and self._stale(
                "milestone", m.id, m.version, expected_version
            ):
                raise milestone_conflict(self, s, m, expected_version)
            s.execute(
                sa.update(Task).where(col(Task.milestone_id) == mid).values(milestone_id=None)
            )
            # Like delete_project and delete_target: no alert about what is gone.
            s.execute(
                sa.delete(Alert).where(
                    col(Alert.subject_type) == "milestone", col(Alert.subject_id) == mid
                )
            )
            shas = list(s.scalars(copied_files(col(Attachment.milestone_id) == mid)))
            s.execute(sa.delete(Attachment).where(col(Attachment.milestone_id) == mid))
            self._log(s, "milestone", mid, "delete", old=m.title, project_id=m.project_id)
            s.delete(m)
        sweep_unused(self.files_root(), self._cleanup, shas)
