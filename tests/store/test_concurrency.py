"""Several OS processes writing to one database at once: no "locked", no lost write.

Each worker is a real `python` process with its own engine, started together
(they wait on a line from stdin after opening the store, so no one is ahead).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from mstui.domain.enums import Role
from mstui.store import Store
from tests.raw import rows

WORKERS = 6
INCREMENTS = 50
COMMENTS = 20

WORKER = r"""
import json, sys
import pendulum
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.errors import Conflict
from mstui.identity import Account
from mstui.store import open_store

db, login, mid, increments, comments = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
clock = FrozenClock(pendulum.datetime(2026, 11, 18, 10, tz="UTC"))
store = open_store(Settings(db=db, timezone="UTC"), clock, Account(login, login))
print("ready", flush=True)
sys.stdin.readline()
conflicts = 0
for i in range(increments):
    # The read-modify-write a screen does: read, then write with the version read.
    while True:
        m = store.milestone(mid)
        try:
            store.edit_milestone(mid, m.version, kpi_actual=m.kpi.actual + 1)
            break
        except Conflict:
            conflicts += 1
    if i < comments:
        store.add_comment(mid, f"{login} update {i}")
print(json.dumps({"conflicts": conflicts}), flush=True)
"""


def test_many_processes_increment_one_milestone(store: Store, db: str) -> None:
    store.add_project("MKT", "Winter campaign")
    m = store.add_milestone("MKT", "Sign-ups", date(2026, 12, 1), kpi=("Sign-ups", 1000.0, ""))
    store.edit_milestone(m.id, m.version, kpi_actual=0)
    logins = [f"worker{i}" for i in range(WORKERS)]
    for login in logins:
        store.add_person(login, login.title())
        store.add_member("MKT", login, Role.EDITOR)
    store.db.close()

    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(db),
                login,
                str(m.id),
                str(INCREMENTS),
                str(COMMENTS),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for login in logins
    ]
    try:
        for p in procs:
            assert p.stdout is not None
            assert p.stdout.readline().strip() == "ready"
        for p in procs:  # everyone opened the store: go
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert err == ""  # no "database is locked", no traceback, no warning
        assert "conflicts" in json.loads(out.strip().splitlines()[-1])

    total = WORKERS * INCREMENTS
    ((kpi_actual, version),) = rows(
        db, "SELECT kpi_actual, version FROM milestone WHERE id = ?", m.id
    )
    # No lost write: every increment is there, each one a new version.
    assert kpi_actual == total
    assert version == 2 + total
    # Each increment logged once, from n to n+1, by the process that made it.
    logged = rows(
        db,
        "SELECT p.login, a.old, a.new FROM activity a JOIN person p ON p.id = a.actor_id "
        "WHERE a.entity = 'milestone' AND a.field = 'kpi_actual' AND a.action = 'edit' "
        "AND p.login LIKE 'worker%'",
    )
    assert sorted(int(new) for _, _, new in logged) == list(range(1, total + 1))
    assert all(int(new) == int(old) + 1 for _, old, new in logged)
    per_login = {login: 0 for login in logins}
    for login, _, _ in logged:
        per_login[login] += 1
    assert per_login == {login: INCREMENTS for login in logins}
    # Every comment, by its author; each worker got its Person exactly once.
    comments = rows(
        db,
        "SELECT p.login, count(*) FROM comment c JOIN person p ON p.id = c.author_id "
        "GROUP BY p.login ORDER BY p.login",
    )
    assert comments == [(login, COMMENTS) for login in logins]
    people = rows(db, "SELECT login FROM person ORDER BY login")
    assert people == [("alice",), *((login,) for login in logins)]
    if store.db.path is not None:
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
