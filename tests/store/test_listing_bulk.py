"""A long listing reads dependencies and task ends in one query joined on its filter
(`milestone_reads.MANY`); it must say exactly what the chunked reading says."""

from __future__ import annotations

import pytest

from mstui.cli.stories import load_stories
from mstui.domain.enums import Health, Status
from mstui.store import MilestoneFilter, Store, milestone_reads


@pytest.mark.parametrize(
    "flt",
    [
        MilestoneFilter(),
        MilestoneFilter(include_archived=False),
        MilestoneFilter(statuses=(Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED)),
        MilestoneFilter(health=Health.AT_RISK),
    ],
)
def test_a_long_listing_reads_the_same_as_a_chunked_one(
    store: Store, monkeypatch: pytest.MonkeyPatch, flt: MilestoneFilter
) -> None:
    load_stories(store)
    store.add_synthetic(40)
    monkeypatch.setattr(milestone_reads, "MANY", 10**9)
    chunked = store.list_milestones(flt)
    monkeypatch.setattr(milestone_reads, "MANY", 0)
    monkeypatch.setattr(milestone_reads, "CHUNK", 7)  # unused on this path
    at_once = store.list_milestones(flt)
    assert at_once == chunked
    assert any(m.depends_on for m in chunked) or flt.health is not None
    assert any(m.health is Health.AT_RISK for m in chunked) or flt.statuses
