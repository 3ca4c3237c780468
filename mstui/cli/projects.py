"""`mstui project …`: projects, their lead, dates and budget."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from mstui.cli import members
from mstui.cli.args import Commands, add, day, json_flag, noun, number, number_or_none
from mstui.cli.context import open_store
from mstui.cli.output import out, print_json, table
from mstui.domain.numbers import amount
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.people import ProjectView


VISIBILITY = "team (everyone sees it, the default) or members (its members only)"


def _parse_assign(items: list[str]) -> dict[str, str]:
    """`--assign ROLE=LOGIN` items as a mapping (`Invalid` for a malformed one)."""
    found: dict[str, str] = {}
    for item in items:
        role, eq, login = item.partition("=")
        if not eq or not role.strip() or not login.strip():
            raise Invalid("assign", item, "expected ROLE=LOGIN, e.g. designer=dana")
        if role.strip() in found:
            raise Invalid("assign", item, f"{role.strip()} is assigned twice")
        found[role.strip()] = login.strip()
    return found


def _from_template(store: Store, args: argparse.Namespace, start: date | None) -> ProjectView:
    """`project add --template`: the project with everything the template holds."""
    from mstui.store.templates import create_from_template
    from mstui.template_files import load_templates

    if start is None:
        raise Invalid("start", "", "a project from a template needs --start DATE", quote=False)
    if args.end is not None:
        raise Invalid("end", args.end, "a template sets the end (its last date)")
    template = load_templates().get(args.template)
    return create_from_template(
        store, args.key, args.name, template, start, _parse_assign(args.assign or []),
        lead=args.lead, department=args.department, description=args.description or "",
        budget=args.budget, timezone=args.timezone, visibility=args.visibility,
    )  # fmt: skip


def cmd_project_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    start = day(store, args.start, "start")
    if args.template:
        p = _from_template(store, args, start)
        out(f"added project {p.key}: {p.name} (lead {p.lead}) from template {args.template}, "
            f"{p.milestones} milestones, {p.start}..{p.end}")  # fmt: skip
        return 0
    if args.assign:
        raise Invalid("assign", args.assign[0], "--assign fills a template's roles (--template)")
    end = day(store, args.end, "end")
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
        visibility=args.visibility,
    )
    print(f"added project {p.key}: {p.name} (lead {p.lead})")
    return 0


def cmd_project_list(args: argparse.Namespace) -> int:
    projects = open_store(args).list_projects(include_archived=True)
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
    p = open_store(args).set_project_archived(args.key, not args.restore)
    print(f"project {p.key} {'archived' if p.archived else 'restored'}")
    return 0


def cmd_project_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
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


def _day_or_none(store: Store, text: str, field: str, tz: str | None) -> date | None:
    """A date typed on the command line; empty (`--start ''`) clears it."""
    if not text.strip():
        return None
    return day(store, text, field, tz)


def cmd_project_edit(args: argparse.Namespace) -> int:
    store = open_store(args)
    current = store.project(args.key)
    changes: dict[str, Any] = {}
    for name in ("name", "description", "lead", "department", "timezone", "visibility"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            changes[name] = _day_or_none(store, getattr(args, name), name, current.timezone)
    if args.budget is not ...:
        changes["budget"] = args.budget
    if not changes:
        raise Invalid("edit", args.key, "nothing to change (see mstui project edit --help)")
    # Without --version: the fields given, on the project as it is now.
    p = store.edit_project(current.key, args.version, **changes)
    if args.json:
        print_json(p.to_json())
    else:
        out(
            f"edited project {p.key}: {p.name} (lead {p.lead or '-'}, "
            f"{p.department or 'no department'}, {p.start or '?'}..{p.end or '?'}, "
            f"budget {amount(p.budget)}, {p.timezone})"
        )
    return 0


def register(sub: Commands) -> None:
    """`mstui project add|list|archive|delete|edit`."""
    project = noun(sub, "project", "projects")
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
    p.add_argument("--visibility", default="team", help=VISIBILITY)
    p.add_argument(
        "--template", metavar="NAME", help="make it from a template (mstui template list)"
    )
    p.add_argument(
        "--assign",
        action="append",
        metavar="ROLE=LOGIN",
        help="who fills a template's owner placeholder (unfilled: the project's lead)",
    )
    json_flag(add(project, "list", cmd_project_list, "list projects (archived included)"))
    p = add(project, "archive", cmd_project_archive, "archive a project (or --restore it)")
    p.add_argument("key")
    p.add_argument("--restore", action="store_true")
    p = add(project, "delete", cmd_project_delete, "delete a project and all in it")
    p.add_argument("key")
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(project, "edit", cmd_project_edit, "change a project")
    p.add_argument("key")
    p.add_argument("--name")
    p.add_argument("--description")
    p.add_argument("--lead", metavar="LOGIN")
    p.add_argument("--department", help="'' for none")
    p.add_argument("--start", metavar="DATE", help="'' for none")
    p.add_argument("--end", metavar="DATE", help="'' for none")
    p.add_argument(
        "--budget", type=number_or_none("budget"), default=..., metavar="N", help="'' for none"
    )
    p.add_argument("--timezone", metavar="TZ", help="e.g. Europe/Paris ('' for the server's)")
    p.add_argument("--visibility", help=VISIBILITY)
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    members.register(project)
