"""Random odd rows, written straight into the file, never crash a screen or a listing.

Hypothesis picks rows and values no mstui command would write (dates far out
of range, text that is no date, NaN and huge figures, invalid UTF-8, words
outside a vocabulary, integers past 64 bits) and puts them into a copy of the
demo database with sqlite3. Every screen then opens on it, and every listing
prints (in this process: a subprocess per listing would cost seconds each).
Two examples keep it under 45 s on a busy CI machine.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mstui.app import MstuiApp
from mstui.cli import main
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.store import Store, open_store
from tests.reliability.odd_rows import LISTINGS, write_odd
from tests.ui.conftest import LEAD, UI_NOW, settle

DATES = st.one_of(
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "", "today", "2026-13-01"]),
    st.text(max_size=12),
    st.integers(-(2**63), 2**63 - 1),
    st.dates().map(lambda d: d.isoformat()),
)
FIGURES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from(["1e400", "NaN", "lots", str(2**70)]),
)
TEXTS = st.one_of(st.binary(min_size=1, max_size=16), st.text(min_size=1, max_size=16))
WORDS = st.one_of(st.text(max_size=12), st.sampled_from(["exploded", "DONE", " planned", ""]))
INTS = st.one_of(st.integers(-(2**63), 2**63 - 1), st.just(str(2**70)), st.just(1e300))

COLUMNS: dict[tuple[str, str], st.SearchStrategy[object]] = {
    ("milestone", "due"): DATES,
    ("milestone", "status"): WORDS,
    ("milestone", "title"): TEXTS,
    ("milestone", "description"): TEXTS,
    ("milestone", "kpi_target"): FIGURES,
    ("milestone", "kpi_actual"): FIGURES,
    ("milestone", "cost_estimate"): FIGURES,
    ("milestone", "effort_actual"): FIGURES,
    ("milestone", "kpi_unit"): TEXTS,
    ("milestone", "position"): INTS,
    ("task", "start_date"): DATES,
    ("task", "end_date"): DATES,
    ("task", "title"): TEXTS,
    ("task", "estimate_hours"): FIGURES,
    ("target", "goal"): FIGURES,
    ("target", "start_date"): DATES,
    ("target", "end_date"): DATES,
    ("target", "direction"): WORDS,
    ("target", "name"): TEXTS,
    ("checkpoint", "date"): DATES,
    ("checkpoint", "expected"): FIGURES,
    ("measurement", "date"): DATES,
    ("measurement", "value"): FIGURES,
    ("project", "name"): TEXTS,
    ("project", "end_date"): DATES,
    ("project", "budget"): FIGURES,
    ("projectmember", "role"): WORDS,
    ("project", "timezone"): WORDS,
    ("milestone", "completed_at"): DATES,
    ("milestone", "blocked_at"): DATES,
    ("milestone", "updated_at"): DATES,
}
ROWS = st.lists(
    st.sampled_from(sorted(COLUMNS)).flatmap(
        lambda tc: st.tuples(st.just(tc[0]), st.just(tc[1]), COLUMNS[tc], st.integers(0, 40))
    ),
    min_size=1,
    max_size=14,
)
SCREENS = ["dashboard", "kanban", "timeline", "targets", "alerts"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once; each example works on a copy."""
    from mstui.cli.stories import load_stories

    path = tmp_path_factory.mktemp("pristine") / "demo.db"
    store = open_store(Settings(db=str(path), timezone="UTC"), FrozenClock(UI_NOW), LEAD)
    load_stories(store)
    store.db.close()
    return path


async def _every_screen(path: Path) -> None:
    app = MstuiApp(
        lambda: open_store(Settings(db=str(path), timezone="UTC"), FrozenClock(UI_NOW), LEAD),
        watch_interval=3600,
        mode="dashboard",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for name in SCREENS:
            app.switch_mode(name)
            await settle(pilot)
            assert app.current_mode == name
        store: Store = open_store(Settings(db=str(path), timezone="UTC"), FrozenClock(UI_NOW), LEAD)
        for m in store.list_milestones()[:2]:
            app.open_milestone(m.id)
            await settle(pilot)
            await pilot.press("escape")
        store.db.close()
    assert app.return_code in (None, 0), app.error_message


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=ROWS)
def test_random_odd_rows_crash_no_screen_and_no_listing(
    rows: list[tuple[str, str, object, int]],
    pristine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "odd.db"
    path.unlink(missing_ok=True)
    shutil.copyfile(pristine, path)
    write_odd(path, rows)
    monkeypatch.setenv("MSTUI_NOW", UI_NOW.isoformat())
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for args in LISTINGS:
        code = main(["--db", str(path), *args])
        err = capsys.readouterr().err
        assert code == 0, (args, err)
    asyncio.run(_every_screen(path))
    log = tmp_path / "state" / "mstui" / "mstui.log"  # a fault a screen caught fails too
    assert not log.exists(), log.read_text()
