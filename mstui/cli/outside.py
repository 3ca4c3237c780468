"""mstui outside the app: `mstui status` (a status bar's line) and `mstui digest` (what a
login shell shows).

`status` counts MY milestones (those I own, neither done nor cancelled, in
open projects) by the dashboard's health, and my unread alerts (notices
included): one line, plain, with tmux colours, or JSON.

`digest` must never get in the way of a login: it is done within `DEADLINE`
seconds or stays silent, prints nothing when there is nothing, and whatever
goes wrong (no database, a locked or damaged one, a bad settings file) it
prints nothing and exits 0. It reads a SQLite file with the standard library
(mstui/glance.py: importing the store alone takes most of a second).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from typing import TYPE_CHECKING

from mstui.cli.args import Commands, add

if TYPE_CHECKING:
    from mstui.domain.digest import OpenMilestone, UnreadAlert
    from mstui.store import Store

DEADLINE = 0.8
"""Seconds `mstui digest` may take once it starts (the interpreter's start before it is
about 0.05 s): then it exits 0, silently, whatever it was waiting for."""


# -- status --------------------------------------------------------------------------------


def my_counts(store: Store) -> dict[str, int]:
    """My overdue and at-risk milestones (the dashboard's health) and my unread alerts."""
    from mstui.domain.enums import Health, Status
    from mstui.store import MilestoneFilter

    flt = MilestoneFilter(
        owner=store.account.login,
        statuses=tuple(s for s in Status if not s.closed),
        include_archived=False,
    )
    views = store.list_milestones(flt)
    return {
        "overdue": sum(1 for m in views if m.health is Health.OVERDUE),
        "at_risk": sum(1 for m in views if m.health is Health.AT_RISK),
        "unread": store.unread_count(),
    }


TMUX_COLOURS = {"overdue": "red", "at_risk": "yellow", "unread": "cyan"}
WORDS = {"overdue": "overdue", "at_risk": "at risk", "unread": "unread"}


def status_line(counts: dict[str, int], fmt: str) -> str:
    """`counts` as one line: `plain`, `tmux` (style codes for `status-right`) or `json`."""
    if fmt == "json":
        return json.dumps({k: counts[k] for k in WORDS})
    parts = []
    for key, word in WORDS.items():
        text = f"{counts[key]} {word}"
        if fmt == "tmux" and counts[key]:
            text = f"#[fg={TMUX_COLOURS[key]}]{text}#[default]"
        parts.append(text)
    line = " · ".join(parts)
    return line if fmt == "tmux" else f"mstui: {line}"


def cmd_status(args: argparse.Namespace) -> int:
    from mstui.cli.context import open_store

    print(status_line(my_counts(open_store(args)), args.format))
    return 0


# -- digest --------------------------------------------------------------------------------


def cmd_digest(args: argparse.Namespace) -> int:
    # A hard deadline that holds even while the main thread waits inside SQLite or a
    # driver (a signal handler would only run once the C call returns): the timer's
    # thread ends the process, exit status 0, having printed nothing (all the output
    # is written at once, after the timer is stopped).
    timer = threading.Timer(DEADLINE, os._exit, args=(0,))
    timer.daemon = True
    timer.start()
    quiet = open(os.devnull, "w")  # noqa: SIM115 (for the whole process: nothing to close)
    sys.stderr = quiet  # a warning or a library's log line is an error to a login shell
    try:
        lines = _digest(args)
    except BaseException:
        lines = []  # anything at all: silent (a login is not the place for an error)
    timer.cancel()
    if lines:
        try:
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
        except BaseException:
            pass
    return 0


def _digest(args: argparse.Namespace) -> list[str]:
    import shutil

    from mstui.cli.context import settings_for
    from mstui.clock import clock_from_env
    from mstui.domain.digest import MAX_LINES, digest_lines
    from mstui.glance import glance, sqlite_file
    from mstui.identity import current_account

    settings = settings_for(args)
    now = clock_from_env().now()
    path = sqlite_file(settings.resolved_db())
    if path is not None:
        if not path.is_file():
            return []
        login = current_account().login
        mine, alerts, unread = glance(path, login, now, settings.timezone, MAX_LINES)
    else:
        login, mine, alerts, unread = _through_the_store(args)
    width = shutil.get_terminal_size((80, 24)).columns
    return digest_lines(mine, alerts, unread, now, login=login, width=max(width, 40))


def _through_the_store(
    args: argparse.Namespace,
) -> tuple[str, list[OpenMilestone], list[UnreadAlert], int]:
    """A database server (PostgreSQL): the same facts through the store."""
    from mstui.cli.context import open_store
    from mstui.domain.digest import MAX_LINES, OpenMilestone, UnreadAlert
    from mstui.domain.enums import Status
    from mstui.store import AlertFilter, MilestoneFilter

    store = open_store(args)
    login = store.account.login
    flt = MilestoneFilter(
        owner=login, statuses=tuple(s for s in Status if not s.closed), include_archived=False
    )
    mine = [
        OpenMilestone(m.id, m.project, m.title, m.due, m.timezone)
        for m in store.list_milestones(flt)
    ]
    newest = store.list_alerts(AlertFilter(limit=MAX_LINES))
    alerts = [UnreadAlert(a.id, a.severity.value, a.message) for a in newest]
    return login, mine, alerts, store.unread_count()


def register(sub: Commands) -> None:
    """`mstui status`, `mstui digest`."""
    p = add(sub, "status", cmd_status, "one line of my counts: overdue, at risk, unread alerts")
    p.add_argument(
        "--format",
        choices=["plain", "tmux", "json"],
        default="plain",
        help="plain (default), tmux (colours for status-right) or json",
    )
    add(
        sub,
        "digest",
        cmd_digest,
        "what a login shell shows: my overdue and this week's milestones, unread alerts "
        "(nothing when there is nothing; silent on any failure)",
    )
