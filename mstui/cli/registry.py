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
from mstui.cli.options import options_parser

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
    p = options_parser()
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for noun in NOUNS:
        noun.register(sub)
    return p
