"""The subcommands of `mstui`: each parses its input first, then calls the store once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from mstui.domain.numbers import amount
from mstui.errors import Invalid
from mstui.output import print_json, table

Num = Callable[[str], Callable[[str], float]]
Id = Callable[[str], int]


def _settings(args: argparse.Namespace) -> Any:
    from mstui.config import default_db_path, load_settings

    settings = load_settings(args.db)
    if getattr(args, "demo", False) and not args.db:
        settings = settings.with_db(str(default_db_path().with_name("demo.db")))
    return settings


def _store(args: argparse.Namespace) -> Any:
    from mstui.clock import clock_from_env
    from mstui.store import open_store

    return open_store(_settings(args), clock_from_env())


def _date(store: Any, text: str | None, field: str, tz: str | None = None) -> date | None:
    from mstui.domain.dates import parse_date

    if text is None:
        return None
    return parse_date(text, store.today(tz), field)


def _status(text: str) -> Any:
    from mstui.domain.enums import Status, parse_enum

    return parse_enum(Status, "status", text)


def _health(text: str) -> Any:
    from mstui.domain.enums import Health, parse_enum

    return parse_enum(Health, "health", text)


def _kpi(text: str) -> tuple[str, float | None, str]:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
        raise Invalid("kpi", text, "expected NAME:TARGET:UNIT, e.g. Sign-ups:5000:users")
    target = None
    if parts[1].strip():
        try:
            target = float(parts[1].replace(",", ""))
        except ValueError:
            raise Invalid("kpi", text, "the target is not a number") from None
    return parts[0].strip(), target, parts[2].strip() if len(parts) > 2 else ""


# -- the TUI and the demo -------------------------------------------------------


def run_tui(args: argparse.Namespace) -> int:
    """Open the app. It paints first and opens the store in a thread.

    With --demo, an empty demo database gets the demo stories first.
    """
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise Invalid("terminal", "not a terminal", "the app needs a terminal; see mstui --help")
    settings = _settings(args)
    demo = bool(args.demo)

    def open_store() -> Any:
        from mstui.clock import clock_from_env
        from mstui.store import open_store as open_it

        store = open_it(settings, clock_from_env())
        if demo and store.is_empty():
            from mstui.demo import load_stories

            load_stories(store)
        return store

    from mstui.app import run_app

    return run_app(open_store, keymap=settings.keys or None, screen=args.screen)


def cmd_demo(args: argparse.Namespace) -> int:
    from mstui.demo import add_synthetic, load_stories

    store = _store(args)
    counts = load_stories(store, force=args.force)
    print(
        f"demo: {counts['projects']} projects, {counts['milestones']} milestones, "
        f"{counts['tasks']} tasks, {counts['targets']} target in {store.db.label}"
    )
    if args.size:
        bar = _ProgressBar("milestones") if sys.stderr.isatty() else None
        added = add_synthetic(store, args.size, bar)
        if bar:
            bar.close()
        print(f"demo: {added:,} synthetic milestones with {5 * added:,} tasks")
    return 0


class _ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __call__(self, done: int, total: int) -> None:
        filled = int(30 * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} {self.what}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


def cmd_init(args: argparse.Namespace) -> int:
    from mstui.store.shared_dir import describe, init_shared

    db = init_shared(args.shared, args.group)
    print(describe(db))
    return 0


# -- people and projects ----------------------------------------------------------


def cmd_person_add(args: argparse.Namespace) -> int:
    store = _store(args)
    p = store.add_person(args.login, args.name, args.department, args.timezone, args.head)
    print(f"added {p.login} ({p.name}{', ' + p.department if p.department else ''})")
    return 0


def cmd_person_list(args: argparse.Namespace) -> int:
    people = _store(args).list_people()
    if args.json:
        print_json([p.to_json() for p in people])
    else:
        rows = [
            (p.login, p.name, (p.department or "") + (" (head)" if p.is_department_head else ""))
            for p in people
        ]
        print(table(["LOGIN", "NAME", "DEPARTMENT"], rows))
    return 0


def cmd_project_add(args: argparse.Namespace) -> int:
    store = _store(args)
    start = _date(store, args.start, "start")
    end = _date(store, args.end, "end")
    p = store.add_project(
        args.key,
        args.name,
        lead=args.lead,
        department=args.department,
        description=args.description or "",
        start=start,
        end=end,
        budget=args.budget,
        timezone=args.timezone,
    )
    print(f"added project {p.key}: {p.name} (lead {p.lead})")
    return 0


def cmd_project_list(args: argparse.Namespace) -> int:
    projects = _store(args).list_projects(include_archived=True)
    if args.json:
        print_json([p.to_json() for p in projects])
    else:
        rows = [
            (
                p.key,
                p.name + (" [archived]" if p.archived else ""),
                p.lead,
                p.department,
                f"{p.done}/{p.milestones}",
                amount(p.budget),
            )
            for p in projects
        ]
        print(table(["KEY", "NAME", "LEAD", "DEPARTMENT", "DONE", "BUDGET"], rows))
    return 0


def cmd_project_archive(args: argparse.Namespace) -> int:
    p = _store(args).set_project_archived(args.key, not args.restore)
    print(f"project {p.key} {'archived' if p.archived else 'restored'}")
    return 0


def cmd_project_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    project = store.project(args.key)
    if not args.yes:
        raise Invalid(
            "delete",
            project.key,
            f"would delete {project.milestones} milestones; repeat with --yes to confirm",
        )
    store.delete_project(project.key)
    print(f"deleted project {project.key} and its {project.milestones} milestones")
    return 0


# -- milestones ---------------------------------------------------------------------


def _milestone_rows(ms: list[Any], now: Any) -> str:
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


def _show_one(m: Any, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(m.to_json())
    else:
        print(
            f"{verb} milestone {m.id}: {m.title} ({m.project}, due {m.due}, {m.status.label}, "
            f"{m.health.symbol} {m.health.label}, owner {m.owner})"
        )


def cmd_milestone_add(args: argparse.Namespace) -> int:
    store = _store(args)
    tz = store.project(args.project).timezone
    due = _date(store, args.due, "due", tz)
    assert due is not None
    m = store.add_milestone(
        args.project,
        args.title,
        due,
        owner=args.owner,
        description=args.description or "",
        depends_on=args.depends or [],
        kpi=_kpi(args.kpi) if args.kpi else None,
        cost_estimate=args.cost,
        effort_estimate=args.effort,
        due_from_tasks=args.from_tasks,
    )
    _show_one(m, args.json, "added")
    return 0


def cmd_milestone_list(args: argparse.Namespace) -> int:
    from mstui.store import MilestoneFilter

    statuses = tuple(_status(s) for s in args.status or [])
    health = _health(args.health) if args.health else None
    store = _store(args)
    if args.project:
        store.project(args.project)  # an unknown project is an error, not an empty list
    if args.owner and args.owner.strip() not in {p.login for p in store.list_people()}:
        raise Invalid("owner", args.owner, "no such person")
    flt = MilestoneFilter(
        project=args.project,
        owner=args.owner,
        department=args.department,
        statuses=statuses,
        health=health,
        text=args.search or "",
    )
    ms = store.list_milestones(flt)
    if args.json:
        print_json([m.to_json() for m in ms])
    else:
        print(_milestone_rows(ms, store.now()))
    return 0


def cmd_milestone_show(args: argparse.Namespace) -> int:
    from mstui.domain.text import clean

    detail = _store(args).milestone_detail(args.id)
    if args.json:
        print_json(detail.to_json())
        return 0
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
            lines.append(
                f"  #{a.id} {a.name} ({a.size:,} bytes, {a.added_by}, {a.added_at:%Y-%m-%d})"
            )
    print(clean("\n".join(lines), multiline=True))
    return 0


def cmd_milestone_move(args: argparse.Namespace) -> int:
    status = _status(args.status)
    m = _store(args).move_milestone(args.id, status, reason=args.reason)
    _show_one(m, args.json, "moved")
    return 0


def cmd_milestone_done(args: argparse.Namespace) -> int:
    from mstui.domain.enums import Status

    store = _store(args)
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


def cmd_milestone_edit(args: argparse.Namespace) -> int:
    store = _store(args)
    current = store.milestone(args.id)
    changes: dict[str, Any] = {}
    for name in ("title", "description", "owner"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.due is not None:
        changes["due"] = _date(store, args.due, "due", current.timezone)
    if args.status is not None:
        changes["status"] = _status(args.status)
    if args.reason is not None:
        changes["blocked_reason"] = args.reason
    if args.kpi is not None:
        name, target, unit = _kpi(args.kpi)
        changes.update(kpi_name=name, kpi_target=target, kpi_unit=unit)
    if args.no_kpi:
        changes.update(kpi_name="", kpi_target=None, kpi_actual=None, kpi_unit="")
    for flag, key in (
        ("kpi_actual", "kpi_actual"),
        ("cost", "cost_estimate"),
        ("cost_actual", "cost_actual"),
        ("effort", "effort_estimate"),
        ("effort_actual", "effort_actual"),
    ):
        if getattr(args, flag) is not None:
            changes[key] = getattr(args, flag)
    if args.from_tasks is not None:
        changes["due_from_tasks"] = args.from_tasks
    depends = None
    if args.depends is not None or args.no_depends:
        depends = args.depends or []
    if not changes and depends is None:
        raise Invalid("edit", args.id, "nothing to change (see mstui milestone edit --help)")
    version = args.version if args.version is not None else current.version
    # One call, one transaction: a refused dependency saves none of the fields.
    m = store.edit_milestone(args.id, version, depends_on=depends, **changes)
    _show_one(m, args.json, "edited")
    return 0


def cmd_milestone_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    m = store.milestone(args.id)
    if not args.yes:
        raise Invalid("delete", args.id, f'repeat with --yes to delete "{m.title}"')
    store.delete_milestone(args.id, m.version)
    print(f"deleted milestone {m.id}: {m.title}")
    return 0


def cmd_milestone_comment(args: argparse.Namespace) -> int:
    from mstui.domain.enums import CommentKind, parse_enum

    kind = parse_enum(CommentKind, "kind", args.kind)
    c = _store(args).add_comment(args.id, args.text, kind)
    if args.json:
        print_json(c.to_json())
    else:
        print(f"commented on milestone {c.milestone_id} ({c.kind})")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from mstui.domain.labels import action_label, field_label, value_label

    acts = _store(args).activity("milestone" if args.id else None, args.id, args.limit)
    if args.json:
        print_json([a.to_json() for a in acts])
    else:
        rows = [
            (
                f"{a.at:%Y-%m-%d %H:%M}",
                a.actor,
                f"{a.entity} {a.entity_id}",
                action_label(a.action),
                field_label(a.field),
                value_label(a.field, a.old),
                value_label(a.field, a.new),
            )
            for a in acts
        ]
        print(table(["WHEN (UTC)", "WHO", "WHAT", "ACTION", "FIELD", "FROM", "TO"], rows))
    return 0


# -- tasks --------------------------------------------------------------------------


def cmd_task_add(args: argparse.Namespace) -> int:
    store = _store(args)
    tz = store.project(args.project).timezone
    start = _date(store, args.start, "start", tz)
    end = _date(store, args.end, "end", tz)
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
    tasks = _store(args).list_tasks(milestone_id=args.milestone, project=args.project)
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
    t = _store(args).complete_task(args.id)
    print(f"finished task {t.id}: {t.title}")
    return 0


def cmd_task_edit(args: argparse.Namespace) -> int:
    store = _store(args)
    task = store.task(args.id)
    tz = store.project(task.project).timezone
    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            changes[name] = _date(store, getattr(args, name), name, tz)
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
    t = store.edit_task(args.id, task.version, **changes)
    print(f"edited task {t.id}: {t.title} ({t.start}..{t.end}, {t.status})")
    return 0


def cmd_milestone_attach(args: argparse.Namespace) -> int:
    a = _store(args).add_attachment(args.id, args.path)
    print(f"attached {a.name} ({a.size:,} bytes) to milestone {a.milestone_id}")
    return 0


# -- registration ---------------------------------------------------------------------


def register(sub: Any, number: Num, ident: Id) -> None:
    """Add every subcommand to the parser."""

    def add(group: Any, name: str, handler: Callable[..., int], help_: str) -> Any:
        p = group.add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    def json_flag(p: Any) -> None:
        p.add_argument("--json", action="store_true", help="print JSON")

    p = add(sub, "demo", cmd_demo, "fill the database with the four demo stories")
    p.add_argument("--force", action="store_true", help="replace the demo projects if present")
    p.add_argument(
        "--size",
        type=int,
        default=0,
        metavar="N",
        help="also add N synthetic milestones (5 tasks each)",
    )

    p = add(sub, "init", cmd_init, "make a shared database directory for a team (admin)")
    p.add_argument("--shared", required=True, metavar="DIR", help="the directory to make")
    p.add_argument("--group", help="the team's group (default: your primary group)")

    person = sub.add_parser("person", help="people").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = add(person, "add", cmd_person_add, "add a person by OS login")
    p.add_argument("login")
    p.add_argument("--name")
    p.add_argument("--department")
    p.add_argument("--timezone")
    p.add_argument("--head", action="store_true", help="the head of their department")
    json_flag(add(person, "list", cmd_person_list, "list everyone"))

    project = sub.add_parser("project", help="projects").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
    p = add(project, "add", cmd_project_add, "add a project")
    p.add_argument("key", help="short key such as MKT")
    p.add_argument("name")
    p.add_argument("--lead", metavar="LOGIN")
    p.add_argument("--department")
    p.add_argument("--description")
    p.add_argument("--start", metavar="DATE")
    p.add_argument("--end", metavar="DATE")
    p.add_argument("--budget", type=number("budget"), metavar="N")
    p.add_argument("--timezone", metavar="TZ", help="e.g. Europe/Paris (default: the server's)")
    json_flag(add(project, "list", cmd_project_list, "list projects (archived included)"))
    p = add(project, "archive", cmd_project_archive, "archive a project (or --restore it)")
    p.add_argument("key")
    p.add_argument("--restore", action="store_true")
    p = add(project, "delete", cmd_project_delete, "delete a project and all in it")
    p.add_argument("key")
    p.add_argument("--yes", action="store_true", help="confirm")

    ms = sub.add_parser("milestone", help="milestones").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
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
    p = add(ms, "move", cmd_milestone_move, "move a milestone to another status")
    p.add_argument("id", type=ident)
    p.add_argument("status")
    p.add_argument("--reason", help="why it is blocked")
    json_flag(p)
    p = add(ms, "done", cmd_milestone_done, "mark a milestone done")
    p.add_argument("id", type=ident)
    json_flag(p)
    p = add(ms, "edit", cmd_milestone_edit, "change fields of a milestone")
    p.add_argument("id", type=ident)
    p.add_argument("--title")
    p.add_argument("--description")
    p.add_argument("--owner", metavar="LOGIN")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--status")
    p.add_argument("--reason", help="blocked reason")
    p.add_argument("--kpi", metavar="NAME:TARGET:UNIT")
    p.add_argument("--no-kpi", action="store_true", help="remove the KPI")
    p.add_argument("--kpi-actual", type=number("kpi actual"), metavar="N")
    p.add_argument("--cost", type=number("cost"), metavar="N")
    p.add_argument("--cost-actual", type=number("cost actual"), metavar="N")
    p.add_argument("--effort", type=number("effort"), metavar="HOURS")
    p.add_argument("--effort-actual", type=number("effort actual"), metavar="HOURS")
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
    p = add(ms, "delete", cmd_milestone_delete, "delete a milestone (its tasks stay)")
    p.add_argument("id", type=ident)
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(ms, "comment", cmd_milestone_comment, "comment on a milestone")
    p.add_argument("id", type=ident)
    p.add_argument("text")
    p.add_argument("--kind", default="note", help="update, note or retro")
    json_flag(p)
    p = add(ms, "attach", cmd_milestone_attach, "attach a file (copied beside the database)")
    p.add_argument("id", type=ident)
    p.add_argument("path")
    p = add(ms, "history", cmd_history, "who changed what (one milestone, or everything)")
    p.add_argument("id", type=ident, nargs="?")
    p.add_argument("--limit", type=int, default=50)
    json_flag(p)

    task = sub.add_parser("task", help="tasks").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
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

    from mstui.cli_edit import register_edits
    from mstui.cli_targets import register_targets
    from mstui.cli_timeline import register_timeline

    _register_alerts(sub, add, json_flag)
    register_timeline(sub, ms, task, add, json_flag, ident)
    register_targets(sub, add, json_flag, number, ident)
    register_edits(sub, add, json_flag, number, ident)


# -- alerts ---------------------------------------------------------------------------


def _alert_id(text: str) -> int:
    try:
        value = int(text.lstrip("#"))
    except ValueError:
        raise Invalid("id", text, "not an alert number") from None
    if value <= 0:
        raise Invalid("id", text, "not an alert number")
    return value


def _days_or_default(field: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if text.strip().lower() == "default":
            return None
        try:
            value = int(text)
        except ValueError:
            raise Invalid(field, text, "expected a whole number of days, or default") from None
        if value < 0:
            raise Invalid(field, text, "expected a whole number of days, or default")
        return value

    return parse


def _alert_rows(alerts: list[Any], tz: str, with_recipient: bool, state_at: Any = None) -> str:
    """A table of alerts; with `state_at` (now), a STATE column too."""
    import pendulum

    def local(moment: Any) -> str:
        return str(pendulum.instance(moment).in_timezone(tz).format("YYYY-MM-DD HH:mm"))

    rows = []
    for a in alerts:
        row = [a.id, local(a.raised_at), a.severity.value, a.kind_label]
        if with_recipient:
            row.append(a.recipient)
        if state_at is not None:
            state = "open"
            if a.acknowledged_at:
                state = "acknowledged"
            elif a.resolved_at:
                state = "no longer true"
            elif a.snoozed_until and a.snoozed_until > state_at:
                state = f"snoozed to {local(a.snoozed_until)}"
            row.append(state)
        rows.append([*row, a.message])
    headers = [
        "ID",
        "RAISED",
        "SEVERITY",
        "KIND",
        *(["TO"] if with_recipient else []),
        *(["STATE"] if state_at is not None else []),
        "MESSAGE",
    ]
    return table(headers, rows)


def cmd_check(args: argparse.Namespace) -> int:
    store = _store(args)
    raised = store.scan(full=args.full)
    if args.json:
        print_json([a.to_json() for a in raised])
    elif raised:  # nothing new: print nothing (cron mails any output)
        print(_alert_rows(raised, store.settings.timezone, with_recipient=True))
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from mstui.domain.alerts import AlertKind
    from mstui.domain.enums import parse_enum
    from mstui.store import AlertFilter

    kinds = tuple(parse_enum(AlertKind, "kind", k).value for k in args.kind or [])
    store = _store(args)
    if args.project:
        store.project(args.project)  # an unknown project is an error, not an empty list
    flt = AlertFilter(
        everyone=args.everyone, open_only=not args.handled, kinds=kinds, project=args.project
    )
    alerts = store.list_alerts(flt)
    if args.json:
        print_json([a.to_json() for a in alerts])
    else:
        state_at = store.now() if args.handled else None
        tz = store.settings.timezone
        print(_alert_rows(alerts, tz, with_recipient=args.everyone, state_at=state_at))
    return 0


def cmd_alerts_reopen(args: argparse.Namespace) -> int:
    done = _store(args).reopen(args.ids)
    print(f"reopened {', '.join(str(a.id) for a in done)}")
    return 0


def cmd_alerts_ack(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.all_mine:
        if args.ids:
            raise Invalid("ids", " ".join(map(str, args.ids)), "give alert ids or --all, not both")
        n = store.acknowledge_all()
        print(f"acknowledged {n} alert{'s' if n != 1 else ''}")
        return 0
    if not args.ids:
        raise Invalid("ids", "", "give the alert ids to acknowledge (or --all)")
    done = store.acknowledge(args.ids)
    print(f"acknowledged {', '.join(str(a.id) for a in done)}")
    return 0


def cmd_alerts_snooze(args: argparse.Namespace) -> int:
    import pendulum

    from mstui.domain.alerts import parse_snooze

    duration = parse_snooze(args.duration)
    store = _store(args)
    done = store.snooze_for(args.ids, duration)
    until = pendulum.instance(done[0].snoozed_until).in_timezone(store.settings.timezone)
    ids = ", ".join(str(a.id) for a in done)
    print(f"snoozed {ids} until {until.format('YYYY-MM-DD HH:mm')} ({store.settings.timezone})")
    return 0


def cmd_alerts_thresholds(args: argparse.Namespace) -> int:
    store = _store(args)
    changes: dict[str, Any] = {}
    for flag, name in (
        ("due_soon", "due_soon_days"),
        ("escalation", "escalation_days"),
        ("blocked", "blocked_days"),
    ):
        if getattr(args, flag) is not ...:
            changes[name] = getattr(args, flag)
    if args.review is not None:
        review = args.review.strip().lower()
        changes["review_cadence"] = None if review == "default" else review
    if args.project is None:
        if changes:
            raise Invalid("project", "", "name the project whose thresholds to change")
        th, own = store.base_thresholds(), {}
    elif changes:
        th = store.set_project_thresholds(args.project, **changes)
        own = store.project_thresholds(args.project)[1]
    else:
        th, own = store.project_thresholds(args.project)
    data = {
        "due_soon_days": th.due_soon_days,
        "escalation_days": th.escalation_days,
        "blocked_days": th.blocked_days,
        "review_cadence": th.review_cadence,
    }
    if args.json:
        print_json({"project": args.project, **data, "overrides": own})
    else:
        rows = [
            (k, v, "project" if own.get(k) is not None else "settings") for k, v in data.items()
        ]
        print(table(["THRESHOLD", "VALUE", "FROM"], rows))
    return 0


def _register_alerts(sub: Any, add: Callable[..., Any], json_flag: Callable[[Any], None]) -> None:
    p = add(sub, "check", cmd_check, "scan once for alerts; print those raised (for cron)")
    p.add_argument("--full", action="store_true", help="look at everything, not what changed")
    json_flag(p)
    p = add(sub, "alerts", cmd_alerts, "my open alerts (or: ack, snooze, thresholds)")
    p.add_argument("--all", dest="everyone", action="store_true", help="everyone's open alerts")
    p.add_argument(
        "--kind",
        action="append",
        metavar="K",
        help="due_soon, missed, escalation, blocked, checkpoint_missed, dependency_slipped, "
        "review_due or achievement (repeatable)",
    )
    p.add_argument("--project", metavar="KEY")
    p.add_argument(
        "--handled", action="store_true", help="acknowledged and snoozed ones too (with a STATE)"
    )
    json_flag(p)
    acts = p.add_subparsers(dest="sub", metavar="ACTION")
    p = add(acts, "ack", cmd_alerts_ack, "acknowledge my alerts")
    p.add_argument("ids", nargs="*", type=_alert_id, metavar="ID")
    p.add_argument("--all", dest="all_mine", action="store_true", help="all my open alerts")
    p = add(acts, "snooze", cmd_alerts_snooze, "hide my alerts for a while")
    p.add_argument("ids", nargs="+", type=_alert_id, metavar="ID")
    p.add_argument("--for", dest="duration", required=True, metavar="D", help="1h, 1d or 1w")
    p = add(acts, "reopen", cmd_alerts_reopen, "undo acknowledging or snoozing my alerts")
    p.add_argument("ids", nargs="+", type=_alert_id, metavar="ID")
    p = add(acts, "thresholds", cmd_alerts_thresholds, "show or override a project's thresholds")
    p.add_argument("project", nargs="?", metavar="KEY", help="default: the settings")
    for flag in ("due-soon", "escalation", "blocked"):
        p.add_argument(
            f"--{flag}", type=_days_or_default(flag), default=..., metavar="DAYS|default"
        )
    p.add_argument("--review", metavar="monthly|quarterly|none|default")
    json_flag(p)
