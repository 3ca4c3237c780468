"""Benchmark: the alert scan over 100,000 milestones with 5 tasks each (prints figures).

    python bench/alerts_scan.py [--size 100000] [--keep DIR]

Builds a fresh SQLite database with `Store.add_synthetic` (bulk Core
inserts), then times:

- cold: the first scan (a full one; raises every alert the history calls for);
- warm: the next scan a minute later (nothing new: its cost should not depend on
  the size of the history);
- changed: a scan after 100 milestones were edited through the store;
- daily full: the once-a-day full scan with nothing new to raise.

Not a test: it prints the figures (the goal is a warm scan under 0.5 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pendulum
import sqlalchemy as sa
from sqlmodel import col

from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.identity import Account
from mstui.store import MilestoneFilter, Store, open_store
from mstui.store.tables import Project, ProjectMember

NOW = pendulum.datetime(2026, 11, 18, 10, 0, tz="UTC")


def timed(label: str, store: Store) -> float:
    start = time.perf_counter()
    raised = store.scan()
    took = time.perf_counter() - start
    st = store.last_scan
    assert st is not None
    kind = "full" if st.full else "incremental"
    print(
        f"{label:<28} {took:8.3f} s  {len(raised):>8,} alerts raised  "
        f"({kind}; {st.milestones:,} milestones evaluated, {st.candidates:,} candidates)"
    )
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the database in DIR and keep it")
    args = parser.parse_args()
    where = args.keep or Path(tempfile.mkdtemp(prefix="mstui-bench-"))
    where.mkdir(parents=True, exist_ok=True)
    db = where / "bench.db"
    for old in where.glob("bench.db*"):
        old.unlink()
    clock = FrozenClock(NOW)
    store = open_store(Settings(db=str(db), timezone="UTC"), clock, Account("bench", "Bench"))

    start = time.perf_counter()
    added = store.add_synthetic(args.size)
    print(
        f"built {added:,} milestones, {5 * added:,} tasks in {time.perf_counter() - start:.1f} s "
        f"({db}, {db.stat().st_size / 1e6:.0f} MB)"
    )
    print(f"python {sys.version.split()[0]}, now {NOW.isoformat()}")

    timed("cold (first scan)", store)
    clock.advance(minutes=1)
    timed("warm (nothing new)", store)
    clock.advance(minutes=1)
    timed("warm again", store)

    # add_synthetic writes no member rows: give its lead (the bench) the role to edit.
    with store.db.writing() as s:
        gen1 = s.scalar(sa.select(col(Project.id)).where(col(Project.key) == "GEN1"))
        s.add(ProjectMember(project_id=gen1, person_id=store.me_id(), role="lead"))
    rng = random.Random(7)
    open_ids = [
        m.id
        for m in store.list_milestones(
            MilestoneFilter(project="GEN1", statuses=(Status.PLANNED, Status.IN_PROGRESS))
        )
    ]
    clock.advance(minutes=1)
    today = store.today()
    start = time.perf_counter()
    for mid in rng.sample(open_ids, 100):
        store.edit_milestone(mid, None, due=today + timedelta(days=rng.randint(-5, 2)))
    print(f"{'(edited 100 milestones)':<28} {time.perf_counter() - start:8.3f} s")
    timed("after 100 changes", store)
    clock.advance(minutes=1)
    timed("warm after changes", store)
    clock.advance(hours=14)
    timed("14 h later (new day)", store)
    clock.advance(hours=11)
    timed("daily full scan", store)
    clock.advance(minutes=1)
    timed("warm after full", store)
    store.db.close()
    if args.keep is None:
        for f in where.glob("bench.db*"):
            f.unlink()
        where.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
