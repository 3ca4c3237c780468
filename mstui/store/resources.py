"""Resources (people, equipment) with a daily capacity, and correcting them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.resources import KINDS
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotFound
from mstui.store.base import StoreBase, login_of, rowcount, stored_id
from mstui.store.bookings import remove_bookings
from mstui.store.checks import check_positive, text_or_none
from mstui.store.tables import Booking, Person, Resource
from mstui.views.resources import ResourceView

RESOURCE_FIELDS = ("name", "kind", "capacity", "person")
"""What `edit_resource` changes: `person` is a login (None or "" clears it)."""


def _capacity(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid("capacity", value, "must be a number more than 0")
    if value != value or value in (float("inf"), float("-inf")) or value <= 0:
        raise Invalid("capacity", value, "must be a number more than 0")
    return float(value)


def _resource_row(s: Session, ref: str | int) -> Resource:
    """A resource by its number or its name (any case)."""
    text = str(ref).strip()
    row: Resource | None = None
    if text.lstrip("#").isdigit():
        row = s.get(Resource, int(text.lstrip("#")))
    if row is None:
        row = s.scalar(sa.select(Resource).where(sa.func.lower(col(Resource.name)) == text.lower()))
    if row is None:
        raise NotFound("resource", text)
    return row


class ResourcePart(StoreBase):
    """Add, find, list and correct resources."""

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
        cap = check_positive("capacity", capacity)
        with self._write() as s:
            self._allow_resources(s)
            if s.scalar(sa.select(col(Resource.id)).where(col(Resource.name) == name)) is not None:
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
                sa.select(Resource, col(Person.login))
                .outerjoin(Person, col(Person.id) == col(Resource.person_id))
                .order_by(col(Resource.name))
            ).all()
        return [
            ResourceView(stored_id(r.id), r.name, r.kind, r.capacity, login, r.version)
            for r, login in rows
        ]

    # -- corrections ---------------------------------------------------------------------
    def _resource_view(self, rid: int) -> ResourceView:
        with self.db.reading() as s:
            found = s.execute(
                sa.select(Resource, col(Person.login))
                .outerjoin(Person, col(Person.id) == col(Resource.person_id))
                .where(col(Resource.id) == rid)
            ).first()
        if found is None:
            raise NotFound("resource", rid)
        r, login = found
        return ResourceView(stored_id(r.id), r.name, r.kind, r.capacity, login, r.version)

    def edit_resource(
        self, name_or_id: str | int, /, expected_version: int | None, **changes: Any
    ) -> ResourceView:
        """Change a resource's name, kind, capacity or person (keys of `RESOURCE_FIELDS`).

        `Conflict` if it moved on since `expected_version` (None: no check). Its
        bookings stay; a lower capacity can make new conflicts.
        """
        unknown = set(changes) - set(RESOURCE_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited on a resource")
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "name":
                values["name"] = clean_field("name", value, max_len=120)
            elif field == "kind":
                kind = value.strip().lower() if isinstance(value, str) else value
                if kind not in KINDS:
                    raise Invalid("kind", value, "expected person or equipment")
                values["kind"] = kind
            elif field == "capacity":
                values["capacity"] = _capacity(value)
            else:  # person
                values["person"] = text_or_none(value)
        with self._write() as s:
            res = _resource_row(s, name_or_id)
            self._allow_resources(s)
            rid = stored_id(res.id)
            self._check_version(s, "resource", rid, res.version, expected_version)
            if "name" in values:
                clash = s.scalar(
                    sa.select(col(Resource.id)).where(
                        sa.func.lower(col(Resource.name)) == values["name"].lower(),
                        col(Resource.id) != rid,
                    )
                )
                if clash is not None:
                    raise Invalid("name", values["name"], "a resource with this name exists")
            if "person" in values:
                who = values.pop("person")
                values["person_id"] = self._person_id(s, who, "person") if who else None
            changed = {k: v for k, v in values.items() if getattr(res, k) != v}
            for field, new in changed.items():
                old = getattr(res, field)
                if field == "person_id":
                    old, new = login_of(s, old), login_of(s, new)
                name = field.removesuffix("_id")
                self._log(s, "resource", rid, "edit", field=name, old=old, new=new)
            if changed:
                self._versioned_update(s, Resource, "resource", rid, res.version, changed)
        return self._resource_view(rid)

    def delete_resource(self, name_or_id: str | int, expected_version: int | None = None) -> int:
        """Delete a resource and every booking of it; returns how many bookings went."""
        with self._write() as s:
            res = _resource_row(s, name_or_id)
            self._allow_resources(s)
            rid = stored_id(res.id)
            self._check_version(s, "resource", rid, res.version, expected_version)
            removed = remove_bookings(self, s, col(Booking.resource_id) == rid, None)
            self._log(s, "resource", rid, "delete", old=res.name)
            gone = s.execute(
                sa.delete(Resource).where(
                    col(Resource.id) == rid, col(Resource.version) == res.version
                )
            )
            if rowcount(gone) != 1:
                raise Conflict("resource", rid, res.version, res.version + 1)
        return removed
