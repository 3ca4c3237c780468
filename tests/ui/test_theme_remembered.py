"""The theme a person picks is theirs at the next start (kept in their state folder)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ui.conftest import MakeApp, settle


async def test_the_chosen_theme_is_there_at_the_next_start(
    make_app: MakeApp, state_dir: Path
) -> None:
    first = make_app(mode="dashboard")
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert first.theme != "nord"
        first.theme = "nord"  # what the palette's "Change theme" does
        await settle(pilot)
    assert json.loads((state_dir / "ui.json").read_text())["theme"] == "nord"
    second = make_app(mode="dashboard")
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"


async def test_an_unknown_or_unreadable_remembered_theme_is_ignored(
    make_app: MakeApp, state_dir: Path
) -> None:
    state_dir.mkdir(parents=True)
    for content in ('{"theme": "no-such-theme"}', "not json at all", '["nord"]'):
        (state_dir / "ui.json").write_text(content)
        app = make_app(mode="dashboard")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
