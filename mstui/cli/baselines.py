"""`mstui baseline …` and `mstui report variance`: the plan as it was agreed, and how
today's plan and what happened differ from it."""

from __future__ import annotations

import argparse

from mstui.cli.args import Commands, add, as_of_moment, json_flag, noun
from mstui.cli.context import open_store
from mstui.cli.output import plan_rows, plural, print_json, table
from mstui.domain.numbers import amount


def cmd_baseline_save(args: argparse.Namespace) -> int:
    b = open_store(args).save_baseline(args.project, args.name)
    if args.json:
        print_json(b.to_json(items=False))
        return 0
    print(
        f"saved baseline {b.name!r} of {b.project}: "
        f"{plural(b.milestones, 'milestone')}, {plural(b.tasks, 'task')}"
    )
    return 0


def cmd_baseline_list(args: argparse.Namespace) -> int:
    found = open_store(args).baselines(args.project)
    if args.json:
        print_json([b.to_json() for b in found])
        return 0
    if not found:
        print(f"no baselines yet (save one: mstui baseline save {args.project.upper()})")
        return 0
    rows = [(b.name, f"{b.at:%Y-%m-%d %H:%M}", b.by or "", b.milestones, b.tasks) for b in found]
    print(table(["NAME", "SAVED (UTC)", "BY", "MILESTONES", "TASKS"], rows))
    return 0


def cmd_baseline_show(args: argparse.Namespace) -> int:
    b = open_store(args).baseline(args.project, args.name)
    if args.json:
        print_json(b.to_json())
        return 0
    print(f"baseline {b.name!r} of {b.project}, saved {b.at:%Y-%m-%d %H:%M} UTC by {b.by or '?'}")
    print(plan_rows(b))
    return 0


def cmd_baseline_delete(args: argparse.Namespace) -> int:
    gone = open_store(args).delete_baseline(args.project, args.name)
    print(f"deleted baseline {gone!r} of {args.project.strip().upper()}")
    return 0


def _money(v: float | None) -> str:
    return amount(v) if v is not None else "-"


def cmd_report_variance(args: argparse.Namespace) -> int:
    from mstui.domain.baselines import days_label

    store = open_store(args)
    moment = as_of_moment(store, args.project, args.as_of) if args.as_of else None
    base, report = store.variance(args.project, args.baseline, moment)
    found = [p.id for p in store.timeline_projects() if p.key == base.project]
    projected = store.timeline_plan(found[0]).projected_end if found else None
    totals = report.totals()
    totals["projected_end"] = projected.isoformat() if projected else None
    if args.json:
        print_json(
            {
                "baseline": base.to_json(items=False),
                "milestones": [r.to_json() for r in report.rows],
                "totals": totals,
            }
        )
        return 0
    against = f"baseline {base.name!r}" if base.saved else f"the plan {base.name}"
    print(f"{base.project} against {against}")
    rows = [
        (
            r.id, r.baseline_due or "(added)", r.due or "(deleted)", r.done or "",
            days_label(r.days), days_label(r.finish_days),
            "/".join(_money(v) for v in r.cost), "/".join(_money(v) for v in r.effort), r.title,
        )
        for r in report.rows
    ]  # fmt: skip
    headers = ["ID", "BASELINE", "DUE", "DONE", "MOVED", "FINISHED"]
    print(table([*headers, "COST B/NOW/ACT", "EFFORT B/NOW/ACT", "TITLE"], rows))
    t = totals
    later = f"{t['later']} later by {t['days_later']}d in all, {t['earlier']} earlier"
    end = f"end {t['baseline_end']} → {t['end']} ({days_label(t['end_days'])})"
    if projected is not None and t["end"] and projected.isoformat() > t["end"]:
        end += f", projected {projected.isoformat()} (the plan slips)"
    print(f"{plural(t['milestones'], 'milestone')}: {later}; {t['added']} added, "
          f"{t['deleted']} deleted; {end}")  # fmt: skip
    for what, unit in (("cost", ""), ("effort", " h")):
        v = t[what]
        print(f"{what} {_money(v['baseline'])} → {_money(v['now'])}{unit} "
              f"(actual {_money(v['actual'])}{unit})")  # fmt: skip
    return 0


def register(sub: Commands) -> None:
    """`mstui baseline save|list|show|delete` and `mstui report variance`."""
    b = noun(sub, "baseline", "saved plans of a project, to compare today's plan with")
    p = add(b, "save", cmd_baseline_save, "keep the project's plan as it is now")
    p.add_argument("project", help="project key")
    p.add_argument("name", nargs="?", help="default: today's date")
    json_flag(p)
    p = add(b, "list", cmd_baseline_list, "the project's baselines, newest first")
    p.add_argument("project", help="project key")
    json_flag(p)
    p = add(b, "show", cmd_baseline_show, "a baseline's dates and estimates")
    p.add_argument("project", help="project key")
    p.add_argument("name", nargs="?", help="default: the newest")
    json_flag(p)
    p = add(b, "delete", cmd_baseline_delete, "delete a baseline (the project's lead)")
    p.add_argument("project", help="project key")
    p.add_argument("name")
    r = noun(sub, "report", "reports")
    p = add(r, "variance", cmd_report_variance,
            "each milestone against a baseline: dates, completion, cost and effort")  # fmt: skip
    p.add_argument("project", help="project key")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--baseline", metavar="NAME", help="default: the newest baseline")
    which.add_argument("--as-of", metavar="DATE", help="the plan as it stood on DATE instead")
    json_flag(p)
