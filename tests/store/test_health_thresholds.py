"""A project's own "due soon" threshold decides its traffic lights, as it decides its alerts."""

from __future__ import annotations

import pendulum

from mstui.domain.enums import Health
from mstui.store import Store


def test_project_due_soon_threshold_changes_health(store: Store) -> None:
    store.add_project("REL", "Release")
    store.add_project("OPS", "Operations")
    today = store.today()
    rel = store.add_milestone("REL", "Feature freeze", today + pendulum.duration(days=6))
    ops = store.add_milestone("OPS", "Audit", today + pendulum.duration(days=6))
    assert rel.health is Health.ON_TRACK and ops.health is Health.ON_TRACK
    store.set_project_thresholds("REL", due_soon_days=10)
    assert store.milestone(rel.id).health is Health.AT_RISK
    assert store.milestone(rel.id).health_reasons == ("due in 6d",)
    assert store.milestone(ops.id).health is Health.ON_TRACK  # other projects keep the setting
