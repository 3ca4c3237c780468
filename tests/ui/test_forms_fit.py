"""Every form fits an 80x24 terminal: its Save button is on screen without scrolling."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from mstui.screens.forms.base import Form
from tests.ui.conftest import MakeApp, settle

# (screen, keys that open the form from it)
FORMS = [
    ("targets", ("c",)),  # checkpoints
    ("targets", ("r",)),  # record a figure
    ("targets", ("e",)),  # edit the target
    ("targets", ("n",)),  # new target
    ("kanban", ("n",)),  # new milestone
    ("kanban", ("enter", "t")),  # a task, from the milestone
    ("kanban", ("enter", "c")),  # a comment
]


@pytest.mark.parametrize(("mode", "keys"), FORMS, ids=[f"{m}:{'+'.join(k)}" for m, k in FORMS])
@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
async def test_the_save_button_is_on_screen(
    make_app: MakeApp, mode: str, keys: tuple[str, ...], size: tuple[int, int]
) -> None:
    app = make_app(mode=mode)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        form = app.screen
        assert isinstance(form, Form), type(form)
        save = form.query_one("#save", Button)
        region = save.region
        assert region.height > 0 and region.width > 0, "Save is not laid out"
        assert region.bottom <= size[1] and region.right <= size[0], region
        cancel = form.query_one("#cancel", Button)
        assert cancel.region.height > 0 and cancel.region.bottom <= size[1]
