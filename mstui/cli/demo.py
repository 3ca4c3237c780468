"""`mstui demo`: the four demo stories (`stories`), and synthetic data at team scale."""

from __future__ import annotations

import argparse
import sys

from mstui.cli.args import Commands, add
from mstui.cli.context import open_store


def cmd_demo(args: argparse.Namespace) -> int:
    from mstui.cli.stories import load_stories

    store = open_store(args)
    counts = load_stories(store, force=args.force)
    today = store.today(store.settings.timezone)
    print(
        f"demo: {counts['projects']} projects, {counts['milestones']} milestones, "
        f"{counts['tasks']} tasks, {counts['targets']} target in {store.db.label}, "
        f"dated around {today.isoformat()} (today)"
    )
    if args.size:
        bar = _ProgressBar("milestones") if sys.stderr.isatty() else None
        added = store.add_synthetic(args.size, bar)
        if bar:
            bar.close()
        print(f"demo: {added:,} synthetic milestones with {5 * added:,} tasks")
    return 0


class _ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __call__(self, done: int, total: int) -> None:
        filled = int(30 * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} {self.what}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()


def register(sub: Commands) -> None:
    """`mstui demo`."""
    p = add(sub, "demo", cmd_demo, "fill the database with the four demo stories")
    p.add_argument("--force", action="store_true", help="replace the demo projects if present")
    p.add_argument(
        "--size",
        type=int,
        default=0,
        metavar="N",
        help="also add N synthetic milestones (5 tasks each)",
    )
