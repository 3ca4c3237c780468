"""The demo stories, loaded through the store at awkward moments and in several timezones."""

from __future__ import annotations

import collections
from datetime import date

import pendulum
import pytest

from mstui.cli.stories import load_stories
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.errors import MstuiError
from mstui.store import MilestoneFilter, Store
from tests import raw
from tests.conftest import MakeStore

FOUR = {"on_track", "at_risk", "overdue", "done"}


@pytest.mark.parametrize(
    ("at", "tz"),
    [
        ("2026-11-18T10:00:00Z", "UTC"),
        ("2026-11-30T23:30:00Z", "UTC"),  # the last minutes of a month
        ("2026-12-31T22:30:00Z", "Pacific/Auckland"),  # already next year there
        ("2027-01-01T03:00:00Z", "America/Los_Angeles"),  # still last year there
        ("2028-02-29T12:00:00Z", "Europe/Paris"),  # a leap day
    ],
)
def test_demo_stories_show_every_health(
    make_store: MakeStore, settings: Settings, db: str, at: str, tz: str
) -> None:
    import dataclasses

    moment = pendulum.parse(at)
    assert isinstance(moment, pendulum.DateTime)
    clock = FrozenClock(moment)
    store = make_store(
        "lee", "Lee Lead", at=clock, settings_=dataclasses.replace(settings, timezone=tz)
    )
    counts = load_stories(store)
    # 3 marketing, 4 sales, 5 construction and 4 release milestones.
    assert counts == {"projects": 4, "milestones": 16, "tasks": 22, "targets": 1}
    healths = collections.Counter(m.health.value for m in store.list_milestones())
    assert set(healths) >= FOUR, healths
    assert {p.lead for p in store.list_projects()} == {"lee"}
    # Nothing in the replayed history lies in the future.
    ((latest,),) = raw.rows(db, "SELECT max(at) FROM activity")
    if isinstance(latest, str):  # SQLite keeps the time as text, in UTC
        latest = pendulum.parse(latest, tz="UTC")
    assert latest.replace(tzinfo=None) <= clock.now().in_timezone("UTC").naive()


def test_the_sales_target(store: Store) -> None:
    load_stories(store)
    (target,) = store.list_targets()
    assert (target.name, target.goal, target.unit, target.project) == (
        "Revenue, four weeks",
        100_000.0,
        "USD",
        "SLS",
    )
    # Wednesday 18 November 2026: the four weeks from Saturday 24 October, the
    # latest Friday before today (13 November) closing the third of them.
    assert (target.start, target.end) == (date(2026, 10, 24), date(2026, 11, 20))
    assert [(c.date, c.expected) for c in target.state.checkpoints] == [
        (date(2026, 10, 30), 25_000.0),
        (date(2026, 11, 6), 50_000.0),
        (date(2026, 11, 13), 75_000.0),
        (date(2026, 11, 20), 100_000.0),
    ]
    # The first Friday was met, the second and third missed; the last is ahead.
    assert [c.passed for c in target.state.checkpoints] == [True, True, True, False]
    assert [c.missed for c in target.state.checkpoints] == [False, True, True, False]
    assert target.state.actual == 72_750.0
    assert not target.state.on_track


CONSTRUCTION = [
    "Permit Approved",
    "Subcontractor Onboarding",
    "Material Delivery",
    "Final Inspection",
    "Final Site Walkthrough",
]
RELEASE = ["Feature Freeze", "Alpha Launch", "Beta Testing", "Release"]


def chain(store: Store, project: str) -> list[str]:
    """The project's milestones from the first, each the one that depends on the last."""
    milestones = store.list_milestones(MilestoneFilter(project=project))
    (first,) = [m for m in milestones if not m.depends_on]
    order = [first]
    while nxt := [m for m in milestones if m.depends_on == (order[-1].id,)]:
        (one,) = nxt
        order.append(one)
    assert len(order) == len(milestones), "every milestone is on the chain"
    return [m.title for m in order]


@pytest.mark.parametrize(
    "day",
    [
        "2027-03-01",  # the first of a month (a Monday): nothing of this month has passed
        "2027-03-15",
        "2027-03-31",  # the last of a month
        "2027-02-28",
        "2028-02-29",  # a leap day
        "2026-12-31",  # the last day of a year
        "2027-01-01",  # a Friday, the first of a year: today's checkpoint has not passed
        "2026-11-01",  # a Sunday, the first of a month
    ],
)
def test_the_stories_in_full_on_any_day(make_store: MakeStore, db: str, day: str) -> None:
    clock = FrozenClock(pendulum.parse(f"{day}T12:00:00Z"))  # type: ignore[arg-type]
    store = make_store("lee", "Lee Lead", at=clock)
    load_stories(store)
    today = date.fromisoformat(day)
    assert chain(store, "BLD") == CONSTRUCTION
    assert chain(store, "REL") == RELEASE
    # The release's critical path runs through its four milestones, in order.
    (project,) = [p for p in store.timeline_projects() if p.key == "REL"]
    plan = store.timeline_plan(project.id)
    titles = {("m", r.id): r.title for r in plan.rows if r.kind == "m"}
    assert [titles[k] for k in plan.path if k in titles] == RELEASE
    assert all(r.critical and r.slack == 0 for r in plan.rows if r.title in RELEASE)
    # The sales target: 25,000 a week up to 100,000, a checkpoint met and one missed.
    (target,) = store.list_targets()
    checkpoints = target.state.checkpoints
    assert [c.expected for c in checkpoints] == [25_000.0, 50_000.0, 75_000.0, 100_000.0]
    assert target.start < today <= target.end and (target.end - target.start).days == 27
    passed = [c for c in checkpoints if c.passed]
    assert all(c.date < today for c in passed)
    assert any(not c.missed for c in passed) and any(c.missed for c in passed)
    # KPIs where the stories have them.
    kpis = {m.title: m.kpi for m in store.list_milestones() if m.kpi}
    assert (kpis["Campaign Live"].name, kpis["Campaign Live"].target) == ("Reach", 250_000)
    signed = kpis["Release"]
    assert (signed.name, signed.actual, signed.target) == ("Stakeholders signed", 2, 5)
    # Nothing in the replayed history lies in the future.
    ((latest,),) = raw.rows(db, "SELECT max(at) FROM activity")
    if isinstance(latest, str):
        latest = pendulum.parse(latest, tz="UTC")
    assert latest.replace(tzinfo=None) <= clock.now().in_timezone("UTC").naive()


def test_demo_refuses_data_unless_forced(store: Store) -> None:
    store.add_project("KEEP", "Mine")
    with pytest.raises(MstuiError, match="--force"):
        load_stories(store)
    assert [p.key for p in store.list_projects()] == ["KEEP"]
    load_stories(store, force=True)
    load_stories(store, force=True)  # twice: the demo projects are replaced, not doubled
    assert [p.key for p in store.list_projects()] == ["BLD", "KEEP", "MKT", "REL", "SLS"]
    assert len(store.list_milestones()) == 16
