"""Fixing mistakes from the command line: edit a project, a person, a comment or a
resource; delete a task, a comment, a resource or an attachment; unlink a task.

Each command parses its input first, then calls the store once. Bad input
raises `Invalid`/`NotFound` (exit status 2, one line on stderr naming the field
and quoting the value, nothing written). A delete asks for `--yes` and, without
it, says what it would remove and changes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from mstui.domain.numbers import amount
from mstui.domain.text import clean
from mstui.errors import Invalid
from mstui.output import print_json

CLEAR = ""
"""An empty value (`--department ''`) clears an optional field."""


def _out(text: str) -> None:
    """One line of output; names typed by people are made inert (the store cleaned them
    on entry, but anyone who can write the file could have put anything there)."""
    print(clean(text))


def _store(args: argparse.Namespace) -> Any:
    from mstui.commands import _store as open_it

    return open_it(args)


def _day(store: Any, text: str, field: str, tz: str | None) -> date | None:
    """A date typed on the command line; empty clears it."""
    from mstui.commands import _date

    if not text.strip():
        return None
    return _date(store, text, field, tz)


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _nothing(ref: object, command: str) -> Invalid:
    return Invalid("edit", ref, f"nothing to change (see mstui {command} --help)")


# -- projects and people ---------------------------------------------------------------------


def cmd_project_edit(args: argparse.Namespace) -> int:
    store = _store(args)
    current = store.project(args.key)
    changes: dict[str, Any] = {}
    for name in ("name", "description", "lead", "department", "timezone"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            changes[name] = _day(store, getattr(args, name), name, current.timezone)
    if args.budget is not ...:
        changes["budget"] = args.budget
    if not changes:
        raise _nothing(args.key, "project edit")
    version = args.version if args.version is not None else current.version
    p = store.edit_project(current.key, version, **changes)
    if args.json:
        print_json(p.to_json())
    else:
        _out(
            f"edited project {p.key}: {p.name} (lead {p.lead or '-'}, "
            f"{p.department or 'no department'}, {p.start or '?'}..{p.end or '?'}, "
            f"budget {amount(p.budget)}, {p.timezone})"
        )
    return 0


def cmd_person_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for name in ("name", "department", "timezone"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.head is not None:
        changes["department_head"] = args.head
    if not changes:
        raise _nothing(args.login, "person edit")
    p = _store(args).edit_person(args.login, **changes)
    if args.json:
        print_json(p.to_json())
    else:
        head = " (head)" if p.is_department_head else ""
        _out(
            f"edited {p.login}: {p.name}, {p.department or 'no department'}{head}, "
            f"timezone {p.timezone or 'the server’s'}"
        )
    return 0


# -- tasks -------------------------------------------------------------------------------------


def cmd_task_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    t = store.task(args.id)
    if not args.yes:
        raise Invalid("delete", args.id, f'repeat with --yes to delete task "{t.title}"')
    removed = store.delete_task(t.id, t.version)
    extra = f" and {_plural(removed, 'booking')}" if removed else ""
    _out(f"deleted task {t.id}: {t.title}{extra}")
    return 0


def cmd_task_unlink(args: argparse.Namespace) -> int:
    store = _store(args)
    before = store.task(args.id)
    if before.milestone_id is None:
        _out(f"task {before.id} is not linked to a milestone: nothing to change")
        return 0
    t = store.unlink_task(before.id, before.version)
    _out(f"task {t.id}: {t.title} no longer leads to milestone {before.milestone_id}")
    return 0


# -- comments and attachments --------------------------------------------------------------------


def cmd_comment_edit(args: argparse.Namespace) -> int:
    c = _store(args).edit_comment(args.cid, args.text, args.kind)
    if args.json:
        print_json(c.to_json())
    else:
        _out(f"edited comment {c.id} on milestone {c.milestone_id} ({c.kind})")
    return 0


def cmd_comment_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    c = store.comment(args.cid)
    if not args.yes:
        first = c.body.splitlines()[0] if c.body else ""
        shown = first[:60] + ("…" if len(first) > 60 or "\n" in c.body else "")
        raise Invalid("delete", args.cid, f'repeat with --yes to delete comment "{shown}"')
    store.delete_comment(c.id)
    _out(f"deleted comment {c.id} on milestone {c.milestone_id}")
    return 0


def cmd_milestone_detach(args: argparse.Namespace) -> int:
    store = _store(args)
    a = store.attachment(args.aid)
    if not args.yes:
        raise Invalid("detach", args.aid, f'repeat with --yes to remove "{a.name}"')
    sharing = store.delete_attachment(a.id)
    if sharing:
        note = f" (its stored copy stays: {_plural(sharing, 'other attachment')} of the same file)"
    else:
        note = " and deleted its stored copy"
    _out(f"removed {a.name} from milestone {a.milestone_id}{note}")
    return 0


# -- resources ---------------------------------------------------------------------------------


def cmd_resource_edit(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for name in ("name", "kind", "capacity", "person"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if not changes:
        raise _nothing(args.resource, "resource edit")
    r = _store(args).edit_resource(args.resource, args.version, **changes)
    if args.json:
        print_json(r.to_json())
    else:
        who = f", {r.person}" if r.person else ""
        _out(f"edited resource {r.id}: {r.name} ({r.kind}, {amount(r.capacity)} a day{who})")
    return 0


def cmd_resource_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    rid = store.find_resource(args.resource)
    r = store.resource(rid)
    if not args.yes:
        n = len(store.list_bookings(rid))
        raise Invalid(
            "delete",
            args.resource,
            f"would delete {r.name} and {_plural(n, 'booking')}; repeat with --yes to confirm",
        )
    removed = store.delete_resource(rid, r.version)
    _out(f"deleted resource {r.name} and {_plural(removed, 'booking')}")
    return 0


# -- registration ------------------------------------------------------------------------------


def _actions(sub: Any, name: str) -> Any:
    """The subcommands of `mstui NAME` (its parser's subparsers action)."""
    parser = sub.choices[name]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError(f"mstui {name} has no subcommands")


def _budget(number: Callable[[str], Callable[[str], float]]) -> Callable[[str], float | None]:
    parse = number("budget")

    def budget(text: str) -> float | None:
        return None if not text.strip() else parse(text)

    return budget


def _more_than_zero(
    number: Callable[[str], Callable[[str], float]], field: str
) -> Callable[[str], float]:
    parse = number(field)

    def positive(text: str) -> float:
        value = parse(text)
        if value <= 0:
            raise Invalid(field, text, "must be a number more than 0")
        return value

    return positive


def register_edits(
    sub: Any,
    add: Callable[..., Any],
    json_flag: Callable[[Any], None],
    number: Callable[[str], Callable[[str], float]],
    ident: Callable[[str], int],
) -> None:
    """Add the edit and delete commands to `mstui project|person|task|milestone|resource`."""
    from mstui.cli_resources import _positive

    p = add(_actions(sub, "project"), "edit", cmd_project_edit, "change a project")
    p.add_argument("key")
    p.add_argument("--name")
    p.add_argument("--description")
    p.add_argument("--lead", metavar="LOGIN")
    p.add_argument("--department", help="'' for none")
    p.add_argument("--start", metavar="DATE", help="'' for none")
    p.add_argument("--end", metavar="DATE", help="'' for none")
    p.add_argument("--budget", type=_budget(number), default=..., metavar="N", help="'' for none")
    p.add_argument("--timezone", metavar="TZ", help="e.g. Europe/Paris ('' for the server's)")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)

    p = add(_actions(sub, "person"), "edit", cmd_person_edit, "change a person")
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
    json_flag(p)

    task = _actions(sub, "task")
    p = add(task, "delete", cmd_task_delete, "delete a task (and its bookings)")
    p.add_argument("id", type=_positive("task"))
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(task, "unlink", cmd_task_unlink, "take a task off its milestone (it stays)")
    p.add_argument("id", type=_positive("task"))

    ms = _actions(sub, "milestone")
    p = add(ms, "comment-edit", cmd_comment_edit, "correct your comment")
    p.add_argument("cid", type=_positive("comment"), metavar="CID", help="see milestone show")
    p.add_argument("text")
    p.add_argument("--kind", help="update, note or retro")
    json_flag(p)
    p = add(ms, "comment-delete", cmd_comment_delete, "delete your comment")
    p.add_argument("cid", type=_positive("comment"), metavar="CID", help="see milestone show")
    p.add_argument("--yes", action="store_true", help="confirm")
    p = add(ms, "detach", cmd_milestone_detach, "remove an attachment from its milestone")
    p.add_argument("aid", type=_positive("attachment"), metavar="AID", help="see milestone show")
    p.add_argument("--yes", action="store_true", help="confirm")

    res = _actions(sub, "resource")
    p = add(res, "edit", cmd_resource_edit, "change a resource")
    p.add_argument("resource", help="its number or name")
    p.add_argument("--name")
    p.add_argument("--kind", help="person or equipment")
    p.add_argument(
        "--capacity", type=_more_than_zero(number, "capacity"), metavar="N", help="units a day"
    )
    p.add_argument("--person", metavar="LOGIN", help="'' for none")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(res, "delete", cmd_resource_delete, "delete a resource and its bookings")
    p.add_argument("resource", help="its number or name")
    p.add_argument("--yes", action="store_true", help="confirm")
