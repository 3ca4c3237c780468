"""`mstui project member …`: who works on a project, in what role (a part of `projects`)."""

from __future__ import annotations

import argparse

from mstui.cli.args import Commands, add, json_flag
from mstui.cli.context import open_store
from mstui.cli.output import print_json, table
from mstui.domain.enums import Role, parse_enum


def cmd_member_add(args: argparse.Namespace) -> int:
    role = parse_enum(Role, "role", args.role)
    store = open_store(args)
    store.add_member(args.key, args.login, role)
    key = store.project(args.key).key
    print(f"{args.login.strip()} is {role.value} on {key}")
    return 0


def cmd_member_remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    key = store.project(args.key).key
    store.remove_member(key, args.login)
    print(f"{args.login.strip()} is no longer a member of {key}")
    return 0


def cmd_member_list(args: argparse.Namespace) -> int:
    members = open_store(args).members(args.key)
    if args.json:
        print_json([m.to_json() for m in members])
    else:
        print(table(["LOGIN", "NAME", "ROLE"], [(m.login, m.name, m.role.value) for m in members]))
    return 0


def register(project: Commands) -> None:
    """`mstui project member add|remove|list`, under `project`."""
    member = project.add_parser(
        "member", help="who works on a project, and as what"
    ).add_subparsers(dest="member_action", metavar="ACTION", required=True)
    p = add(member, "add", cmd_member_add, "give a person a role in a project (its lead's call)")
    p.add_argument("key", help="the project")
    p.add_argument("login", help="an OS login (added when it is an account of this server)")
    p.add_argument("role", help="lead, editor or viewer")
    p = add(member, "remove", cmd_member_remove, "take a person off a project")
    p.add_argument("key")
    p.add_argument("login")
    p = add(member, "list", cmd_member_list, "a project's members and their roles")
    p.add_argument("key")
    json_flag(p)
