"""`mstui`: the TUI with no command, and scriptable commands for everything else.

Bad input exits with status 2 and one line on stderr naming the field and
quoting the value; nothing is written. A successful command prints its result
on stdout and nothing on stderr. An unexpected fault is one line too (exit
status 1; `MSTUI_DEBUG=1` shows the traceback). Everything a command prints
on stdout goes through `clean()`: no escape sequence from the database reaches
the terminal.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, NoReturn, TextIO

from mstui.errors import EXIT_USER, Invalid, MstuiError, UsageError, debugging, exit_code, one_line


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _number(field: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise Invalid(field, text, "not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid(field, text, "not a number")
        if value < 0:  # every figure typed here is an amount; quote it as typed
            raise Invalid(field, text, "must be a number of 0 or more")
        return value

    return parse


def _id(text: str) -> int:
    try:
        value = int(text.lstrip("#"))
    except ValueError:
        raise Invalid("id", text, "not a milestone number") from None
    if value <= 0:
        raise Invalid("id", text, "not a milestone number")
    return value


def build_parser() -> Parser:
    """The whole command line."""
    from mstui.commands import register

    p = Parser(prog="mstui", description="Milestones, targets and alerts for small teams.")
    p.add_argument("--db", metavar="URL", help="database URL or SQLite file (or set MSTUI_DB)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="open a demo database (made with the demo stories on first use)",
    )
    p.add_argument(
        "--screen",
        choices=["dashboard", "kanban", "timeline", "targets", "alerts"],
        help="the screen the app opens on (default: dashboard)",
    )
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    register(sub, _number, _id)
    return p


def _version() -> str:
    from mstui import __version__

    return f"mstui {__version__}"


def fail(message: str, code: int = EXIT_USER) -> int:
    """One line on stderr; the exit status."""
    from mstui.domain.text import clean

    sys.stderr.write(f"mstui: {clean(message)}\n")
    return code


_DATE_FLAGS = {"--due", "--start", "--end", "--date", "--from", "--until"}


def _join_negative_dates(args: list[str]) -> list[str]:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = _join_negative_dates(list(sys.argv[1:] if argv is None else argv))
    try:
        parser = build_parser()
        args = parser.parse_args(args_list)
        handler: Callable[[Any], int | None] | None = getattr(args, "handler", None)
        if handler is None:
            if args.command:
                parser.parse_args([args.command, "--help"])
            from mstui.commands import run_tui

            return run_tui(args) or 0
        with _inert_stdout():
            return handler(args) or 0
    except MstuiError as exc:
        return fail(one_line(exc), exit_code(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A fault of ours: one line, not a traceback on a colleague's terminal.
        if debugging():
            raise
        return fail(one_line(exc), exit_code(exc))


class _InertStdout(io.TextIOBase):
    """stdout through `clean(…, multiline=True)`: whatever a command prints, text that
    anyone could have written into the database cannot drive the terminal."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self._raw = raw

    def write(self, text: str) -> int:
        from mstui.domain.text import clean

        self._raw.write(clean(text, multiline=True))
        return len(text)

    def flush(self) -> None:
        self._raw.flush()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def fileno(self) -> int:
        return self._raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._raw.encoding


@contextmanager
def _inert_stdout() -> Iterator[None]:
    raw = sys.stdout
    sys.stdout = _InertStdout(raw)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        finally:
            sys.stdout = raw


def today_for(store: Any, tz: str | None = None) -> date:
    """Today, for reading relative dates typed on the command line."""
    result: date = store.today(tz)
    return result
