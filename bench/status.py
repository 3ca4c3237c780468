"""`mstui status` and `mstui digest` on a 10,000-milestone database, beside the cost of
starting Python at all, measured in the same run.

    python bench/status.py [--size 10000] [--runs 11] [--mine-every 10]

Builds a database with the demo stories and SIZE synthetic milestones (`mstui demo
--size`, owned by 40 synthetic people), gives every MINE_EVERY-th synthetic one to
the account running the bench (so that "mine" is about a thousand milestones, not
the demo's handful), raises the alerts once (`mstui check`), then times each command
as a whole process, the median of RUNS runs after one warm-up, and prints a table.
Compiled bytecode is allowed (`PYTHONDONTWRITEBYTECODE` unset), as in a real install.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSTUI_", "XDG_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(HOME=str(home), PYTHONPATH=str(ROOT), XDG_CONFIG_DIRS=str(home / "etc"))
    return env


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, str]:
    """Median and max wall time (ms) of `cmd` over `runs` runs (after one warm-up)."""
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), first.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--mine-every", type=int, default=10)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    env = environment(tmp)
    db = tmp / "bench.db"
    mstui = [sys.executable, "-m", "mstui", "--db", str(db)]
    t0 = time.perf_counter()
    subprocess.run([*mstui, "demo", "--size", str(args.size)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    print(f"demo --size {args.size:,}: {time.perf_counter() - t0:.1f} s")
    conn = sqlite3.connect(db)
    with conn:
        me = conn.execute("SELECT lead_id FROM project WHERE key = 'GEN1'").fetchone()[0]
        conn.execute(
            "UPDATE milestone SET owner_id = ? WHERE project_id IN"
            " (SELECT id FROM project WHERE key LIKE 'GEN%') AND id % ? = 0",
            (me, args.mine_every),
        )
        total, mine = conn.execute(
            "SELECT count(*), sum(owner_id = ?) FROM milestone", (me,)
        ).fetchone()
    conn.close()
    subprocess.run([*mstui, "check"], env=env, check=True, capture_output=True)
    print(f"{total:,} milestones, {mine:,} of them mine; {args.runs} runs each, median")
    version = sys.version.split()[0]
    print(f"Python {version}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cores")
    print()
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ('python -c "import sqlite3"', [sys.executable, "-c", "import sqlite3"]),
        ("mstui status", [*mstui, "status"]),
        ("mstui status --format tmux", [*mstui, "status", "--format", "tmux"]),
        ("mstui digest", [*mstui, "digest"]),
        ("mstui alerts (any store command)", [*mstui, "alerts"]),
    ]
    outputs = {}
    print(f"| {'command':<34} | median ms | max ms |")
    print(f"| {'-' * 34} | --------: | -----: |")
    for name, cmd in rows:
        median, worst, out = timed(cmd, env, args.runs)
        outputs[name] = out
        print(f"| {name:<34} | {median:9.0f} | {worst:6.0f} |")
    print()
    print("status:", outputs["mstui status"].strip())
    print("digest:", len(outputs["mstui digest"].splitlines()), "lines")


if __name__ == "__main__":
    main()
