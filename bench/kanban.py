"""Kanban at team scale: start-up, filling the board and key latency, beside a bare Textual app.

    python bench/kanban.py [--size 10000] [--runs 3]

Builds a database with the demo stories and SIZE synthetic milestones (about
40 % planned, so the Planned column holds ~4,000 cards at 10,000), then runs
the terminal measuring tool (`MEASURE`, below) on a bare Textual app and on `mstui` at
200x50 and prints the figures. Times on a shared machine drift: read mstui's
numbers against the bare app's from the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURE = ROOT.parent / "shared" / "tools" / "tui_measure.py"


def measure(cmd: str, ready: str, keys: list[str], runs: int, size: str) -> dict:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    args = [sys.executable, str(MEASURE), "measure", "--cmd", cmd, "--ready", ready,
            "--size", size, "--runs", str(runs), "--warmup", "1", "--json", str(out),
            "--presses", "10", "--key-quiet-ms", "400", "--quit-key", "q"]  # fmt: skip
    for k in keys:
        args += ["--keys", k]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screen", default="200x50")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.db"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mstui", "--db", str(db), "demo", "--size",
                    str(args.size)], check=True, capture_output=True)  # fmt: skip
    print(f"demo --size {args.size:,}: {time.perf_counter() - t0:.1f} s")

    bare_cmd = f"{sys.executable} {ROOT / 'bench' / 'bare_app.py'}"
    bare = measure(bare_cmd, "Bare app ready", ["j"], args.runs, args.screen)
    app_cmd = f"{sys.executable} -m mstui --db {db} --screen kanban"
    keys = ["j k", "pagedown pageup", "l h"]
    app = measure(app_cmd, r"Planned [\d,]+", keys, args.runs, args.screen)
    report(bare, app)


def median(block: dict, key: str) -> str:
    value = (block.get(key) or {}).get("median")
    return "-" if value is None else f"{value * 1000:,.0f} ms"


def report(bare: dict, app: dict) -> None:
    """Medians, mstui beside the bare app of the same run."""
    print(f"{'':28}{'bare Textual':>14}{'mstui':>14}")
    for key, label in (("first_paint_s", "first paint"), ("startup_ready_s", "board filled"),
                       ("quit_s", "quit")):  # fmt: skip
        print(f"{label:28}{median(bare, key):>14}{median(app, key):>14}")
    rss = (app.get("peak_rss_mib") or {}).get("median", 0)
    bare_rss = (bare.get("peak_rss_mib") or {}).get("median", 0)
    print(f"{'peak memory':28}{bare_rss:>11.0f} MB{rss:>11.0f} MB")
    for key_set in app.get("key_sets", []):
        label = f"key {key_set['keys']!r} (settled)"
        print(f"{label:28}{'':>14}{median(key_set, 'settled_s'):>14}")


if __name__ == "__main__":
    main()
