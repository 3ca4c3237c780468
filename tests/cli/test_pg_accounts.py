"""Two real OS accounts on a PostgreSQL database set up by `mstui admin pg-setup`: each
signs in by peer authentication as the role of its own name; the viewer's moves are
refused by mstui, and the same change sent straight to the server with psql is refused
by the database; an account the admin did not set up is not let in.

Needs root (the accounts) and the PostgreSQL server of the tests (tests/pg.py), whose
socket accepts peer sign-in (.ci/postgres). Skipped with a reason elsewhere; in CI a
skip fails the run."""

from __future__ import annotations

import json
import os
import subprocess

import sqlalchemy as sa

from tests import pg
from tests.accounts import GROUP, LEAD, OUTSIDER, VIEWER, accounts, as_account
from tests.cli.helpers import ok
from tests.conftest import RunCli

__all__ = ["accounts"]  # a fixture, used by name


def peer_url(url: str) -> str:
    """The same database, signing in as whoever runs the command (no user named)."""
    parsed = sa.engine.make_url(url)
    return sa.engine.URL.create(
        parsed.drivername, database=parsed.database, query=parsed.query
    ).render_as_string(False)


def psql_as(login: str, url: str, sql: str) -> subprocess.CompletedProcess[str]:
    parsed = sa.engine.make_url(url)
    return subprocess.run(
        ["runuser", "-u", login, "--", "psql", "-X", "-v", "ON_ERROR_STOP=1", "-h",
         str(parsed.query["host"]), "-d", str(parsed.database), "-c", sql],
        capture_output=True, text=True, cwd="/", timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("PG")},
    )  # fmt: skip


def test_two_accounts_on_a_database_that_enforces_the_roles(accounts: None, mstui: RunCli) -> None:
    # Roles belong to the whole cluster: the outsider must not be one already.
    admin = sa.create_engine(pg.server_url(), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{OUTSIDER}"')
    with pg.database(empty=True) as url:
        said = ok(mstui("admin", "pg-setup", "--group", GROUP, "--admin", LEAD, db=url))
        assert "row-level security" in said and "peer map=mstui" in said
        db = peer_url(url)

        def as_(login: str, *args: str) -> str:
            done = as_account(login, db, *args)
            assert (done.returncode, done.stderr) == (0, ""), (login, args, done.stderr)
            return done.stdout

        as_(LEAD, "project", "add", "MKT", "Winter campaign")
        as_(LEAD, "milestone", "add", "MKT", "Launch", "--due", "2027-01-15")
        as_(LEAD, "project", "member", "add", "MKT", VIEWER, "viewer")
        refused = as_account(VIEWER, db, "milestone", "move", "1", "in_progress")
        assert (refused.returncode, refused.stderr) == (
            2, "mstui: needs editor on MKT (you are viewer)\n"
        )  # fmt: skip
        direct = psql_as(VIEWER, url, "UPDATE milestone SET status = 'in_progress'")
        assert direct.returncode != 0
        assert "violates row-level security policy" in direct.stderr
        (shown,) = json.loads(as_(VIEWER, "milestone", "list", "--json"))
        assert shown["status"] == "planned"
        # History names the account that signed in, never $USER (set to someone else).
        history = json.loads(as_(LEAD, "milestone", "history", "1", "--json"))
        assert {a["actor"] for a in history} == {LEAD}
        stranger = as_account(OUTSIDER, db, "milestone", "list")
        assert stranger.returncode == 2 and "cannot open database" in stranger.stderr
        assert len(stranger.stderr.splitlines()) == 1
