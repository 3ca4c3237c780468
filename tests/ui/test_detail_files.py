"""The Files tab marks a stored copy that changed on disk (it is never served)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable, TabbedContent

from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import open_detail


async def test_a_changed_copy_is_marked_in_the_files_tab(
    make_app: MakeApp, demo_store: Store, tmp_path: Path
) -> None:
    doc, other = tmp_path / "permit.pdf", tmp_path / "plan.pdf"
    doc.write_bytes(b"%PDF-1.4 pretend")
    other.write_bytes(b"%PDF-1.4 the plan")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Permit Approved")
        stored = Path(demo_store.add_attachment(screen.mid, str(doc)).path)
        demo_store.add_attachment(screen.mid, str(other))
        os.chmod(stored, 0o660)  # someone past the modes (the copy is 0440)
        stored.write_bytes(b"%PDF-1.4 forged")
        screen.reload()
        await settle(pilot)
        screen.query_one(TabbedContent).active = "tab-files"
        await settle(pilot)
        table = screen.query_one("#files", DataTable)
        marks = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert marks == ["CHANGED - not served", "ok"]
        assert [f.state for f in demo_store.list_attachments(screen.mid)] == ["changed", "ok"]
