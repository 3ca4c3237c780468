"""`mstui timeline`, `mstui milestone shift`, `mstui task shift`: the Timeline from the shell.

The same store calls as the screen: the plan with projected dates, slack and
the critical path; moves that keep the dependency rule (a refusal names the
blocking milestone, exits with status 2 and writes nothing).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from mstui.domain.text import clean
from mstui.errors import Invalid
from mstui.output import print_json, table

_DAYS = re.compile(r"([+-]?)(\d{1,4})\s*(d|day|days|w|wk|week|weeks)?")


def days(text: str) -> int:
    """`+7`, `-3`, `2w`, `-1d`: a number of days, not zero."""
    m = _DAYS.fullmatch(text.strip().lower())
    if m is None:
        raise Invalid("days", text, "use a number of days or weeks such as +7, -3, 2w")
    n = int(m[2]) * (7 if (m[3] or "d").startswith("w") else 1)
    n = -n if m[1] == "-" else n
    if n == 0:
        raise Invalid("days", text, "move by at least one day")
    return n


def _store(args: argparse.Namespace) -> Any:
    from mstui.commands import _store as open_it

    return open_it(args)


def _moved(result: Any, as_json: bool) -> None:
    if as_json:
        print_json(result.to_json())
        return
    what = "milestone" if result.kind == "m" else "task"
    span = result.new_start.isoformat()
    if result.new_end != result.new_start:
        span += f"..{result.new_end.isoformat()}"
    extra = f" (with its {result.moved - 1} tasks)" if result.moved > 1 else ""
    print(clean(f"moved {what} {result.id} {result.title}{extra}: {span}"))


def cmd_milestone_shift(args: argparse.Namespace) -> int:
    result = _store(args).shift_milestone(args.id, args.days, args.version)
    _moved(result, args.json)
    return 0


def cmd_task_shift(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.length:
        result = store.resize_task(args.id, args.days, args.version)
    else:
        result = store.shift_task(args.id, args.days, args.version)
    _moved(result, args.json)
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    store = _store(args)
    projects = store.timeline_projects()
    if args.project:
        projects = [p for p in projects if p.key == args.project.strip().upper()]
        if not projects:
            raise Invalid("project", args.project, "no such open project")
    plans = [store.timeline_plan(p.id) for p in projects]
    if args.json:
        print_json([_plan_json(plan) for plan in plans])
        return 0
    rows = []
    for plan in plans:
        for r in plan.rows:
            if r.kind == "g":
                continue
            slack = "" if r.slack is None else f"{r.slack}d"
            projected = r.projected_end if r.projected_end and r.projected_end != r.end else ""
            rows.append(
                (plan.project.key, "M" if r.kind == "m" else "  T", r.id, r.start, r.end,
                 projected, slack, "*" if r.critical else "", r.health.symbol, r.who, r.title)
            )  # fmt: skip
    headers = ["PROJ", "KIND", "ID", "START", "END", "PROJECTED", "SLACK", "CRIT", "H", "WHO"]
    print(table([*headers, "TITLE"], rows))
    return 0


def _plan_json(plan: Any) -> dict[str, Any]:
    def iso(d: Any) -> str | None:
        return d.isoformat() if d is not None else None

    return {
        "project": plan.project.key,
        "planned_end": iso(plan.planned_end),
        "projected_end": iso(plan.projected_end),
        "critical_path": [{"kind": k, "id": i} for k, i in plan.path],
        "items": [
            {
                "kind": "milestone" if r.kind == "m" else "task",
                "id": r.id,
                "title": r.title,
                "who": r.who or None,
                "start": iso(r.start),
                "end": iso(r.end),
                "projected_start": iso(r.projected_start),
                "projected_end": iso(r.projected_end),
                "slack": r.slack,
                "critical": r.critical,
                "health": r.health.value,
                "milestone_id": r.milestone_id,
                "depends_on": list(plan.preds.get(r.id, ())) if r.kind == "m" else [],
            }
            for r in plan.rows
            if r.kind != "g"
        ],
    }


def register_timeline(
    sub: Any,
    milestones: Any,
    tasks: Any,
    add: Callable[..., Any],
    json_flag: Callable[[Any], None],
    ident: Callable[[str], int],
) -> None:
    """`mstui timeline`, and `shift` under `mstui milestone` and `mstui task`."""
    p = add(sub, "timeline", cmd_timeline, "the plan: dates, projected dates, slack, critical path")
    p.add_argument("--project", metavar="KEY")
    json_flag(p)
    p = add(
        milestones, "shift", cmd_milestone_shift,
        "move a milestone by DAYS (refused before a milestone it depends on)",
    )  # fmt: skip
    p.add_argument("id", type=ident)
    p.add_argument("days", type=days, metavar="DAYS", help="+7, -3, 2w …")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(tasks, "shift", cmd_task_shift, "move a task by DAYS, or --length to lengthen it")
    p.add_argument("id", type=ident)
    p.add_argument("days", type=days, metavar="DAYS", help="+7, -3, 2w …")
    p.add_argument("--length", action="store_true", help="change its end only (negative: shorter)")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
