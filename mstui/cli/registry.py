"""The whole command line: the one module that knows every noun.

Each noun module adds its own commands (`register(sub)`); the order here is
the order `mstui --help` lists them in.
"""

from __future__ import annotations

from mstui.cli import (
    admin,
    alerts,
    baselines,
    database,
    demo,
    exchange,
    milestones,
    outside,
    people,
    projects,
    resources,
    targets,
    tasks,
    templates,
    timeline,
)
from mstui.cli.args import Parser

NOUNS = (
    demo,
    admin,
    people,
    projects,
    templates,
    milestones,
    tasks,
    alerts,
    outside,
    timeline,
    baselines,
    targets,
    resources,
    database,
    exchange,
)


def build_parser() -> Parser:
    """`mstui` with its options and every command."""
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
    for noun in NOUNS:
        noun.register(sub)
    return p


def _version() -> str:
    from mstui import __version__

    return f"mstui {__version__}"
