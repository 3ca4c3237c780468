"""The store: the only code that opens database sessions.

Screens and the CLI call `Store` methods; each is one short unit of work that
returns immutable views or raises one of `mstui.errors` (`Invalid`,
`NotFound`, `Conflict`, `NotAllowed`, `MstuiError`). Every change writes
Activity rows saying who changed what, from what to what, and when.
"""

from __future__ import annotations

from pathlib import Path

from mstui.clock import Clock, SystemClock
from mstui.config import Settings, default_db_path
from mstui.identity import Account, current_account
from mstui.store.alerts import AlertFilter, AlertStore
from mstui.store.corrections import CorrectionStore
from mstui.store.engine import open_database
from mstui.store.milestones import MilestoneFilter
from mstui.store.reports import ReportStore
from mstui.store.timeline import TimelineStore

__all__ = ["AlertFilter", "MilestoneFilter", "Store", "open_store"]


class Store(AlertStore, ReportStore, TimelineStore, CorrectionStore):
    """Every query and command of mstui, acting as one person at one clock.

    Each part lives in its own module (a mixin on `WorkStore`).
    """


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
    db = open_database(db_spec, create_dir=not settings.db or in_ours)
    return Store(db, clock or SystemClock(), settings, account or current_account())
