"""A progress bar for long commands (`mstui import` of a large file), only on a terminal.

Rich's progress (Rich comes with Textual) is imported here and only when a bar
is drawn: every other command, and this one on a pipe or under cron, loads no
Rich at all (the CLI's import contract allows this one module). The bar is
drawn on stderr and cleared when done, so stdout holds only the result and a
successful command leaves nothing on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LARGE = 500
"""Rows from which a bar is worth drawing."""

Advance = Callable[[int], None]


def _nothing(_n: int) -> None:
    """No bar: nothing to tell."""


@contextmanager
def progress(what: str, total: int) -> Iterator[Advance]:
    """`advance(n)` moves a bar of `total` steps labelled `what`; a no-op off a terminal or
    for small totals."""
    if total < LARGE or not sys.stderr.isatty():
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    with bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.advance(task, n)
