"""The milestone detail: every field, tasks, comments, history and attachments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from mstui.domain.dates import relative, today_in
from mstui.domain.enums import Health, Status, TaskStatus
from mstui.domain.labels import change_label, value_label
from mstui.domain.numbers import amount
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.dialogs import AskText, ConfirmDialog
from mstui.screens.work_forms import AttachForm, CommentForm, DependencyPicker, TaskForm
from mstui.views.milestones import (
    AttachmentView,
    CommentView,
    MilestoneDetail,
    MilestoneView,
    TaskView,
)
from mstui.widgets.comment import CommentBox
from mstui.widgets.safe import cell, plain, say

HEALTH_STYLE = {
    Health.ON_TRACK: "$success",
    Health.AT_RISK: "$warning",
    Health.OVERDUE: "$error",
    Health.DONE: "$text-muted",
    Health.CANCELLED: "$text-disabled",
}


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:,} {unit}"
        n //= 1024
    return f"{n:,} GB"


class MilestoneScreen(DataScreen):
    """One milestone: read it, change it, discuss it, finish it."""

    TITLE_TEXT = "Milestone"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="detail.edit",
            tooltip="Edit the focused comment or task, else the milestone",
        ),
        Binding("x", "done", "Done", id="detail.done"),
        Binding("b", "block", "Block", id="detail.block"),
        Binding("t", "add_task", "Task", id="detail.task"),
        Binding("space", "toggle_task", "Task done", show=False, id="detail.task_done"),
        Binding("c", "comment", "Comment", id="detail.comment"),
        Binding("d", "depends", "Depends", show=False, id="detail.depends"),
        Binding("a", "attach", "Attach", show=False, id="detail.attach"),
        Binding("r", "book", "Book", show=False, id="detail.book"),
        Binding(
            "delete",
            "delete",
            "Delete",
            show=False,
            id="detail.delete",
            tooltip="Delete the focused task, comment or file, else the milestone (asks first)",
        ),
    ]

    def __init__(self, mid: int) -> None:
        super().__init__()
        self.mid = mid
        self.detail: MilestoneDetail | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="detail"):
            with VerticalScroll(id="detail-info"):
                yield Static(Content("Loading…"), id="d-title")
                yield Static("", id="d-summary")
                yield Static("", id="d-fields")
                yield Static("", id="d-description")
            with TabbedContent(id="detail-tabs"):
                with TabPane("Tasks", id="tab-tasks"):
                    yield DataTable(id="tasks", cursor_type="row", zebra_stripes=True)
                with TabPane("Comments", id="tab-comments"):
                    # The comments take the focus one by one (e edits, delete deletes), not the box.
                    yield VerticalScroll(id="comments", can_focus=False)
                with TabPane("History", id="tab-history"):
                    yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
                with TabPane("Files", id="tab-files"):
                    yield DataTable(id="files", cursor_type="row")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#tasks", DataTable).add_columns(
            "", "Task", "Assignee", "Start", "End", "Est h", "Act h"
        )
        self.query_one("#history", DataTable).add_columns("When", "Who", "Did", "From", "To")
        self.query_one("#files", DataTable).add_columns("File", "Size", "Added by", "When")
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        try:
            detail = self.store.milestone_detail(self.mid)
        except MstuiError as exc:
            self.app.call_from_thread(self._gone, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, detail)

    def _gone(self, message: str) -> None:
        self.mstui.say(message, "error")
        if self.is_current:
            self.dismiss()

    def _show(self, detail: MilestoneDetail) -> None:
        self.detail = detail
        m = detail.milestone
        today = today_in(m.timezone, self.store.now())
        self.query_one("#d-title", Static).update(say(f"#{m.id} ", m.title))
        when = relative(m.due, today) if not m.status.closed else m.status.label.lower()
        health = Content.assemble(
            (f"{m.health.symbol} {m.health.label}", HEALTH_STYLE[m.health]),
            plain(f" — {'; '.join(m.health_reasons)}" if m.health_reasons else ""),
        )
        summary = Content.assemble(
            plain(
                f"{m.project} · owner {m.owner} ({m.owner_name}) · due {m.due:%a %d %b %Y} "
                f"({when}){' from tasks' if m.due_from_tasks else ''} · {m.status.label} · "
            ),
            health,
        )
        self.query_one("#d-summary", Static).update(summary)
        lines = []
        if m.status is Status.BLOCKED:
            lines.append(f"Blocked: {m.blocked_reason}")
        if m.kpi:
            lines.append(
                f"KPI {m.kpi.name}: {amount(m.kpi.actual, m.kpi.unit)} of "
                f"{amount(m.kpi.target, m.kpi.unit)}"
            )
        lines.append(
            f"Cost {amount(m.cost_actual)} of {amount(m.cost_estimate)} · "
            f"Effort {amount(m.effort_actual)} of {amount(m.effort_estimate)} h"
        )
        if detail.dependencies:
            deps = ", ".join(f"#{d.id} {d.title} {d.health.symbol}" for d in detail.dependencies)
            lines.append(f"Waits for: {deps}")
        if detail.dependents:
            after = ", ".join(f"#{d.id} {d.title}" for d in detail.dependents)
            lines.append(f"Unlocks: {after}")
        self.query_one("#d-fields", Static).update(plain("\n".join(lines), multiline=True))
        description = self.query_one("#d-description", Static)
        description.update(plain(m.description, multiline=True))
        description.display = bool(m.description)
        self._show_tasks(detail.tasks)
        self._show_comments(detail)
        history = self.query_one("#history", DataTable)
        history.clear()
        for a in detail.activity:
            history.add_row(
                cell(f"{a.at:%Y-%m-%d %H:%M}"), cell(a.actor or ""),
                cell(change_label(a.action, a.field)),
                cell(value_label(a.field, a.old)), cell(value_label(a.field, a.new)),
            )  # fmt: skip
        files = self.query_one("#files", DataTable)
        files.clear()
        for f in detail.attachments:
            files.add_row(cell(f.name), cell(_size(f.size)), cell(f.added_by),
                          cell(f"{f.added_at:%Y-%m-%d}"))  # fmt: skip
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("tab-tasks").label = Content(f"Tasks ({len(detail.tasks)})")
        tabs.get_tab("tab-comments").label = Content(f"Comments ({len(detail.comments)})")
        tabs.get_tab("tab-files").label = Content(f"Files ({len(detail.attachments)})")

    def _show_tasks(self, tasks: tuple[TaskView, ...]) -> None:
        table = self.query_one("#tasks", DataTable)
        row = table.cursor_row
        table.clear()
        for t in tasks:
            done = t.status == TaskStatus.DONE.value
            table.add_row(
                Text("✓" if done else "·"),
                cell(t.title, "dim" if done else ""),
                cell(t.assignee or "—"),
                cell(f"{t.start:%d %b}"),
                cell(f"{t.end:%d %b}"),
                cell("" if t.estimate_hours is None else f"{t.estimate_hours:g}"),
                cell("" if t.actual_hours is None else f"{t.actual_hours:g}"),
                key=str(t.id),
            )
        if tasks:
            table.move_cursor(row=min(row, len(tasks) - 1))

    def _show_comments(self, detail: MilestoneDetail) -> None:
        box = self.query_one("#comments", VerticalScroll)
        focused = self.focused
        was: tuple[int, int] | None = None
        if isinstance(focused, CommentBox):
            was = (focused.comment.id, list(box.children).index(focused))
        box.remove_children()
        if not detail.comments:
            box.mount(Static(Content("No comments yet: c writes one."), classes="comment--empty"))
            if was is not None:
                self.query_one("#detail-tabs ContentTabs").focus()
            return
        boxes = [CommentBox(c) for c in detail.comments]
        box.mount_all(boxes)
        if was is not None:
            # Keep the focus in the thread across a reload: on the same comment, or (it was
            # deleted) the one now in its place, never falling back to the milestone.
            ids = [c.id for c in detail.comments]
            cid, index = was
            boxes[ids.index(cid) if cid in ids else min(index, len(ids) - 1)].focus()

    @property
    def milestone(self) -> MilestoneView | None:
        return self.detail.milestone if self.detail else None

    # -- changes --------------------------------------------------------------
    def _change(
        self,
        what: str,
        call: Callable[[Any], Any],
        undo: Callable[[Any], Callable[[Any], object]] | None = None,
    ) -> None:
        self.run_change(what, call, undo=undo)

    def _back_to(self, m: MilestoneView) -> Callable[[Any], Callable[[Any], object]]:
        """The undo of a move of `m`: its status, reason and board place as they were."""
        status, reason, position = m.status, m.blocked_reason, m.position

        def undo(after: MilestoneView) -> Callable[[Any], object]:
            return lambda store: store.edit_milestone(
                after.id, after.version, status=status, blocked_reason=reason, position=position
            )

        return undo

    def _changed(self, what: str) -> None:
        self.mstui.say(what)
        self.reload()
        self.mstui.note_own_write()

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        """Edit what has the focus: a comment, a task, else the milestone."""
        focused = self.focused
        if isinstance(focused, CommentBox):
            self._edit_comment(focused.comment)
        elif focused is self.query_one("#tasks", DataTable) and self._selected_task():
            self._task_form(self._selected_task())
        elif self.milestone is not None:
            self._open_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _open_form(self, m: MilestoneView) -> None:
        from mstui.screens.forms import milestone_form

        form = milestone_form(self.store, m, None)

        def saved(result: MilestoneView | None) -> None:
            if result is not None:
                self._changed(f"Saved #{result.id} {result.title}")

        self.app.call_from_thread(self.app.push_screen, form, saved)

    def action_done(self) -> None:
        m = self.milestone
        if m is not None and m.status is not Status.DONE:
            what = f"#{m.id} {m.title} → Done"
            call, message = self.finishing(
                what, lambda store: store.complete_milestone(m.id, m.version), m.id
            )
            self.run_change(what, call, undo=self._back_to(m), done=message)

    def action_block(self) -> None:
        m = self.milestone
        if m is None or m.status is Status.BLOCKED:
            return

        def got(reason: str | None) -> None:
            if reason:
                self._change(
                    f"#{m.id} {m.title} → Blocked",
                    lambda store: store.move_milestone(m.id, Status.BLOCKED, reason, m.version),
                    self._back_to(m),
                )

        self.app.push_screen(
            AskText(f"Why is #{m.id} {m.title} blocked?", placeholder="waiting on …"), got
        )

    def action_delete(self) -> None:
        """Delete what has the focus: a task, a comment, a file, else the milestone."""
        focused = self.focused
        if isinstance(focused, CommentBox):
            self._delete_comment(focused.comment)
            return
        if focused is self.query_one("#tasks", DataTable):
            task = self._selected_task()
            if task is not None:
                self._delete_task(task)
            return
        if focused is self.query_one("#files", DataTable):
            attachment = self._selected_file()
            if attachment is not None:
                self._remove_file(attachment)
            return
        if focused is not None and focused.id != "detail-info":
            # The tab bar, the history, an empty list: nothing there to delete, and the
            # milestone is not what someone deleting down a list means (shift+tab goes up).
            self.mstui.say(
                "Nothing to delete here: delete acts on the focused task, comment or file, "
                "or on the milestone from the top of the screen",
                "warning",
            )
            return
        m = self.milestone
        if m is None:
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self._delete(m)

        question = say(
            f"Delete #{m.id} ", m.title, "?\nIts tasks stay in the project; this cannot be undone."
        )
        self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    @work(thread=True, group="change", exit_on_error=False)
    def _delete(self, m: MilestoneView) -> None:
        try:
            self.store.delete_milestone(m.id, m.version)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error", 8)
            return
        self.app.call_from_thread(self.mstui.say, f"Deleted #{m.id} {m.title}")
        self.app.call_from_thread(self.dismiss)

    # -- tasks, comments, dependencies, files -------------------------------------------
    def _selected_task(self) -> TaskView | None:
        if self.detail is None or not self.detail.tasks:
            return None
        table = self.query_one("#tasks", DataTable)
        row = table.cursor_row
        return self.detail.tasks[row] if 0 <= row < len(self.detail.tasks) else None

    def action_add_task(self) -> None:
        self._task_form(None)

    @on(DataTable.RowSelected, "#tasks")
    def _task_chosen(self) -> None:
        task = self._selected_task()
        if task is not None:
            self._task_form(task)

    @work(thread=True, group="form", exit_on_error=False)
    def _task_form(self, task: TaskView | None) -> None:
        m = self.milestone
        if m is None:
            return
        store = self.store
        people = [p.login for p in store.list_people()]
        today = store.today(m.timezone)
        if task is None:

            def save(v: dict[str, Any]) -> object:
                return store.add_task(
                    m.project, v["title"], v["start"], v["end"], milestone_id=m.id,
                    assignee=v["assignee"], estimate_hours=v["estimate_hours"],
                )  # fmt: skip

            what = "Task added"
        else:

            def save(v: dict[str, Any]) -> object:
                return store.edit_task(task.id, task.version, **v)

            what = "Task saved"
        form = TaskForm(save, today, people, task, default_end=m.due)

        def done(result: object) -> None:
            if result:
                self._changed(what)

        self.app.call_from_thread(self.app.push_screen, form, done)

    def action_toggle_task(self) -> None:
        if self.focused is not self.query_one("#tasks", DataTable):
            return  # space finishes the task under the cursor only while the tasks have focus
        task = self._selected_task()
        if task is None:
            return
        new = TaskStatus.TODO if task.status == TaskStatus.DONE.value else TaskStatus.DONE
        old = task.status
        self._change(
            f"Task {task.title}: {new.value}",
            lambda store: store.edit_task(task.id, task.version, status=new),
            lambda after: lambda store: store.edit_task(after.id, after.version, status=old),
        )

    def action_comment(self) -> None:
        m = self.milestone
        if m is None:
            return

        def save(v: dict[str, Any]) -> object:
            return self.store.add_comment(m.id, v["body"], v["kind"])

        def done(result: object) -> None:
            if result:
                self.query_one(TabbedContent).active = "tab-comments"
                self._changed("Comment added")

        self.app.push_screen(CommentForm(save), done)

    def _edit_comment(self, c: CommentView) -> None:
        if c.author != self.mstui.login:
            self.mstui.say(f"Only its author ({c.author}) may edit this comment", "warning")
            return

        def save(v: dict[str, Any]) -> object:
            return self.store.edit_comment(c.id, v["body"], v["kind"])

        def done(result: object) -> None:
            if result:
                self._changed("Comment saved")

        self.app.push_screen(CommentForm(save, c), done)

    def _delete_comment(self, c: CommentView) -> None:
        if c.author != self.mstui.login:
            self.mstui.say(f"Only its author ({c.author}) may delete this comment", "warning")
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self._change("Comment deleted", lambda store: store.delete_comment(c.id))

        first = c.body.strip().splitlines()[0] if c.body.strip() else ""
        question = say("Delete your comment “", first[:60], "”?\nIts text stays in the history.")
        self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    def _delete_task(self, task: TaskView) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self.run_change(
                    f"Task deleted: {task.title}",
                    lambda store: store.delete_task(task.id, task.version),
                    done=lambda n: (
                        f"Task deleted: {task.title}"
                        + (f" (and its {n} booking{'s' if n != 1 else ''})" if n else "")
                    ),
                )

        question = say(
            "Delete the task “", task.title, "”?\nIts bookings go with it; this cannot be undone."
        )
        self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    def _selected_file(self) -> AttachmentView | None:
        if self.detail is None or not self.detail.attachments:
            return None
        row = self.query_one("#files", DataTable).cursor_row
        files = self.detail.attachments
        return files[row] if 0 <= row < len(files) else None

    def _remove_file(self, a: AttachmentView) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self._change(f"File removed: {a.name}", lambda store: store.delete_attachment(a.id))

        question = say("Remove the file “", a.name, "” from this milestone?")
        self.app.push_screen(ConfirmDialog(question, "Remove"), decided)

    def action_depends(self) -> None:
        if self.milestone is not None:
            self._depends_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _depends_form(self, m: MilestoneView) -> None:
        from mstui.store import MilestoneFilter

        store = self.store
        candidates = store.list_milestones(MilestoneFilter(project=m.project))

        def save(v: dict[str, Any]) -> object:
            store.set_dependencies(m.id, v["depends_on"])
            return True

        def done(result: object) -> None:
            if result:
                self._changed("Dependencies saved")

        picker = DependencyPicker(save, m, candidates)
        self.app.call_from_thread(self.app.push_screen, picker, done)

    def action_attach(self) -> None:
        m = self.milestone
        if m is None:
            return

        def save(v: dict[str, Any]) -> object:
            return self.store.add_attachment(m.id, v["path"])

        def done(result: object) -> None:
            if result:
                self.query_one(TabbedContent).active = "tab-files"
                self._changed("File attached")

        self.app.push_screen(AttachForm(save), done)

    # -- resources (the dashboard/targets issue) ------------------------------------------
    def action_book(self) -> None:
        if self.milestone is not None:
            self._booking_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _booking_form(self, m: MilestoneView) -> None:
        from mstui.screens.resource_forms import BookingForm, save_booking

        store = self.store
        try:
            tasks = store.list_tasks(milestone_id=m.id)
            form = BookingForm(
                lambda v: save_booking(store, m.id, v), m, tasks, store.list_resources(),
                store.list_bookings(milestone_id=m.id), store.today(m.timezone),
            )  # fmt: skip
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return

        def done(result: object) -> None:
            if isinstance(result, str):
                self._changed(result)

        self.app.call_from_thread(self.app.push_screen, form, done)
