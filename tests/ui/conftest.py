"""Fixtures for the app tests: the real app on a real SQLite file with the demo stories.

The clock is frozen (the demo's dates are relative to "today", so the board is
the same on every run) and the app's change watcher is slowed down: tests
call `app._watch_changes()` themselves instead of waiting a second. The
state directory (where the app logs its faults) is in the test's tmp_path.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePath
from typing import Any, Protocol

import pendulum
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from mstui.app import MstuiApp
from mstui.cli.stories import load_stories
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.identity import Account
from mstui.store import Store, open_store

UI_NOW = pendulum.datetime(2026, 11, 22, 15, 0, tz="UTC")
"""A Sunday afternoon; the demo stories are laid out around it."""

LEAD = Account("lead", "Lee Lead")
VERA = Account("vera", "Vera Viewer")
"""A viewer (the `viewer_app` fixture makes her one)."""


class MakeApp(Protocol):
    """The `make_app` fixture: a new app, on the board unless `mode` says otherwise."""

    def __call__(
        self, *, mode: str | None = "kanban", keymap: dict[str, str] | None = None
    ) -> MstuiApp: ...


class ViewerApp(Protocol):
    """The `viewer_app` fixture: the app as Vera, a viewer of `projects` (default: all)."""

    def __call__(self, *projects: str, mode: str = "kanban") -> MstuiApp: ...


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture, as it is called.

    The plugin annotates the fixture `Callable[[str | PurePath], bool]`, which
    leaves out the keyword arguments its function takes; this is that function.
    """

    def __call__(
        self,
        app: str | PurePath | App[Any],
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool: ...


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's state directory (its log of faults) in tmp_path, never the real one."""
    path = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(path))
    return path / "mstui"


@pytest.fixture
def ui_clock() -> FrozenClock:
    return FrozenClock(UI_NOW)


@pytest.fixture
def ui_settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "demo.db"), timezone="UTC")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database made once per test process (opening, migrating and loading the
    stories takes about 2 s; copying the file, milliseconds). Closed: no WAL beside it."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    store = open_store(Settings(db=str(path), timezone="UTC"), FrozenClock(UI_NOW), LEAD)
    load_stories(store)
    store.db.close()
    assert not path.with_name("demo.db-wal").exists()
    return path


@pytest.fixture
def demo_store(ui_settings: Settings, ui_clock: FrozenClock, demo_template: Path) -> Store:
    """The lead's store on a fresh demo database (a copy of the one `demo_template` made)."""
    shutil.copyfile(demo_template, ui_settings.db)
    return open_store(ui_settings, ui_clock, LEAD)


@pytest.fixture
def other_store(ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store) -> Store:
    """Bob's store on the same file: another person at the same moment.

    Bob is an editor of every demo project (the lead adds him), so that his
    writes are the concurrent edits of a colleague, not refusals.
    """
    bob = open_store(ui_settings, ui_clock, Account("bob", "Bob Baker"))
    bob.me_id()  # Bob has run mstui: he is a person the lead can add
    for project in demo_store.list_projects():
        demo_store.add_member(project.key, "bob")
    return bob


@pytest.fixture
def make_app(ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store) -> MakeApp:
    """The app as the lead on the demo database (its own store, like its own process)."""

    def make(*, mode: str | None = "kanban", keymap: dict[str, str] | None = None) -> MstuiApp:
        return MstuiApp(
            lambda: open_store(ui_settings, ui_clock, LEAD),
            watch_interval=3600,
            mode=mode,
            keymap=keymap,
        )

    return make


@pytest.fixture
def viewer_app(ui_settings: Settings, ui_clock: FrozenClock, demo_store: Store) -> ViewerApp:
    """The app as Vera (who has run mstui once), a viewer of the projects named."""

    def make(*projects: str, mode: str = "kanban") -> MstuiApp:
        vera = open_store(ui_settings, ui_clock, VERA)
        vera.me_id()
        vera.db.close()
        for key in projects or [p.key for p in demo_store.list_projects()]:
            demo_store.add_member(key, "vera", "viewer")
        return MstuiApp(
            lambda: open_store(ui_settings, ui_clock, VERA), watch_interval=3600, mode=mode
        )

    return make


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished and its results are on screen."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive load replaced by a newer one: wait for that
            continue
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()
