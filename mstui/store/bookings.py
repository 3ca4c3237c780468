"""Bookings of resources on tasks and milestones, and the days a resource is over capacity."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.permissions import Permission
from mstui.domain.resources import KINDS, Span, overloads
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotFound
from mstui.store.base import StoreBase, stored_id
from mstui.store.checks import check_positive
from mstui.store.tables import Booking, Milestone, Project, Resource, Task
from mstui.views.resources import BookingView, ConflictView

Query = sa.Select[*tuple[Any, ...]]


def remove_bookings(
    st: StoreBase, s: Session, where: sa.ColumnElement[bool], project_id: int | None
) -> int:
    """Delete the bookings matching `where`, each logged on its resource; how many."""
    rows = s.execute(
        sa.select(
            col(Booking.id),
            col(Booking.resource_id),
            col(Booking.task_id),
            col(Booking.milestone_id),
            col(Booking.start_date),
            col(Booking.end_date),
            col(Booking.amount),
        ).where(where)
    ).all()
    for bid, rid, task_id, milestone_id, start, end, amount in rows:
        on = f"task {task_id}" if task_id is not None else f"milestone {milestone_id}"
        st._log(s, "resource", rid, "unbook", field=f"booking #{bid}",
                old=f"{on} {start.isoformat()}..{end.isoformat()} x{amount:g}",
                project_id=project_id)  # fmt: skip
    if rows:
        s.execute(sa.delete(Booking).where(col(Booking.id).in_([r[0] for r in rows])))
    return len(rows)


def booking_query() -> tuple[Query, type[Milestone], type[Milestone]]:
    """Bookings with their resource, task, milestone and project; and the two aliases
    of the milestone (booked itself, or through a task)."""
    task_m = aliased(Milestone)
    own_m = aliased(Milestone)
    mid = sa.func.coalesce(col(own_m.id), col(task_m.id))
    title = sa.func.coalesce(col(own_m.title), col(task_m.title))
    project_id = sa.func.coalesce(col(own_m.project_id), col(Task.project_id))
    q = (
        sa.select(Booking, col(Resource.name), col(Task.title), mid, title, col(Project.key))
        .join(Resource, col(Resource.id) == col(Booking.resource_id))
        .outerjoin(Task, col(Task.id) == col(Booking.task_id))
        .outerjoin(task_m, col(task_m.id) == col(Task.milestone_id))
        .outerjoin(own_m, col(own_m.id) == col(Booking.milestone_id))
        .outerjoin(Project, col(Project.id) == project_id)
        .order_by(col(Resource.name), col(Booking.start_date), col(Booking.id))
    )
    return q, own_m, task_m


def resource_conflicts_in(s: Session, since: date | None = None) -> list[ConflictView]:
    """Stretches of days on which a resource is booked beyond its capacity.

    With `since`, only those that end on or after it (what still matters),
    read without the whole booking history: the bookings that end on or
    after `since`, and, for a resource whose first such stretch may begin
    earlier, as many days before it as that stretch needs (so its start,
    peak and bookings are the same as with every booking read).
    """
    q, _, _ = booking_query()
    resources = {r.id: r for r in s.scalars(sa.select(Resource))}
    if since is None:
        bookings = [_booking_view(row) for row in s.execute(q).all()]
    else:
        bookings = _bookings_for_conflicts(s, q, since)
    by_resource: dict[int, list[BookingView]] = defaultdict(list)
    for b in bookings:
        by_resource[b.resource_id].append(b)
    out: list[ConflictView] = []
    for rid, items in by_resource.items():
        res = resources[rid]
        spans = [Span(b.id, b.start, b.end, b.amount) for b in items]
        for o in overloads(res.capacity, spans):
            if since is not None and o.end < since:
                continue
            involved = tuple(b for b in items if b.id in o.booking_ids)
            out.append(
                ConflictView(
                    rid, res.name, res.kind, res.capacity, o.start, o.end, o.peak, involved
                )
            )
    return sorted(out, key=lambda c: (c.start, c.resource.lower()))


def _bookings_for_conflicts(s: Session, q: Query, since: date) -> list[BookingView]:
    """Every booking that a stretch ending on or after `since` can involve.

    The loads of the days from `lo` on are exact once every booking ending
    on or after `lo` is read. A resource's first stretch that ends on or
    after `since` and starts after its `lo` is then exact too (the day
    before it is exact and not over capacity); one that does not widens
    `lo` to the day before it, and the resource is read again.
    """
    rows = [_booking_view(r) for r in s.execute(q.where(col(Booking.end_date) >= since)).all()]
    capacity: dict[int, float] = {
        stored_id(rid): cap
        for rid, cap in s.execute(sa.select(col(Resource.id), col(Resource.capacity))).all()
    }
    by_resource: dict[int, list[BookingView]] = defaultdict(list)
    for b in rows:
        by_resource[b.resource_id].append(b)
    lo = dict.fromkeys(by_resource, since)
    pending = set(by_resource)
    while pending:
        widen: dict[int, date] = {}
        for rid in pending:
            spans = [Span(b.id, b.start, b.end, b.amount) for b in by_resource[rid]]
            first = next((o for o in overloads(capacity[rid], spans) if o.end >= since), None)
            if first is not None and first.start <= lo[rid]:
                widen[rid] = min(first.start, lo[rid]) - timedelta(days=1)
        for rid, new_lo in widen.items():
            older = q.where(
                col(Booking.resource_id) == rid,
                col(Booking.end_date) >= new_lo,
                col(Booking.end_date) < lo[rid],
            )
            by_resource[rid] += [_booking_view(r) for r in s.execute(older).all()]
            lo[rid] = new_lo
        pending = set(widen)
    found = [b for items in by_resource.values() for b in items]
    return sorted(found, key=lambda b: (b.start, b.id))


class BookingPart(StoreBase):
    """Book resources on tasks and milestones, find who is over capacity."""

    def book(
        self,
        resource: str | int,
        *,
        task_id: int | None = None,
        milestone_id: int | None = None,
        start: date | None = None,
        end: date | None = None,
        amount: float | None = None,
        new_kind: str | None = None,
        new_capacity: float | None = None,
    ) -> BookingView:
        """Book a resource on a task (default span: the task's) or a milestone.

        A milestone's default span runs from today to its due date (its due
        date alone once that has passed). `amount` defaults to the resource's
        whole capacity. With `new_kind`, a resource of that name that does not
        exist yet is added (with `new_capacity`) in the same transaction.
        """
        if (task_id is None) == (milestone_id is None):
            raise Invalid("booking", "", "book on a task or on a milestone (one of them)")
        amount = check_positive("amount", amount)
        name, cap = "", 8.0
        if new_kind is not None:
            name = clean_field("resource", str(resource), max_len=120)
            if new_kind not in KINDS:
                raise Invalid("kind", new_kind, "expected person or equipment")
            wanted = new_capacity if new_capacity is not None else 8.0
            cap = check_positive("capacity", wanted) or cap
        with self._write() as s:
            # Found or made inside the write transaction: two people booking the
            # same new name at once both book the one resource.
            rid = self._resource_id(s, resource)
            if rid is None:
                if new_kind is None:
                    raise NotFound("resource", str(resource).strip())
                self._allow_resources(s)
                rid = self._create_resource(s, name, new_kind, cap)
            res = self._require(s, Resource, rid, "resource")
            if task_id is not None:
                task = s.get(Task, task_id)
                if task is None:
                    raise NotFound("task", task_id)
                first, last, project_id = task.start_date, task.end_date, task.project_id
                self._allow_in(s, Permission.EDIT, project_id)
            else:
                assert milestone_id is not None
                m = s.get(Milestone, milestone_id)
                if m is None:
                    raise NotFound("milestone", milestone_id)
                project_id = m.project_id
                proj = self._allow_in(s, Permission.EDIT, project_id)
                today = self.today(self._project_tz(proj))
                first, last = (today, m.due) if m.due >= today else (m.due, m.due)
            start = start or first
            end = end or (last if last >= start else start)
            if end < start:
                raise Invalid("end", end.isoformat(), "is before the start")
            row = Booking(
                resource_id=rid,
                task_id=task_id,
                milestone_id=milestone_id,
                start_date=start,
                end_date=end,
                amount=amount if amount is not None else res.capacity,
            )
            s.add(row)
            s.flush()
            assert row.id is not None
            self._log(
                s,
                "resource",
                rid,
                "book",
                field=f"booking #{row.id}",
                new=f"{'task' if task_id else 'milestone'} {task_id or milestone_id} "
                f"{start.isoformat()}..{end.isoformat()} x{row.amount:g}",
                project_id=project_id,
            )
            bid = row.id
        return self.list_bookings(ids=[bid])[0]

    def _create_resource(self, s: Session, name: str, kind: str, capacity: float) -> int:
        """A new resource `name`, or the one someone made a moment ago under that name.

        On SQLite the write lock already keeps two makers apart; on PostgreSQL
        the second one's insert hits the unique name, rolled back to a savepoint,
        and the resource that won is used.
        """
        try:
            with s.begin_nested():
                created = Resource(name=name, kind=kind, capacity=capacity)
                s.add(created)
                s.flush()
        except IntegrityError:
            found = s.scalar(sa.select(col(Resource.id)).where(col(Resource.name) == name))
            if found is None:
                raise
            return int(found)
        assert created.id is not None
        self._log(s, "resource", created.id, "create", new=name)
        return created.id

    def _allow_booking(self, s: Session, row: Booking) -> None:
        """Changing a booking needs editor on the project of what it is booked on."""
        if row.task_id is not None:
            pid = s.scalar(sa.select(col(Task.project_id)).where(col(Task.id) == row.task_id))
        else:
            pid = s.scalar(
                sa.select(col(Milestone.project_id)).where(col(Milestone.id) == row.milestone_id)
            )
        assert pid is not None  # the booked row exists (a foreign key, cascading)
        self._allow_in(s, Permission.EDIT, pid)

    def unbook(self, booking_id: int) -> BookingView:
        """Remove a booking; returns what it was."""
        found = self.list_bookings(ids=[booking_id])
        if not found:
            raise NotFound("booking", booking_id)
        with self._write() as s:
            row = self._require(s, Booking, booking_id, "booking")
            self._allow_booking(s, row)
            self._log(s, "resource", row.resource_id, "unbook", field=f"booking #{booking_id}")
            s.delete(row)
        return found[0]

    def list_bookings(
        self,
        resource: str | int | None = None,
        *,
        milestone_id: int | None = None,
        ids: list[int] | None = None,
    ) -> list[BookingView]:
        """Bookings of a resource, of a milestone (its tasks' too), or by id."""
        q, own_m, task_m = booking_query()
        with self.db.reading() as s:
            if resource is not None:
                rid = self._resource_id(s, resource)
                if rid is None:
                    raise NotFound("resource", str(resource).strip())
                q = q.where(col(Booking.resource_id) == rid)
            if milestone_id is not None:
                q = q.where(sa.or_(col(own_m.id) == milestone_id, col(task_m.id) == milestone_id))
            if ids is not None:
                q = q.where(col(Booking.id).in_(ids))
            return [_booking_view(row) for row in s.execute(q).all()]

    def resource_conflicts(self, since: date | None = None) -> list[ConflictView]:
        """Stretches of days on which a resource is booked beyond its capacity
        (with `since`, those that end on or after it)."""
        with self.db.reading() as s:
            return resource_conflicts_in(s, since)


def _booking_view(row: Any) -> BookingView:
    b, name, task_title, mid, title, key = row
    return BookingView(
        id=b.id,
        resource_id=b.resource_id,
        resource=name,
        start=b.start_date,
        end=b.end_date,
        amount=b.amount,
        task_id=b.task_id,
        task_title=task_title,
        milestone_id=mid,
        milestone_title=title,
        project=key,
    )
