"""`mstui milestone …`: milestones, their moves, comments, attachments and history."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mstui.cli import comments
from mstui.cli.args import (
    Commands,
    add,
    day,
    days,
    health,
    ident,
    json_flag,
    kpi,
    noun,
    number,
    positive,
    status,
)
from mstui.cli.context import open_store
from mstui.cli.json_stream import print_json_list
from mstui.cli.output import print_json, print_shifted, table
from mstui.domain.numbers import amount
from mstui.errors import Invalid, UsageError

if TYPE_CHECKING:
    from mstui.views.milestones import MilestoneDetail, MilestoneView


def _milestone_rows(ms: Sequence[MilestoneView], now: datetime) -> str:
    from mstui.domain.dates import relative, today_in

    # Relative days count in each milestone's project timezone.
    rows = [
        (
            m.id,
            m.project,
            m.due.isoformat(),
            relative(m.due, today_in(m.timezone, now)) if not m.status.closed else "",
            m.status.label,
            f"{m.health.symbol} {m.health.label}",
            m.owner,
            m.title,
        )
        for m in ms
    ]
    return table(["ID", "PROJ", "DUE", "", "STATUS", "HEALTH", "OWNER", "TITLE"], rows)


def _show_one(m: MilestoneView, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(m.to_json())
    else:
        print(
            f"{verb} milestone {m.id}: {m.title} ({m.project}, due {m.due}, {m.status.label}, "
            f"{m.health.symbol} {m.health.label}, owner {m.owner})"
        )


def cmd_milestone_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    tz = store.project(args.project).timezone
    due = day(store, args.due, "due", tz)
    assert due is not None
    m = store.add_milestone(
        args.project,
        args.title,
        due,
        owner=args.owner,
        description=args.description or "",
        depends_on=args.depends or [],
        kpi=kpi(args.kpi) if args.kpi else None,
        cost_estimate=args.cost,
        effort_estimate=args.effort,
        due_from_tasks=args.from_tasks,
    )
    _show_one(m, args.json, "added")
    return 0


def cmd_milestone_list(args: argparse.Namespace) -> int:
    from mstui.store import MilestoneFilter

    statuses = tuple(status(s) for s in args.status or [])
    wanted = health(args.health) if args.health else None
    store = open_store(args)
    if args.project:
        store.project(args.project)  # an unknown project is an error, not an empty list
    if args.owner and args.owner.strip() not in {p.login for p in store.list_people()}:
        raise Invalid("owner", args.owner, "no such person")
    flt = MilestoneFilter(
        project=args.project,
        owner=args.owner,
        department=args.department,
        statuses=statuses,
        health=wanted,
        text=args.search or "",
    )
    ms = store.list_milestones(flt)
    if args.json:
        print_json_list(m.to_json() for m in ms)
    else:
        print(_milestone_rows(ms, store.now()))
    return 0


def _detail_lines(detail: MilestoneDetail) -> list[str]:
    m = detail.milestone
    lines = [
        f"#{m.id} {m.title}",
        f"  project   {m.project}",
        f"  owner     {m.owner} ({m.owner_name})",
        f"  due       {m.due}{' (from tasks)' if m.due_from_tasks else ''}",
        f"  status    {m.status.label}" + (f": {m.blocked_reason}" if m.blocked_reason else ""),
        f"  health    {m.health.symbol} {m.health.label}"
        + (f" ({'; '.join(m.health_reasons)})" if m.health_reasons else ""),
    ]
    if m.kpi:
        lines.append(
            f"  kpi       {m.kpi.name}: {amount(m.kpi.actual, m.kpi.unit)} of "
            f"{amount(m.kpi.target, m.kpi.unit)}"
        )
    lines.append(f"  cost      {amount(m.cost_actual)} of {amount(m.cost_estimate)} estimated")
    lines.append(f"  effort    {amount(m.effort_actual)} of {amount(m.effort_estimate)} hours")
    if detail.dependencies:
        deps = ", ".join(f"#{d.id} {d.title}" for d in detail.dependencies)
        lines.append(f"  after     {deps}")
    if detail.slips:
        n = len(detail.slips)
        lines.append(f"  slipped   {n} time{'s' if n != 1 else ''}, +{detail.slipped_days}d in all")
    for x in detail.slips:
        why = f": {x.reason}" if x.reason else ""
        lines.append(f"    {x.at:%Y-%m-%d} {x.who or '?'} {x.old} → {x.new} (+{x.days}d){why}")
    if m.description:
        lines += ["", *("  " + line for line in m.description.splitlines())]
    if detail.tasks:
        lines.append("\nTasks")
        for t in detail.tasks:
            mark = "x" if t.status == "done" else " "
            lines.append(f"  [{mark}] #{t.id} {t.title} ({t.start}..{t.end}, {t.assignee or '-'})")
    if detail.comments:
        lines.append("\nComments")
        for c in detail.comments:
            lines.append(f"  #{c.id} {c.created_at:%Y-%m-%d %H:%M} {c.author} ({c.kind}): {c.body}")
    if detail.attachments:
        lines.append("\nFiles")
        for a in detail.attachments:
            mark = "" if a.state == "ok" else f"  [{a.state.upper()}: not served]"
            lines.append(
                f"  #{a.id} {a.name} ({a.size:,} bytes, {a.added_by}, {a.added_at:%Y-%m-%d}){mark}"
            )
    return lines


def cmd_milestone_show(args: argparse.Namespace) -> int:
    from mstui.domain.text import clean

    detail = open_store(args).milestone_detail(args.id)
    if args.json:
        print_json(detail.to_json())
        return 0
    print(clean("\n".join(_detail_lines(detail)), multiline=True))
    return 0


def cmd_milestone_move(args: argparse.Namespace) -> int:
    if args.status is None and args.position is None:
        raise UsageError("milestone move: name a STATUS, a --position, or both")
    store = open_store(args)
    if args.status is not None:
        m = store.move_milestone(args.id, status(args.status), reason=args.reason)
    if args.position is not None:
        place, of = store.place_milestone(args.id, args.position)
        m = store.milestone(args.id)
    _show_one(m, args.json, "moved")
    if args.position is not None and not args.json:
        print(f"  {m.project}'s card {place} of {of} in {m.status.label}")
    return 0


def cmd_milestone_done(args: argparse.Namespace) -> int:
    from mstui.domain.enums import Status

    store = open_store(args)
    before = store.milestone(args.id)
    if before.status is Status.DONE:
        # Nothing to do and nothing written (no activity row, completed_at kept).
        if args.json:
            print_json(before.to_json())
        else:
            print(f"milestone {before.id} is already done: {before.title}")
        return 0
    m = store.complete_milestone(args.id)
    _show_one(m, args.json, "finished")
    still_open = store.open_task_count(m.id)
    if still_open and not args.json:
        print(f"  {still_open} of its tasks still open")
    return 0


_AMOUNTS = (
    ("kpi_actual", "kpi_actual"),
    ("cost", "cost_estimate"),
    ("cost_actual", "cost_actual"),
    ("effort", "effort_estimate"),
    ("effort_actual", "effort_actual"),
)
"""`milestone edit` flags that set a figure, and the field each sets."""


def cmd_milestone_edit(args: argparse.Namespace) -> int:
    store = open_store(args)
    current = store.milestone(args.id)
    changes: dict[str, Any] = {}
    for name in ("title", "description", "owner"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.due is not None:
        changes["due"] = day(store, args.due, "due", current.timezone)
    if args.status is not None:
        changes["status"] = status(args.status)
    slip = None
    if args.reason is not None:
        # One flag, two meanings: why it is blocked, and why its due date moves later.
        blocking = changes.get("status", current.status).value == "blocked"
        if blocking or args.due is None:
            changes["blocked_reason"] = args.reason
        if args.due is not None:
            slip = args.reason
    if args.kpi is not None:
        name, target, unit = kpi(args.kpi)
        changes.update(kpi_name=name, kpi_target=target, kpi_unit=unit)
    if args.no_kpi:
        changes.update(kpi_name="", kpi_target=None, kpi_actual=None, kpi_unit="")
    for flag, key in _AMOUNTS:
        if getattr(args, flag) is not None:
            changes[key] = getattr(args, flag)
    for key in ("kpi_add", "cost_add", "effort_add"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    if args.from_tasks is not None:
        changes["due_from_tasks"] = args.from_tasks
    depends = None
    if args.depends is not None or args.no_depends:
        depends = args.depends or []
    if not changes and depends is None:
        raise Invalid("edit", args.id, "nothing to change (see mstui milestone edit --help)")
    # Without --version the fields given change the row as it is now (the last writer
    # wins on them); with it, a row changed since is a conflict. One call, one
    # transaction: a refused dependency saves none of the fields.
    m = store.edit_milestone(args.id, args.version, depends_on=depends, reason=slip, **changes)
    _show_one(m, args.json, "edited")
    return 0


def cmd_milestone_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
    m = store.milestone(args.id)
    if not args.yes:
        raise Invalid("delete", args.id, f'repeat with --yes to delete "{m.title}"')
    store.delete_milestone(args.id, m.version)
    print(f"deleted milestone {m.id}: {m.title}")
    return 0


def cmd_milestone_shift(args: argparse.Namespace) -> int:
    result = open_store(args).shift_milestone(args.id, args.days, args.version, args.reason)
    print_shifted(result, args.json)
    return 0


def _register_edit(ms: Commands) -> None:
    p = add(ms, "edit", cmd_milestone_edit, "change fields of a milestone")
    p.add_argument("id", type=ident)
    p.add_argument("--title")
    p.add_argument("--description")
    p.add_argument("--owner", metavar="LOGIN")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--status")
    p.add_argument("--reason", help="why it is blocked, or why its --due moves later")
    p.add_argument("--kpi", metavar="NAME:TARGET:UNIT")
    p.add_argument("--no-kpi", action="store_true", help="remove the KPI")
    p.add_argument("--kpi-actual", type=number("kpi actual"), metavar="N")
    p.add_argument("--cost", type=number("cost"), metavar="N")
    p.add_argument("--cost-actual", type=number("cost actual"), metavar="N")
    p.add_argument("--effort", type=number("effort"), metavar="HOURS")
    p.add_argument("--effort-actual", type=number("effort actual"), metavar="HOURS")
    for name, what in (("kpi", "the KPI's actual"), ("cost", "the actual cost"),
                       ("effort", "the actual effort")):  # fmt: skip
        p.add_argument(f"--{name}-add", type=number(f"{name} add"), metavar="N",
                       help=f"add N to {what} (two people adding at once both count)")  # fmt: skip
    p.add_argument(
        "--depends",
        type=ident,
        action="append",
        metavar="ID",
        help="replace its dependencies (repeatable)",
    )
    p.add_argument("--no-depends", action="store_true", help="remove every dependency")
    p.add_argument(
        "--from-tasks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="due date follows its tasks",
    )
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)


def register(sub: Commands) -> None:
    """`mstui milestone …`: the milestone itself, then what is said and done on it."""
    ms = noun(sub, "milestone", "milestones")
    p = add(ms, "add", cmd_milestone_add, "add a milestone")
    p.add_argument("project", help="project key")
    p.add_argument("title")
    p.add_argument("--due", required=True, metavar="DATE", help="2026-12-01, fri, +2w, eom, …")
    p.add_argument("--owner", metavar="LOGIN", help="default: you")
    p.add_argument("--description")
    p.add_argument("--depends", type=ident, action="append", metavar="ID")
    p.add_argument("--kpi", metavar="NAME:TARGET:UNIT")
    p.add_argument("--cost", type=number("cost"), metavar="N", help="cost estimate")
    p.add_argument("--effort", type=number("effort"), metavar="HOURS", help="effort estimate")
    p.add_argument("--from-tasks", action="store_true", help="due date follows its tasks")
    json_flag(p)
    p = add(ms, "list", cmd_milestone_list, "list milestones (all, unless filtered)")
    p.add_argument("--project", metavar="KEY")
    p.add_argument("--owner", metavar="LOGIN")
    p.add_argument("--department")
    p.add_argument(
        "--status",
        action="append",
        metavar="S",
        help="planned, in_progress, blocked, done, cancelled (repeatable)",
    )
    p.add_argument("--health", metavar="H", help="on_track, at_risk, overdue, done, cancelled")
    p.add_argument("--search", metavar="TEXT", help="part of the title")
    json_flag(p)
    p = add(ms, "show", cmd_milestone_show, "show a milestone with tasks and comments")
    p.add_argument("id", type=ident)
    json_flag(p)
    p = add(ms, "move", cmd_milestone_move, "move a milestone to another status or place")
    p.add_argument("id", type=ident)
    p.add_argument("status", nargs="?")
    p.add_argument("--position", type=int, metavar="N", help="its place in the column (1: top)")
    p.add_argument("--reason", help="why it is blocked")
    json_flag(p)
    p = add(ms, "done", cmd_milestone_done, "mark a milestone done")
    p.add_argument("id", type=ident)
    json_flag(p)
    _register_edit(ms)
    p = add(ms, "delete", cmd_milestone_delete, "delete a milestone (its tasks stay)")
    p.add_argument("id", type=ident)
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(ms, "comment", comments.cmd_milestone_comment, "comment on a milestone")
    p.add_argument("id", type=ident)
    p.add_argument("text")
    p.add_argument("--kind", default="note", help="update, note or retro")
    json_flag(p)
    p = add(
        ms, "attach", comments.cmd_milestone_attach, "attach a file (copied beside the database)"
    )
    p.add_argument("id", type=ident)
    p.add_argument("path")
    p = add(
        ms, "export", comments.cmd_milestone_export,
        "write an attachment's checked copy to DEST (a file or folder) or - (stdout)",
    )  # fmt: skip
    p.add_argument("aid", type=positive("attachment"), metavar="AID", help="see milestone show")
    p.add_argument("dest", nargs="?", default=None, metavar="DEST", help="default: its name here")
    p.add_argument("--force", action="store_true", help="replace an existing DEST file")
    p = add(ms, "history", comments.cmd_history, "who changed what (one milestone, or everything)")
    p.add_argument("id", type=ident, nargs="?")
    p.add_argument("--limit", type=int, default=50)
    json_flag(p)
    p = add(
        ms, "shift", cmd_milestone_shift,
        "move a milestone by DAYS (refused before a milestone it depends on)",
    )  # fmt: skip
    p.add_argument("id", type=ident)
    p.add_argument("days", type=days, metavar="DAYS", help="+7, -3, 2w …")
    p.add_argument("--reason", help="why it moves later (kept with the slip)")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(ms, "comment-edit", comments.cmd_comment_edit, "correct your comment")
    p.add_argument("cid", type=positive("comment"), metavar="CID", help="see milestone show")
    p.add_argument("text")
    p.add_argument("--kind", help="update, note or retro")
    json_flag(p)
    p = add(ms, "comment-delete", comments.cmd_comment_delete, "delete your comment")
    p.add_argument("cid", type=positive("comment"), metavar="CID", help="see milestone show")
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(ms, "detach", comments.cmd_milestone_detach, "remove an attachment from its milestone")
    p.add_argument("aid", type=positive("attachment"), metavar="AID", help="see milestone show")
    p.add_argument("--yes", action="store_true", help="confirm")
