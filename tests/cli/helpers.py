"""What the command-line tests share: reading a command's outcome, looking at the
database file behind its back, and seeding a database through the store.

The subprocess itself is `run_mstui` / the `mstui` fixture of tests/conftest.py
(HOME and the XDG directories in tmp_path, TZ=UTC, MSTUI_NOW freezing the clock);
`run_raw` is the same with the bytes a terminal would get.
"""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
import subprocess
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store
from tests import warm
from tests.conftest import ALICE, NOW, cli_environment, run_mstui

ME = pwd.getpwuid(os.geteuid()).pw_name
"""The OS account running the tests: who the CLI acts as."""


# -- a command's outcome ---------------------------------------------------------------------


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """The stdout of a command that must have succeeded quietly."""
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def as_json(done: subprocess.CompletedProcess[str]) -> Any:
    """The JSON a command that must have succeeded quietly printed."""
    return json.loads(ok(done))


def one_line_error(done: subprocess.CompletedProcess[Any], code: int = 2) -> str:
    """The one stderr line of a command that failed cleanly (nothing on stdout)."""
    err = done.stderr if isinstance(done.stderr, str) else done.stderr.decode()
    assert done.returncode == code, err
    assert done.stdout in ("", b"")
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


def run_raw(
    env: dict[str, str], cwd: Path, *args: str, umask: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m mstui ARGS` with stdout and stderr as the raw bytes a terminal gets."""

    return warm.run(args, env=env, cwd=cwd, umask=umask, text=False)


@dataclass(frozen=True)
class Ran:
    """What `mstui.cli.main` did in this process (the `in_process` fixture)."""

    code: int
    out: str
    err: str


InProcess = Callable[..., Ran]


# -- the files behind the command's back --------------------------------------------------------


def dump(path: Path) -> list[str]:
    """The whole database as SQL: equal dumps, equal contents."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def table_count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def files(folder: Path) -> dict[str, bytes]:
    """The files directly in `folder`, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the database and its stored files), by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@contextmanager
def store_on(
    path: Path | str, account: Account = ALICE, clock: FrozenClock | None = None
) -> Iterator[Store]:
    """A store on the database `path` (made and migrated if new), in UTC, as
    `account`, at `clock` (default: NOW); its database is closed after the block."""
    settings = Settings(db=str(path), timezone="UTC")
    store = open_store(settings, clock or FrozenClock(NOW), account)
    try:
        yield store
    finally:
        store.db.close()


# -- bad input: many cases, each on its own copy ------------------------------------------------

BadCase = tuple[str, list[str], str, str]
"""(id, arguments, the field the error names, the value it quotes)."""


@dataclass
class Outcome:
    before: object
    done: subprocess.CompletedProcess[str]
    after: object


def run_cases(
    cases: Sequence[BadCase],
    root: Path,
    copy: Callable[[Path], Path],
    snapshot: Callable[[Path], object],
) -> dict[str, Outcome]:
    """Each case on its own database (`copy(folder)` makes it in a fresh folder and
    returns its path), with `snapshot(db)` before and after; a few at a time."""
    env = cli_environment(root)

    def one(case: BadCase) -> tuple[str, Outcome]:
        folder = root / case[0]
        folder.mkdir()
        db = copy(folder)
        before = snapshot(db)
        done = run_mstui(env, root, *case[1], db=db)
        return case[0], Outcome(before, done, snapshot(db))

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, cases))


def check_refused(got: Outcome, field: str, value: str) -> None:
    """Exit status 2, one line naming `field` and quoting `value`, nothing written."""
    line = one_line_error(got.done)
    assert line.startswith(f"mstui: {field}: "), line
    assert f'"{value}"' in line, line
    assert got.after == got.before
