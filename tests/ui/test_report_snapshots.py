"""Snapshots of the Dashboard and Targets screens on the demo data, frozen clock, 100x30.

Run `pytest --snapshot-update` after a deliberate change of look, and look at
the report it writes before committing the new SVGs.
"""

from __future__ import annotations

from tests.ui.conftest import MakeApp, SnapCompare
from tests.ui.helpers import steady


def test_dashboard_snapshot(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(mode="dashboard"), terminal_size=(100, 30), run_before=steady)


def test_targets_snapshot(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    assert snap_compare(make_app(mode="targets"), terminal_size=(100, 30), run_before=steady)
