"""PostgreSQL's change feed: another process's commit moves `data_version` at once, my own
does not; notifications carry a table and an id, never a row's contents; a lost
connection comes back (and counts as a change); without LISTEN, the counter is polled."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store
from mstui.store.server import CHANNEL
from tests import pg
from tests.conftest import ALICE, BOB, NOW


@pytest.fixture
def url() -> Iterator[str]:
    with pg.database() as url:
        yield url


@pytest.fixture
def people(url: str, tmp_path: Path) -> Iterator[Callable[[Account], Store]]:
    opened: list[Store] = []

    def make(account: Account) -> Store:
        settings = Settings(db=url, timezone="UTC", files=str(tmp_path / "files"))
        store = open_store(settings, FrozenClock(NOW), account)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.db.close()


def moves(store: Store, seen: int, within: float = 1.0) -> bool:
    """Whether `store`'s data_version moves from `seen` within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if store.db.data_version() != seen:
            return True
        time.sleep(0.02)
    return False


def test_another_process_commit_is_seen_within_a_second_and_my_own_is_not(
    people: Callable[[Account], Store],
) -> None:
    alice, bob = people(ALICE), people(BOB)
    alice.add_project("MKT", "Winter campaign")
    alice.add_person("bob", "Bob Baker")
    alice.add_member("MKT", "bob", "editor")
    bob.me_id()
    seen = alice.db.data_version()
    assert alice.db.watch_interval == 0.25
    assert not moves(alice, seen, within=0.3)  # nothing happened
    alice.add_milestone("MKT", "Mine", date(2026, 12, 1))
    assert not moves(alice, seen, within=0.5), "my own write is not news to me"
    started = time.monotonic()
    bob.add_milestone("MKT", "Bob's", date(2026, 12, 2))
    assert moves(alice, seen, within=1.0)
    assert time.monotonic() - started < 1.0


def test_a_notification_names_a_table_and_an_id_only(
    url: str, people: Callable[[Account], Store]
) -> None:
    alice = people(ALICE)
    alice.add_project("MKT", "Winter campaign")
    args, kwargs = alice.db.engine.dialect.create_connect_args(alice.db.engine.url)
    with psycopg.connect(*args, **kwargs, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        m = alice.add_milestone("MKT", "Secret merger with Initech", date(2026, 12, 1))
        alice.add_comment(m.id, "the board must not know")
        payloads = {n.payload for n in listener.notifies(timeout=1.0, stop_after=3)}
    assert f"milestone:{m.id}" in payloads
    assert all(p.split(":")[0].isidentifier() and p.split(":")[1].isdigit() for p in payloads)
    assert not any("Secret" in p or "board" in p for p in payloads)


def test_a_lost_listener_comes_back_and_counts_as_a_change(
    url: str, people: Callable[[Account], Store]
) -> None:
    alice, bob = people(ALICE), people(BOB)
    alice.add_project("MKT", "Winter campaign")
    seen = alice.db.data_version()
    # What a server restart does to the listening connection: its server process ends.
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as conn:
        ended = conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE query = %s AND datname = current_database()",
            (f"LISTEN {CHANNEL}",),
        ).fetchall()
    assert ended == [(True,)]
    alice.db._feed.CHECK_EVERY = 0.0  # type: ignore[union-attr]  # check at the next tick
    assert moves(alice, seen, within=4.0), "reconnected"
    seen = alice.db.data_version()
    bob.add_project("OPS", "Operations")
    assert moves(alice, seen, within=1.0), "and listening again"


def test_without_listen_the_change_counter_is_polled(
    people: Callable[[Account], Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSTUI_PG_LISTEN", "off")
    alice, bob = people(ALICE), people(BOB)
    alice.add_project("MKT", "Winter campaign")
    assert alice.db.watch_interval == 1.0
    seen = alice.db.data_version()
    assert alice.db.data_version() == seen
    bob.add_project("OPS", "Operations")
    assert alice.db.data_version() != seen
