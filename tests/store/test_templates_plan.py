"""Every shipped template makes a plan that holds on its first day: no task starts
before the milestones its milestone waits for, so nothing is projected late."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from mstui.clock import FrozenClock
from mstui.store import Store
from mstui.store.templates import create_from_template
from mstui.template_files import load_templates

pytestmark = pytest.mark.sqlite_only

SHIPPED = sorted(load_templates().templates)


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("start", [date(2026, 12, 7), date(2027, 1, 30)], ids=["mon", "sat"])
def test_a_new_project_from_a_template_is_on_track(
    store: Store, clock: FrozenClock, name: str, start: date
) -> None:
    clock.set(pendulum.datetime(start.year, start.month, start.day, tz="UTC").subtract(days=1))
    store.me()
    create_from_template(store, "NEW", "New", load_templates().get(name), start, {})
    (project,) = [p for p in store.timeline_projects() if p.key == "NEW"]
    plan = store.timeline_plan(project.id)
    late = [
        (r.title, r.end, r.projected_end)
        for r in plan.rows
        if r.kind in ("m", "t")
        and r.end is not None
        and r.projected_end is not None
        and r.projected_end > r.end
    ]
    assert late == []
    assert plan.projected_end == plan.planned_end
    assert {r.health.value for r in plan.rows if r.kind == "m"} == {"on_track"}
