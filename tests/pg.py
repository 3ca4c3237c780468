"""The PostgreSQL server of the tests: `MSTUI_TEST_PG`, a URL that `.ci/run` sets to a
throwaway cluster (.ci/postgres) and that a developer may point at their own server.

Each test gets a database of its own, copied from a template migrated once per test
process (`CREATE DATABASE … TEMPLATE`: about 30 ms, where migrating takes 0.5 s).
Without a server the PostgreSQL tests skip with the reason; in CI they fail instead,
so that a run that did not reach PostgreSQL cannot pass.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

ENV = "MSTUI_TEST_PG"


def server_url() -> str:
    """The server's URL (its maintenance database), or skip / fail the test."""
    url = os.environ.get(ENV, "")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{ENV} is not set: CI must run the PostgreSQL tests (.ci/postgres)")
    pytest.skip(f"no PostgreSQL server: set {ENV} to a postgresql+psycopg:// URL to run it")


def database_url(name: str) -> str:
    """The URL of database `name` on the tests' server."""
    return sa.engine.make_url(server_url()).set(database=name).render_as_string(False)


def _admin() -> sa.Engine:
    return sa.create_engine(server_url(), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


_template: str | None = None


def _ensure_template() -> str:
    """A database migrated to head, made once per test process, to copy from."""
    global _template
    if _template is None:
        from mstui.store.engine import open_database

        name = f"tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with _admin().connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        open_database(database_url(name)).close()
        _template = name
    return _template


def create_database(*, empty: bool = False) -> str:
    """A new database (migrated, unless `empty`) on the tests' server; its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    source = "template0" if empty else _ensure_template()
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return database_url(name)


def copy_database(url: str) -> str:
    """A copy of the database at `url` (its open connections are ended: the stores on it
    reconnect at their next unit of work); the copy's URL."""
    source = sa.engine.make_url(url).database
    name = f"t_{uuid.uuid4().hex[:12]}"
    with _admin().connect() as conn:
        conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
            "AND pid <> pg_backend_pid()",
            (source,),
        )
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return database_url(name)


def drop_database(url: str) -> None:
    name = sa.engine.make_url(url).database
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(*, empty: bool = False) -> Iterator[str]:
    """A fresh database for one test, dropped after it."""
    url = create_database(empty=empty)
    try:
        yield url
    finally:
        drop_database(url)
