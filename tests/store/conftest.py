"""Every store test runs on both engines: a SQLite file and a PostgreSQL database.

`db` is the test's database (a path or a URL, as `--db` takes it); the rows behind the
store's back come from tests/raw.py, which reads either. A test about the SQLite file
itself (its locks, its damage, its migrations from old files) is marked
`@pytest.mark.sqlite_only` and runs once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mstui.config import Settings
from tests import pg


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("engine", ["sqlite"] if only else ["sqlite", "postgresql"])


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
    shutil.copyfile(_migrated_file(tmp_path_factory), db_path)
    yield str(db_path)


@pytest.fixture
def settings(db: str, tmp_path: Path) -> Settings:
    """Settings on the test's database, in UTC; on PostgreSQL, a folder for attachments."""
    files = str(tmp_path / "files") if db.startswith("postgresql") else ""
    return Settings(db=db, timezone="UTC", files=files)
