"""Narrow and wide terminals: at 80 columns the header keeps the unread alerts and the
login and shortens the database path first, and a card title that does not fit takes a
second line before it is cut; at 200 neither happens."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


@pytest.mark.parametrize("width", [80, 200])
async def test_the_header_drops_the_database_path_first(
    make_app: MakeApp, demo_store: Store, width: int
) -> None:
    demo_store.scan()
    app = make_app(mode="kanban")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        right = str(app.screen.query_one("#header-right", Static).render())
        assert "unread alert" in right, right
        assert "lead" in right
        if width == 80:  # the folders go first (the whole path when even that is too long)
            assert "…/demo.db" in right, right
        else:
            assert "/demo.db" in right and "…" not in right, right


async def test_at_80_columns_a_long_card_title_takes_a_second_line(make_app: MakeApp) -> None:
    from rich.segment import Segment

    from mstui.domain.enums import Status
    from tests.ui.helpers import column

    app = make_app(mode="kanban")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        planned = column(app, Status.PLANNED)
        text = [
            "".join(s.text for s in planned.render_line(y) if isinstance(s, Segment)).strip()
            for y in range(planned.size.height)
        ]
        first = next(i for i, line in enumerate(text) if line.endswith("Final Site"))
        assert text[first + 1] == "Walkthrough", text
    async with make_app(mode="kanban").run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        wide = column(pilot.app, Status.PLANNED)
        assert wide.card_height == 4  # every title fits: no second line


@pytest.mark.parametrize("size", [(160, 40), (180, 45)])
async def test_the_dashboards_count_tables_show_every_column(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    """The names give way (cut with …) so that "done" is never scrolled out of sight."""
    app = make_app(mode="dashboard")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for ident in ("t-project", "t-owner", "t-department"):
            table = app.screen.query_one(f"#{ident}", DataTable)
            assert table.virtual_size.width <= table.size.width, (ident, size)
            assert [str(c.label) for c in table.ordered_columns][-1] == "done"
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        table = app.screen.query_one("#t-project", DataTable)
        names = [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]
        assert "SLS Q4 sales quarter" in names, names  # room again: whole


async def test_big_counts_and_a_resize_still_show_every_column(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts wider than the headings (a team's thousands) are measured before the names
    are cut, and after a resize the names are cut to the tables' new width."""
    from mstui.domain.reports import HealthCounts

    real = HealthCounts.count
    monkeypatch.setattr(HealthCounts, "count", lambda self, h: 10_000 + real(self, h))
    app = make_app(mode="dashboard")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)

        def check(size: tuple[int, int]) -> None:
            for ident in ("t-project", "t-owner", "t-department"):
                table = app.screen.query_one(f"#{ident}", DataTable)
                assert table.virtual_size.width <= table.size.width, (ident, size)
                last = str(table.get_row_at(0)[-1]).strip()
                assert last.startswith("✓ 1000"), (ident, size, last)

        check((200, 50))
        for size in ((160, 40), (80, 24), (200, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            check(size)
        table = app.screen.query_one("#t-project", DataTable)
        names = [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]
        assert "SLS Q4 sales quarter" in names, names  # at 200 there is room for it whole
