"""Correcting a milestone's parts from its screen: `e` and `delete` act on what has the focus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent, TextArea

from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.dialogs.simple import ConfirmDialog
from mstui.screens.forms.work import CommentForm, TaskForm
from mstui.store import Store
from mstui.widgets.comment import CommentBox
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import open_detail


async def focus_comment(pilot: Pilot[Any], screen: MilestoneScreen, index: int = 0) -> CommentBox:
    screen.query_one(TabbedContent).active = "tab-comments"
    await settle(pilot)
    box = list(screen.query(CommentBox))[index]
    box.focus()
    await pilot.pause()
    return box


async def test_edit_and_delete_my_comment(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Material Delivery")
        mine = demo_store.add_comment(screen.mid, "Panels on the trcuk.", "update")
        screen.reload()
        await settle(pilot)
        boxes = list(screen.query(CommentBox))
        await focus_comment(pilot, screen, [b.comment.id for b in boxes].index(mine.id))
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CommentForm)
        assert form.query_one("#comment", TextArea).text == "Panels on the trcuk."
        form.query_one("#comment", TextArea).load_text("Panels on the truck.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert demo_store.comment(mine.id).body == "Panels on the truck."
        # The focus stayed on the comment across the reload: delete means the comment.
        focused = screen.focused
        assert isinstance(focused, CommentBox) and focused.comment.id == mine.id
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert mine.id not in [c.id for c in demo_store.list_comments(screen.mid)]
        assert mine.id not in [b.comment.id for b in screen.query(CommentBox)]
        assert isinstance(screen.focused, CommentBox)  # the next one in its place
        assert demo_store.milestone(screen.mid)  # the milestone itself is untouched


async def test_someone_elses_comment_is_not_mine_to_change(
    make_app: MakeApp, demo_store: Store, other_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Material Delivery")
        theirs = other_store.add_comment(screen.mid, "Bob was here", "note")
        screen.reload()
        await settle(pilot)
        boxes = list(screen.query(CommentBox))
        await focus_comment(pilot, screen, [b.comment.id for b in boxes].index(theirs.id))
        await pilot.press("delete")
        await settle(pilot)
        assert app.screen is screen  # no dialog: a warning says whose it is
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        assert demo_store.comment(theirs.id).body == "Bob was here"


async def test_delete_a_task_from_the_tasks_table(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Assets Created")
        table = screen.query_one("#tasks", DataTable)
        table.focus()
        table.move_cursor(row=0)
        assert screen.detail is not None
        doomed = screen.detail.tasks[0]
        await pilot.press("e")  # e on a task edits the task
        await settle(pilot)
        assert isinstance(app.screen, TaskForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert doomed.id not in [t.id for t in demo_store.list_tasks(milestone_id=screen.mid)]
        assert table.row_count == 2
        assert demo_store.milestone(screen.mid)


async def test_remove_a_file(make_app: MakeApp, demo_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "permit.pdf"
    doc.write_bytes(b"%PDF-1.4 pretend")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Permit Approved")
        stored = Path(demo_store.add_attachment(screen.mid, str(doc)).path)
        screen.reload()
        await settle(pilot)
        screen.query_one(TabbedContent).active = "tab-files"
        await settle(pilot)
        screen.query_one("#files", DataTable).focus()
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.list_attachments(screen.mid) == []
        assert not stored.exists()  # no other attachment shares its content


async def test_delete_after_the_last_comment_does_not_reach_the_milestone(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Feature Freeze")
        assert demo_store.list_comments(screen.mid) == []
        only = demo_store.add_comment(screen.mid, "Freeze moved?", "note")
        screen.reload()
        await settle(pilot)
        await focus_comment(pilot, screen)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.list_comments(screen.mid) == []
        assert not isinstance(screen.focused, CommentBox)
        await pilot.press("delete")  # the rhythm "delete, y, delete, y"
        await settle(pilot)
        assert app.screen is screen  # no dialog about the milestone
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.milestone(screen.mid).title == "Feature Freeze"
        assert only.id not in [c.id for c in demo_store.list_comments(screen.mid)]


async def test_delete_in_the_history_deletes_nothing(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Assets Created")
        screen.query_one(TabbedContent).active = "tab-history"
        await settle(pilot)
        screen.query_one("#history", DataTable).focus()
        await pilot.press("delete")
        await settle(pilot)
        assert app.screen is screen
        screen.query_one("#detail-info").focus()  # from the top, delete means the milestone
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
