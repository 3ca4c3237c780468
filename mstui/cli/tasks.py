"""`mstui task …`: tasks, with their dates, assignee and hours; shifting them on the plan."""

from __future__ import annotations

import argparse
from typing import Any

from mstui.cli.args import Commands, add, day, days, ident, json_flag, noun, number, positive
from mstui.cli.context import open_store
from mstui.cli.output import out, plural, print_json, print_shifted, table
from mstui.errors import Invalid


def cmd_task_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    tz = store.project(args.project).timezone
    start = day(store, args.start, "start", tz)
    end = day(store, args.end, "end", tz)
    assert start is not None and end is not None
    t = store.add_task(
        args.project,
        args.title,
        start,
        end,
        milestone_id=args.milestone,
        assignee=args.assignee,
        estimate_hours=args.estimate,
    )
    print(f"added task {t.id}: {t.title} ({t.start}..{t.end})")
    return 0


def cmd_task_list(args: argparse.Namespace) -> int:
    tasks = open_store(args).list_tasks(milestone_id=args.milestone, project=args.project)
    if args.json:
        print_json([t.to_json() for t in tasks])
    else:
        rows = [
            (t.id, t.project, t.milestone_id or "", t.start, t.end, t.status, t.assignee, t.title)
            for t in tasks
        ]
        print(table(["ID", "PROJ", "MS", "START", "END", "STATUS", "ASSIGNEE", "TITLE"], rows))
    return 0


def cmd_task_done(args: argparse.Namespace) -> int:
    t = open_store(args).complete_task(args.id)
    print(f"finished task {t.id}: {t.title}")
    return 0


def cmd_task_edit(args: argparse.Namespace) -> int:
    store = open_store(args)
    task = store.task(args.id)
    tz = store.project(task.project).timezone
    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            changes[name] = day(store, getattr(args, name), name, tz)
    if args.assignee is not None:
        changes["assignee"] = args.assignee or None
    if args.estimate is not None:
        changes["estimate_hours"] = args.estimate
    if args.actual is not None:
        changes["actual_hours"] = args.actual
    if args.status is not None:
        changes["status"] = args.status
    if args.milestone is not None:
        changes["milestone_id"] = args.milestone
    if not changes:
        raise Invalid("edit", args.id, "nothing to change (see mstui task edit --help)")
    t = store.edit_task(args.id, None, **changes)  # the fields given, on the task as it is
    print(f"edited task {t.id}: {t.title} ({t.start}..{t.end}, {t.status})")
    return 0


def cmd_task_shift(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.length:
        result = store.resize_task(args.id, args.days, args.version)
    else:
        result = store.shift_task(args.id, args.days, args.version, args.reason)
    print_shifted(result, args.json)
    return 0


def cmd_task_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
    t = store.task(args.id)
    if not args.yes:
        raise Invalid("delete", args.id, f'repeat with --yes to delete task "{t.title}"')
    removed = store.delete_task(t.id, t.version)
    extra = f" and {plural(removed, 'booking')}" if removed else ""
    out(f"deleted task {t.id}: {t.title}{extra}")
    return 0


def cmd_task_unlink(args: argparse.Namespace) -> int:
    store = open_store(args)
    before = store.task(args.id)
    if before.milestone_id is None:
        out(f"task {before.id} is not linked to a milestone: nothing to change")
        return 0
    if not args.yes:
        raise Invalid(
            "unlink", args.id, f'repeat with --yes to take "{before.title}" off its milestone'
        )
    t = store.unlink_task(before.id, before.version)
    out(f"task {t.id}: {t.title} no longer leads to milestone {before.milestone_id}")
    return 0


def register(sub: Commands) -> None:
    """`mstui task add|list|done|edit|shift|delete|unlink`."""
    task = noun(sub, "task", "tasks")
    p = add(task, "add", cmd_task_add, "add a task")
    p.add_argument("project")
    p.add_argument("title")
    p.add_argument("--start", required=True, metavar="DATE")
    p.add_argument("--end", required=True, metavar="DATE")
    p.add_argument("--milestone", type=ident, metavar="ID")
    p.add_argument("--assignee", metavar="LOGIN")
    p.add_argument("--estimate", type=number("estimate"), metavar="HOURS")
    p = add(task, "list", cmd_task_list, "list tasks")
    p.add_argument("--project", metavar="KEY")
    p.add_argument("--milestone", type=ident, metavar="ID")
    json_flag(p)
    p = add(task, "done", cmd_task_done, "mark a task done")
    p.add_argument("id", type=ident)
    p = add(task, "edit", cmd_task_edit, "change a task")
    p.add_argument("id", type=ident)
    p.add_argument("--title")
    p.add_argument("--start", metavar="DATE")
    p.add_argument("--end", metavar="DATE")
    p.add_argument("--assignee", metavar="LOGIN", help="empty to unassign")
    p.add_argument("--estimate", type=number("estimate"), metavar="HOURS")
    p.add_argument("--actual", type=number("actual"), metavar="HOURS")
    p.add_argument("--status", help="todo, in_progress or done")
    p.add_argument("--milestone", type=ident, metavar="ID")
    p = add(task, "shift", cmd_task_shift, "move a task by DAYS, or --length to lengthen it")
    p.add_argument("id", type=ident)
    p.add_argument("days", type=days, metavar="DAYS", help="+7, -3, 2w …")
    p.add_argument("--length", action="store_true", help="change its end only (negative: shorter)")
    p.add_argument("--reason", help="why, should its milestone's date move later (a slip)")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(task, "delete", cmd_task_delete, "delete a task (and its bookings)")
    p.add_argument("id", type=positive("task"))
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(task, "unlink", cmd_task_unlink, "take a task off its milestone (it stays)")
    p.add_argument("id", type=positive("task"))
    p.add_argument("--yes", action="store_true", help="confirm")
