"""The store: the only code that opens database sessions.

Screens and the CLI call `Store` methods; each is one short unit of work that
returns immutable views or raises one of `mstui.errors` (`Invalid`,
`NotFound`, `Conflict`, `NotAllowed`, `MstuiError`). Every change writes
Activity rows saying who changed what, from what to what, and when.

`Store` is assembled here once from one part per entity, each inheriting only
`StoreBase`; what one entity needs of another goes through module functions
taking a `Session`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from mstui.clock import Clock, EnvClock, SystemClock
from mstui.config import Settings, default_db_path
from mstui.errors import Invalid
from mstui.identity import Account, account_named, current_account
from mstui.store.alert_scan import AlertScanPart
from mstui.store.attachments import AttachmentPart
from mstui.store.baselines import BaselinePart
from mstui.store.board import BoardPart
from mstui.store.bookings import BookingPart
from mstui.store.comments import CommentPart
from mstui.store.demo_bulk import DemoBulkPart
from mstui.store.dependencies import DependencyPart
from mstui.store.detail import DetailPart
from mstui.store.engine import open_database, sqlite_path, to_url
from mstui.store.figures import FigurePart
from mstui.store.inbox import AlertFilter, InboxPart
from mstui.store.members import MemberPart
from mstui.store.milestone_reads import MilestoneFilter, MilestoneReadPart
from mstui.store.milestones import MilestonePart
from mstui.store.people import PeoplePart
from mstui.store.pg_setup import enforcing_login
from mstui.store.projects import ProjectPart
from mstui.store.reports import ReportPart
from mstui.store.resources import ResourcePart
from mstui.store.server import private_to_me
from mstui.store.target_reads import TargetReadPart
from mstui.store.targets import TargetPart
from mstui.store.tasks import TaskPart
from mstui.store.templates import TemplatePart
from mstui.store.timeline import TimelinePart
from mstui.store.timeline_moves import TimelineMovePart

__all__ = ["AlertFilter", "MilestoneFilter", "Store", "open_store"]


class Store(
    PeoplePart,
    ProjectPart,
    MemberPart,
    MilestoneReadPart,
    BoardPart,
    MilestonePart,
    DependencyPart,
    TaskPart,
    TemplatePart,
    CommentPart,
    AttachmentPart,
    DetailPart,
    TargetReadPart,
    TargetPart,
    FigurePart,
    ResourcePart,
    BookingPart,
    TimelinePart,
    TimelineMovePart,
    BaselinePart,
    ReportPart,
    InboxPart,
    AlertScanPart,
    DemoBulkPart,
):
    """Every query and command of mstui, acting as one person at one clock."""


def open_store(
    settings: Settings,
    clock: Clock | None = None,
    account: Account | None = None,
) -> Store:
    """Open (creating and migrating) the configured database as the current OS account."""
    db_spec = settings.resolved_db()
    # Our own data folder may not exist yet on a fresh account (mstui.db and
    # the demo's demo.db live there); a folder named by the user must exist.
    ours = default_db_path().parent
    in_ours = "://" not in db_spec and Path(db_spec).expanduser().resolve().parent == ours.resolve()
    path = sqlite_path(to_url(db_spec))
    if isinstance(clock, EnvClock) and path is not None:
        # Decided before the file is opened: a refused command creates nothing.
        _refuse_frozen_clock(clock, _shared_file(path))
    db = open_database(db_spec, create_dir=not settings.db or in_ours)
    if isinstance(clock, EnvClock) and path is None and not private_to_me(db.engine):
        db.close()
        _refuse_frozen_clock(clock, "it is a team's database server")
    account = account or current_account()
    if path is None and (role := enforcing_login(db)) and role != account.login:
        # The database knows who connected: that is who acts (pg-setup: roles enforced).
        account = account_named(role) or Account(role, role)
    return Store(db, clock or SystemClock(), settings, account)


def _refuse_frozen_clock(clock: EnvClock, shared: str) -> None:
    if shared:
        raise Invalid(
            "MSTUI_NOW",
            clock.text,
            f"refused on this database ({shared}): every write would carry that time "
            "into other people's history and alerts; set it only on a private copy",
        )


def _shared_file(path: Path) -> str:
    """Why other accounts can write the SQLite file `path` ("" when they cannot):
    the file, or the folder it is (or will be) made in, is group- or world-writable."""
    if path.exists() and not path.is_file():
        return ""  # not a database at all: refused when opened
    for where in (path, path.parent):
        with contextlib.suppress(OSError):
            if where.stat().st_mode & 0o022:
                return f"other accounts can write {where}"
    return ""
