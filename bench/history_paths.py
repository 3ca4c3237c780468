"""Benchmark: store paths whose cost grows with the history (prints figures).

    mstui --db /tmp/p.db demo --size 10000
    python bench/history_paths.py /tmp/p.db [--history N] [--rounds R]

Works on a copy of the database. The demo has few bookings, dependency edges
and targets, so `--history N` (default 20,000) first adds N past bookings on
the demo's resources, a dependency chain through the synthetic milestones of
each project (about 10,000 edges) and 200 targets, with bulk Core inserts.
Then it times, best of R rounds:

- `mstui task list` (the real command in a subprocess, wall time) and
  `store.list_tasks()` in process;
- `resource_conflicts(since=today)` (the dashboard's panel, on every reload);
- `target_overview(tid)` (one target with its 25 milestones; 200 targets have
  8 checkpoints, 20 figures and 25 milestones each);
- `add_dependency` between two milestones of a long chain (then removed).

Not a test.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mstui.clock import SystemClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store
from mstui.store.tables import (
    Booking,
    Checkpoint,
    Measurement,
    Milestone,
    MilestoneDependency,
    Resource,
    Target,
    Task,
)


def best(rounds: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def grow(store: Store, n: int) -> None:
    """Past bookings, dependency chains and targets, inserted in bulk."""
    rng = random.Random(n)
    today = store.today()
    with store.db.writing() as s:
        resources = list(s.scalars(sa.select(Resource.id)))
        task_ids = list(s.scalars(sa.select(Task.id).limit(n)))
        rows = []
        for i in range(n):
            start = today - timedelta(days=rng.randint(60, 720))
            rows.append(
                {
                    "resource_id": resources[i % len(resources)],
                    "task_id": task_ids[i % len(task_ids)],
                    "milestone_id": None,
                    "start_date": start,
                    "end_date": start + timedelta(days=rng.randint(0, 5)),
                    "amount": float(rng.randint(1, 4)),
                }
            )
        s.execute(sa.insert(Booking), rows)
        by_project: dict[int, list[int]] = {}
        for mid, pid in s.execute(
            sa.select(Milestone.id, Milestone.project_id).order_by(Milestone.id)
        ):
            by_project.setdefault(pid, []).append(mid)
        have = set(
            s.execute(
                sa.select(MilestoneDependency.predecessor_id, MilestoneDependency.successor_id)
            ).all()
        )
        edges = []
        for ids in by_project.values():
            for a, b in itertools.pairwise(ids):
                if (a, b) not in have and (b, a) not in have:
                    edges.append({"predecessor_id": a, "successor_id": b})
        s.execute(sa.insert(MilestoneDependency), edges)
        now = store.now()
        targets = [
            {
                "name": f"Target {i}",
                "unit": "USD",
                "goal": 1000.0,
                "start_date": today - timedelta(days=30),
                "end_date": today + timedelta(days=30),
                "direction": "at_least",
                "cadence": "",
                "version": 1,
                "created_at": now,
            }
            for i in range(200)
        ]
        s.execute(sa.insert(Target), targets)
        new_targets = list(s.scalars(sa.select(Target.id).order_by(Target.id.desc()).limit(200)))  # type: ignore[attr-defined]
        points, figures = [], []
        for t in new_targets:
            for k in range(1, 9):
                day = today - timedelta(days=30) + timedelta(days=7 * k)
                points.append({"target_id": t, "date": day, "expected": 125.0 * k})
            for k in range(20):
                day = today - timedelta(days=30) + timedelta(days=k)
                figures.append(
                    {"target_id": t, "date": day, "value": 5.0 * k, "note": "", "recorded_at": now}
                )
        s.execute(sa.insert(Checkpoint), points)
        s.execute(sa.insert(Measurement), figures)
        # 25 target milestones each.
        linked = list(s.scalars(sa.select(Milestone.id).order_by(Milestone.id).limit(5000)))
        for i, t in enumerate(new_targets):
            s.execute(
                sa.update(Milestone)
                .where(Milestone.id.in_(linked[i * 25 : (i + 1) * 25]))  # type: ignore[attr-defined]
                .values(target_id=t)
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("--history", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mstui-bench-"))
    db = work / "bench.db"
    shutil.copy(args.db, db)
    settings = Settings(db=str(db), timezone="UTC")
    store = open_store(settings, SystemClock(), Account("bench", "Bench"))
    if args.history:
        grow(store, args.history)
    with store.db.reading() as s:
        counts = {
            name: s.scalar(sa.select(sa.func.count()).select_from(model))
            for name, model in (
                ("tasks", Task),
                ("milestones", Milestone),
                ("bookings", Booking),
                ("dependencies", MilestoneDependency),
                ("targets", Target),
            )
        }
        chain = list(
            s.scalars(
                sa.select(MilestoneDependency.successor_id)
                .order_by(MilestoneDependency.successor_id.desc())  # type: ignore[attr-defined]
                .limit(1)
            )
        )
        tid = s.scalar(sa.select(Target.id).order_by(Target.id.desc()).limit(1))  # type: ignore[attr-defined]
    print("database:", ", ".join(f"{v:,} {k}" for k, v in counts.items()))

    env = dict(os.environ)
    env.pop("MSTUI_NOW", None)
    cmd = [sys.executable, "-m", "mstui", "--db", str(db), "task", "list"]

    def cli() -> None:
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)

    print(f"mstui task list (subprocess)     {best(args.rounds, cli):7.3f} s")
    print(f"store.list_tasks()               {best(args.rounds, store.list_tasks):7.3f} s")
    today = store.today()
    conflicts = best(args.rounds, lambda: store.resource_conflicts(since=today))
    print(f"resource_conflicts(since=today)  {conflicts:7.3f} s")
    assert tid is not None
    print(
        f"target_overview(tid)             "
        f"{best(args.rounds, lambda: store.target_overview(tid)):7.3f} s"
    )
    # A new edge at the end of the longest chain: the cycle check walks it.
    last = chain[0]
    with store.db.reading() as s:
        first = s.scalar(
            sa.select(Milestone.id)
            .where(Milestone.project_id == s.get(Milestone, last).project_id)  # type: ignore[union-attr]
            .order_by(Milestone.id)
            .limit(1)
        )
    assert first is not None

    def dep() -> None:
        store.add_dependency(last, first + 0)  # first depends on last: a cycle, refused
        raise AssertionError("a cycle was accepted")

    def refused() -> None:
        try:
            dep()
        except Exception as exc:
            if "cycle" not in str(exc):
                raise

    print(f"add_dependency (cycle refused)   {best(args.rounds, refused):7.3f} s")
    with store.db.reading() as s:
        other = s.scalar(
            sa.select(Milestone.id)
            .where(Milestone.project_id != s.get(Milestone, last).project_id)  # type: ignore[union-attr]
            .order_by(Milestone.id.desc())  # type: ignore[attr-defined]
            .limit(1)
        )
    assert other is not None

    def add_remove() -> None:
        store.add_dependency(last, other)
        store.remove_dependency(last, other)

    print(f"add_dependency + remove          {best(args.rounds, add_remove):7.3f} s")
    store.db.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
