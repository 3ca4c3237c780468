"""`kill -9` in the middle of writes, 100 rounds: the file stays sound and no
acknowledged write is lost.

Starting a Python process that imports the store costs more than a second on
the build machine, so one "fork server" imports it once and forks the writers:
each round it forks two, each opening its own store on the shared SQLite file
and adding milestones as fast as it can, printing `ack <title>` only after
`add_milestone` has returned (the commit is done). The test kills one of them
with SIGKILL at a random moment (while opening, inside a transaction, during
the commit), lets the other finish its burst, and then checks with a fresh
connection that `PRAGMA integrity_check` says ok and that every acknowledged
title is in the database.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from mstui.domain.enums import Role
from tests.cli.helpers import ME, store_on
from tests.conftest import cli_environment

ROUNDS = 100
BURST = 6
"""How many milestones the writer that is not killed adds in a round."""
KILL_WITHIN = 0.3
"""The victim is killed at a random moment up to this many seconds after it starts
(even rounds) or after its first acknowledged write (odd rounds)."""

SERVER = r"""
import os, signal, sys
from datetime import date

import pendulum

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import open_store

db = sys.argv[1]
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel


def say(line):
    os.write(1, (line + "\n").encode())  # one write: lines of two writers never interleave


def opened():
    return open_store(
        Settings(db=db, timezone="UTC"),
        FrozenClock(pendulum.datetime(2026, 11, 20, 9)),
        Account("alice", "Alice Archer"),
    )


# One write here first, so that what the store imports or builds lazily is ready
# before the writers fork; then no connection is left open to be shared with them.
warm = opened()
warm.add_milestone("MKT", "warm-up", date(2026, 12, 1))
warm.db.close()
say("ready")


def writer(rnd, role, count):
    store = opened()
    say(f"open {rnd} {role} {os.getpid()}")
    for i in range(count):
        title = f"r{rnd}-{role}-{i}"
        store.add_milestone("MKT", title, date(2026, 12, 1))
        say(f"ack {title}")
    store.db.close()


for line in sys.stdin:
    cmd, rnd = line.split()
    if cmd == "sync":
        say(f"synced {rnd}")
        continue
    for role, count in (("victim", 10_000), ("steady", int(sys.argv[2]))):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                writer(rnd, role, count)
            except BaseException as exc:
                say(f"error {rnd} {role} {type(exc).__name__}: {exc}".replace("\n", " "))
                code = 1
            say(f"done {rnd} {role}")
            os._exit(code)
        say(f"start {rnd} {role} {pid}")
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _reader(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put("eof")


_SEEN: set[str] = set()
"""Every line of the server's but the acks (those are in `acked`), as read so far."""


def _next(lines: queue.Queue[str], acked: set[str], errors: list[str]) -> str:
    """The server's next line, after noting an ack or an error in it."""
    line = lines.get(timeout=60)
    assert line != "eof", "the fork server died"
    if not line.startswith("ack "):
        _SEEN.add(line)
    if line.startswith("ack "):
        acked.add(line[4:])
    elif line.startswith("error "):
        errors.append(line)
    return line


def _until(lines: queue.Queue[str], acked: set[str], errors: list[str], want: str) -> None:
    """Read the server's lines, collecting acks and errors, up to the line `want` (which
    may have gone by already: the steady writer can be done before the victim's first
    ack, and waiting for that ack reads past its "done")."""
    if want in _SEEN:
        return
    while _next(lines, acked, errors) != want:
        pass


def _check(db: Path) -> set[str]:
    """Integrity check on a fresh connection; the milestone titles present."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {title for (title,) in conn.execute("SELECT title FROM milestone")}
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    with store_on(db) as alice:
        alice.add_person(ME, ME)
        alice.add_project("MKT", "Winter campaign")
        alice.add_member("MKT", ME, Role.EDITOR)
    rng = random.Random(9)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(db), str(BURST)],
        env=cli_environment(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    _SEEN.clear()
    threading.Thread(target=_reader, args=(server.stdout, lines), daemon=True).start()
    assert lines.get(timeout=120) == "ready"
    acked: set[str] = set()
    errors: list[str] = []
    killed_after_acks = 0
    started = time.monotonic()
    try:
        for rnd in range(ROUNDS):
            server.stdin.write(f"go {rnd}\n")
            server.stdin.flush()
            pids: dict[str, int] = {}
            while len(pids) < 2:
                line = _next(lines, acked, errors)
                if line.startswith("start "):
                    _, _, role, pid = line.split()
                    pids[role] = int(pid)
            if rnd % 2:
                # Mid-burst: after its first commit. Otherwise from its start,
                # which also hits the opening of the store and the first write.
                _until(lines, acked, errors, f"ack r{rnd}-victim-0")
            time.sleep(rng.uniform(0, KILL_WITHIN))
            os.kill(pids["victim"], signal.SIGKILL)
            deadline = time.monotonic() + 30
            while not _gone(pids["victim"]):
                assert time.monotonic() < deadline, "the killed writer did not go away"
                time.sleep(0.005)
            _until(lines, acked, errors, f"done {rnd} steady")
            server.stdin.write(f"sync {rnd}\n")
            server.stdin.flush()
            _until(lines, acked, errors, f"synced {rnd}")
            assert not errors, errors
            present = _check(db)
            lost = {t for t in acked if t not in present}
            assert not lost, f"round {rnd}: acknowledged but missing: {sorted(lost)}"
            assert {f"r{rnd}-steady-{i}" for i in range(BURST)} <= present
            killed_after_acks += any(t.startswith(f"r{rnd}-victim-") for t in acked)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    elapsed = time.monotonic() - started
    assert killed_after_acks >= ROUNDS // 2, killed_after_acks
    print(
        f"{ROUNDS} kill -9 rounds in {elapsed:.1f}s: {len(acked)} acknowledged writes kept, "
        f"{killed_after_acks} victims killed after a commit"
    )
