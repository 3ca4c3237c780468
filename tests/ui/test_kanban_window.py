"""A column of 2,000 cards holds a window of them: the cursor goes anywhere, the counts
are the database's, and a move out of the window and its undo leave the right cards."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.screens.kanban import KanbanScreen
from mstui.store import Store
from mstui.widgets.cards import CardColumn
from tests.raw import execute, rows
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import column

BOARD_ORDER = """
    SELECT m.id FROM milestone m JOIN project p ON p.id = m.project_id
    WHERE m.status = ? AND NOT p.archived ORDER BY m.position, m.id
"""


@pytest.fixture
def big_store(demo_store: Store, ui_settings: Settings) -> Store:
    """The demo with 2,000 more milestones, every one planned, in the lead's first project."""
    demo_store.add_synthetic(2000)
    execute(
        ui_settings.db,
        "UPDATE milestone SET status = 'planned', blocked_reason = '', blocked_at = NULL,"
        " completed_at = NULL, project_id = (SELECT MIN(id) FROM project)"
        " WHERE title LIKE '%#%'",
    )
    return demo_store


def board_ids(store: Store, status: Status) -> list[int]:
    """The ids of the column of `status` in board order, read from the database."""
    return [mid for (mid,) in rows(store.settings.db, BOARD_ORDER, status.value)]


async def _on_planned(pilot: Pilot[Any]) -> CardColumn:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, KanbanScreen)
    planned = column(pilot.app, Status.PLANNED)
    assert screen.column is planned
    return planned


async def test_end_and_page_down_reach_the_right_card_of_a_long_column(
    make_app: MakeApp, big_store: Store
) -> None:
    ids = board_ids(big_store, Status.PLANNED)
    assert len(ids) > 2000
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        planned = await _on_planned(pilot)
        assert len(planned.cards) <= CardColumn.SIZE < len(ids)  # a window, not the column
        await pilot.press("end")
        await settle(pilot)
        assert planned.selected == len(ids) - 1
        assert planned.current is not None and planned.current.id == ids[-1]
        assert len(planned.cards) <= CardColumn.SIZE
        await pilot.press("home")
        await settle(pilot)
        assert planned.current is not None and planned.current.id == ids[0]
        for _ in range(150):  # 750 cards down, window after window
            await pilot.press("pagedown")
        await settle(pilot)
        assert planned.selected == 750
        assert planned.current is not None and planned.current.id == ids[750]
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert planned.current is not None and planned.current.id == ids[751]
        assert planned.first <= 751 < planned.first + len(planned.cards)


async def test_column_counts_are_the_rows_in_the_database(
    make_app: MakeApp, big_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for status in (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE):
            n = len(board_ids(big_store, status))
            assert column(app, status).total == n
            assert column(app, status).border_title == f"{status.label} {n:,}"
        cancelled = len(board_ids(big_store, Status.CANCELLED))
        line = str(app.screen.query_one("#filters").render())
        if cancelled:
            assert f"{cancelled} cancelled" in line


async def test_a_move_out_of_a_windowed_column_and_its_undo(
    make_app: MakeApp, big_store: Store
) -> None:
    planned_ids = board_ids(big_store, Status.PLANNED)
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        planned = await _on_planned(pilot)
        planned.select(1200)
        await settle(pilot)
        moving = planned_ids[1200]
        assert planned.current is not None and planned.current.id == moving
        await pilot.press("greater_than_sign")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KanbanScreen)
        in_progress = column(app, Status.IN_PROGRESS)
        assert screen.column is in_progress
        assert screen.current is not None and screen.current.id == moving
        assert board_ids(big_store, Status.IN_PROGRESS).index(moving) == in_progress.selected
        assert planned.total == len(planned_ids) - 1
        card = planned.card_at(1200)  # the next card moved up into its place
        assert card is not None and card.milestone.id == planned_ids[1201]
        await pilot.press("u")
        await settle(pilot)
        assert board_ids(big_store, Status.PLANNED) == planned_ids
        assert planned.total == len(planned_ids)
        held = [c.milestone.id for c in planned.cards]
        assert held == planned_ids[planned.first : planned.first + len(held)]
        assert moving in held
        assert in_progress.total == len(board_ids(big_store, Status.IN_PROGRESS))


async def test_moves_made_here_keep_the_counts_without_counting_the_board(
    make_app: MakeApp, big_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card moved here (and the move undone) changes two counts by one: the board is
    not counted again, and every count still equals the database's."""
    from mstui.store import board

    counted: list[int] = []
    real = board.board_counts

    def counting(*args: Any) -> dict[Status, int]:
        counted.append(1)
        return real(*args)

    monkeypatch.setattr(board, "board_counts", counting)
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await _on_planned(pilot)
        loads = len(counted)
        assert loads >= 1
        for key in ("greater_than_sign", "u", "greater_than_sign", "x", "u", "less_than_sign"):
            await pilot.press(key)
            await settle(pilot)
            for status in (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE):
                n = len(board_ids(big_store, status))
                assert column(app, status).total == n, (key, status)
                assert column(app, status).border_title == f"{status.label} {n:,}"
        assert len(counted) == loads  # every reload after a move here took the counts as known
