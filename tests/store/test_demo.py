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
from mstui.store import Store
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
    assert counts == {"projects": 4, "milestones": 13, "tasks": 16, "targets": 1}
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
        "Revenue this month",
        100_000.0,
        "USD",
        "SLS",
    )
    assert (target.start, target.end) == (date(2026, 11, 1), date(2026, 11, 30))
    # November 2026 has four Fridays: 25,000 by each, cumulative.
    assert [(c.date, c.expected) for c in target.state.checkpoints] == [
        (date(2026, 11, 6), 25_000.0),
        (date(2026, 11, 13), 50_000.0),
        (date(2026, 11, 20), 75_000.0),
        (date(2026, 11, 27), 100_000.0),
    ]
    # On Wednesday 18 November the second Friday was missed; the third is ahead.
    assert [c.missed for c in target.state.checkpoints] == [False, True, False, False]
    assert target.state.actual == 43_000.0


def test_demo_refuses_data_unless_forced(store: Store) -> None:
    store.add_project("KEEP", "Mine")
    with pytest.raises(MstuiError, match="--force"):
        load_stories(store)
    assert [p.key for p in store.list_projects()] == ["KEEP"]
    load_stories(store, force=True)
    load_stories(store, force=True)  # twice: the demo projects are replaced, not doubled
    assert [p.key for p in store.list_projects()] == ["BLD", "KEEP", "MKT", "REL", "SLS"]
    assert len(store.list_milestones()) == 13
