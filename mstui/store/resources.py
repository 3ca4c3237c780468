"""Resources (people, equipment) with a daily capacity, their bookings, and the conflicts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.domain.resources import KINDS, Span, overloads
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotFound
from mstui.store.tables import Booking, Milestone, Person, Project, Resource, Task
from mstui.store.work import WorkStore
from mstui.views.resources import BookingView, ConflictView, ResourceView


def _capacity(field: str, value: float | None) -> float | None:
    if value is None:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value <= 0:
        raise Invalid(field, value, "must be a number more than 0")
    return float(value)


class ResourceStore(WorkStore):
    """Add resources, book them on tasks and milestones, find who is over capacity."""

    # -- resources ----------------------------------------------------------------
    def add_resource(
        self,
        name: str,
        kind: str = "person",
        capacity: float = 8.0,
        person: str | None = None,
    ) -> ResourceView:
        """A person or a piece of equipment giving up to `capacity` units a day."""
        name = clean_field("name", name, max_len=120)
        kind = kind.strip().lower()
        if kind not in KINDS:
            raise Invalid("kind", kind, "expected person or equipment")
        cap = _capacity("capacity", capacity)
        with self._write() as s:
            if s.scalar(sa.select(Resource.id).where(Resource.name == name)) is not None:
                raise Invalid("name", name, "a resource with this name exists")
            pid = self._person_id(s, person, "person") if person else None
            row = Resource(name=name, kind=kind, capacity=cap, person_id=pid)
            s.add(row)
            s.flush()
            assert row.id is not None
            self._log(s, "resource", row.id, "create", new=name)
            rid = row.id
        return self.resource(rid)

    def find_resource(self, ref: str | int) -> int:
        """A resource's id from its number or its name (any case)."""
        with self.db.reading() as s:
            found = self._resource_id(s, ref)
        if found is None:
            raise NotFound("resource", str(ref).strip())
        return found

    def _resource_id(self, s: Session, ref: str | int) -> int | None:
        text = str(ref).strip()
        if text.lstrip("#").isdigit() and s.get(Resource, int(text.lstrip("#"))):
            return int(text.lstrip("#"))
        found = s.scalar(sa.select(Resource.id).where(sa.func.lower(Resource.name) == text.lower()))
        return None if found is None else int(found)

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
            found = s.scalar(sa.select(Resource.id).where(Resource.name == name))
            if found is None:
                raise
            return int(found)
        assert created.id is not None
        self._log(s, "resource", created.id, "create", new=name)
        return created.id

    def resource(self, rid: int) -> ResourceView:
        """One resource by id."""
        for view in self.list_resources():
            if view.id == rid:
                return view
        raise NotFound("resource", rid)

    def list_resources(self) -> list[ResourceView]:
        """Every resource, by name."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Resource, Person.login)
                .outerjoin(Person, Person.id == Resource.person_id)
                .order_by(Resource.name)
            ).all()
        return [
            ResourceView(r.id, r.name, r.kind, r.capacity, login, r.version) for r, login in rows
        ]

    # -- bookings -----------------------------------------------------------------
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
        amount = _capacity("amount", amount)
        name, cap = "", 8.0
        if new_kind is not None:
            name = clean_field("resource", str(resource), max_len=120)
            if new_kind not in KINDS:
                raise Invalid("kind", new_kind, "expected person or equipment")
            cap = _capacity("capacity", new_capacity if new_capacity is not None else 8.0) or cap
        with self._write() as s:
            # Found or made inside the write transaction: two people booking the
            # same new name at once both book the one resource.
            rid = self._resource_id(s, resource)
            if rid is None:
                if new_kind is None:
                    raise NotFound("resource", str(resource).strip())
                rid = self._create_resource(s, name, new_kind, cap)
            res = self._require(s, Resource, rid, "resource")
            if task_id is not None:
                task = s.get(Task, task_id)
                if task is None:
                    raise NotFound("task", task_id)
                first, last, project_id = task.start_date, task.end_date, task.project_id
            else:
                m = s.get(Milestone, milestone_id)
                if m is None:
                    raise NotFound("milestone", milestone_id)
                project_id = m.project_id
                today = self.today(self._project_tz(s.get(Project, project_id)))
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

    def unbook(self, booking_id: int) -> BookingView:
        """Remove a booking; returns what it was."""
        found = self.list_bookings(ids=[booking_id])
        if not found:
            raise NotFound("booking", booking_id)
        with self._write() as s:
            row = self._require(s, Booking, booking_id, "booking")
            self._log(s, "resource", row.resource_id, "unbook", field=f"booking #{booking_id}")
            s.delete(row)
        return found[0]

    def _booking_query(self) -> Any:
        task_m = aliased(Milestone)
        own_m = aliased(Milestone)
        mid = sa.func.coalesce(own_m.id, task_m.id)
        title = sa.func.coalesce(own_m.title, task_m.title)
        project_id = sa.func.coalesce(own_m.project_id, Task.project_id)
        q = (
            sa.select(Booking, Resource.name, Task.title, mid, title, Project.key)
            .join(Resource, Resource.id == Booking.resource_id)
            .outerjoin(Task, Task.id == Booking.task_id)
            .outerjoin(task_m, task_m.id == Task.milestone_id)
            .outerjoin(own_m, own_m.id == Booking.milestone_id)
            .outerjoin(Project, Project.id == project_id)
            .order_by(Resource.name, Booking.start_date, Booking.id)
        )
        return q, own_m, task_m

    def list_bookings(
        self,
        resource: str | int | None = None,
        *,
        milestone_id: int | None = None,
        ids: list[int] | None = None,
    ) -> list[BookingView]:
        """Bookings of a resource, of a milestone (its tasks' too), or by id."""
        q, own_m, task_m = self._booking_query()
        if resource is not None:
            q = q.where(Booking.resource_id == self.find_resource(resource))
        if milestone_id is not None:
            q = q.where(sa.or_(own_m.id == milestone_id, task_m.id == milestone_id))
        if ids is not None:
            q = q.where(col(Booking.id).in_(ids))
        with self.db.reading() as s:
            return [_booking_view(row) for row in s.execute(q).all()]

    # -- conflicts ------------------------------------------------------------------
    def resource_conflicts(self, since: date | None = None) -> list[ConflictView]:
        """Stretches of days on which a resource is booked beyond its capacity.

        With `since`, only those that end on or after it (what still matters),
        read without the whole booking history: the bookings that end on or
        after `since`, and, for a resource whose first such stretch may begin
        earlier, as many days before it as that stretch needs (so its start,
        peak and bookings are the same as with every booking read).
        """
        q, _, _ = self._booking_query()
        with self.db.reading() as s:
            resources = {r.id: r for r in s.scalars(sa.select(Resource))}
            if since is None:
                bookings = [_booking_view(row) for row in s.execute(q).all()]
            else:
                bookings = self._bookings_for_conflicts(s, q, since)
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

    def _bookings_for_conflicts(self, s: Session, q: Any, since: date) -> list[BookingView]:
        """Every booking that a stretch ending on or after `since` can involve.

        The loads of the days from `lo` on are exact once every booking ending
        on or after `lo` is read. A resource's first stretch that ends on or
        after `since` and starts after its `lo` is then exact too (the day
        before it is exact and not over capacity); one that does not widens
        `lo` to the day before it, and the resource is read again.
        """
        rows = [_booking_view(r) for r in s.execute(q.where(Booking.end_date >= since)).all()]
        capacity: dict[int, float] = dict(
            s.execute(sa.select(Resource.id, Resource.capacity)).all()
        )
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
                    Booking.resource_id == rid,
                    Booking.end_date >= new_lo,
                    Booking.end_date < lo[rid],
                )
                by_resource[rid] += [_booking_view(r) for r in s.execute(older).all()]
                lo[rid] = new_lo
            pending = set(widen)
        found = [b for items in by_resource.values() for b in items]
        return sorted(found, key=lambda b: (b.start, b.id))


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
