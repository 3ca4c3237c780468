"""`mstui person …`: the people of the team, by their OS login."""

from __future__ import annotations

import argparse
from typing import Any

from mstui.cli.args import Commands, add, json_flag, noun
from mstui.cli.context import open_store
from mstui.cli.output import out, print_json, table
from mstui.errors import Invalid


def cmd_person_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    p = store.add_person(args.login, args.name, args.department, args.timezone, args.head)
    print(f"added {p.login} ({p.name}{', ' + p.department if p.department else ''})")
    return 0


def cmd_person_list(args: argparse.Namespace) -> int:
    people = open_store(args).list_people()
    if args.json:
        print_json([p.to_json() for p in people])
    else:
        rows = [
            (p.login, p.name, (p.department or "") + (" (head)" if p.is_department_head else ""))
            for p in people
        ]
        print(table(["LOGIN", "NAME", "DEPARTMENT"], rows))
    return 0


def cmd_person_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for name in ("name", "department", "timezone"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.head is not None:
        changes["department_head"] = args.head
    if args.admin is not None:
        changes["admin"] = args.admin
    if not changes:
        raise Invalid("edit", args.login, "nothing to change (see mstui person edit --help)")
    p = open_store(args).edit_person(args.login, **changes)
    if args.json:
        print_json(p.to_json())
    else:
        head = " (head)" if p.is_department_head else ""
        admin = " (admin)" if p.is_admin else ""
        out(
            f"edited {p.login}{admin}: {p.name}, {p.department or 'no department'}{head}, "
            f"timezone {p.timezone or 'the server’s'}"
        )
    return 0


def register(sub: Commands) -> None:
    """`mstui person add|list|edit`."""
    person = noun(sub, "person", "people")
    p = add(person, "add", cmd_person_add, "add a person by OS login")
    p.add_argument("login")
    p.add_argument("--name")
    p.add_argument("--department")
    p.add_argument("--timezone")
    p.add_argument("--head", action="store_true", help="the head of their department")
    json_flag(add(person, "list", cmd_person_list, "list everyone"))
    p = add(person, "edit", cmd_person_edit, "change a person")
    p.add_argument("login")
    p.add_argument("--name")
    p.add_argument("--department", help="'' for none")
    p.add_argument(
        "--head",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the head of their department (gets its escalations)",
    )
    p.add_argument("--timezone", metavar="TZ", help="'' for the server's")
    p.add_argument(
        "--admin",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="an admin of this server (manages people, leads, deletes projects)",
    )
    json_flag(p)
