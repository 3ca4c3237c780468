"""`mstui resource …`: people and equipment with a daily capacity, bookings, conflicts.

Bad input raises `Invalid`/`NotFound` (exit status 2, one line on stderr,
nothing written).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mstui.cli.args import (
    Commands,
    add,
    day,
    ident,
    json_flag,
    more_than_zero,
    noun,
    number,
    positive,
)
from mstui.cli.context import open_store
from mstui.cli.output import out, plural, print_json, table
from mstui.domain.numbers import amount
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.views.resources import BookingView


# -- resources and bookings ------------------------------------------------------------------


def cmd_resource_add(args: argparse.Namespace) -> int:
    r = open_store(args).add_resource(args.name, args.kind, args.capacity, args.person)
    if args.json:
        print_json(r.to_json())
    else:
        out(f"added resource {r.id}: {r.name} ({r.kind}, {amount(r.capacity)} a day)")
    return 0


def cmd_resource_list(args: argparse.Namespace) -> int:
    resources = open_store(args).list_resources()
    if args.json:
        print_json([r.to_json() for r in resources])
    else:
        print(
            table(
                ["ID", "NAME", "KIND", "CAPACITY/DAY", "PERSON"],
                [(r.id, r.name, r.kind, amount(r.capacity), r.person or "") for r in resources],
            )
        )
    return 0


def _booking_rows(bookings: Sequence[BookingView]) -> str:
    return table(
        ["ID", "RESOURCE", "FROM", "TO", "PER DAY", "PROJ", "ON"],
        [
            (
                b.id,
                b.resource,
                b.start.isoformat(),
                b.end.isoformat(),
                amount(b.amount),
                b.project or "",
                b.subject,
            )
            for b in bookings
        ],
    )


def cmd_resource_book(args: argparse.Namespace) -> int:
    store = open_store(args)
    if (args.task is None) == (args.milestone is None):
        raise Invalid("booking", "", "give --task ID or --milestone ID (one of them)")
    b = store.book(
        args.resource,
        task_id=args.task,
        milestone_id=args.milestone,
        start=day(store, args.start, "start"),
        end=day(store, args.end, "end"),
        amount=args.amount,
    )
    if args.json:
        print_json(b.to_json())
    else:
        out(
            f"booked {b.resource} on {b.subject} from {b.start} to {b.end}, "
            f"{amount(b.amount)} a day (booking {b.id})"
        )
    return 0


def cmd_resource_bookings(args: argparse.Namespace) -> int:
    bookings = open_store(args).list_bookings(args.resource, milestone_id=args.milestone)
    if args.json:
        print_json([b.to_json() for b in bookings])
    else:
        print(_booking_rows(bookings))
    return 0


def cmd_resource_unbook(args: argparse.Namespace) -> int:
    store = open_store(args)
    found = store.list_bookings(ids=[args.id])
    if found and not args.yes:
        what = f"{found[0].resource} on {found[0].subject}"
        raise Invalid("unbook", args.id, f'repeat with --yes to remove the booking of "{what}"')
    b = store.unbook(args.id)
    out(f"removed booking {b.id}: {b.resource} on {b.subject}")
    return 0


def cmd_resource_conflicts(args: argparse.Namespace) -> int:
    store = open_store(args)
    # Everything (past ones too), like every listing, unless filtered with --from.
    conflicts = store.resource_conflicts(since=day(store, args.since, "from"))
    if args.json:
        print_json([c.to_json() for c in conflicts])
        return 0
    rows = [
        (
            c.resource,
            c.start.isoformat(),
            c.end.isoformat(),
            f"{amount(c.peak)} of {amount(c.capacity)}",
            "; ".join(f"#{b.id} {b.subject}" for b in c.bookings),
        )
        for c in conflicts
    ]
    print(table(["RESOURCE", "FROM", "TO", "PEAK/DAY", "BOOKINGS"], rows))
    return 0


def cmd_resource_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for name in ("name", "kind", "capacity", "person"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if not changes:
        raise Invalid("edit", args.resource, "nothing to change (see mstui resource edit --help)")
    r = open_store(args).edit_resource(args.resource, args.version, **changes)
    if args.json:
        print_json(r.to_json())
    else:
        who = f", {r.person}" if r.person else ""
        out(f"edited resource {r.id}: {r.name} ({r.kind}, {amount(r.capacity)} a day{who})")
    return 0


def cmd_resource_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
    rid = store.find_resource(args.resource)
    r = store.resource(rid)
    if not args.yes:
        n = len(store.list_bookings(rid))
        raise Invalid(
            "delete",
            args.resource,
            f"would delete {r.name} and {plural(n, 'booking')}; repeat with --yes to confirm",
        )
    removed = store.delete_resource(rid, r.version)
    out(f"deleted resource {r.name} and {plural(removed, 'booking')}")
    return 0


# -- registration ------------------------------------------------------------------------------


def register(sub: Commands) -> None:
    """`mstui resource add|list|book|bookings|unbook|conflicts|edit|delete`."""
    grp = noun(sub, "resource", "people and equipment, bookings")
    p = add(grp, "add", cmd_resource_add, "add a person or a piece of equipment")
    p.add_argument("name")
    p.add_argument("--kind", default="person", help="person or equipment")
    p.add_argument(
        "--capacity",
        type=number("capacity"),
        default=8.0,
        metavar="N",
        help="units a day (hours of a person; default 8)",
    )
    p.add_argument("--person", metavar="LOGIN", help="the person it is")
    json_flag(p)
    json_flag(add(grp, "list", cmd_resource_list, "list resources"))
    p = add(grp, "book", cmd_resource_book, "book a resource on a task or a milestone")
    p.add_argument("resource", help="its number or name")
    p.add_argument("--task", type=positive("task"), metavar="ID")
    p.add_argument("--milestone", type=ident, metavar="ID")
    p.add_argument("--start", metavar="DATE", help="default: the task's start (or today)")
    p.add_argument("--end", metavar="DATE", help="default: the task's end (or the due date)")
    p.add_argument(
        "--amount",
        type=number("amount"),
        metavar="N",
        help="units a day (default: the whole capacity)",
    )
    json_flag(p)
    p = add(grp, "bookings", cmd_resource_bookings, "list bookings")
    p.add_argument("resource", nargs="?")
    p.add_argument("--milestone", type=ident, metavar="ID")
    json_flag(p)
    p = add(grp, "unbook", cmd_resource_unbook, "remove a booking")
    p.add_argument("id", type=positive("booking"), metavar="BOOKING")
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(grp, "conflicts", cmd_resource_conflicts, "bookings over a resource's capacity")
    p.add_argument(
        "--from",
        dest="since",
        metavar="DATE",
        help="only those that end on or after DATE (e.g. today)",
    )
    p.add_argument("--all", action="store_true", help=argparse.SUPPRESS)  # the default now
    json_flag(p)
    p = add(grp, "edit", cmd_resource_edit, "change a resource")
    p.add_argument("resource", help="its number or name")
    p.add_argument("--name")
    p.add_argument("--kind", help="person or equipment")
    p.add_argument("--capacity", type=more_than_zero("capacity"), metavar="N", help="units a day")
    p.add_argument("--person", metavar="LOGIN", help="'' for none")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(grp, "delete", cmd_resource_delete, "delete a resource and its bookings")
    p.add_argument("resource", help="its number or name")
    p.add_argument("--yes", action="store_true", help="confirm")
