"""Export from the app: palette → Export, a format and a file, then a toast saying what was
written (the same export as `mstui export`)."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input, Label, RadioButton

from mstui.screens.dialogs.export import ExportDialog
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle


async def test_the_palette_exports_a_sheet_and_says_where(
    make_app: MakeApp, demo_store: Store, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"export")
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#format-csv", RadioButton).value = True
        await settle(pilot)
        path = dialog.query_one("#path", Input)
        assert path.value.endswith("mstui-export.csv")  # the suffix follows the format
        dest = tmp_path / "plan.csv"
        path.value = str(dest)
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Exported ") and str(dest) in m for m in said), said
    with dest.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["id", "project", "title"]
    assert len(rows) - 1 == len(demo_store.list_milestones())


async def test_a_folder_that_is_not_there_is_one_line_in_the_dialog(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await app.run_action("export")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "nowhere" / "x.json")
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        shown = str(dialog.query_one("#error", Label).render())
        assert "does not exist" in shown
    assert not (tmp_path / "nowhere").exists()
