"""Every store test runs on both engines: a SQLite file and a PostgreSQL database.

`db` is the test's database (a path or a URL, as `--db` takes it); the rows behind the
store's back come from tests/raw.py, which reads either. A test about the SQLite file
itself (its locks, its damage, its migrations from old files) is marked
`@pytest.mark.sqlite_only` and runs once. A test marked `@pytest.mark.roles_enforced`
runs a third time on a database set up by `mstui admin pg-setup`, each person's store
connected as their own database role: the database's policies must let through what
the store allows.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mstui.config import Settings
from tests import pg
from tests.conftest import ConnectAs


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker
        engines = ["sqlite"] if marker("sqlite_only") else ["sqlite", "postgresql"]
        if marker("roles_enforced"):
            engines.append("pg-roles")
        metafunc.parametrize("engine", engines)


_sqlite_template: Path | None = None


def _migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head, made once per test process, to copy from."""
    global _sqlite_template
    if _sqlite_template is None:
        from mstui.store.engine import open_database

        path = tmp_path_factory.mktemp("template") / "mstui.db"
        open_database(str(path)).close()
        _sqlite_template = path
    return _sqlite_template


@pytest.fixture
def db(engine: str, db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test's database: a copy of a migrated SQLite file, or a fresh PostgreSQL one."""
    if engine == "postgresql":
        with pg.database() as url:
            yield url
        return
    if engine == "pg-roles":
        from mstui.store.pg_setup import pg_setup

        with pg.database(empty=True) as url:
            pg_setup(url, people=[], admins=["alice"]).close()
            yield url
        return
    shutil.copyfile(_migrated_file(tmp_path_factory), db_path)
    yield str(db_path)


@pytest.fixture
def settings(db: str, tmp_path: Path) -> Settings:
    """Settings on the test's database, in UTC; on PostgreSQL, a folder for attachments."""
    files = str(tmp_path / "files") if db.startswith("postgresql") else ""
    return Settings(db=db, timezone="UTC", files=files)


@pytest.fixture
def connect_as(engine: str) -> ConnectAs:
    """On "pg-roles", each person's store connects as their own database role."""
    if engine != "pg-roles":
        return lambda settings, _login: settings
    return lambda settings, login: dataclasses.replace(settings, db=as_role(settings.db, login))


def as_role(url: str, login: str) -> str:
    """`url`, connecting as the database role `login` (made now if missing): the tests'
    superuser switches to it at connection (`-c role=…`), as peer authentication would
    sign the OS account in."""
    import sqlalchemy as sa

    from mstui.store.pg_setup import add_login

    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        add_login(conn, login)
    parsed = sa.engine.make_url(url)
    return parsed.update_query_dict({"options": f"-c role={login}"}).render_as_string(False)
