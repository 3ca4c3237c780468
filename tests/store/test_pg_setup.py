"""A database set up by `mstui admin pg-setup` enforces the roles itself: a person who
goes around mstui (psql, their own script) meets the same rules, the times it records are
the server's, and the person is who connected, whatever the client claims.

(The store's own rules under these policies: tests/store/test_roles.py runs a third
time, on "pg-roles".)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pendulum
import psycopg
import pytest
import sqlalchemy as sa

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Role
from mstui.errors import DatabaseUnavailable
from mstui.identity import Account
from mstui.store import Store, open_store
from mstui.store.engine import open_database, to_url
from mstui.store.migrations import HEAD
from mstui.store.pg_setup import pg_setup
from tests import pg, raw
from tests.store.conftest import as_role

LONG_AGO = pendulum.datetime(2020, 1, 1, tz="UTC")


@pytest.fixture
def team(tmp_path: Any) -> Iterator[dict[str, Any]]:
    """MKT (members only): lead pia, editor eli, viewer vic; oto is on the server only."""
    with pg.database(empty=True) as url:
        pg_setup(url, people=["eli", "vic", "oto"], admins=["pia"]).close()
        stores: dict[str, Any] = {"url": url}
        for login in ("pia", "eli", "vic", "oto"):
            settings = Settings(db=as_role(url, login), timezone="UTC", files=str(tmp_path))
            stores[login] = open_store(settings, FrozenClock(LONG_AGO), Account(login, login))
        lead: Store = stores["pia"]
        lead.add_project("MKT", "Merger", visibility="members")
        lead.add_member("MKT", "eli", Role.EDITOR)
        lead.add_member("MKT", "vic", Role.VIEWER)
        stores["milestone"] = lead.add_milestone("MKT", "Sign the deal", date(2026, 12, 1)).id
        yield stores
        for login in ("pia", "eli", "vic", "oto"):
            stores[login].db.close()


def psql(url: str, login: str, sql: str, *params: object) -> Any:
    """One statement as `login` straight to the server, as `psql` would send it."""
    parsed = sa.engine.make_url(url)
    with psycopg.connect(
        dbname=parsed.database,
        user=parsed.username,
        host=str(parsed.query["host"]),
        options=f"-c role={login}",
        autocommit=True,
    ) as conn:
        cur = conn.execute(sql, params)
        return (cur.rowcount, cur.fetchall() if cur.description else None)


def test_a_viewers_direct_update_is_refused_by_the_database(team: dict[str, Any]) -> None:
    url, mid = team["url"], team["milestone"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        psql(url, "vic", "UPDATE milestone SET title = 'Deal is off' WHERE id = %s", mid)
    assert team["pia"].milestone(mid).title == "Sign the deal"
    assert psql(url, "vic", "DELETE FROM milestone WHERE id = %s", mid)[0] == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        psql(url, "vic", "UPDATE person SET is_admin = true WHERE login = 'vic'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        psql(url, "vic", "INSERT INTO projectmember (project_id, person_id, role) "
             "SELECT 1, id, 'lead' FROM person WHERE login = 'vic'")  # fmt: skip
    # What a viewer may do, they may do directly too: read, and comment as themselves.
    assert psql(url, "vic", "SELECT title FROM milestone")[1] == [("Sign the deal",)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        psql(url, "vic", "INSERT INTO comment (milestone_id, author_id, kind, body, created_at) "
             "SELECT %s, id, 'note', 'in pia''s name', now() FROM person WHERE login = 'pia'",
             mid)  # fmt: skip
    # The editor changes the milestone, directly as through mstui.
    assert psql(url, "eli", "UPDATE milestone SET title = 'Deal signed' WHERE id = %s", mid)[0] == 1


def test_a_non_member_does_not_see_a_members_only_project(team: dict[str, Any]) -> None:
    url = team["url"]
    for table in ("project", "milestone", "projectmember", "activity"):
        assert psql(url, "oto", f"SELECT * FROM {table}")[1] == [], table
    assert team["oto"].list_projects() == [] and team["oto"].list_milestones() == []
    assert [p.key for p in team["vic"].list_projects()] == ["MKT"]
    assert psql(url, "oto", "UPDATE project SET name = 'x'")[0] == 0


def test_recorded_times_are_the_servers_whatever_the_client_clock(team: dict[str, Any]) -> None:
    mid = team["milestone"]
    team["vic"].add_comment(mid, "Seen")  # vic's clock says 2020
    team["eli"].complete_milestone(mid)
    url = team["url"]
    ((at,),) = psql(url, "pia", "SELECT max(created_at) FROM comment")[1]
    ((done,),) = psql(url, "pia", "SELECT completed_at FROM milestone WHERE id = %s", mid)[1]
    ((last,),) = psql(url, "pia", "SELECT max(at) FROM activity")[1]
    now = datetime.now(UTC)
    for stamp in (at, done, last):
        assert abs((now - stamp).total_seconds()) < 60, stamp
    forged = (
        "INSERT INTO comment (milestone_id, author_id, kind, body, created_at) "
        "SELECT %s, id, 'note', 'backdated', '2001-01-01' FROM person WHERE login = 'eli'"
    )
    psql(url, "eli", forged, mid)
    ((when,),) = psql(url, "pia", "SELECT created_at FROM comment WHERE body = 'backdated'")[1]
    assert when.year == now.year


def test_the_person_is_who_connected_not_who_the_client_claims(team: dict[str, Any]) -> None:
    settings = Settings(db=as_role(team["url"], "vic"), timezone="UTC")
    claimed = open_store(settings, FrozenClock(LONG_AGO), Account("pia", "Pia Lead"))
    try:
        assert claimed.account.login == "vic"
        with pytest.raises(Exception, match="needs editor on MKT"):
            claimed.add_milestone("MKT", "As pia?", date(2026, 12, 5))
    finally:
        claimed.db.close()


def test_members_cannot_upgrade_the_schema_and_are_told_who_can(team: dict[str, Any]) -> None:
    url = team["url"]
    _downgrade(url, "0006")  # the schema an older mstui left
    with pytest.raises(DatabaseUnavailable, match=r"an admin runs `mstui admin pg-setup`\)$"):
        open_database(as_role(url, "vic"))
    pg_setup(url, people=[], admins=[]).close()  # run again by the admin: migrated
    assert raw.rows(url, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert [m.title for m in team["vic"].list_milestones()] == ["Sign the deal"]


def _downgrade(url: str, revision: str) -> None:
    """Take the database back to `revision` with the migrations' own downgrades."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "mstui.store:migrations")
    engine = sa.create_engine(to_url(url))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()
