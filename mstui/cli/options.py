"""`mstui`'s own options, without its commands: all that opening the app needs, so
`mstui` with no command starts without building (and importing) every command."""

from __future__ import annotations

from collections.abc import Sequence

from mstui.cli.args import Parser


def options_parser() -> Parser:
    """`mstui` with its options only: what opening the app needs."""
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
    return p


def _version() -> str:
    from mstui import __version__

    return f"mstui {__version__}"


def opens_the_app(argv: Sequence[str]) -> bool:
    """Whether `argv` holds only the options that open the app (--db, --demo,
    --screen): no command, no --help or --version. Anything else goes to the whole
    parser, which also says what is wrong with a bad command line."""
    valued = ("--db", "--screen")
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--demo" or any(arg.startswith(f"{v}=") for v in valued):
            i += 1
        elif arg in valued and i + 1 < len(argv):
            i += 2
        else:
            return False
    return True
