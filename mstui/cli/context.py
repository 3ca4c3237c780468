"""What a command runs against: the settings named by the arguments, and the store.

`--db` (or `MSTUI_DB`, or the settings files) names the database; `--demo`
without `--db` means the demo database beside the default one. Nothing is
opened before a command asks: `mstui --help` never touches a database.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mstui.config import Settings
    from mstui.store import Store


def settings_for(args: argparse.Namespace) -> Settings:
    """The settings, with the database the command line names."""
    from mstui.config import default_db_path, load_settings

    settings = load_settings(args.db)
    if getattr(args, "demo", False) and not args.db:
        settings = settings.with_db(str(default_db_path().with_name("demo.db")))
    return settings


def open_store(args: argparse.Namespace, db: str | None = None) -> Store:
    """The store on the database the command line names (or `db`), at the clock of
    the environment (`MSTUI_NOW` freezes it), acting as the OS account running us."""
    from mstui.clock import clock_from_env
    from mstui.store import open_store as open_it

    store = open_it(settings_for(args).with_db(db), clock_from_env())
    if (
        db is None
        and getattr(args, "demo", False)
        and getattr(args, "command", None)
        not in (
            "demo",  # fills it itself (and says so)
            "import",  # into an empty database: the demo would be in the way
        )
    ):
        fill_demo(store)
    return store


def fill_demo(store: Store) -> None:
    """The demo database on first use (empty): the demo stories, as the app does."""
    if store.is_empty():
        from mstui.cli.stories import load_stories

        load_stories(store)


def today_for(store: Store, tz: str | None = None) -> date:
    """Today, for reading relative dates typed on the command line."""
    return store.today(tz)
