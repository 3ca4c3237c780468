"""Issue 18 in one command: every figure of its table beside its reference, in one session.

    python bench/run.py [--sizes 1000,10000,100000] [--runs 5] [--keep DIR]
                        [--idle-seconds 60] [--use-seconds 60] [--out bench/RESULTS.md]

For each size N: builds (or reuses, from --keep DIR) a database with the demo stories and
N synthetic milestones of 5 tasks each (`mstui demo --size N`), and a copy with its alerts
raised once (`mstui check`, kept too) so the screens are measured without the first scan,
then runs in one tmux server on a private socket, at 200x50 (the terminal measuring tool,
/work/shared/tools/tui_measure.py, as a library):

- RUNS rounds, each alternating reference and mstui, so that drift hits both: the bare
  Textual app (bench/bare_app.py), mstui on the dashboard, the stack floor
  (bench/floor_app.py), mstui on the Kanban and its key session, the DataTable floor
  (bench/datatable_floor.py) and the same keys, the stack floor, mstui on the Timeline, its
  keys and the screen switches 1..5, the same switches after a pause on each screen
  (PAUSE_FIRST, then PAUSE: a person reading), the bare app and mstui on Targets, the bare app and
  mstui on Alerts. A key press during which a toast went away is left out (`Bench.press`);
  the card move comes last, at most MOVE_PRESSES times (each undo shows a toast);
- once: memory after visiting all five screens and pressing keys for USE_SECONDS; idle CPU
  over IDLE_SECONDS (mstui on the dashboard and the bare app, side by side); Kanban j/k
  while the app's own first alert scan runs on a fresh copy (the app starts it right
  after the store opens: mstui/app.py `_store_opened`);
- RUNS times each, interleaved: `mstui milestone list --json` beside a plain `sqlite3 -json`
  query, and (at most COLD_SCANS times) the cold `Store.scan()` of a fresh copy, in a
  subprocess with a frozen clock.

Writes the tables between the markers `<!-- bench/run.py: begin -->` and `end` of --out
(the rest of the file is kept), the raw figures to results.json next to it, and prints
the tables. Progress goes to stderr. A wait that times out is recorded as "timeout".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))

import run_report  # noqa: E402
from tui_measure import App, AppTimeout, Tmux, TmuxError  # noqa: E402

PY = sys.executable
BENCH = ROOT / "bench"
SCREENS = ("dashboard", "kanban", "timeline", "targets", "alerts")
READY = {
    "bare": r"Bare app ready",
    "floor": r"Floor ready: \d+ milestones",
    "datatable": r"DataTable floor ready: \d+ rows",
    # mstui/screens/dashboard.py `_summary`: "Fri 04 Dec · 10016 milestones: ● ..."
    "dashboard": r"\w{3} \d{2} \w{3} · [\d,]+ milestones:",
    "kanban": r"Planned [\d,]+",
    # a milestone row of the first project drawn (before its plan is in, rows show "…")
    "timeline": r"^  [^\s…] \S",
}
# The card move last, and at most MOVE_PRESSES of it: each undo shows a toast for 5 s,
# whose going away would count as a change of the screen in a later press.
KANBAN_KEYS = (("j", "k"), ("l", "h"), ("NPage", "PPage"), (">", "u"))
MOVE_PRESSES = 4
# The toast mstui shows at start when there are open alerts (6 s): gone before keys.
# The app's first scan can raise alerts too: their summary toast stays 10 s (toasts.py).
TOASTS = ("You have ", "Undone: ", " new alerts for")  # unwrapped even at 80x24
TIMELINE_KEYS = (("j", "k"), ("h", "l"), ("+", "-"))
SWITCH_KEYS = ("1", "2", "3", "4", "5")
PAUSE_FIRST = 7.0  # s on the first screen before the paused switches (the start toast: 6 s)
PAUSE = 2.0  # s on each screen before the next paused switch
COLD_SCANS = 3  # at most: 10 s each at 100,000 before the work on issue 18
KANBAN_SESSION = 80  # key presses on the Kanban before its memory is read
LIST_SQL = (
    "SELECT m.id, p.key AS project, m.title, m.description, o.login AS owner, m.due,"
    " m.due_from_tasks, m.status, m.blocked_reason, m.completed_at, m.kpi_name,"
    " m.kpi_target, m.kpi_actual, m.cost_estimate, m.cost_actual, m.effort_estimate,"
    " m.effort_actual, m.target_id, m.position, m.version FROM milestone m"
    " JOIN project p ON p.id = m.project_id JOIN person o ON o.id = m.owner_id"
    " ORDER BY p.key, m.status, m.position"
)
SCAN_ONCE = """
import json, sys, time
import pendulum
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.store import open_store
store = open_store(Settings(db=sys.argv[1]), FrozenClock(pendulum.now("UTC")))
t0 = time.perf_counter()
store.scan(views=False)  # as the app scans: it shows new alerts from the inbox
stats = store.last_scan
print(json.dumps({"s": time.perf_counter() - t0, "raised": stats.inserted if stats else 0}))
"""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Bench:
    """One tmux server, the launch commands and the raw figures of one size."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.tm = Tmux()  # replaced by a started server before each step
        self.args, self.env = args, env
        self.size = (args.width, args.height)
        self.raw: dict[str, Any] = {}

    def add(self, key: str, value: Any) -> None:
        self.raw.setdefault(key, []).append(value)

    def cmd(self, what: str, db: Path) -> str:
        if what == "bare":
            return f"exec {PY} {BENCH / 'bare_app.py'}"
        if what == "floor":
            return f"exec {PY} {BENCH / 'floor_app.py'} {db}"
        if what == "datatable":
            return f"exec {PY} {BENCH / 'datatable_floor.py'} {db}"
        return f"exec {PY} -m mstui --db {db} --screen {what}"

    def start(self, what: str, db: Path, ready: str | None) -> tuple[App, dict]:
        app = self.tm.launch(self.cmd(what, db), size=self.size, env=self.env)
        out: dict[str, Any] = {}
        try:
            out["ready_s"] = app.wait_for(ready or r"\S", timeout=self.args.timeout)[0]
        except AppTimeout as exc:
            out["ready_s"] = "timeout"
            out["screen"] = exc.screen[-2000:]
        with contextlib.suppress(AppTimeout):  # a screen that never stops changing: on anyway
            app.wait_settle(quiet=self.args.key_quiet, timeout=self.args.timeout)
        out["first_frame_s"] = app.first_paint_s if app.first_paint_s is not None else "timeout"
        mem = app.memory()
        out["hwm_mb"], out["cpu_s"] = mem["sum_hwm_kb"] / 1024, mem["cpu_s"]
        return app, out

    def press(self, app: App, key: str, name: str | None, quiet: float | None = None) -> None:
        """One key, its settled time in raw[name] (or "timeout").

        A press during which a toast went away (the one at start, "You have N unread
        alerts", 6 s; an undo's, 5 s) is left out, counted in raw["discarded"]: the
        toast's going is a change of the screen that the key did not make."""
        before = toasts(app.capture())
        try:
            r = app.press(key, quiet=quiet or self.args.key_quiet, timeout=self.args.key_timeout)
            settled: float | str = "timeout" if r.settled_s is None else r.settled_s
        except (AppTimeout, TmuxError):
            settled = "timeout"
        if name is None:
            return
        if toasts(app.capture()) < before:
            self.add("discarded", name)
        else:
            self.add(name, settled)

    def keys(self, app: App, sets: tuple[tuple[str, str], ...], prefix: str) -> int:
        """Each set cycled for --presses presses; settled times in raw[prefix + keys]."""
        n = 0
        for pair in sets:
            name = f"{prefix} {'/'.join(pair)}"
            count = min(self.args.presses, MOVE_PRESSES) if ">" in pair else self.args.presses
            for i in range(count):
                self.press(app, pair[i % 2], name)
                n += 1
        return n

    def top_up(self, app: App, sets: tuple[tuple[str, str], ...], done: int) -> None:
        """More of the same keys, unmeasured, until KANBAN_SESSION presses were sent."""
        flat = [k for pair in sets for k in pair]
        for i in range(max(0, KANBAN_SESSION - done)):
            app.send_keys(flat[i % len(flat)])
            time.sleep(0.05)
        with contextlib.suppress(AppTimeout):
            app.wait_settle(quiet=self.args.key_quiet, timeout=self.args.timeout)

    def finish(self, app: App, out: dict, key: str, cpu0: float | None = None) -> None:
        mem = app.memory()
        log(f"    {key}: {time.perf_counter() - app.t0:.1f} s")
        out["hwm_end_mb"] = mem["sum_hwm_kb"] / 1024
        if cpu0 is not None:
            out["session_cpu_s"] = mem["cpu_s"] - cpu0
        app.kill()
        self.add(key, out)

    def round(self, db: Path) -> None:
        """One round: each reference, then the mstui figure it is the yardstick of."""
        a = self.args
        for what in ("bare", "dashboard", "floor"):
            app, out = self.start(what, db, READY.get(what))
            self.finish(app, out, what)
        for what, prefix in (("kanban", "kanban"), ("datatable", "datatable")):
            app, out = self.start(what, db, READY[what])
            cpu0 = app.memory()["cpu_s"]
            if out["ready_s"] != "timeout":
                self.top_up(app, KANBAN_KEYS, self.keys(app, KANBAN_KEYS, prefix))
            self.finish(app, out, what, cpu0)
        app, out = self.start("floor", db, READY["floor"])
        self.finish(app, out, "floor")
        app, out = self.start("timeline", db, READY["timeline"])
        if out["ready_s"] != "timeout":
            self.keys(app, TIMELINE_KEYS, "timeline")
            for key in SWITCH_KEYS:
                self.press(app, key, f"switch {key}", max(a.key_quiet, 0.5))
        self.finish(app, out, "timeline")
        # The same first visits as a person makes them: after reading a screen for a
        # moment (the app prepares the screens not shown yet while nobody types).
        app, out = self.start("timeline", db, READY["timeline"])
        if out["ready_s"] != "timeout":
            time.sleep(PAUSE_FIRST)  # the start's "You have N unread alerts" toast goes
            for key in SWITCH_KEYS:
                self.press(app, key, f"paused switch {key}", max(a.key_quiet, 0.5))
                time.sleep(PAUSE)
        self.finish(app, out, "paused")
        for what in ("targets", "alerts"):
            app, out = self.start("bare", db, READY["bare"])
            self.finish(app, out, "bare")
            app, out = self.start(what, db, None)
            self.finish(app, out, what)

    def use(self, db: Path) -> None:
        """Every screen visited, then keys on each in turn for --use-seconds; peak memory."""
        app, out = self.start("dashboard", db, READY["dashboard"])
        for key in SWITCH_KEYS:
            self.press(app, key, None, 0.5)
        end, presses = time.perf_counter() + self.args.use_seconds, 0
        while time.perf_counter() < end:
            app.send_keys("23145"[(presses // 9) % 5])
            with contextlib.suppress(AppTimeout):
                app.wait_settle(quiet=0.3, timeout=self.args.timeout)
            for key in ("j", "j", "k", "l", "h", "j", "k", "k"):
                app.send_keys(key)
                time.sleep(0.05)
            presses += 9
        out["presses"] = presses
        self.finish(app, out, "use")

    def idle(self, db: Path) -> None:
        """mstui on the dashboard and the bare app side by side, untouched: CPU % of a core."""
        started = [self.start(w, db, READY[w]) for w in ("dashboard", "bare")]
        cpu0 = [app.memory()["cpu_s"] for app, _ in started]
        t0 = time.perf_counter()
        time.sleep(self.args.idle_seconds)
        took = time.perf_counter() - t0
        for (app, out), c0, what in zip(started, cpu0, ("idle", "idle_bare"), strict=True):
            out["cpu_pct"] = 100 * (app.memory()["cpu_s"] - c0) / took
            self.finish(app, out, what)

    def scan_keys(self, fresh: Path) -> None:
        """Kanban j/k while the app's own first alert scan runs (a fresh copy: all to raise)."""
        app, out = self.start("kanban", fresh, READY["kanban"])
        out["during"] = out["after"] = 0
        if out["ready_s"] != "timeout":
            for i in range(2 * self.args.presses):
                when = "after" if scan_done(fresh) else "during"
                out[when] += 1
                self.press(app, "jk"[i % 2], f"scan kanban j/k {when}")
        out["keys_until_s"] = time.perf_counter() - app.t0
        out["scan_done"] = scan_done(fresh)
        self.finish(app, out, "scan_kanban")


def toasts(screen: str) -> int:
    return sum(screen.count(t) for t in TOASTS)


def scan_done(db: Path) -> bool:
    """Whether the first alert scan of `db` has finished (it writes its watermark row)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM alertscan").fetchone()[0] > 0
        finally:
            con.close()
    except sqlite3.Error:
        return False


@contextlib.contextmanager
def server(socket: str) -> Iterator[Tmux]:
    """A started tmux server (a server just killed on the same socket can refuse once)."""
    for attempt in range(5):
        try:
            tm = Tmux(socket=socket).start()
            break
        except TmuxError:
            if attempt == 4:
                raise
            time.sleep(0.5 + attempt)
    try:
        yield tm
    finally:
        tm.stop()


def copy_db(src: Path, dst: Path) -> None:
    for old in dst.parent.glob(dst.name + "*"):
        old.unlink()
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def wall(cmd: list[str] | str, env: dict[str, str], timeout: float) -> float | str:
    t0 = time.perf_counter()
    try:
        subprocess.run(
            cmd,
            env=env,
            shell=isinstance(cmd, str),
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    except subprocess.CalledProcessError as exc:
        return f"failed ({exc.returncode})"
    return time.perf_counter() - t0


def processes(b: Bench, master: Path, env: dict[str, str], work: Path) -> None:
    """Cold scans of fresh copies, `milestone list --json` and `sqlite3 -json`, interleaved."""
    a = b.args
    ui = work / "ui.db"
    for r in range(a.runs):
        log(f"  processes {r + 1}/{a.runs}: sqlite3 -json, milestone list --json, cold scan")
        query = f'/usr/bin/sqlite3 -json {ui} "{LIST_SQL}" > /dev/null'
        b.add("sqlite_json_s", wall(query, env, a.timeout))
        b.add(
            "list_json_s",
            wall(f"{PY} -m mstui --db {ui} milestone list --json > /dev/null", env, a.timeout),
        )
        if r >= COLD_SCANS:
            continue
        fresh = work / "cold.db"
        copy_db(master, fresh)
        try:
            done = subprocess.run(
                [PY, "-c", SCAN_ONCE, str(fresh)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                timeout=a.timeout,
            )
            b.add("cold_scan_s", json.loads(done.stdout.strip().splitlines()[-1])["s"])
        except subprocess.TimeoutExpired:
            b.add("cold_scan_s", "timeout")
        except (subprocess.CalledProcessError, ValueError, KeyError) as exc:
            b.add("cold_scan_s", f"failed: {str(exc)[:80]}")


def measure_size(n: int, args: argparse.Namespace, keep: Path, env: dict[str, str]) -> dict:
    master = keep / f"mstui-{n}.db"
    mstui = [PY, "-m", "mstui", "--db"]
    if not master.exists():
        log(f"building {master} (demo --size {n:,})")
        subprocess.run(
            [*mstui, str(master), "demo", "--size", str(n)],
            env=env,
            check=True,
            capture_output=True,
        )
    else:
        log(f"reusing {master}")
    work = Path(tempfile.mkdtemp(prefix=f"mstui-bench-{n}-"))
    ui, fresh = work / "ui.db", work / "fresh.db"
    checked = keep / f"mstui-{n}-checked.db"  # its alerts raised: what the screens open
    if not checked.exists():
        log(f"{n:,}: first alert scan of the screens' copy (mstui check)")
        copy_db(master, work / "checking.db")
        subprocess.run(
            [*mstui, str(work / "checking.db"), "check"], env=env, check=True, capture_output=True
        )
        copy_db(work / "checking.db", checked)
    copy_db(checked, ui)
    socket = f"mstui-bench-{os.getpid()}"
    b = Bench(args, env)
    steps: list[tuple[str, Callable[[], None]]] = [
        (f"round {r + 1}/{args.runs}", lambda: b.round(ui)) for r in range(args.runs)
    ]
    steps += [
        (f"every screen, then keys for {args.use_seconds:.0f} s", lambda: b.use(ui)),
        (f"idle for {args.idle_seconds:.0f} s", lambda: b.idle(ui)),
        ("Kanban keys during the first scan", lambda: (copy_db(master, fresh), b.scan_keys(fresh))),
    ]
    try:
        for label, step in steps:
            log(f"{n:,}: {label}")
            try:
                with server(socket) as tm:
                    b.tm = tm
                    step()
            except (TmuxError, AppTimeout, OSError) as exc:  # recorded, and on to the next
                log(f"{n:,}: {label} failed: {exc!r}")
                b.add("errors", f"{label}: {exc!r}"[:300])
        processes(b, master, env, work)
    finally:
        Tmux(socket=socket).stop()
        shutil.rmtree(work, ignore_errors=True)
    return b.raw


def machine() -> dict[str, Any]:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        "?",
    )
    mem = Path("/proc/meminfo").read_text().split()[1]
    import textual

    try:
        from importlib.metadata import version

        textual_version = version("textual")
    except Exception:
        textual_version = getattr(textual, "__version__", "?")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(int(mem) / 1024 / 1024, 1),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "textual": textual_version,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--keep", type=Path, help="build the databases in DIR, reuse them, keep them")
    p.add_argument("--idle-seconds", type=float, default=60)
    p.add_argument("--use-seconds", type=float, default=60, help="the minute of key pressing")
    p.add_argument("--presses", type=int, default=6, help="measured presses per key pair")
    p.add_argument("--key-quiet", type=float, default=0.3, help="s of quiet = settled")
    p.add_argument("--key-timeout", type=float, default=5.0)
    p.add_argument("--timeout", type=float, default=120.0, help="s to wait for a screen")
    p.add_argument("--width", type=int, default=200)
    p.add_argument("--height", type=int, default=50)
    p.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = p.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    keep = args.keep or Path(tempfile.mkdtemp(prefix="mstui-bench-dbs-"))
    keep.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="mstui-bench-home-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSTUI_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    meta: dict[str, Any] = {
        "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "load_before": os.getloadavg(),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "terminal": f"tmux {args.width}x{args.height}",
    }
    started = time.perf_counter()
    results: dict[str, Any] = {}
    try:
        for n in sizes:
            results[str(n)] = measure_size(n, args, keep, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(keep, ignore_errors=True)
    meta["load_after"] = os.getloadavg()
    meta["minutes"] = round((time.perf_counter() - started) / 60, 1)
    data = {"meta": meta, "sizes": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    (args.out.parent / "results.json").write_text(json.dumps(data, indent=1) + "\n")
    section = run_report.render(data)
    run_report.splice(args.out, section)
    print(section)
    log(f"done in {meta['minutes']} min: {args.out}, {args.out.parent / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
