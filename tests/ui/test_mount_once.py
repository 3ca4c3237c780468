"""Each data screen loads its data once when it opens, not once per class in its MRO.

Textual calls `on_mount` of every class along the MRO, so a subclass that also
called `super().on_mount()` loaded everything twice (twice the queries at start-up).
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import count_loads

SHOWN = {
    "kanban": ("KanbanScreen", "Kanban"),
    "timeline": ("TimelineScreen", "Timeline"),
    "dashboard": ("DashboardScreen", "Dashboard"),
    "targets": ("TargetsScreen", "Targets"),
    "alerts": ("AlertsScreen", "Alerts"),
}


@pytest.mark.parametrize("mode", list(SHOWN))
async def test_a_screen_loads_once_when_it_opens(
    make_app: MakeApp, demo_store: Store, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_store.scan()  # the alerts are raised already: none arrive to reload for
    loads = count_loads(monkeypatch)
    app = make_app(mode=mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        name, title = SHOWN[mode]
        assert loads == [name]
        # What the person sees: the screen's name, and who they are once the store is open.
        assert str(app.screen.query_one("#header-left", Static).render()) == f"mstui ▸ {title}"
        assert str(app.screen.query_one("#header-right", Static).render()).startswith("lead · ")
