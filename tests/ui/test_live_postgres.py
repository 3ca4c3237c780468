"""Live on PostgreSQL: a card another person changes shows on my open board within a
second, by the server's notifications alone (no key pressed, the app's own timer), and
my selection stays on the card I had selected."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mstui.app import MstuiApp
from mstui.cli.stories import load_stories
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.identity import Account
from mstui.store import open_store
from tests import pg
from tests.ui.conftest import LEAD, UI_NOW, settle
from tests.ui.helpers import by_title, column, select, titles


@pytest.fixture
def team_settings(tmp_path: Path) -> Iterator[Settings]:
    with pg.database() as url:
        settings = Settings(db=url, timezone="UTC", files=str(tmp_path / "files"))
        lead = open_store(settings, FrozenClock(UI_NOW), LEAD)
        load_stories(lead)
        lead.db.close()
        yield settings


async def test_a_card_moved_by_someone_else_shows_within_a_second(
    team_settings: Settings,
) -> None:
    clock = FrozenClock(UI_NOW)
    lead = open_store(team_settings, clock, LEAD)
    bob = open_store(team_settings, clock, Account("bob", "Bob Baker"))
    bob.me_id()
    for project in lead.list_projects():
        lead.add_member(project.key, "bob")
    app = MstuiApp(lambda: open_store(team_settings, clock, LEAD), mode="kanban")
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            assert app.db_label.endswith(" on PostgreSQL")  # its name, not a URL
            planned = titles(app, Status.PLANNED)
            mine, theirs = planned[0], planned[-1]
            await select(pilot, Status.PLANNED, mine)
            m = by_title(bob, theirs)
            started = time.monotonic()
            bob.move_milestone(m.id, Status.IN_PROGRESS, expected_version=m.version)
            while theirs not in titles(app, Status.IN_PROGRESS):
                assert time.monotonic() - started < 1.0, "not shown within a second"
                await pilot.pause(0.02)
            await settle(pilot)
            assert theirs not in titles(app, Status.PLANNED)
            current = column(app, Status.PLANNED).current
            assert current is not None and current.title == mine
    finally:
        lead.db.close()
        bob.db.close()
