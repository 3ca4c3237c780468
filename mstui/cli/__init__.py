"""`mstui`: the TUI with no command, and scriptable commands for everything else.

Bad input exits with status 2 and one line on stderr naming the field and
quoting the value; nothing is written. A successful command prints its result
on stdout and nothing on stderr. An unexpected fault is one line too (exit
status 1; `MSTUI_DEBUG=1` shows the traceback). Everything a command prints
on stdout goes through `clean()`: no escape sequence from the database reaches
the terminal.

`main` holds the one map from what happened to the exit status: `mstui.errors`
(`exit_code`, `one_line`) for errors, 130 for Ctrl-C, 0 for a closed pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from mstui.cli.args import Handler, check_argv, join_negative_dates
from mstui.cli.options import opens_the_app, options_parser
from mstui.cli.output import inert_stdout
from mstui.errors import EXIT_USER, MstuiError, debugging, exit_code, one_line

__all__ = ["main"]

EXIT_INTERRUPTED = 130
"""Ctrl-C, as a shell reports a process killed by SIGINT."""


def fail(message: str, code: int = EXIT_USER) -> int:
    """One line on stderr; the exit status."""
    from mstui.domain.text import clean

    sys.stderr.write(f"mstui: {clean(message)}\n")
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = join_negative_dates(list(sys.argv[1:] if argv is None else argv))
    try:
        check_argv(args_list)
        if opens_the_app(args_list):
            from mstui.cli.tui import run_tui

            return run_tui(options_parser().parse_args(args_list)) or 0
        from mstui.cli.registry import build_parser

        parser = build_parser()
        args = parser.parse_args(args_list)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            if args.command:
                parser.parse_args([args.command, "--help"])
            from mstui.cli.tui import run_tui

            return run_tui(args) or 0
        with inert_stdout():
            return handler(args) or 0
    except MstuiError as exc:
        return fail(one_line(exc), exit_code(exc))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:
        # A fault of ours: one line, not a traceback on a colleague's terminal.
        if debugging():
            raise
        return fail(one_line(exc), exit_code(exc))
