"""The milestone detail and its forms: every field, inline errors, tasks, comments, conflicts."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, TextArea

from mstui.domain.enums import CommentKind, Status
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.dialogs.conflict import ConflictDialog
from mstui.screens.forms.milestone import MilestoneForm
from mstui.screens.forms.work import AttachForm, CommentForm, DependencyPicker, TaskForm
from mstui.store import Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title, error_of, open_detail


async def test_detail_shows_fields_tasks_comments_and_history(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Assets Created")
        await settle(pilot)
        assert "#2 Assets Created" in str(screen.query_one("#d-title").render())
        summary = str(screen.query_one("#d-summary").render())
        assert "owner ben" in summary and "at risk" in summary and "due in 2d" in summary
        fields = str(screen.query_one("#d-fields").render())
        assert "Cost 7,600 of 9,000" in fields and "Waits for: #1 Strategy Approved" in fields
        assert screen.query_one("#tasks", DataTable).row_count == 3
        assert screen.query_one("#history", DataTable).row_count >= 5


async def test_edit_every_field(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_detail(pilot, demo_store, "Campaign Live")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MilestoneForm)
        typed = {
            "title": "Campaign Live (EU)",
            "owner": "ben",
            "due": "2026-12-10",
            "reason": "printer strike",
            "kpi_name": "Leads",
            "kpi_target": "6,000",
            "kpi_actual": "150",
            "kpi_unit": "leads",
            "cost_estimate": "16000",
            "cost_actual": "1200.50",
            "effort_estimate": "70",
            "effort_actual": "8",
        }
        for name, value in typed.items():
            form.query_one(f"#{name}", Input).value = value
        form.query_one("#status", Select).value = "blocked"
        form.query_one("#description", TextArea).load_text("Two lines\nof description")
        form.query_one("#due_from_tasks", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        m = by_title(demo_store, "Campaign Live (EU)")
        assert m.owner == "ben" and m.due.isoformat() == "2026-12-10"
        assert m.status is Status.BLOCKED and m.blocked_reason == "printer strike"
        assert m.description == "Two lines\nof description"
        assert m.kpi is not None
        assert (m.kpi.name, m.kpi.target, m.kpi.actual, m.kpi.unit) == ("Leads", 6000, 150, "leads")
        assert (m.cost_estimate, m.cost_actual) == (16000, 1200.5)
        assert (m.effort_estimate, m.effort_actual) == (70, 8)
        changed = {a.field for a in demo_store.activity("milestone", m.id) if a.actor == "lead"}
        assert {"title", "owner", "due", "status", "description", "kpi_target"} <= changed
        assert "Campaign Live (EU)" in str(app.screen.query_one("#d-title").render())


async def test_a_bad_date_keeps_the_form_open_with_what_was_typed(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#title", Input).value = "Beta Testing, round 2"
        form.query_one("#due", Input).value = "someday"
        form.query_one("#cost_estimate", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert 'got "someday"' in error_of(form, "due") and "cannot read a date" in error_of(
            form, "due"
        )
        assert 'got "lots"' in error_of(form, "cost_estimate")
        assert form.query_one("#title", Input).value == "Beta Testing, round 2"
        assert app.focused is form.query_one("#due", Input)
        assert by_title(demo_store, "Beta Testing").version == 1  # nothing written


async def test_the_store_refusal_shows_under_its_field(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#owner", Input).value = "nobody"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "owner: no such person" in error_of(form, "owner")
        assert 'got "nobody"' in error_of(form, "owner")


async def test_add_edit_and_finish_a_task(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TaskForm)
        form.query_one("#title", Input).value = "Write the beta FAQ"
        form.query_one("#start", Input).value = "+1w"
        form.query_one("#end", Input).value = "+2d"  # before the start: refused inline
        form.query_one("#assignee", Input).value = "eli"
        form.query_one("#estimate", Input).value = "6"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "before the start" in error_of(form, "end")
        form.query_one("#end", Input).value = "+10d"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        tasks = {t.title: t for t in demo_store.list_tasks(milestone_id=screen.mid)}
        faq = tasks["Write the beta FAQ"]
        assert (faq.assignee, faq.estimate_hours) == ("eli", 6)
        assert faq.start.isoformat() == "2026-11-29" and faq.end.isoformat() == "2026-12-02"
        table = screen.query_one("#tasks", DataTable)
        table.focus()
        assert screen.detail is not None
        row = [t.id for t in screen.detail.tasks].index(faq.id)
        table.move_cursor(row=row)
        await pilot.press("space")
        await settle(pilot)
        assert demo_store.task(faq.id).status == "done"


async def test_comment_thread(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Material Delivery")
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CommentForm)
        await pilot.press("ctrl+s")  # empty: refused inline
        await settle(pilot)
        assert app.screen is form and "write something" in error_of(form, "comment")
        form.query_one("#comment", TextArea).load_text("Panels clear customs Tuesday.\nSite ready.")
        form.query_one("#kind", Select).value = "update"
        await pilot.press("ctrl+s")
        await settle(pilot)
        comments = demo_store.list_comments(screen.mid)
        assert comments[-1].body == "Panels clear customs Tuesday.\nSite ready."
        assert comments[-1].kind == CommentKind.UPDATE and comments[-1].author == "lead"
        bodies = [str(w.render()) for w in screen.query(".comment--body")]
        assert "Panels clear customs Tuesday.\nSite ready." in bodies


async def test_dependencies_refuse_a_cycle_inline(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Feature Freeze")
        await pilot.press("d")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, DependencyPicker)
        beta = by_title(demo_store, "Beta Testing").id  # Beta waits for Alpha, Alpha for Freeze
        picker.query_one("SelectionList", SelectionList).select(beta)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is picker
        message = error_of(picker, "depends")
        assert "cycle" in message and "Feature Freeze" in message and "Beta Testing" in message
        assert by_title(demo_store, "Feature Freeze").depends_on == ()


async def test_attach_a_file(make_app: MakeApp, demo_store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "permit.pdf"
    doc.write_bytes(b"%PDF-1.4 pretend")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_detail(pilot, demo_store, "Permit Approved")
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AttachForm)
        form.query_one("#file", Input).value = str(tmp_path / "missing.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "no such file" in error_of(form, "file")
        form.query_one("#file", Input).value = str(doc)
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = demo_store.list_attachments(screen.mid)
        assert [f.name for f in files] == ["permit.pdf"]
        assert Path(files[0].path).read_bytes() == b"%PDF-1.4 pretend"
        assert screen.query_one("#files", DataTable).row_count == 1


async def test_conflict_overwrite(make_app: MakeApp, demo_store: Store, other_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Alpha Launch")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        m = by_title(demo_store, "Alpha Launch")
        other_store.edit_milestone(m.id, m.version, title="Alpha Launch (Bob)", effort_estimate=80)
        form.query_one("#title", Input).value = "Alpha Launch (Lee)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        table = str(dialog.query_one("#conflict-table").render())
        assert "Alpha Launch (Bob)" in table and "Alpha Launch (Lee)" in table
        assert "Effort est. (h)" in table
        assert "bob" in str(dialog.conflict)
        await pilot.press("o")
        await settle(pilot)
        after = demo_store.milestone(m.id)
        assert after.title == "Alpha Launch (Lee)"
        assert after.effort_estimate == 80  # Bob's other change is kept
        await pilot.press("escape")  # back to the board, then undo my overwrite
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert demo_store.milestone(m.id).title == "Alpha Launch (Bob)"  # theirs, not the old


async def test_conflict_reload(make_app: MakeApp, demo_store: Store, other_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Alpha Launch")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        m = by_title(demo_store, "Alpha Launch")
        other_store.edit_milestone(m.id, m.version, title="Alpha Launch (Bob)")
        form.query_one("#title", Input).value = "Alpha Launch (Lee)"
        form.query_one("#cost_estimate", Input).value = "9,999"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        shown = str(dialog.query_one("#conflict-table").render())
        assert "Title — changed by both of you" in shown
        assert "theirs (saved)   Alpha Launch (Bob)" in shown
        assert "yours            Alpha Launch (Lee)" in shown
        assert "Cost estimate — only yours: — → 9999" in shown  # theirs is what I opened
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Alpha Launch (Bob)"
        assert demo_store.milestone(m.id).title == "Alpha Launch (Bob)"


async def test_undo_takes_back_a_form_edit(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#title", Input).value = "Beta Testing (typo"
        form.query_one("#due", Input).value = "2027-01-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        m = by_title(demo_store, "Beta Testing (typo")
        await pilot.press("u")
        await settle(pilot)
        back = demo_store.milestone(m.id)
        assert back.title == "Beta Testing" and back.due.isoformat() == "2026-12-19"


async def test_an_error_goes_when_its_field_is_edited(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TaskForm)
        form.query_one("#estimate", Input).value = "-5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must be 0 to 1e15" in error_of(form, "estimate")
        assert "write" not in error_of(form, "estimate")
        assert "Title: must not be empty" in error_of(form, "title")
        form.query_one("#title", Input).focus()
        await pilot.press("W")
        await pilot.pause()
        assert error_of(form, "title") == ""  # gone as soon as it is edited
        assert "must be 0 to 1e15" in error_of(form, "estimate")  # the others stay
        form.query_one("#estimate", Input).value = "1,5"  # not 15 hours
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a number of hours" in error_of(form, "estimate")


async def test_a_checkbox_shows_its_state_without_colour(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_detail(pilot, demo_store, "Beta Testing")
        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one("#due_from_tasks", Checkbox)
        box.value = False
        await pilot.pause()
        assert "▐ ▌" in str(box.render())
        box.value = True
        await pilot.pause()
        assert "▐✓▌" in str(box.render())
