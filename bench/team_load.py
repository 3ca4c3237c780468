"""Team load: many people working on one database at once, on SQLite and on PostgreSQL.

    python bench/team_load.py [--pg URL] [--engine sqlite|postgresql|both]
                              [--users 50] [--seconds 120] [--json FILE]

What it measures, per engine (run one after the other on fresh databases):

- write latency p50/p95/p99 over every successful write of the simulated users
  (the whole store call, as a screen waits for it: the write and the re-read
  that returns the new view), and how many writes were made;
- conflicts: writes refused with `mstui.errors.Conflict` (an expected, shown
  conflict: someone else changed the milestone first), counted apart;
- errors: any other exception (goal 0), with the first few messages;
- acknowledged writes lost (goal 0): every user keeps the ids of the comments
  whose `add_comment` returned; afterwards the parent checks each is in the
  database with the text that was sent;
- propagation (goal p95 <= 1 s): how long another session takes to see a change,
  the way the app sees changes. A prober process adds a comment
  "probe <time.time()>" to a milestone nobody else touches every ~0.5 s; watcher
  processes poll `store.db.data_version()` every `store.db.watch_interval`
  seconds (as the app does: 1.0 s on SQLite, 0.25 s on PostgreSQL's change feed)
  and, when it moves, read the probe comments they have not seen and take
  now - sent. Also given: now - acknowledged (from when the prober's call returned).
  The prober stops 3 s before the end and the watchers 15 s after it, so that a
  probe whose write was slow is still seen; one never seen is counted as missed.

Each simulated user is its own OS process (multiprocessing, "spawn"), opening its
own store as the app does, and loops for the duration: open the board (the first
screenful, as the kanban screen reads it) and the dashboard; move a card it has
just read; comment on a milestone; record a figure on the demo's target; edit a
milestone's description with the version the board showed at the start of the
iteration (possibly stale: a conflict). Between steps it thinks 50-300 ms.

References measured in the same run, so that figures can be read against the
machine (absolute times drift on a shared machine): a plain one-row
INSERT + COMMIT through the driver itself (sqlite3 with the app's WAL and
synchronous=NORMAL and BEGIN IMMEDIATE / psycopg, no advisory lock), from one
process, first on the idle database and then every 0.5 s during the load; for
propagation, the poll interval, the floor of what polling can show.

Set-up (in the parent): the demo stories (`load_stories`) as the account `lead`,
who is the first person and so an admin; the users `user01`... as people and
editors of every project; one "Probe" milestone.

SQLite: a file in a temporary folder. PostgreSQL: `--pg URL` names a server (for
example the throwaway cluster of `bash .ci/postgres start /tmp/bench-pg`); a
fresh database `bench_<random>` is created on it and dropped afterwards. Without
`--pg` the PostgreSQL run is skipped, saying so (the script starts no server).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import queue
import random
import secrets
import shutil
import sqlite3
import statistics
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

THINK = (0.05, 0.30)
"""Seconds a user thinks between two steps (uniform)."""
PROBE_EVERY = 0.5
WATCHERS = 5
READY_TIMEOUT = 600.0
"""Seconds to wait for every process to have opened its store (spawn on 2 cores)."""
DRAIN = 15.0
"""Seconds the watchers go on watching after the end (the prober stops 3 s before it)."""
GRACE = 120.0
"""Seconds after the end to wait for processes still in a call."""
REF_ROWS_IDLE = 200


# -- the store, as the app opens it ------------------------------------------------------


def open_as(db: str, files: str, login: str) -> Any:
    """A store on `db` acting as `login`, opened the way the app opens it."""
    from mstui.clock import SystemClock
    from mstui.config import Settings
    from mstui.identity import Account
    from mstui.store import open_store

    return open_store(
        Settings(db=db, timezone="UTC", files=files), SystemClock(), Account(login, login)
    )


def logins(users: int) -> list[str]:
    return [f"user{i:02d}" for i in range(1, users + 1)]


def set_up(db: str, files: str, users: int) -> dict[str, Any]:
    """The demo, the users as editors of every project, a probe milestone; what the
    processes need to know (ids)."""
    from mstui.cli.stories import load_stories
    from mstui.domain.enums import Role

    store = open_as(db, files, "lead")
    try:
        load_stories(store)
        keys = [p.key for p in store.list_projects()]
        for login in logins(users):
            store.add_person(login, f"User {login[4:]}")
            for key in keys:
                store.add_member(key, login, Role.EDITOR)
        probe = store.add_milestone(keys[0], "Probe", store.today() + timedelta(days=60))
        milestones = [m.id for m in store.list_milestones() if m.id != probe.id]
        targets = [t.id for t in store.list_targets()]
    finally:
        store.db.close()
    return {"probe": probe.id, "milestones": milestones, "targets": targets}


# -- the processes -------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one process sends back."""

    role: str
    name: str
    writes: list[tuple[str, float]] = field(default_factory=list)  # (operation, ms)
    reads: list[float] = field(default_factory=list)
    conflicts: int = 0
    errors: list[tuple[str, float]] = field(default_factory=list)  # (message, ms to fail)
    comments: list[tuple[int, str]] = field(default_factory=list)  # acknowledged (id, body)
    probes: list[tuple[int, float, float]] = field(default_factory=list)  # (id, sent, acked)
    seen: list[tuple[int, float, float]] = field(default_factory=list)  # (id, sent, seen)
    refs: list[float] = field(default_factory=list)
    fatal: str = ""


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]


def _think() -> None:
    time.sleep(random.uniform(*THINK))


def _run_process(
    role: str,
    name: str,
    db: str,
    files: str,
    ids: dict[str, Any],
    seconds: float,
    ready: Any,
    go: Event,
    results: Any,
) -> None:
    """The body of every child: open, say ready, wait for the start, work, report."""
    out = Outcome(role, name)
    store = None
    try:
        if role == "ref":
            work: Any = _Reference(db)
        else:
            store = open_as(db, files, "lead" if role != "user" else name)
            store.me_id()  # the person is known before the clock starts
            work = {"user": _User, "prober": _Prober, "watcher": _Watcher}[role](store, ids)
        ready.put(name)
        go.wait()
        work.run(out, time.monotonic() + seconds)
    except BaseException as exc:
        out.fatal = _describe(exc) + " | " + traceback.format_exc(limit=3).replace("\n", " ")
        with contextlib.suppress(Exception):
            ready.put(name)  # never leave the parent waiting for a process that died
    finally:
        if store is not None:
            with contextlib.suppress(Exception):
                store.db.close()
        results.put(out)


class _User:
    """One person at the board: reads, a card move, a comment, a figure, a stale edit."""

    def __init__(self, store: Any, ids: dict[str, Any]) -> None:
        self.store = store
        self.milestones: list[int] = ids["milestones"]
        self.targets: list[int] = ids["targets"]
        self.n = 0

    def timed(self, out: Outcome, op: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        """`call(*args, **kwargs)`, timed and sorted: a write, a read, a conflict, an error."""
        from mstui.errors import Conflict

        t0 = time.perf_counter()
        try:
            value = call(*args, **kwargs)
        except Conflict:
            out.conflicts += 1
            return None
        except Exception as exc:
            out.errors.append((f"{op}: {_describe(exc)}", (time.perf_counter() - t0) * 1000))
            return None
        ms = (time.perf_counter() - t0) * 1000
        if op == "read":
            out.reads.append(ms)
        else:
            out.writes.append((op, ms))
        return value

    def run(self, out: Outcome, end: float) -> None:
        from mstui.domain.enums import Status
        from mstui.store import MilestoneFilter

        store = self.store
        board_filter = MilestoneFilter(include_archived=False)
        statuses = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE)
        while time.monotonic() < end:
            board = self.timed(out, "read", store.board, board_filter, 60)
            self.timed(out, "read", store.dashboard)
            shown = {m.id: m.version for m in board[0]} if board else {}
            _think()
            # A card move: the card as just read, to another column.
            mid = random.choice(self.milestones)
            card = self.timed(out, "read", store.milestone, mid)
            if card is not None:
                status = random.choice([s for s in statuses if s != card.status])
                version = card.version
                self.timed(out, "move", store.move_milestone, mid, status, expected_version=version)
            _think()
            self.n += 1
            body = f"note {store.account.login} #{self.n}"
            mid = random.choice(self.milestones)
            comment = self.timed(out, "comment", store.add_comment, mid, body)
            if comment is not None:
                out.comments.append((comment.id, body))
            _think()
            if self.targets:
                tid = random.choice(self.targets)
                value = round(random.uniform(0, 1000), 1)
                self.timed(out, "figure", store.record_measurement, tid, value)
                _think()
            # An edit with the version the board showed: stale if anyone wrote since.
            mid = random.choice(self.milestones)
            if mid in shown:
                text = f"edited by {store.account.login} at {time.time():.3f}"
                self.timed(out, "edit", store.edit_milestone, mid, shown[mid], description=text)
            _think()


class _Prober:
    """Comments "probe <sent>" on the probe milestone every ~0.5 s."""

    def __init__(self, store: Any, ids: dict[str, Any]) -> None:
        self.store = store
        self.probe: int = ids["probe"]

    def run(self, out: Outcome, end: float) -> None:
        # Stop early enough that the watchers can see the last probes before they stop.
        stop = end - 3.0
        while time.monotonic() < stop:
            sent = time.time()
            try:
                c = self.store.add_comment(self.probe, f"probe {sent:.6f}")
            except Exception as exc:
                out.errors.append((f"probe: {_describe(exc)}", (time.time() - sent) * 1000))
            else:
                out.probes.append((c.id, sent, time.time()))
                out.comments.append((c.id, f"probe {sent:.6f}"))
            time.sleep(max(0.0, PROBE_EVERY - (time.time() - sent)))


class _Watcher:
    """A screen that follows changes: polls `data_version` every `watch_interval`."""

    def __init__(self, store: Any, ids: dict[str, Any]) -> None:
        self.store = store
        self.probe: int = ids["probe"]
        self.last_id = 0
        self.version = store.db.data_version()

    def new_probes(self) -> list[tuple[int, str]]:
        import sqlalchemy as sa
        from sqlmodel import col

        from mstui.store.tables import Comment

        with self.store.db.reading() as s:
            rows = s.execute(
                sa.select(col(Comment.id), col(Comment.body))
                .where(col(Comment.milestone_id) == self.probe, col(Comment.id) > self.last_id)
                .order_by(col(Comment.id))
            ).all()
        return [(int(i), str(b)) for i, b in rows]

    def run(self, out: Outcome, end: float) -> None:
        self.last_id = max((i for i, _ in self.new_probes()), default=0)
        interval = self.store.db.watch_interval
        # On past the end, so that a probe whose write was slow to return is still seen.
        end += DRAIN
        while time.monotonic() < end:
            time.sleep(interval)
            t0 = time.perf_counter()
            try:
                version = self.store.db.data_version()
                if version == self.version:
                    continue
                self.version = version
                found = self.new_probes()
            except Exception as exc:
                out.errors.append((f"watch: {_describe(exc)}", (time.perf_counter() - t0) * 1000))
                continue
            now = time.time()
            for cid, body in found:
                out.seen.append((cid, float(body.split()[1]), now))
                self.last_id = max(self.last_id, cid)


class _Reference:
    """A plain one-row INSERT + COMMIT through the driver, every 0.5 s."""

    def __init__(self, db: str) -> None:
        self.insert = raw_inserter(db)

    def run(self, out: Outcome, end: float) -> None:
        while time.monotonic() < end:
            t0 = time.perf_counter()
            try:
                self.insert()
            except Exception as exc:
                ms = (time.perf_counter() - t0) * 1000
                out.errors.append((f"reference: {_describe(exc)}", ms))
            else:
                out.refs.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.5)


def raw_inserter(db: str) -> Any:
    """A function inserting and committing one row in `bench_ref`, with the driver itself."""
    if "://" not in db:
        conn = sqlite3.connect(db, isolation_level=None, timeout=10.0)
        conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections (WAL is on)
        conn.execute("CREATE TABLE IF NOT EXISTS bench_ref (id INTEGER PRIMARY KEY, at REAL)")

        def insert_sqlite() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_ref (at) VALUES (?)", (time.time(),))
            conn.execute("COMMIT")

        return insert_sqlite
    import psycopg
    import sqlalchemy as sa

    url = sa.engine.make_url(db)
    pg = psycopg.connect(**_psycopg_args(url))
    pg.execute("CREATE TABLE IF NOT EXISTS bench_ref (id serial PRIMARY KEY, at float8)")
    pg.commit()

    def insert_pg() -> None:
        pg.execute("INSERT INTO bench_ref (at) VALUES (%s)", (time.time(),))
        pg.commit()

    return insert_pg


def _psycopg_args(url: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"dbname": url.database}
    for key in ("host", "port", "username", "password"):
        value = getattr(url, key)
        if value:
            args["user" if key == "username" else key] = value
    args.update({k: v for k, v in url.query.items() if isinstance(v, str)})
    return args


# -- one engine ----------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float | None:
    """The `p`-th percentile (nearest rank) of `values`, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values) if values else None,
        "mean": statistics.fmean(values) if values else None,
    }


def run_engine(engine: str, db: str, files: str, users: int, seconds: float) -> dict[str, Any]:
    """Set up `db`, run the load on it, check it, and return the figures."""
    print(f"[{engine}] setting up: demo stories, {users} users as editors", flush=True)
    ids = set_up(db, files, users)
    insert = raw_inserter(db)
    idle = []
    for _ in range(REF_ROWS_IDLE):
        t0 = time.perf_counter()
        insert()
        idle.append((time.perf_counter() - t0) * 1000)
    del insert

    ctx = mp.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    plan = [("user", login) for login in logins(users)]
    plan += [("watcher", f"watcher{i}") for i in range(1, WATCHERS + 1)]
    plan += [("prober", "prober"), ("ref", "reference")]
    procs = []
    t_spawn = time.monotonic()
    for role, name in plan:
        p = ctx.Process(target=_run_process, name=name,
                        args=(role, name, db, files, ids, seconds, ready, go, results))  # fmt: skip
        p.start()
        procs.append(p)
    waiting = len(plan)
    while waiting:
        try:
            ready.get(timeout=max(1.0, READY_TIMEOUT - (time.monotonic() - t_spawn)))
        except queue.Empty:
            break
        waiting -= 1
    started = time.monotonic() - t_spawn
    print(f"[{engine}] {len(plan) - waiting} of {len(plan)} processes ready in {started:.0f} s; "
          f"running {seconds:.0f} s", flush=True)  # fmt: skip
    go.set()
    t_go = time.monotonic()
    outcomes: list[Outcome] = []
    deadline = t_go + seconds + GRACE
    while len(outcomes) < len(plan):
        try:
            outcomes.append(results.get(timeout=max(0.1, deadline - time.monotonic())))
        except queue.Empty:
            break
    elapsed = time.monotonic() - t_go
    stuck = []
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            stuck.append(p.name)
            p.terminate()
            p.join(timeout=5)
    return figures(engine, db, files, users, seconds, elapsed, idle, outcomes, stuck, started)


def figures(
    engine: str,
    db: str,
    files: str,
    users: int,
    seconds: float,
    elapsed: float,
    idle: list[float],
    outcomes: list[Outcome],
    stuck: list[str],
    startup: float,
) -> dict[str, Any]:
    """The figures of one run, after checking every acknowledged comment is stored."""
    import sqlalchemy as sa
    from sqlmodel import col

    from mstui.store.tables import Comment

    people = [o for o in outcomes if o.role == "user"]
    writes = [ms for o in people for _, ms in o.writes]
    by_op: dict[str, list[float]] = {}
    for o in people:
        for op, ms in o.writes:
            by_op.setdefault(op, []).append(ms)
    errors = [e for o in outcomes for e in o.errors]
    errors += [(f"{o.name} died: {o.fatal}", 0.0) for o in outcomes if o.fatal]
    errors += [(f"{name} did not finish {GRACE:.0f} s after the end", 0.0) for name in stuck]
    acked = {cid: body for o in outcomes for cid, body in o.comments}
    store = open_as(db, files, "lead")
    try:
        stored: dict[int, str] = {}
        ids = sorted(acked)
        with store.db.reading() as s:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                q = sa.select(col(Comment.id), col(Comment.body)).where(col(Comment.id).in_(chunk))
                stored.update({int(c): str(b) for c, b in s.execute(q).all()})
        interval = store.db.watch_interval
    finally:
        store.db.close()
    lost = [cid for cid, body in acked.items() if stored.get(cid) != body]
    probes = {cid: (sent, acked_at) for o in outcomes for cid, sent, acked_at in o.probes}
    watchers = [o for o in outcomes if o.role == "watcher"]
    after_sent = [(seen - sent) * 1000 for o in watchers for _, sent, seen in o.seen]
    after_ack = [
        (seen - probes[cid][1]) * 1000 for o in watchers for cid, _, seen in o.seen if cid in probes
    ]
    missed = sum(len(set(probes) - {cid for cid, _, _ in o.seen}) for o in watchers)
    refs = [ms for o in outcomes for ms in o.refs]
    distinct: dict[str, list[float]] = {}
    for e, ms in errors:
        distinct.setdefault(e, []).append(ms)
    return {
        "engine": engine,
        "date": date.today().isoformat(),
        "users": users,
        "seconds": seconds,
        "elapsed_s": round(elapsed, 1),
        "startup_s": round(startup, 1),
        "processes_reporting": len(outcomes),
        "writes": summary(writes),
        "writes_per_s": round(len(writes) / elapsed, 1) if elapsed else None,
        "writes_by_op": {op: summary(v) for op, v in sorted(by_op.items())},
        "reads": summary([ms for o in people for ms in o.reads]),
        "conflicts": sum(o.conflicts for o in people),
        "errors": len(errors),
        "first_errors": [
            f"{len(v)}x {e} (after {', '.join(f'{ms / 1000:.1f}' for ms in sorted(v)[:10])} s)"
            for e, v in list(distinct.items())[:5]
        ],
        "acknowledged_comments": len(acked),
        "lost": len(lost),
        "lost_ids": lost[:20],
        "propagation_ms": summary(after_sent),
        "propagation_after_ack_ms": summary(after_ack),
        "probes": len(probes),
        "probes_missed": missed,
        "watchers": len(watchers),
        "watch_interval_s": interval,
        "ref_insert_idle_ms": summary(idle),
        "ref_insert_under_load_ms": summary(refs),
    }


# -- the report ----------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 10:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _three(s: dict[str, Any]) -> str:
    return f"{_ms(s['p50'])} / {_ms(s['p95'])} / {_ms(s['p99'])}"


def table(runs: list[dict[str, Any]]) -> str:
    """The figures of each engine side by side (Markdown)."""
    rows: list[tuple[str, ...]] = [
        ("figure", *(r["engine"] for r in runs)),
        ("users x seconds", *(f"{r['users']} x {r['seconds']:.0f}" for r in runs)),
        ("writes (ok), per s", *(f"{r['writes']['n']:,}, {r['writes_per_s']}/s" for r in runs)),
        ("write latency p50 / p95 / p99 ms", *(_three(r["writes"]) for r in runs)),
        ("  ref: INSERT+COMMIT idle p50 / p95 / p99",
         *(_three(r["ref_insert_idle_ms"]) for r in runs)),
        ("  ref: INSERT+COMMIT under load p50 / p95 / p99",
         *(_three(r["ref_insert_under_load_ms"]) for r in runs)),
        ("read latency (board, dashboard, card) p50 / p95 / p99 ms",
         *(_three(r["reads"]) for r in runs)),
        ("conflicts (shown, expected)", *(f"{r['conflicts']:,}" for r in runs)),
        ("errors (goal 0)", *(str(r["errors"]) for r in runs)),
        ("acknowledged comments lost (goal 0)",
         *(f"{r['lost']} of {r['acknowledged_comments']:,}" for r in runs)),
        ("propagation p50 / p95 / max ms (goal p95 <= 1,000)",
         *(f"{_ms(r['propagation_ms']['p50'])} / {_ms(r['propagation_ms']['p95'])} / "
           f"{_ms(r['propagation_ms']['max'])}" for r in runs)),
        ("  after the write returned p50 / p95 ms",
         *(f"{_ms(r['propagation_after_ack_ms']['p50'])} / "
           f"{_ms(r['propagation_after_ack_ms']['p95'])}" for r in runs)),
        ("  ref: poll interval ms", *(_ms(r["watch_interval_s"] * 1000) for r in runs)),
        ("  probes, missed by a watcher",
         *(f"{r['probes']} x {r['watchers']} watchers, {r['probes_missed']} missed"
           for r in runs)),
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in rows]  # fmt: skip
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--pg", help="a PostgreSQL server URL (a fresh database is made on it)")
    parser.add_argument("--json", type=Path, help="append one JSON line per engine to this file")
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    if "postgresql" in engines and not args.pg:
        print("postgresql: skipped, no server given (--pg URL)")
        engines.remove("postgresql")
    runs = []
    for engine in engines:
        tmp = Path(tempfile.mkdtemp(prefix=f"team-load-{engine}-"))
        files = str(tmp / "files")
        try:
            if engine == "sqlite":
                run = run_engine(engine, str(tmp / "team.db"), files, args.users, args.seconds)
            else:
                with pg_database(args.pg) as url:
                    run = run_engine(engine, url, files, args.users, args.seconds)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        runs.append(run)
        print(table([run]) + "\n", flush=True)
        for line in run["first_errors"]:
            print(f"  error: {line}")
        if args.json:
            with args.json.open("a") as f:
                f.write(json.dumps(run) + "\n")
    if len(runs) > 1:
        print(table(runs))


@contextlib.contextmanager
def pg_database(server: str) -> Any:
    """A fresh database on `server` (its URL), dropped afterwards."""
    import sqlalchemy as sa

    url = sa.engine.make_url(server)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    name = f"bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


if __name__ == "__main__":
    main()
