"""What the command line accepts: the parser, its helpers, and every argument type.

An argument type turns the text typed into a value or raises `Invalid` naming
the field and quoting the text (exit status 2, one line, nothing written).
Dates are read relative to the store's today, so they are parsed in the
command, once the store is open (`day`).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn, TypeAlias

from mstui.cli.context import today_for
from mstui.domain.bounds import check_amount, check_id
from mstui.errors import Invalid, UsageError

if TYPE_CHECKING:
    from mstui.domain.enums import Direction, Health, Status
    from mstui.store import Store

Handler = Callable[[argparse.Namespace], int]
"""What a command runs: the parsed arguments in, the exit status out."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


Commands: TypeAlias = "argparse._SubParsersAction[Parser]"
"""A group of subcommands (`mstui COMMAND`, `mstui milestone ACTION`)."""


def add(group: Commands, name: str, handler: Handler, help_: str) -> Parser:
    """A subcommand of `group` that runs `handler`."""
    p = group.add_parser(name, help=help_, description=help_)
    p.set_defaults(handler=handler)
    # `mstui milestone list --db X` as well as `mstui --db X milestone list`.
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                   help="database URL or SQLite file (or set MSTUI_DB)")  # fmt: skip
    return p


def json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


def noun(sub: Commands, name: str, help_: str) -> Commands:
    """`mstui NAME ACTION`: a command whose actions are subcommands (one is required)."""
    return sub.add_parser(name, help=help_).add_subparsers(
        dest="sub", metavar="ACTION", required=True
    )


# -- dates ------------------------------------------------------------------------------

_DATE_FLAGS = {"--due", "--start", "--end", "--date", "--from", "--until", "--as-of"}


def join_negative_dates(args: list[str]) -> list[str]:
    """`--due -1d` as `--due=-1d`: argparse takes "-1d" for an option otherwise."""
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if arg in _DATE_FLAGS and len(nxt) > 1 and nxt[0] == "-" and nxt[1].isdigit():
            out.append(f"{arg}={nxt}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def day(store: Store, text: str | None, field: str, tz: str | None = None) -> date | None:
    """The date meant by `text` (2026-12-01, fri, +2w, eom…) in `tz`; None for no text."""
    from mstui.domain.dates import parse_date

    if text is None:
        return None
    return parse_date(text, today_for(store, tz), field)


_DAYS = re.compile(r"([+-]?)(\d{1,4})\s*(d|day|days|w|wk|week|weeks)?")


def check_argv(args: list[str]) -> None:
    """`Invalid` naming the option whose text is not valid UTF-8.

    Python hands undecodable argument bytes over as lone surrogates
    (surrogateescape); written to the database they would raise
    `UnicodeEncodeError` deep in a command, so they are refused here, first.
    """
    from mstui.domain.bounds import check_text, text_ok

    for i, arg in enumerate(args):
        if text_ok(arg):
            continue
        if arg.startswith("--") and "=" in arg:
            field, _, value = arg[2:].partition("=")
            check_text(field, value)
        prev = args[i - 1] if i > 0 else ""
        check_text(prev[2:] if prev.startswith("--") else "argument", arg)


def days(text: str) -> int:
    """`+7`, `-3`, `2w`, `-1d`: a number of days, not zero."""
    m = _DAYS.fullmatch(text.strip().lower())
    if m is None:
        raise Invalid("days", text, "use a number of days or weeks such as +7, -3, 2w")
    n = int(m[2]) * (7 if (m[3] or "d").startswith("w") else 1)
    n = -n if m[1] == "-" else n
    if n == 0:
        raise Invalid("days", text, "move by at least one day")
    return n


def days_or_default(field: str) -> Callable[[str], int | None]:
    """A whole number of days (0 or more), or `default` (None: as in the settings)."""

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


# -- numbers and ids ----------------------------------------------------------------------


def number(field: str) -> Callable[[str], float]:
    """An amount of 0 or more: `25,000`, `1_000`, `12.5`."""

    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise Invalid(field, text, "not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid(field, text, "not a number")
        if value < 0:  # every figure typed here is an amount; quote it as typed
            raise Invalid(field, text, "must be a number of 0 or more")
        return check_amount(field, value, text)

    return parse


def more_than_zero(field: str) -> Callable[[str], float]:
    """An amount above 0 (a capacity)."""
    parse = number(field)

    def positive(text: str) -> float:
        value = parse(text)
        if value <= 0:
            raise Invalid(field, text, "must be a number more than 0")
        return value

    return positive


def number_or_none(field: str) -> Callable[[str], float | None]:
    """An amount of 0 or more, or empty for none (`--budget ''`)."""
    parse = number(field)

    def optional(text: str) -> float | None:
        return None if not text.strip() else parse(text)

    return optional


def _whole(field: str, reason: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.lstrip("#"))
        except ValueError:
            raise Invalid(field, text, reason) from None
        if value <= 0:
            raise Invalid(field, text, reason)
        return check_id(field, value, text)  # 2^70 is no SQLite integer: refuse, not crash

    return parse


ident = _whole("id", "not a milestone number")
"""A milestone number: `12` or `#12`."""

alert_id = _whole("id", "not an alert number")
"""An alert number: `3` or `#3`."""


def positive(field: str) -> Callable[[str], int]:
    """The number of a task, comment, figure…: `4` or `#4`, named `field` when wrong."""
    return _whole(field, f"not a {field} number")


# -- words --------------------------------------------------------------------------------


def kpi(text: str) -> tuple[str, float | None, str]:
    """`NAME:TARGET:UNIT` (the unit may be left out)."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
        raise Invalid("kpi", text, "expected NAME:TARGET:UNIT, e.g. Sign-ups:5000:users")
    target = None
    if parts[1].strip():
        try:
            target = float(parts[1].replace(",", ""))
        except ValueError:
            raise Invalid("kpi", text, "the target is not a number") from None
        target = check_amount("kpi", target, text)
    return parts[0].strip(), target, parts[2].strip() if len(parts) > 2 else ""


def status(text: str) -> Status:
    from mstui.domain.enums import Status, parse_enum

    return parse_enum(Status, "status", text)


def health(text: str) -> Health:
    from mstui.domain.enums import Health, parse_enum

    return parse_enum(Health, "health", text)


def direction(text: str) -> Direction:
    from mstui.domain.enums import Direction, parse_enum

    return parse_enum(Direction, "direction", text)


def as_of_moment(store: Store, project: str, text: str) -> datetime:
    """The end of the day `text` names (2026-11-20, -2w, …) in the project's timezone."""
    from mstui.domain.dates import end_of_day

    tz = store.project(project).timezone or store.settings.timezone
    when = day(store, text, "as-of", tz)
    assert when is not None
    return end_of_day(tz, when)
