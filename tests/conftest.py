"""Fixtures shared by every kind of test: a store on a real SQLite file, and a CLI sandbox.

Everything here is generic (no UI): screens' tests bring their own conftest.

- `store`: a `Store` on `tmp_path/mstui.db`, acting as `ALICE`, at `NOW` (a
  `FrozenClock` shared by every store of the test: `clock.advance(days=1)`
  moves them all).
- `make_store("bob")`: another person's store on the same file (another
  engine, like another process on the shared server).
- `cli_env` / `mstui`: the real command in a subprocess with HOME and the XDG
  directories in `tmp_path`, `TZ=UTC`, and `MSTUI_NOW` freezing its clock.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store
from tests import warm

NOW = pendulum.datetime(2026, 11, 18, 10, 0, tz="UTC")
"""A Wednesday morning (UTC): the frozen "now" of store and CLI tests."""

ALICE = Account("alice", "Alice Archer")
BOB = Account("bob", "Bob Baker")

MakeStore = Callable[..., Store]


@pytest.fixture
def clock() -> FrozenClock:
    """The frozen clock every store of the test reads."""
    return FrozenClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "mstui.db"


@pytest.fixture
def db(db_path: Path) -> str:
    """The test's database as `--db` takes it: here a SQLite file; the store tests
    (tests/store/conftest.py) also run each test on a PostgreSQL database."""
    return str(db_path)


@pytest.fixture
def settings(db: str) -> Settings:
    """Settings on the test's database, in UTC, with the default thresholds."""
    return Settings(db=db, timezone="UTC")


ConnectAs = Callable[[Settings, str], Settings]


@pytest.fixture
def connect_as() -> ConnectAs:
    """How `login`'s store reaches the database: here as everyone does (the store tests
    on "pg-roles" sign each person in as their own database role)."""
    return lambda settings, _login: settings


@pytest.fixture
def make_store(
    settings: Settings, clock: FrozenClock, connect_as: ConnectAs
) -> Iterator[MakeStore]:
    """Open a store on the test's file as `login` (another person, another engine)."""
    opened: list[Store] = []

    def make(
        login: str = "bob",
        name: str | None = None,
        *,
        at: FrozenClock | None = None,
        settings_: Settings | None = None,
    ) -> Store:
        known = {a.login: a for a in (ALICE, BOB)}
        account = Account(login, name) if name else known.get(login, Account(login, login))
        store = open_store(connect_as(settings_ or settings, login), at or clock, account)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.db.close()


@pytest.fixture
def store(make_store: MakeStore) -> Store:
    """Alice's store on a fresh SQLite file (created and migrated to head)."""
    return make_store("alice")


@pytest.fixture
def bob(make_store: MakeStore) -> Store:
    """Bob's store on the same file as `store`."""
    return make_store("bob")


# -- the command line in a subprocess ------------------------------------------------------


def cli_environment(root: Path, now: str = NOW.isoformat()) -> dict[str, str]:
    """An environment for `mstui` subprocesses that reads and writes only under `root`."""
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MSTUI_", "XDG_")) and k not in ("HOME", "TZ", "COLUMNS")
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_DIRS=str(home / "etc-xdg"),
        XDG_DATA_DIRS=str(home / "usr-share"),
        MSTUI_NOW=now,
        TZ="UTC",
        NO_COLOR="1",
    )
    return env


def run_mstui(
    env: dict[str, str],
    cwd: Path,
    *args: str,
    db: Path | str | None = None,
    now: str | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`mstui [--db DB] ARGS...` in its own process (forked from a warm one: tests/warm.py);
    never raises on failure."""
    full_env = dict(env)
    if now is not None:
        full_env["MSTUI_NOW"] = now
    full_env.update(extra_env or {})
    argv = [] if db is None else ["--db", str(db)]
    return warm.run([*argv, *args], env=full_env, cwd=cwd, timeout=timeout)


RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """HOME and the XDG directories in tmp_path, TZ=UTC, and MSTUI_NOW set to `NOW`."""
    return cli_environment(tmp_path)


@pytest.fixture
def mstui(cli_env: dict[str, str], tmp_path: Path) -> RunCli:
    """Run the real command: `mstui("milestone", "list", db=path, now=..., extra_env=...)`."""

    def run(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return run_mstui(cli_env, tmp_path, *args, **kw)

    return run
