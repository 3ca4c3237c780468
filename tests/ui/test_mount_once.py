"""Each data screen loads its data once when it opens, not once per class in its MRO.

Textual calls `on_mount` of every class along the MRO, so a subclass that also
called `super().on_mount()` loaded everything twice (twice the queries at start-up).
"""

from __future__ import annotations

import pytest

from mstui.screens import alerts, dashboard, kanban, targets, timeline
from mstui.screens.base import DataScreen
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


def every_subclass(cls: type) -> list[type]:
    subs = cls.__subclasses__()
    return subs + [s for sub in subs for s in every_subclass(sub)]


@pytest.mark.parametrize("mode", ["kanban", "timeline", "dashboard", "targets", "alerts"])
async def test_a_screen_loads_once_when_it_opens(
    make_app: MakeApp, demo_store: Store, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_store.scan()  # the alerts are raised already: none arrive to reload for
    loads: list[str] = []
    assert {alerts, dashboard, kanban, targets, timeline}  # imported: subclasses exist
    for cls in every_subclass(DataScreen):
        original = cls.reload

        def counting(self: DataScreen, _orig=original) -> None:  # type: ignore[no-untyped-def]
            loads.append(type(self).__name__)
            _orig(self)

        monkeypatch.setattr(cls, "reload", counting)
    app = make_app(mode=mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(loads) == 1, loads
