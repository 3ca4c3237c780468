"""`mstui` with no command: the app. The only part of the command line that imports it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mstui.cli.context import fill_demo, settings_for
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.store import Store


def run_tui(args: argparse.Namespace) -> int:
    """Open the app. It paints first and opens the store in a thread.

    With --demo, an empty demo database gets the demo stories first.
    """
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise Invalid("terminal", "not a terminal", "the app needs a terminal; see mstui --help")
    settings = settings_for(args)
    demo = bool(args.demo)

    def open_store() -> Store:
        from mstui.clock import clock_from_env
        from mstui.store import open_store as open_it

        store = open_it(settings, clock_from_env())
        if demo:
            fill_demo(store)
        return store

    from mstui.app import run_app

    return run_app(open_store, keymap=settings.keys or None, screen=args.screen)
