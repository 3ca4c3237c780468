"""People and departments: who they are, and correcting it.

People have no version column: `edit_person` compares and writes the fields
given inside one `BEGIN IMMEDIATE` transaction, and leaves the others alone.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.permissions import Permission
from mstui.domain.text import clean_field
from mstui.errors import Invalid, NotFound
from mstui.identity import account_named
from mstui.store.base import NOBODY, StoreBase
from mstui.store.checks import check_timezone, text_or_none
from mstui.store.tables import AlertScan, Department, Person
from mstui.views.people import PersonView

PERSON_FIELDS = ("name", "department", "department_head", "timezone", "admin")
"""What `edit_person` changes (the login is the OS account and stays). Everyone edits
their own name and timezone; the rest, and other people, are for admins."""
OWN_FIELDS = frozenset({"name", "timezone"})


def department_name(s: Session, dept_id: int | None) -> str | None:
    """The name of department `dept_id` (None for None)."""
    if dept_id is None:
        return None
    return s.scalar(sa.select(col(Department.name)).where(col(Department.id) == dept_id))


class PeoplePart(StoreBase):
    """Commands and queries about people."""

    def me(self) -> PersonView:
        """The acting person (created on first use from the OS account).

        On a read-only database where the account was never seen: a person with
        the id `NOBODY`, made up from the account and not stored.
        """
        if self.db.read_only and self.me_id() == NOBODY:
            acct = self.account
            return PersonView(NOBODY, acct.login, acct.full_name or acct.login, None, False, None)
        return self.person(self.account.login, create=True)

    def person(self, login: str, create: bool = False) -> PersonView:
        """One person by login."""
        if create and login == self.account.login:
            self.me_id()
        with self.db.reading() as s:
            row = s.execute(
                sa.select(Person, col(Department.name))
                .outerjoin(Department, col(Department.id) == col(Person.department_id))
                .where(col(Person.login) == login)
            ).first()
        if row is None:
            raise Invalid("person", login, "no such person")
        return _person_view(row[0], row[1])

    def add_person(
        self,
        login: str,
        name: str | None = None,
        department: str | None = None,
        timezone: str | None = None,
        department_head: bool = False,
    ) -> PersonView:
        """Add someone; the name defaults to the account's full name on this server.

        Anyone may add an account of this server as it is (to make them a member);
        a name, department or head of one of one's own choosing is for admins.
        """
        login = clean_field("login", login, max_len=64)
        as_is = not (name and name.strip()) and not department and not department_head
        if any(ch.isspace() for ch in login):
            raise Invalid("login", login, "must not contain spaces")
        if name is None or not name.strip():
            account = account_named(login)
            name = account.full_name if account else login
        name = clean_field("name", name, max_len=120)
        tz = check_timezone(timezone)
        with self._write() as s:
            if as_is and account_named(login) is not None:
                self._allow_own()
            else:
                self._allow(s, Permission.MANAGE_PEOPLE, None)
            if s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login)) is not None:
                raise Invalid("login", login, "already exists")
            person = Person(
                login=login,
                name=name,
                department_id=self._department_id(s, department),
                is_department_head=department_head,
                timezone=tz,
                created_at=self.now(),
            )
            s.add(person)
            s.flush()
            assert person.id is not None
            self._log(s, "person", person.id, "create", new=login)
        return self.person(login)

    def list_people(self) -> list[PersonView]:
        """Everyone, by login."""
        with self.db.reading() as s:
            rows = s.execute(
                sa.select(Person, col(Department.name))
                .outerjoin(Department, col(Department.id) == col(Person.department_id))
                .order_by(col(Person.login))
            ).all()
        return [_person_view(p, d) for p, d in rows]

    def departments(self) -> list[str]:
        """Every department name."""
        with self.db.reading() as s:
            return list(s.scalars(sa.select(col(Department.name)).order_by(col(Department.name))))

    def edit_person(self, login: str, /, **changes: Any) -> PersonView:
        """Change someone's name, department, department-head flag or timezone.

        People have no version column: the fields given are compared and
        written in one transaction, and the others are left as they are. A
        department head needs a department. A change of department or head
        makes the next alert scan (any process's) a full one, so escalations
        reach the new head at once.
        """
        unknown = set(changes) - set(PERSON_FIELDS)
        if unknown:
            raise Invalid("field", ", ".join(sorted(unknown)), "cannot be edited on a person")
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "name":
                values["name"] = clean_field("name", value, max_len=120)
            elif field == "department_head":
                if not isinstance(value, bool):
                    raise Invalid("head", value, "expected yes or no")
                values["is_department_head"] = value
            elif field == "timezone":
                values["timezone"] = check_timezone(text_or_none(value))
            elif field == "admin":
                if not isinstance(value, bool):
                    raise Invalid("admin", value, "expected yes or no")
                values["is_admin"] = value
            else:  # department
                dept = text_or_none(value)
                values["department"] = (
                    None if dept is None else clean_field("department", dept, max_len=80)
                )
        with self._write() as s:
            person = s.scalar(sa.select(Person).where(col(Person.login) == login.strip()))
            if person is None:
                raise NotFound("person", login)
            assert person.id is not None
            if person.id == self._me_id and set(changes) <= OWN_FIELDS:
                self._allow_own()
            else:
                self._allow(s, Permission.MANAGE_PEOPLE, None)
            if "department" in values:
                values["department_id"] = self._department_id(s, values.pop("department"))
            head = values.get("is_department_head", person.is_department_head)
            dept_id = values.get("department_id", person.department_id)
            if head and dept_id is None and {"is_department_head", "department_id"} & set(values):
                raise Invalid(
                    "department",
                    changes.get("department") or "",
                    "a department head needs a department",
                )
            changed = {k: v for k, v in values.items() if getattr(person, k) != v}
            for field, new in changed.items():
                old = getattr(person, field)
                name = {
                    "is_department_head": "department_head",
                    "department_id": "department",
                    "is_admin": "admin",
                }.get(field, field)
                if field == "department_id":
                    old, new = department_name(s, old), department_name(s, new)
                self._log(s, "person", person.id, "edit", field=name, old=old, new=new)
            if changed:
                s.execute(sa.update(Person).where(col(Person.id) == person.id).values(**changed))
            if {"is_department_head", "department_id"} & set(changed):
                # No Activity row tells the incremental scan whose milestones this
                # touches; a full scan re-reads them all.
                s.execute(sa.update(AlertScan).values(full_scan_at=None))
            final = person.login
        return self.person(final)


def _person_view(p: Person, dept: str | None) -> PersonView:
    assert p.id is not None
    return PersonView(
        id=p.id,
        login=p.login,
        name=p.name,
        department=dept,
        is_department_head=p.is_department_head,
        timezone=p.timezone,
        is_admin=p.is_admin,
    )
