"""Timeline at team scale: opening the screen and each scroll step, beside a bare Textual app.

    python bench/timeline.py [--size 10000] [--runs 3] [--screen 200x50]

Builds a database with the demo stories and SIZE synthetic milestones (five
tasks each: 10,000 milestones and 50,000 tasks by default), runs the alert
scan once (`mstui check`, so the app's first scan does not add thousands of
alerts while we measure), then runs the measuring tool (`MEASURE`, below) on a bare
Textual app and on mstui opened straight on the Timeline (`--run DB`, below),
and prints the figures. Keys measured: `j k` (row by row), `l h` (time by a
week), `L H` (time by a page), `+ -` (zoom), `end home` (to the last row of
60,000 and back: loads the last project's plan). Times on a shared machine
drift: read mstui's numbers against the bare app's from the same run.
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
KEY_SETS = ["j k", "l h", "L H", "+ -", "End Home"]


def run_timeline(db: str) -> None:
    """mstui on `db`, opened on the Timeline (what `3` shows), as a person's process."""
    sys.path.insert(0, str(ROOT))
    from typing import Any

    from mstui.app import MstuiApp
    from mstui.config import Settings

    def open_store() -> Any:
        from mstui.store import open_store as open_it  # in the app's thread, as `mstui` does

        return open_it(Settings(db=db))

    MstuiApp(open_store, mode="timeline").run()


def measure(cmd: str, ready: str, keys: list[str], runs: int, size: str) -> dict:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    args = [sys.executable, str(MEASURE), "measure", "--cmd", cmd, "--ready", ready,
            "--size", size, "--runs", str(runs), "--warmup", "1", "--json", str(out),
            "--presses", "10", "--key-quiet-ms", "400", "--quit-key", "q"]  # fmt: skip
    for k in keys:
        args += ["--keys", k]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.read_text())


def median(block: dict, key: str) -> str:
    value = (block.get(key) or {}).get("median")
    return "-" if value is None else f"{value * 1000:,.0f} ms"


def report(bare: dict, app: dict) -> None:
    """Medians, mstui beside the bare app of the same run."""
    print(f"{'':34}{'bare Textual':>14}{'mstui':>14}")
    for key, label in (("first_paint_s", "first paint"), ("startup_ready_s", "timeline shown"),
                       ("startup_settled_s", "timeline settled"), ("quit_s", "quit")):  # fmt: skip
        print(f"{label:34}{median(bare, key):>14}{median(app, key):>14}")
    rss = (app.get("peak_rss_mib") or {}).get("median", 0)
    bare_rss = (bare.get("peak_rss_mib") or {}).get("median", 0)
    print(f"{'peak memory':34}{bare_rss:>11.0f} MB{rss:>11.0f} MB")
    print("keys (median over the presses; first change / screen settled):")
    for key_set in app.get("key_sets", []):
        label = f"  {key_set['keys']!r}"
        first, settled = median(key_set, "first_s"), median(key_set, "settled_s")
        print(f"{label:34}{'':>14}{first + ' / ' + settled:>22}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screen", default="200x50")
    parser.add_argument("--run", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_timeline(args.run)
        return
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.db"
    t0 = time.perf_counter()
    mstui = [sys.executable, "-m", "mstui", "--db", str(db)]
    subprocess.run([*mstui, "demo", "--size", str(args.size)], check=True, capture_output=True)
    print(f"demo --size {args.size:,}: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    subprocess.run([*mstui, "check"], check=True, capture_output=True)
    print(f"mstui check (first alert scan): {time.perf_counter() - t0:.1f} s")

    bare_cmd = f"{sys.executable} {ROOT / 'bench' / 'bare_app.py'}"
    bare = measure(bare_cmd, "Bare app ready", [], args.runs, args.screen)
    app_cmd = f"{sys.executable} {Path(__file__).resolve()} --run {db}"
    # Ready: the first synthetic project's first task row is drawn (its plan is in).
    app = measure(app_cmd, r"Step \d", KEY_SETS, args.runs, args.screen)
    report(bare, app)


if __name__ == "__main__":
    main()
