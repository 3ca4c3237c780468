"""Every screen opens and every listing prints on a database holding odd rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from mstui.app import MstuiApp
from mstui.cli import main
from mstui.store import Store
from tests.conftest import RunCli, cli_environment
from tests.reliability.odd_rows import LISTINGS, ODD, write_odd
from tests.ui.conftest import MakeApp, settle

SCREENS = ["dashboard", "kanban", "timeline", "targets", "alerts"]
TIMELINE_KEYS = ("minus", "minus", "l", "l", "h", "end", "home", "j", "j", "c", "plus", "plus", "t")
"""Zoom out, scroll, walk the rows, the critical path, zoom in: over the odd dates."""


def _odd_file(path: Path) -> list[int]:
    """ODD written into `path` (each into its own row); the ids of the odd milestones."""
    ids = write_odd(path, [(t, c, v, i) for i, (t, c, v) in enumerate(ODD)])
    return [i for (t, _c, _v), i in zip(ODD, ids, strict=True) if t == "milestone"]


async def test_every_screen_opens_on_odd_rows(
    make_app: MakeApp, demo_store: Store, state_dir: Path
) -> None:
    path = demo_store.db.path
    assert path is not None
    milestones = _odd_file(path)
    app: MstuiApp = make_app(mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        for name in SCREENS:
            app.switch_mode(name)
            await settle(pilot)
            assert app.current_mode == name
            for key in TIMELINE_KEYS if name == "timeline" else ():
                await pilot.press(key)
            await settle(pilot)
        for mid in milestones:
            app.open_milestone(mid)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    assert app.return_code in (None, 0), app.error_message
    log = state_dir / "mstui.log"  # a fault a screen caught (a toast) is a failure here too
    assert not log.exists(), log.read_text()


def test_every_listing_prints_odd_rows(
    mstui: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "odd.db"
    assert mstui("demo", db=db).returncode == 0
    milestones = _odd_file(db)
    shows = [("milestone", "show", str(mid)) for mid in sorted(set(milestones))]
    for key, value in cli_environment(tmp_path).items():
        monkeypatch.setenv(key, value)
    for args in [*LISTINGS, *shows]:  # in this process: a subprocess each costs seconds
        code = main(["--db", str(db), *args])
        err = capsys.readouterr().err
        assert code == 0, (args, err)
    done = mstui("milestone", "list", db=db)  # and once as a person runs it
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "9999-12-31" not in done.stdout and "0001-01-01" not in done.stdout
    assert "?" in done.stdout  # shown as unreadable, not as a real date
