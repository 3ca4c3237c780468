"""Many units of work as one transaction: all of them are saved, or none.

`one_transaction(db)` hands out a `Database` whose every unit of work (reads
and writes of any store built on it) runs on one connection inside one outer
write transaction (`BEGIN IMMEDIATE` on SQLite), each in its own SAVEPOINT:
a unit of work that fails rolls back to its savepoint as usual, and nothing
is committed until the block ends without an error. A crash or `kill -9`
midway leaves the database as it was before the block.

For commands that replace a whole set of rows (`mstui demo --force`); the
write lock is held for the whole block, so other writers wait (up to the
busy timeout), and the block must stay short.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mstui.errors import DatabaseUnavailable
from mstui.store.engine import Database, _revision_in


class _OneTransaction(Database):
    """A `Database` whose units of work are savepoints on one connection."""

    def __init__(self, db: Database, conn: Connection) -> None:
        super().__init__(db.url, db.engine, db.read_only, db.info, db.revision)
        self.why_read_only = db.why_read_only
        self.checked = True
        self._conn = conn

    def _session(self) -> Session:
        return Session(
            self._conn,
            join_transaction_mode="create_savepoint",
            expire_on_commit=False,
            autoflush=False,
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._unit(self._session(), "database error") as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        if self.read_only:
            raise DatabaseUnavailable(self.why_read_only)
        with self._unit(self._session(), "database error, nothing was saved") as session:
            yield session
            session.commit()  # releases this unit's savepoint; the outer transaction goes on

    def close(self) -> None:
        """Nothing of its own to release: the connection belongs to `one_transaction`."""


@contextmanager
def one_transaction(db: Database) -> Iterator[Database]:
    """A `Database` whose units of work all commit together when the block ends.

    Any exception rolls every one of them back and propagates. The write lock
    is taken at the start (the schema is checked under it, as `writing` does).
    """
    if not db.read_only and not db.checked:
        db.quick_check()
    if db.read_only:
        raise DatabaseUnavailable(db.why_read_only)
    with db.engine.execution_options(mstui_write=True).connect() as conn:
        try:
            with conn.begin():  # BEGIN IMMEDIATE on SQLite; COMMIT only if the block succeeds
                found = _revision_in(conn)
                if found != db.revision:
                    raise db.go_read_only(
                        f"{db.label} was upgraded by a newer mstui (schema {found}) while "
                        "this one ran: read-only now; start the newer mstui"
                    )
                yield _OneTransaction(db, conn)
        except (DBAPIError, sqlite3.Error) as exc:
            raise db._failed(exc, "database error, nothing was saved") from exc
