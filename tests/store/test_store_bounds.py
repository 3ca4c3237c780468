"""The store refuses, on write, every value outside the accepted ranges, whatever the path.

The command line and the forms check first; these calls go to the store
directly (a script, a future screen), through the ORM and through Core updates.
"""

from __future__ import annotations

from datetime import date

import pytest

from mstui.errors import Invalid
from mstui.store import Store


@pytest.fixture
def mkt(store: Store) -> Store:
    store.add_project("MKT", "Winter campaign", start=date(2026, 11, 1))
    store.add_milestone("MKT", "Kick-off", date(2026, 12, 1))
    return store


@pytest.mark.parametrize("due", [date(9999, 12, 31), date(1, 1, 1), date(1899, 12, 31)])
def test_a_due_date_out_of_range_is_refused_naming_it(mkt: Store, due: date) -> None:
    before = mkt.list_milestones()
    with pytest.raises(Invalid, match=r"^due: .*1900-01-01.*2199-12-31"):
        mkt.add_milestone("MKT", "Far", due)
    m = before[0]
    with pytest.raises(Invalid, match=r"^due: "):
        mkt.edit_milestone(m.id, m.version, due=due)
    assert mkt.list_milestones() == before  # nothing written


@pytest.mark.parametrize("figure", [float("nan"), float("inf"), 1e400, 1e16])
def test_a_figure_not_finite_or_past_1e15_is_refused(mkt: Store, figure: float) -> None:
    before = mkt.list_milestones()
    with pytest.raises(Invalid, match=r"^cost"):
        mkt.add_milestone("MKT", "Costly", date(2026, 12, 2), cost_estimate=figure)
    assert mkt.list_milestones() == before


def test_the_edges_are_accepted(mkt: Store) -> None:
    low = mkt.add_milestone("MKT", "Low", date(1900, 1, 1), cost_estimate=1e15)
    high = mkt.add_milestone("MKT", "High", date(2199, 12, 31), cost_estimate=1e15)
    assert (low.due, high.due) == (date(1900, 1, 1), date(2199, 12, 31))


def test_text_that_is_not_unicode_is_refused(mkt: Store) -> None:
    before = mkt.list_milestones()
    with pytest.raises(Invalid, match=r"^title: "):
        mkt.add_milestone("MKT", "bad \udcff", date(2026, 12, 2))
    assert mkt.list_milestones() == before


def test_text_not_checked_where_it_entered_is_refused_on_write(mkt: Store) -> None:
    with pytest.raises(Invalid, match=r"^text: not valid UTF-8"):
        mkt.add_task("MKT", "ok", date(2026, 12, 1), date(2026, 12, 2), assignee="\udcff")


def test_a_task_shifted_past_the_range_is_refused(mkt: Store) -> None:
    t = mkt.add_task("MKT", "Long", date(2199, 12, 1), date(2199, 12, 20))
    with pytest.raises(Invalid):
        mkt.add_task("MKT", "Longer", date(2199, 12, 1), date(2200, 1, 2))
    assert t.end == date(2199, 12, 20)


def test_a_core_update_is_refused_too(mkt: Store) -> None:
    import sqlalchemy as sa

    from mstui.store.tables import Milestone

    before = mkt.list_milestones()
    with pytest.raises(Invalid, match=r"^due: "), mkt.db.writing() as s:
        s.execute(sa.update(Milestone).values(due=date(9999, 12, 31)))
    with pytest.raises(Invalid, match=r"^kpi actual: not a number"), mkt.db.writing() as s:
        s.execute(sa.update(Milestone).values(kpi_actual=float("nan")))
    assert mkt.list_milestones() == before
