"""Snapshots of the key screens on the demo data with a frozen clock, at 100x30.

Run `pytest --snapshot-update` after a deliberate change of look, and look at
the report it writes before committing the new SVGs.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from mstui.store import Store
from tests.ui.conftest import MakeApp, SnapCompare
from tests.ui.helpers import by_title, mstui_app, steady


def test_board_snapshot(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=steady)


def test_detail_snapshot(snap_compare: SnapCompare, make_app: MakeApp, demo_store: Store) -> None:
    mid = by_title(demo_store, "Assets Created").id

    async def open_it(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        mstui_app(pilot).open_milestone(mid)
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=open_it)
