"""PostgreSQL: how each connection is set up, writers in turn, and the change feed.

- Each connection: UTF-8, times in UTC, a lock timeout (a stuck writer is an
  error after 10 s, not a frozen screen), and an idle-in-transaction timeout.
- A unit of work that writes takes one transaction-level advisory lock first:
  writers take turns, as on SQLite (BEGIN IMMEDIATE), so every read-check-write
  in the store sees the rows as they are when it writes; readers never wait.
- A migration is a writing unit of work too: one process migrates, the others
  wait for the lock and then find the schema at head.
- The change feed (`ChangeFeed`): one dedicated connection LISTENs on the channel
  the triggers of migration 0006 notify; where LISTEN is not available (a pooler
  in transaction mode: `MSTUI_PG_LISTEN=off`), it polls the change counter.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mstui.errors import DatabaseUnavailable

WRITE_LOCK = 0x6D737475_0001
"""The advisory lock every writing unit of work holds until it ends."""
CHANNEL = "mstui_changes"
LOCK_TIMEOUT_MS = 10_000

DRIVERS = ("psycopg",)
"""The drivers mstui is tested with (psycopg 3)."""


def server_url(url: str) -> str:
    """`url` with psycopg 3 as its driver (`postgresql://` and `postgres://` name no driver)."""
    parsed = sa.engine.make_url(url)
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgres":
        backend = "postgresql"
    if backend != "postgresql":
        raise DatabaseUnavailable(
            f"mstui works with SQLite files and PostgreSQL (postgresql+psycopg://…), "
            f"not {parsed.drivername}"
        )
    if driver and driver not in DRIVERS:
        raise DatabaseUnavailable(
            f"the driver {driver} is not supported: use postgresql+psycopg://… (psycopg 3)"
        )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def create_server_engine(url: str) -> Engine:
    """An engine on a PostgreSQL server, set up as above (nothing is connected yet)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseUnavailable(
            "PostgreSQL needs the psycopg driver: pip install 'mstui[postgres]'"
        ) from None
    options = (
        f"-c timezone=UTC -c lock_timeout={LOCK_TIMEOUT_MS} "
        "-c idle_in_transaction_session_timeout=60000"
    )
    given = sa.engine.make_url(url).query.get("options")  # the URL's own come last
    if given:
        options += " " + (given if isinstance(given, str) else " ".join(given))
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"options": options, "client_encoding": "utf8", "application_name": "mstui"},
    )
    own = _own_backends(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("SELECT pg_backend_pid()")
        record.info["pid"] = pid = int(cur.fetchone()[0])
        own.add(pid)
        cur.close()
        dbapi_conn.commit()

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_conn: Any, record: Any) -> None:
        # A server process id is reused: one no longer ours may be someone else's.
        own.discard(record.info.get("pid", -1))

    event.listen(engine, "invalidate", lambda _c, record, _e: own.discard(record.info.get("pid")))

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("mstui_write", False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


def _own_backends(engine: Engine) -> set[int]:
    """The server processes of this engine's connections: their notifications are ours."""
    own: set[int] = engine.__dict__.setdefault("_mstui_own_backends", set())
    return own


def private_to_me(engine: Engine) -> bool:
    """Whether the connected role may set the clock: a superuser, or the owner of the
    tables (a database of one's own). Members of a team database are neither."""
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT r.rolsuper OR pg_has_role(current_user, t.tableowner, 'USAGE') "
            "FROM pg_roles r LEFT JOIN pg_tables t ON t.tablename = 'milestone' "
            "AND t.schemaname = current_schema() WHERE r.rolname = current_user"
        ).first()
    return bool(row and row[0] is not False)


class ChangeFeed:
    """A number that moves when another process commits a change (PostgreSQL).

    One dedicated connection LISTENs, in a thread of its own: `version()` reads
    what arrived without a round trip (and never waits on the network, so a
    server that went away cannot stall the screen), ignoring this process's own
    writes (by their server process). The thread checks the connection every
    few seconds: after a server restart it reconnects, and the number moves
    once (what was missed while it was away is read again). Without LISTEN the
    sequence the triggers move is polled instead.
    """

    CHECK_EVERY = 5.0
    WAIT = 0.25
    """How long the listener waits for a notification before it looks up again."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._own = _own_backends(engine)
        self.listening = os.environ.get("MSTUI_PG_LISTEN", "on").lower() not in ("off", "0")
        self._conn: Any = None
        self._version = 0
        self._checked = 0.0
        self._polled: int | None = None
        self._retry_at = 0.0
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def interval(self) -> float:
        """How often a screen should ask: often when it costs no round trip."""
        return 0.25 if self.listening else 1.0

    def version(self) -> int:
        if not self.listening:
            return self._poll()
        if self._thread is None:
            self._start()
        return self._version

    def _start(self) -> None:
        """Connect once here (what the caller reads next is already listened for), then
        hand the connection to the listener thread."""
        try:
            self._connect()
        except Exception:
            self._drop()
        self._thread = threading.Thread(target=self._listen, name="mstui-changes", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            if self._conn is None:
                if self._stop.wait(max(0.0, self._retry_at - time.monotonic())):
                    return
                try:
                    self._connect()
                except Exception:
                    self._drop()
                    continue
                self._version += 1  # reconnected: anything may have changed meanwhile
            try:
                for note in self._conn.notifies(timeout=self.WAIT):
                    if note.pid not in self._own:
                        self._version += 1
                if time.monotonic() - self._checked > self.CHECK_EVERY:
                    self._conn.execute("SELECT 1")
                    self._checked = time.monotonic()
            except Exception:
                # The server went away: drop the connection and try again shortly.
                self._drop()

    def _connect(self) -> None:
        import psycopg

        args, kwargs = self._engine.dialect.create_connect_args(self._engine.url)
        kwargs.pop("options", None)
        conn = psycopg.connect(*args, **kwargs, autocommit=True, connect_timeout=2)
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn
        self._checked = time.monotonic()

    def _poll(self) -> int:
        try:
            with self._engine.connect() as conn:
                value = conn.exec_driver_sql("SELECT last_value FROM mstui_change").scalar()
        except Exception:
            return self._version  # unreachable: the next tick asks again
        if value != self._polled:
            self._polled = int(value or 0)
            self._version += 1
        return self._version

    def _drop(self) -> None:
        self._retry_at = time.monotonic() + 2.0  # not a connection attempt every tick
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * self.WAIT + 2)
        self._drop()
