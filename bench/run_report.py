"""The tables of bench/run.py: raw figures (results.json) to Markdown, goal by goal.

    python bench/run_report.py bench/results.json [--out bench/RESULTS.md]

re-renders a saved run (prints it; with --out, replaces the section in that file too).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- bench/run.py: begin -->", "<!-- bench/run.py: end -->"
SCREENS = ("dashboard", "kanban", "timeline", "targets", "alerts")
KEY_ROWS = (
    ("kanban j/k", "Kanban `j`/`k`"),
    ("kanban l/h", "Kanban `l`/`h` (column change)"),
    ("kanban >/u", "Kanban card move `>` then undo `u`"),
    ("kanban NPage/PPage", "Kanban PageDown/PageUp"),
    ("timeline j/k", "Timeline `j`/`k`"),
    ("timeline h/l", "Timeline `h`/`l` scroll"),
    ("timeline +/-", "Timeline `+`/`-` zoom"),
)
Row = tuple[str, str, str, str, "float | None", str, "bool | None"]


def nums(xs: list[Any] | None) -> tuple[list[float], int]:
    """The numbers of a list of figures, and how many were not numbers (timeouts)."""
    xs = xs or []
    good = [float(x) for x in xs if isinstance(x, int | float) and not isinstance(x, bool)]
    return good, len(xs) - len(good)


def field(raw: dict, what: str, key: str) -> list[Any]:
    return [r.get(key) for r in raw.get(what, [])]


def med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def p95(xs: list[float]) -> float | None:
    if len(xs) < 2:
        return xs[0] if xs else None
    return statistics.quantiles(xs, n=20, method="inclusive")[18]


def sec(v: float | None, bad: int = 0) -> str:
    return _bad(f"{v:.2f} s" if v is not None else "-", bad)


def ms(v: float | None) -> str:
    return f"{v * 1000:,.0f}" if v is not None else "-"


def _bad(text: str, bad: int) -> str:
    return f"{text} ({bad} timeout)" if bad else text


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def rows_for(n: int, raw: dict) -> list[Row]:
    rows: list[Row] = []

    def startup(label: str, what: str, key: str, ref: str, rkey: str, goal: float) -> None:
        m, bad = nums(field(raw, what, key))
        r, rbad = nums(field(raw, ref, rkey))
        x = ratio(med(m), med(r))
        met = None if x is None else (x <= goal and not bad)
        rows.append(
            (label, _ref_name(ref), sec(med(r), rbad), sec(med(m), bad), x, f"≤ {goal}×", met)
        )

    for s in SCREENS:
        startup(f"first frame, `--screen {s}`", s, "first_frame_s", "bare", "first_frame_s", 1.3)
    startup("dashboard with data", "dashboard", "ready_s", "floor", "ready_s", 1.5)
    startup("Kanban filled", "kanban", "ready_s", "floor", "ready_s", 1.5)
    startup("Timeline filled", "timeline", "ready_s", "floor", "ready_s", 1.5)

    ref, rbad = nums(raw.get("datatable j/k"))
    ref_text = _bad(f"{ms(med(ref))} / {ms(p95(ref))} ms", rbad)
    during = ("scan kanban j/k during", "Kanban `j`/`k` while the first scan runs")
    for key, label in (*KEY_ROWS, during):
        xs, bad = nums(raw.get(key))
        a, b = med(xs), p95(xs)
        met = None if a is None or b is None else (a <= 0.016 and b <= 0.033 and not bad)
        rows.append(
            (
                f"{label} p50 / p95",
                "DataTable `j`/`k`",
                ref_text,
                _bad(f"{ms(a)} / {ms(b)} ms", bad),
                ratio(a, med(ref)),
                "p50 ≤ 16, p95 ≤ 33 ms",
                met,
            )
        )
    for prefix, label in (
        ("switch", "screen switch `1`…`5` p50 range / worst p95"),
        ("paused switch", "screen switch after a pause on each screen, p50 range / worst p95"),
    ):
        per = [nums(raw.get(f"{prefix} {k}")) for k in "12345"]
        p50s = [v for v in (med(xs) for xs, _ in per) if v is not None]
        worst = max((v for v in (p95(xs) for xs, _ in per) if v is not None), default=None)
        bad = sum(b for _, b in per)
        if p50s:
            text = _bad(f"{ms(min(p50s))}–{ms(max(p50s))} / {ms(worst)} ms", bad)
            met = worst is not None and worst <= 0.100 and not bad
            rows.append(
                (
                    label,
                    "DataTable `j`/`k`",
                    ref_text,
                    text,
                    ratio(worst, p95(ref)),
                    "p95 ≤ 100 ms",
                    met,
                )
            )

    def mb(what: str, key: str) -> float | None:
        return med(nums(field(raw, what, key))[0])

    floor, dt = mb("floor", "hwm_mb"), mb("datatable", "hwm_end_mb")
    start = mb("dashboard", "hwm_mb")
    rows.append(
        (
            "peak memory after start (dashboard)",
            "stack floor",
            _mb(floor),
            _mb(start),
            ratio(start, floor),
            "-",
            None,
        )
    )
    used, limit = mb("use", "hwm_end_mb"), 100 if n <= 10_000 else 120
    presses = (raw.get("use") or [{}])[0].get("presses", 0)
    rows.append(
        (
            "peak memory after every screen, then keys on each",
            "DataTable floor",
            f"{_mb(dt)} (stack floor {_mb(floor)})",
            f"{_mb(used)} ({presses} keys)",
            ratio(used, dt),
            f"≤ {limit} MB",
            None if used is None else used <= limit,
        )
    )
    kanban = mb("kanban", "hwm_end_mb")
    rows.append(
        (
            "peak memory, Kanban after 80 key presses",
            "DataTable floor",
            _mb(dt),
            _mb(kanban),
            ratio(kanban, dt),
            "-",
            None,
        )
    )
    cpu, rcpu = mb("kanban", "session_cpu_s"), mb("datatable", "session_cpu_s")
    rows.append(
        (
            "CPU seconds over the Kanban key session",
            "DataTable floor, same keys",
            _f(rcpu, " s"),
            _f(cpu, " s"),
            ratio(cpu, rcpu),
            "-",
            None,
        )
    )
    idle, ridle = mb("idle", "cpu_pct"), mb("idle_bare", "cpu_pct")
    rows.append(
        (
            "idle CPU, % of one core (dashboard, untouched)",
            "bare Textual",
            _f(ridle, " %"),
            _f(idle, " %"),
            ratio(idle, ridle),
            "< 1 %",
            None if idle is None else idle < 1,
        )
    )
    scan, bad = nums(raw.get("cold_scan_s"))
    rows.append(
        (
            "first (cold) alert scan, fresh copy",
            "-",
            "-",
            sec(med(scan), bad),
            None,
            "≤ 3 s",
            None if med(scan) is None else med(scan) <= 3 and not bad,
        )
    )
    lst, bad = nums(raw.get("list_json_s"))
    sq, sbad = nums(raw.get("sqlite_json_s"))
    x = ratio(med(lst), med(sq))
    rows.append(
        (
            "`mstui milestone list --json`",
            "`sqlite3 -json` SELECT",
            sec(med(sq), sbad),
            sec(med(lst), bad),
            x,
            "≤ 3×",
            None if x is None else x <= 3 and not bad,
        )
    )
    return rows


def _ref_name(ref: str) -> str:
    return {"bare": "bare Textual", "floor": "stack floor"}.get(ref, ref)


def _mb(v: float | None) -> str:
    return f"{v:.0f} MB" if v is not None else "-"


def _f(v: float | None, unit: str) -> str:
    return f"{v:.2f}{unit}" if v is not None else "-"


def table(rows: list[Row]) -> list[str]:
    out = [
        "| figure | reference | ref. | mstui | ratio | goal | |",
        "|---|---|--:|--:|--:|---|---|",
    ]
    for label, rname, rv, mv, x, goal, met in rows:
        verdict = "-" if met is None else ("met" if met else "**not met**")
        xs = f"{x:.1f}×" if x is not None else "-"
        out.append(f"| {label} | {rname} | {rv} | {mv} | {xs} | {goal} | {verdict} |")
    missed = [row for row in rows if row[6] is False]
    if missed:
        out.append("")
    for label, rname, _rv, mv, x, goal, _met in missed:
        xs = f" = {x:.1f}× {rname}" if x is not None else ""
        out.append(f"- not met: {label}: {mv}{xs} (goal {goal})")
    return out


def scaling(by_size: dict[int, list[Row]]) -> list[str]:
    """'100,000 within 10 % of the 10,000 ratios': each ratio at the largest size vs 10,000."""
    big = max(by_size)
    if 10_000 not in by_size or big <= 10_000:
        return []
    out = [
        f"### {big:,} against 10,000 (goal: each ratio within 10 %)",
        "",
        f"| figure | ratio at 10,000 | ratio at {big:,} | change | |",
        "|---|--:|--:|--:|---|",
    ]
    at_big = {row[0]: row[4] for row in by_size[big]}
    for small in by_size[10_000]:
        a, b = small[4], at_big.get(small[0])
        if a is None or b is None:
            continue
        met = b <= a * 1.1
        verdict = "met" if met else "**not met**"
        out.append(f"| {small[0]} | {a:.1f}× | {b:.1f}× | {100 * (b / a - 1):+.0f} % | {verdict} |")
    return out


def render(data: dict) -> str:
    meta, sizes = data["meta"], data["sizes"]
    m = meta["machine"]
    lines = [
        BEGIN,
        "## Issue 18 figures: every measurement beside its reference (bench/run.py)",
        "",
        f"Command: `{meta['command']}` ({meta.get('minutes', '?')} min)  ",
        f"Date: {meta['date']}; terminal: {meta['terminal']}  ",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM; load average"
        f" {_load(meta['load_before'])} before, {_load(meta.get('load_after'))} after  ",
        f"Python {m['python']}, SQLite {m['sqlite']}, Textual {m['textual']}",
        "",
        "Start-ups: medians of the runs (first frame: the first non-blank screen). Keys:"
        " settled time (last screen change before the screen stays quiet), p50 / p95 over"
        " all presses of all runs. Memory: VmHWM of the app's process tree. References ran"
        " interleaved with mstui in the same session; see bench/run.py for what each is.",
    ]
    by_size = {}
    for n_text, raw in sizes.items():
        n = int(n_text)
        by_size[n] = rows_for(n, raw)
        lines += ["", f"### {n:,} milestones ({5 * n:,} tasks, plus the demo stories)", ""]
        lines += table(by_size[n])
        scan = (raw.get("scan_kanban") or [{}])[0]
        if scan:
            done = "had finished" if scan.get("scan_done") else "was still running"
            lines.append(
                f"\nKeys while the first scan runs (a fresh copy, the scan the app starts once"
                f" the store is open): {scan.get('during', 0)} presses while it ran,"
                f" {scan.get('after', 0)} after; it {done} when the presses ended,"
                f" {scan.get('keys_until_s', 0):.1f} s after launch."
            )
        left_out = raw.get("discarded", [])
        if left_out:
            lines.append(
                f"\nPresses left out because a toast went away during them: {len(left_out)}"
                f" ({', '.join(sorted(set(left_out)))})."
            )
        for error in raw.get("errors", []):
            lines.append(f"\nerror (figures of this step missing): {error}")
    extra = scaling(by_size)
    if extra:
        lines += ["", *extra]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _load(v: Any) -> str:
    return " / ".join(f"{x:.2f}" for x in v) if v else "?"


def splice(path: Path, section: str) -> None:
    """Replace the section between the markers in `path` (append it if absent)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: section, old, count=1)
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + section
    path.write_text(new, encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("json", type=Path)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    section = render(json.loads(args.json.read_text()))
    if args.out:
        splice(args.out, section)
    print(section)


if __name__ == "__main__":
    main()
