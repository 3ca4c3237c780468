"""The Timeline's (or Kanban's) key session of bench/run.py alone, code trees side by side.

    python bench/timeline_keys.py --db COPY_SOURCE.db [--tree before=DIR --tree after=DIR]
                                  [--rounds 3] [--presses 6] [--screen kanban]

Each round launches `mstui --db COPY --screen timeline` (a copy of --db per tree, made
once) for each tree in turn (the order alternates between rounds, so drift hits both),
waits for the first milestone row as bench/run.py does, then presses j/k, h/l, +/- as
its TIMELINE_KEYS (the Kanban: its KANBAN_KEYS, the card move `>`/`u` included), each
timed to the settled screen (0.3 s of quiet). A tree is a
directory holding an `mstui` package, put first on PYTHONPATH (default: this checkout).
Prints p50 / p95 / max ms per key pair and tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))

from run import KANBAN_KEYS, READY, TIMELINE_KEYS, copy_db, toasts  # noqa: E402
from tui_measure import AppTimeout, Tmux, TmuxError  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--tree", action="append", default=[], help="NAME=DIR")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--presses", type=int, default=6)
    p.add_argument("--quiet", type=float, default=0.3)
    p.add_argument("--socket", default=f"tl-{os.getpid()}")
    p.add_argument("--size", default="200x50")
    p.add_argument("--screen", choices=("timeline", "kanban"), default="timeline")
    a = p.parse_args()
    screen = a.screen
    sets = TIMELINE_KEYS if screen == "timeline" else KANBAN_KEYS
    trees = dict(t.split("=", 1) for t in a.tree) or {"this": str(ROOT)}
    w, h = (int(x) for x in a.size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="tl-keys-"))
    home = work / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSTUI_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    dbs = {}
    for name in trees:
        dbs[name] = work / f"{name}.db"
        copy_db(a.db, dbs[name])
    times: dict[tuple[str, str], list[float]] = {}
    names = list(trees)
    for r in range(a.rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            tm = Tmux(socket=a.socket).start()
            try:
                cmd = (
                    f"cd /tmp && exec env PYTHONPATH={trees[name]} {sys.executable} -m mstui"
                    f" --db {dbs[name]} --screen {screen}"
                )
                app = tm.launch(cmd, size=(w, h), env=env)
                ready = app.wait_for(READY[screen], timeout=120)[0]
                app.wait_settle(quiet=a.quiet, timeout=60)
                seq: list[str] = []
                for pair in sets:
                    label = "/".join(pair)
                    for i in range(a.presses):
                        before = toasts(app.capture())
                        try:
                            res = app.press(pair[i % 2], quiet=a.quiet, timeout=5)
                        except (AppTimeout, TmuxError):
                            continue
                        if toasts(app.capture()) < before or res.settled_s is None:
                            continue
                        times.setdefault((name, label), []).append(res.settled_s * 1000)
                        seq.append(f"{pair[i % 2]}{res.settled_s * 1000:.0f}")
                mem = app.memory()["sum_hwm_kb"] / 1024
                print(
                    f"round {r + 1} {name}: ready {ready:.2f} s, hwm {mem:.0f} MB: {' '.join(seq)}",
                    file=sys.stderr,
                    flush=True,
                )
                app.kill()
            finally:
                tm.stop()
            time.sleep(0.3)
    for pair in sets:
        label = "/".join(pair)
        for name in names:
            xs = times.get((name, label), [])
            if xs:
                print(
                    f"{label:4} {name:8} n={len(xs):3} p50 {statistics.median(xs):6.1f}"
                    f"  p95 {pct(xs, 0.95):6.1f}  max {max(xs):6.1f} ms"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
