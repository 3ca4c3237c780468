"""`mstui timeline`: the Timeline from the shell.

The same store calls as the screen: the plan with projected dates, slack and
the critical path. Moving items on it is `mstui milestone shift` and `mstui
task shift` (with the milestone and task commands).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from mstui.cli.args import Commands, add, as_of_moment, json_flag
from mstui.cli.context import open_store
from mstui.cli.output import plan_rows, print_json, table
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.views.timeline import ProjectPlan


def cmd_timeline(args: argparse.Namespace) -> int:
    if args.as_of is not None:
        if not args.project:
            raise Invalid("as-of", args.as_of, "give the --project whose plan to rebuild")
        return cmd_timeline_as_of(args)
    store = open_store(args)
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


def _plan_json(plan: ProjectPlan) -> dict[str, object]:
    def iso(d: date | None) -> str | None:
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


def cmd_timeline_as_of(args: argparse.Namespace) -> int:
    """`mstui timeline --project KEY --as-of DATE`: the plan as it stood then."""
    store = open_store(args)
    b = store.plan_as_of(args.project, as_of_moment(store, args.project, args.as_of))
    if args.json:
        print_json(b.to_json())
        return 0
    print(f"{b.project} {b.name} (rebuilt from the history)")
    print(plan_rows(b))
    return 0


def register(sub: Commands) -> None:
    """`mstui timeline`."""
    p = add(sub, "timeline", cmd_timeline, "the plan: dates, projected dates, slack, critical path")
    p.add_argument("--project", metavar="KEY")
    p.add_argument("--as-of", metavar="DATE", help="the plan as it stood on DATE (with --project)")
    json_flag(p)
