"""Engine, SQLite settings for many processes, sessions, migrations on start-up.

What was measured on the team's servers, and is done here:

- WAL is switched on once, when the file is created, never on every connect.
- Each connection: the driver's own transaction handling off, `busy_timeout`,
  `synchronous=NORMAL`, `foreign_keys=ON`.
- A unit of work that writes starts with `BEGIN IMMEDIATE` (a deferred BEGIN
  cannot upgrade to a write lock and fails at once, ignoring the timeout).
- Every unit of work rolls back on any failure, so a failed COMMIT never leaves
  an open transaction in the pool for the next, unrelated commit to save.
- Pending migrations run after a consistent copy of the file is taken with
  SQLite's backup API (a plain copy of a live WAL database is not consistent).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from mstui.errors import DatabaseError, DatabaseUnavailable, Invalid, MstuiError
from mstui.store.connection import configure_sqlite, current_revision
from mstui.store.migrations import HEAD, REVISIONS
from mstui.store.read_only import open_read_only
from mstui.store.server import ChangeFeed, create_server_engine, server_url
from mstui.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    backup_sqlite,
    check_sqlite_file,
    create_sqlite,
    explain,
    integrity,
    read_only_uri,
    why_read_only,
)


def to_url(db: str) -> str:
    """A database URL for `db`, which may be a URL or a plain file path."""
    if "://" in db:
        return db
    path = str(Path(db).expanduser().resolve())
    # A URL decodes %XX and ends the path at ? or #: escape them, so that the file
    # opened is the one named ("a?b/x.db" opened "a", "a%20b" opened "a b").
    return "sqlite:///" + path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and memory."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _explain(exc: BaseException) -> str:
    return explain(exc)


def _is_damage(exc: BaseException) -> bool:
    """Whether a driver error says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (11, 26):
        return True
    return "malformed" in str(orig)


@dataclass(frozen=True)
class OpenInfo:
    """What opening found: the revision before, whether it migrated, the backup."""

    revision_before: str | None
    migrated: bool
    backup: Path | None
    read_only: bool


class Database:
    """An open database: its engines, and unit-of-work sessions for the store.

    It turns read-only, for the rest of the process, when it meets damage (a
    corruption error anywhere, or a failed quick check before the first write)
    or a schema that a newer mstui migrated to while this one ran: writing on
    would make things worse. `why_read_only` says why, in one line.
    """

    def __init__(
        self, url: str, engine: Engine, read_only: bool, info: OpenInfo, revision: str | None
    ) -> None:
        self.url = url
        self.engine = engine
        self.read_only = read_only
        self.info = info
        self.revision = revision
        self.path = sqlite_path(url)
        self.why_read_only = (
            f"{self.label} has a newer schema than this mstui knows: opened read-only"
            if read_only
            else ""
        )
        self.checked = self.path is None
        """Whether the file passed a quick check (once, before the first write)."""
        self._write_engine = engine.execution_options(mstui_write=True)
        self._watch: sqlite3.Connection | None = None
        self._feed = None if self.is_sqlite else ChangeFeed(engine)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def label(self) -> str:
        """How to name this database to a person (a path, or a URL without password)."""
        if self.path is not None:
            return str(self.path)
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    @property
    def shown_name(self) -> str:
        """How a screen names it: a SQLite file's path, a server database's name and host."""
        if self.path is not None:
            return str(self.path)
        url = sa.engine.make_url(self.url)
        return f"{url.database} on {url.host or 'PostgreSQL'}"

    def go_read_only(self, why: str) -> DatabaseUnavailable:
        """Refuse every write from now on, for `why`; the error to raise."""
        self.read_only = True
        self.why_read_only = why
        return DatabaseUnavailable(why)

    def damaged(self, problem: str) -> DatabaseUnavailable:
        """The database is damaged: read-only from now on, and the one line that says so."""
        return self.go_read_only(
            f"{self.label} is damaged ({problem}): mstui stopped writing to it; "
            "see `mstui db check`, and restore the newest good backup"
        )

    def quick_check(self) -> list[str]:
        """SQLite's quick check of the file ([] when sound); damage turns us read-only."""
        if self.path is None:
            return []
        problems = integrity(self.path, quick=True)
        self.checked = True
        if problems:
            self.damaged(problems[0])
        return problems

    def _failed(self, exc: BaseException, what: str) -> MstuiError:
        if self.is_sqlite and _is_damage(exc):
            return self.damaged(_explain(exc))
        return DatabaseError(f"{what}: {explain(exc, self.path)}")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot, then closed.

        A driver error (a locked or corrupt file, …) becomes `MstuiError` with
        one line; like `writing`, it rolls back on any failure.
        """
        with self._unit(Session(self.engine, expire_on_commit=False, autoflush=False),
                        "database error") as session:  # fmt: skip
            yield session
            # close() (in _unit) ends the transaction without expiring the rows
            # that were read, so they stay readable after the unit of work.

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A unit of work that writes: BEGIN IMMEDIATE, commit, or roll back on anything.

        A driver error (a constraint, a locked or full disk, …) becomes
        `MstuiError` with one line saying that nothing was saved. The schema is
        read first, under the write lock: a newer one refuses the write.
        """
        if not self.read_only and not self.checked:
            self.quick_check()
        if self.read_only:
            raise DatabaseUnavailable(self.why_read_only)
        session = Session(self._write_engine, expire_on_commit=False, autoflush=False)
        with self._unit(session, "database error, nothing was saved"):
            found = _revision_in(session)
            if found != self.revision:
                raise self.go_read_only(
                    f"{self.label} was upgraded by a newer mstui (schema {found}) while this "
                    "one ran: read-only now; start the newer mstui"
                )
            yield session
            session.commit()

    @contextmanager
    def _unit(self, session: Session, what: str) -> Iterator[Session]:
        """One unit of work on `session`: any failure rolls back, a fault becomes one line.

        A driver error becomes `MstuiError` ("`what`: …"); a bounded column's
        refusal (columns.py) is raised as itself; text with lone surrogates,
        unchecked where it entered, is refused as not UTF-8.
        """
        try:
            yield session
        except (DBAPIError, sqlite3.Error) as exc:  # IntegrityError, OperationalError, …
            session.rollback()
            raise self._failed(exc, what) from exc
        except StatementError as exc:
            session.rollback()
            raise (exc.orig if isinstance(exc.orig, MstuiError) else exc) from None
        except UnicodeEncodeError:
            session.rollback()
            raise Invalid("text", "", "not valid UTF-8 text", quote=False) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def watch_interval(self) -> float:
        """How often a running app should ask `data_version` (seconds)."""
        return self._feed.interval if self._feed is not None else 1.0

    def data_version(self) -> int:
        """A number that changes when another process commits: SQLite's `data_version`
        on one dedicated connection (a pooled one would give meaningless values), or the
        server's change feed (server.py). It never raises on a server database."""
        if self._feed is not None:
            return self._feed.version()
        if self.path is None:
            return 0
        if self._watch is None:
            self._watch = sqlite3.connect(
                read_only_uri(self.path), uri=True, check_same_thread=False
            )
        row = self._watch.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Release every connection."""
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self._feed is not None:
            self._feed.close()
        self.engine.dispose()


def _revision_in(s: Session | sa.Connection) -> str | None:
    """The revision stamped in the database, read in the unit of work `s`."""
    row = s.execute(sa.text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def _outside_transaction(conn: sa.Connection, sql: str) -> None:
    """Run `sql` on the driver's connection itself, outside SQLAlchemy's transaction."""
    raw = conn.connection.dbapi_connection
    assert raw is not None  # a connection just checked out of the pool
    cur = raw.cursor()
    cur.execute(sql)
    cur.close()


def _migrate(engine: Engine, path: Path | None) -> tuple[bool, Path | None]:
    """Run Alembic up to head under the write lock, foreign keys off (SQLite).

    One process migrates; the others wait for the lock, then find the schema at
    head and do nothing (no second backup). The backup is taken under the lock,
    so it is the schema that is migrated. Returns (migrated, backup).
    """
    import logging

    from alembic import command
    from alembic.config import Config

    # A successful command prints nothing on stderr: no Alembic INFO lines.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    cfg = Config()
    cfg.set_main_option("script_location", "mstui.store:migrations")
    write_engine = engine.execution_options(mstui_write=True)
    backup = None
    with write_engine.connect() as conn:
        if path is not None:
            # Must be outside any transaction to have an effect (batch mode
            # recreates tables; with foreign keys on, cascades delete rows).
            _outside_transaction(conn, "PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():  # BEGIN IMMEDIATE: other starters wait here
                names = set(sa.inspect(conn).get_table_names())
                now = _revision_in(conn) if "alembic_version" in names else None
                if now == HEAD:
                    return False, None
                if path is not None and now is not None:
                    backup = backup_sqlite(path, now)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if path is not None:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise DatabaseUnavailable(
                            f"migration left {len(bad)} broken references; rolled back"
                        )
        except BaseException:
            if backup is not None:
                backup.unlink(missing_ok=True)  # nothing was migrated: no backup of it
            raise
        finally:
            if path is not None:
                _outside_transaction(conn, "PRAGMA foreign_keys = ON")
            conn.invalidate()  # do not return a connection with odd pragmas to the pool
    return True, backup


def open_database(db: str, *, create_dir: bool = False, migrate: bool = True) -> Database:
    """Open (creating and migrating as needed) the database at `db`.

    `create_dir` allows creating the missing parent directory (the default
    location). Any failure is a `DatabaseUnavailable` with one clear line, and a
    file that is not ours is never written to.
    """
    url = to_url(db)
    path = sqlite_path(url)
    # Quoted, so the one line names the database and shows the value as given.
    shown = path if path else sa.engine.make_url(url).render_as_string(hide_password=True)
    where = f'"{shown}"'
    if path is not None:
        if check_sqlite_file(path, create_dir):
            create_sqlite(path)
        elif reason := why_read_only(path):
            engine, before = open_read_only(path, reason)
            info = OpenInfo(before, migrated=False, backup=None, read_only=True)
            database = Database(url, engine, read_only=True, info=info, revision=before)
            database.why_read_only = f"{reason}: nothing was written"
            return database
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )
    else:
        try:
            url = server_url(url)
            engine = create_server_engine(url)
        except DatabaseUnavailable as exc:
            raise DatabaseUnavailable(f"cannot open database {where}: {exc}") from None
        except Exception as exc:
            raise DatabaseUnavailable(f"cannot open database {where}: {_explain(exc)}") from exc
    try:
        if path is not None:
            configure_sqlite(engine, read_only=False)
        try:
            before = current_revision(engine)
        except DatabaseUnavailable as exc:
            raise DatabaseUnavailable(f"cannot open database {where}: {exc}") from None
        except (DBAPIError, OSError) as exc:
            raise DatabaseUnavailable(f"cannot open database {where}: {_explain(exc)}") from exc
        if before is not None and before not in REVISIONS:
            if path is not None:  # again, read-only (on a server, the store refuses writes)
                engine.dispose()
                engine = sa.create_engine(url, connect_args={"check_same_thread": False})
                configure_sqlite(engine, read_only=True)
            info = OpenInfo(before, migrated=False, backup=None, read_only=True)
            return Database(url, engine, read_only=True, info=info, revision=before)
        backup = None
        migrated = False
        if before != HEAD and migrate:
            try:
                migrated, backup = _migrate(engine, path)
            except MstuiError:
                raise
            except Exception as exc:
                why = explain(exc, path)
                if path is None and ("permission denied" in why or "must be owner" in why):
                    why += (
                        " (members cannot change the schema: an admin runs `mstui admin pg-setup`)"
                    )
                raise DatabaseUnavailable(f"cannot upgrade database {where}: {why}") from exc
        info = OpenInfo(before, migrated=migrated, backup=backup, read_only=False)
        revision = HEAD if migrate else before
        return Database(url, engine, read_only=False, info=info, revision=revision)
    except BaseException:
        engine.dispose()
        raise
