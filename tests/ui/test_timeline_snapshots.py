"""Snapshots of the Timeline on the demo data with a frozen clock, at 100x30 and 200x50.

Run `pytest --snapshot-update` after a deliberate change of look, and look at
the report it writes before committing the new SVGs.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.ui.conftest import MakeApp, SnapCompare
from tests.ui.helpers import steady


def test_timeline_snapshot_100x30(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(mode="timeline"), terminal_size=(100, 30), run_before=steady)


def test_timeline_snapshot_200x50_critical_path(
    snap_compare: SnapCompare, make_app: MakeApp
) -> None:
    async def critical(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("j", "j", "j", "j", "c")  # Assets Created, critical path on
        await steady(pilot)

    assert snap_compare(make_app(mode="timeline"), terminal_size=(200, 50), run_before=critical)
