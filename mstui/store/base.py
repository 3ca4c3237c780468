"""What every part of the store shares: the database, the clock, who acts, the log.

Each entity module holds one part of `Store` (a class inheriting only
`StoreBase`) and module functions taking a `Session` that other modules may
call; the helpers here are those every part needs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session
from sqlmodel import col

from mstui.clock import Clock
from mstui.config import Settings
from mstui.domain.dates import today_in
from mstui.domain.enums import Role
from mstui.domain.health import HealthRules
from mstui.domain.permissions import Permission, Standing, refusal
from mstui.domain.text import clean_field
from mstui.errors import Conflict, Invalid, NotAllowed, NotFound
from mstui.identity import Account
from mstui.store import access
from mstui.store.engine import Database
from mstui.store.tables import Activity, Department, Person, Project, Resource, Task

T = TypeVar("T")
CHUNK = 500
"""Ids per IN list."""

NOBODY = -1
"""The acting person's id where they cannot be recorded (a read-only database)."""


def fmt_value(value: Any) -> str | None:
    """A value as the activity log keeps it (text, or None)."""
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size` (for IN lists)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def rowcount(result: sa.Result[Any]) -> int:
    """Rows an UPDATE or DELETE touched (its result is a cursor result)."""
    return int(cast(sa.CursorResult[Any], result).rowcount)


def pdate(value: date) -> pendulum.Date:
    """A plain date as a pendulum Date (for date arithmetic)."""
    return pendulum.Date(value.year, value.month, value.day)


def pk(column: int | None) -> Mapped[int]:
    """`col()` for a table's `id` column, typed as what it holds in SQL: never NULL
    (SQLModel types the attribute `int | None` for rows not inserted yet)."""
    return cast("Mapped[int]", col(column))


def stored_id(row_id: int | None) -> int:
    """The id of a row read from the database (None only before its INSERT)."""
    assert row_id is not None
    return row_id


def login_of(s: Session, pid: int | None) -> str | None:
    """The login of person `pid` (None for None)."""
    if pid is None:
        return None
    return s.scalar(sa.select(col(Person.login)).where(col(Person.id) == pid))


def files_base(db_path: Path | None) -> Path | None:
    """`<database>.files/` beside a SQLite file (None for a server database)."""
    return db_path.with_name(db_path.name + ".files") if db_path is not None else None


class StoreBase:
    """Holds the database, the clock and the acting person; opens units of work."""

    def __init__(self, db: Database, clock: Clock, settings: Settings, account: Account) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.account = account
        self._me_id: int | None = None
        self.notices = True
        """Whether writes tell others what was done to their work (off for the demo's
        replayed history: it would all be news at once)."""
        # Per thread: an undo retrying in one worker must not vouch for another's save.
        self._accepted_here = threading.local()
        # Per thread: whether the unit of work under way checked a permission.
        self._guard = threading.local()

    def files_root(self) -> Path | None:
        """Where attached files are kept: the `files` setting, else beside a SQLite file."""
        if self.settings.files:
            return Path(self.settings.files).expanduser()
        return files_base(self.db.path)

    # -- versions -----------------------------------------------------------
    def _stale(self, entity: str, row_id: int | None, current: int, expected: int | None) -> bool:
        """Whether a write that read version `expected` must be refused (a Conflict).

        A pair accepted by `accepting` (the caller's own later writes) is not stale.
        """
        if expected is None or current == expected:
            return False
        accepted = getattr(self._accepted_here, "pairs", {})
        return row_id is None or accepted.get((entity, row_id)) != (expected, current)

    @contextmanager
    def accepting(self, entity: str, row_id: int, expected: int, current: int) -> Iterator[None]:
        """Accept `expected` for a row now at `current` within the block.

        For the app's undo: after undoing its newer change to the same row, an
        older undo step still names the version its own change left. The caller
        vouches that every version between the two is its own writing.
        """
        pairs = getattr(self._accepted_here, "pairs", None)
        if pairs is None:
            pairs = self._accepted_here.pairs = {}
        pairs[(entity, row_id)] = (expected, current)
        try:
            yield
        finally:
            pairs.pop((entity, row_id), None)

    def _changed_by(self, s: Session, entity: str, entity_id: int) -> str | None:
        """The latest other person in a row's history (who made a conflict)."""
        return s.scalar(
            sa.select(col(Person.login))
            .join(Activity, col(Activity.actor_id) == col(Person.id))
            .where(col(Activity.entity) == entity, col(Activity.entity_id) == entity_id)
            .where(col(Activity.actor_id) != self._me_id)
            .order_by(col(Activity.id).desc())
            .limit(1)
        )

    def _check_version(
        self, s: Session, entity: str, row_id: int, current: int, expected: int | None
    ) -> None:
        """`Conflict` (naming who changed it) when the row moved on since `expected`."""
        if expected is not None and self._stale(entity, row_id, current, expected):
            raise Conflict(
                entity, row_id, expected, current, by=self._changed_by(s, entity, row_id)
            )

    def _versioned_update(
        self,
        s: Session,
        model: type[Project | Task | Resource],
        entity: str,
        row_id: int,
        version: int,
        changed: dict[str, Any],
    ) -> None:
        """UPDATE … SET …, version = version + 1 WHERE id = :id AND version = :v."""
        done = s.execute(
            sa.update(model)
            .where(col(model.id) == row_id, col(model.version) == version)
            .values(version=col(model.version) + 1, **changed)
        )
        if rowcount(done) != 1:
            now = s.scalar(sa.select(col(model.version)).where(col(model.id) == row_id))
            if now is None:
                raise NotFound(entity, row_id)
            raise Conflict(
                entity, row_id, version, int(now), by=self._changed_by(s, entity, row_id)
            )

    # -- time -------------------------------------------------------------
    def now(self) -> datetime:
        """The current time (UTC) from the injected clock."""
        return self.clock.now()

    def today(self, tz: str | None = None) -> date:
        """Today's date in `tz` (default: the configured timezone)."""
        return today_in(tz or self.settings.timezone, self.clock.now())

    @property
    def health_rules(self) -> HealthRules:
        return HealthRules(
            due_soon_days=self.settings.due_soon_days,
            kpi_pace_tolerance=self.settings.kpi_pace_tolerance,
        )

    # -- identity -----------------------------------------------------------
    def me_id(self) -> int:
        """The Person id of the acting account, created on first use.

        On a read-only database (a newer schema) nothing is written: an account
        never seen there gets `NOBODY`, which matches no rows (no alerts of mine).
        """
        if self._me_id is None:
            login = self.account.login
            with self.db.reading() as s:
                found = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
            if found is None:
                if self.db.read_only:
                    return NOBODY  # not kept: `_write` creates the person where it can
                with self.db.writing() as s:
                    found = self._ensure_person(s, self.account.login, self.account.full_name)
            self._me_id = found
        return self._me_id

    def _ensure_person(self, s: Session, login: str, name: str) -> int:
        found = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
        if found is not None:
            return found
        # The first person in a database created it: the admin of a private or shared file.
        first = s.scalar(sa.select(col(Person.id)).limit(1)) is None
        person = Person(login=login, name=name or login, created_at=self.now(), is_admin=first)
        s.add(person)
        s.flush()
        assert person.id is not None
        self._log(s, "person", person.id, "create", new=login, actor=person.id)
        return person.id

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write unit of work in which the acting person is known (`self._me_id`).

        An account seen for the first time gets its Person inside the same
        transaction, so a command that fails leaves no trace at all.
        """
        fresh = self._me_id is None
        outer = getattr(self._guard, "checked", None)
        self._guard.checked = False
        try:
            with self.db.writing() as s:
                if fresh:
                    self._me_id = self._ensure_person(s, self.account.login, self.account.full_name)
                yield s
                if not self._guard.checked:
                    # A bug of ours, caught before it commits: every write names what it needs.
                    raise AssertionError("a write of the store checked no permission")
        except BaseException:
            if fresh:
                self._me_id = None  # that insert was rolled back
            raise
        finally:
            self._guard.checked = outer

    # -- permissions ------------------------------------------------------------
    def _is_admin(self, s: Session) -> bool:
        return access.is_admin(s, self._me_id, self.account.login, self.settings.admins)

    def _allow(self, s: Session, need: Permission, project: Project | None) -> Standing:
        """Refuse with one line (`NotAllowed`: "needs editor on MKT (you are viewer)")
        unless the acting person may do `need` in `project` (None: on the server).

        Every write calls this, or `_allow_own`, inside its unit of work: `_write`
        refuses to commit one that checked nothing.
        """
        self._guard.checked = True
        admin = self._is_admin(s)
        who = (
            Standing(None, admin)
            if project is None
            else access.standing(s, self._me_id, admin, project)
        )
        reason = refusal(need, who)
        if reason is not None:
            raise NotAllowed(reason)
        return who

    def _allow_in(self, s: Session, need: Permission, project_id: int) -> Project:
        """`_allow` for the project with id `project_id`; returns that project."""
        project = self._require(s, Project, project_id, "project")
        self._allow(s, need, project)
        return project

    def _member_id(self, s: Session, login: str, project: Project, field: str = "owner") -> int:
        """The person `login`, who must be a member of `project` with editor or more
        (owners and assignees are); the refusal says the command that fixes it."""
        pid = self._person_id(s, login, field)
        role = access.role_in(s, pid, stored_id(project.id))
        if role is None or role is Role.VIEWER:
            who = login.strip()
            held = f"{who} is not a member" if role is None else f"{who} is only a viewer"
            fix = f"mstui project member add {project.key} {who} editor"
            reason = f"{held} of {project.key}; {field}s need editor ({fix})"
            raise Invalid(field, login, reason, quote=False)
        return pid

    @contextmanager
    def _cleanup(self) -> Iterator[Session]:
        """A follow-up write of a change already allowed (deleting stored files it freed)."""
        with self._write() as s:
            self._guard.checked = True
            yield s

    def _allow_resources(self, s: Session) -> None:
        """The shared list of resources: managed by the leads of projects and by admins."""
        self._guard.checked = True
        if not (access.leads_anything(s, self._me_id) or self._is_admin(s)):
            raise NotAllowed("resources are managed by project leads and admins (you lead none)")

    def _allow_own(self) -> None:
        """A write on what is the person's own: their alerts, name and timezone, comments,
        a project they create. The caller has made sure it is theirs."""
        self._guard.checked = True

    def _sees(self) -> sa.ColumnElement[bool]:
        """A condition on `Project`: the projects the acting person may see."""
        return access.visible_projects(self.account.login, self.settings.admins)

    # -- lookups inside a unit of work --------------------------------------
    def _person_id(self, s: Session, login: str, field: str = "owner") -> int:
        login = login.strip()
        pid = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
        if pid is None:
            if login == self.account.login:
                return self._ensure_person(s, login, self.account.full_name)
            raise Invalid(field, login, "no such person (add them with: mstui person add LOGIN)")
        return pid

    def _project(self, s: Session, key: str, field: str = "project") -> Project:
        project = s.scalar(sa.select(Project).where(col(Project.key) == key.strip().upper()))
        if project is None:
            raise Invalid(field, key, "no such project")
        return project

    def _department_id(self, s: Session, name: str | None) -> int | None:
        if name is None or not name.strip():
            return None
        clean = clean_field("department", name, max_len=80)
        found = s.scalar(sa.select(col(Department.id)).where(col(Department.name) == clean))
        if found is not None:
            return found
        dept = Department(name=clean)
        s.add(dept)
        s.flush()
        return dept.id

    def _resource_id(self, s: Session, ref: str | int) -> int | None:
        """A resource's id from its number or its name (any case); None if there is none."""
        text = str(ref).strip()
        if text.lstrip("#").isdigit() and s.get(Resource, int(text.lstrip("#"))) is not None:
            return int(text.lstrip("#"))
        found = s.scalar(
            sa.select(col(Resource.id)).where(sa.func.lower(col(Resource.name)) == text.lower())
        )
        return None if found is None else int(found)

    def _require(self, s: Session, model: type[T], ident: int, what: str) -> T:
        row = s.get(model, ident)
        if row is None:
            raise NotFound(what, ident)
        return row

    def _project_tz(self, project: Project) -> str:
        return project.timezone or self.settings.timezone

    # -- the activity log -----------------------------------------------------
    def _log(
        self,
        s: Session,
        entity: str,
        entity_id: int,
        action: str,
        *,
        field: str = "",
        old: Any = None,
        new: Any = None,
        project_id: int | None = None,
        actor: int | None = None,
        reason: str | None = None,
    ) -> None:
        s.add(
            Activity(
                at=self.now(),
                actor_id=actor if actor is not None else self._me_id,
                project_id=project_id,
                entity=entity,
                entity_id=entity_id,
                action=action,
                field=field,
                old=fmt_value(old),
                new=fmt_value(new),
                reason=reason or None,
            )
        )
