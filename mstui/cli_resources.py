"""`mstui resource …`: people and equipment with a daily capacity, bookings, conflicts.

Bad input raises `Invalid`/`NotFound` (exit status 2, one line on stderr,
nothing written).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from mstui.domain.numbers import amount
from mstui.domain.text import clean
from mstui.errors import Invalid
from mstui.output import print_json, table


def _out(text: str) -> None:
    """One line of output; names typed by people are made inert (the store cleaned them
    on entry, but anyone who can write the file could have put anything there)."""
    print(clean(text))


def _store(args: argparse.Namespace) -> Any:
    from mstui.commands import _store as open_it

    return open_it(args)


def _day(store: Any, text: str | None, field: str) -> Any:
    from mstui.commands import _date

    return _date(store, text, field)


# -- commands ------------------------------------------------------------------------------


def cmd_resource_add(args: argparse.Namespace) -> int:
    r = _store(args).add_resource(args.name, args.kind, args.capacity, args.person)
    if args.json:
        print_json(r.to_json())
    else:
        _out(f"added resource {r.id}: {r.name} ({r.kind}, {amount(r.capacity)} a day)")
    return 0


def cmd_resource_list(args: argparse.Namespace) -> int:
    resources = _store(args).list_resources()
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


def _booking_rows(bookings: list[Any]) -> str:
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
    store = _store(args)
    if (args.task is None) == (args.milestone is None):
        raise Invalid("booking", "", "give --task ID or --milestone ID (one of them)")
    b = store.book(
        args.resource,
        task_id=args.task,
        milestone_id=args.milestone,
        start=_day(store, args.start, "start"),
        end=_day(store, args.end, "end"),
        amount=args.amount,
    )
    if args.json:
        print_json(b.to_json())
    else:
        _out(
            f"booked {b.resource} on {b.subject} from {b.start} to {b.end}, "
            f"{amount(b.amount)} a day (booking {b.id})"
        )
    return 0


def cmd_resource_bookings(args: argparse.Namespace) -> int:
    bookings = _store(args).list_bookings(args.resource, milestone_id=args.milestone)
    if args.json:
        print_json([b.to_json() for b in bookings])
    else:
        print(_booking_rows(bookings))
    return 0


def cmd_resource_unbook(args: argparse.Namespace) -> int:
    b = _store(args).unbook(args.id)
    _out(f"removed booking {b.id}: {b.resource} on {b.subject}")
    return 0


def cmd_resource_conflicts(args: argparse.Namespace) -> int:
    store = _store(args)
    # Everything (past ones too), like every listing, unless filtered with --from.
    conflicts = store.resource_conflicts(since=_day(store, args.since, "from"))
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


def _positive(field: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.lstrip("#"))
        except ValueError:
            raise Invalid(field, text, f"not a {field} number") from None
        if value <= 0:
            raise Invalid(field, text, f"not a {field} number")
        return value

    return parse


def register_resources(
    sub: Any,
    add: Callable[..., Any],
    json_flag: Callable[[Any], None],
    number: Callable[[str], Callable[[str], float]],
    ident: Callable[[str], int],
) -> None:
    """Add `mstui resource …` to the parser."""
    grp = sub.add_parser("resource", help="people and equipment, bookings").add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )
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
    p.add_argument("--task", type=_positive("task"), metavar="ID")
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
    p.add_argument("id", type=_positive("booking"), metavar="BOOKING")
    p = add(grp, "conflicts", cmd_resource_conflicts, "bookings over a resource's capacity")
    p.add_argument(
        "--from",
        dest="since",
        metavar="DATE",
        help="only those that end on or after DATE (e.g. today)",
    )
    p.add_argument("--all", action="store_true", help=argparse.SUPPRESS)  # the default now
    json_flag(p)
