"""The milestone detail: every field, tasks, comments, history and attachments."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, TabbedContent, TabPane, TextArea
from textual.worker import get_current_worker

from mstui.domain.dates import today_in
from mstui.domain.enums import Role, Status
from mstui.errors import MstuiError
from mstui.screens.detail.comments import CommentThread
from mstui.screens.detail.files import FileTable
from mstui.screens.detail.history import HistoryTable
from mstui.screens.detail.info import MilestoneInfo
from mstui.screens.detail.tasks import TaskTable
from mstui.screens.detail.work import MilestoneWork
from mstui.screens.dialogs.simple import AskText, ConfirmDialog
from mstui.screens.host import Undo
from mstui.views.milestones import MilestoneDetail, MilestoneView
from mstui.widgets.comment import CommentBox
from mstui.widgets.safe import say

if TYPE_CHECKING:
    from mstui.store import Store


class MilestoneScreen(MilestoneWork):
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

    WRITES = frozenset({"done", "block", "add_task", "toggle_task", "depends", "attach", "book"})
    """What a viewer of the project is not offered (comments stay theirs to write)."""
    KEYS = frozenset({"x", "b", "t", "space", "d", "a", "r"})
    """The keys of WRITES: pressed anyway, they get the store's refusal."""

    def __init__(self, mid: int) -> None:
        super().__init__()
        self.mid = mid
        self.detail: MilestoneDetail | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="detail"):
            yield MilestoneInfo(id="detail-info")
            with TabbedContent(id="detail-tabs"):
                with TabPane("Tasks", id="tab-tasks"):
                    yield TaskTable(id="tasks")
                with TabPane("Comments", id="tab-comments"):
                    yield CommentThread(id="comments")
                with TabPane("History", id="tab-history"):
                    yield HistoryTable(id="history")
                with TabPane("Files", id="tab-files"):
                    yield FileTable(id="files")
        yield from self.compose_footer()

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        try:
            detail = self.store.milestone_detail(self.mid)
            key = detail.milestone.project
            roles = {key: self.store.project(key).my_role}
        except MstuiError as exc:
            self.app.call_from_thread(self._gone, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, detail, roles)

    def _gone(self, message: str) -> None:
        self.mstui.say(message, "error")
        if self.is_current:
            self.dismiss()

    def _show(self, detail: MilestoneDetail, roles: dict[str, Role | None]) -> None:
        self.detail = detail
        self.roles_loaded(roles)
        m = detail.milestone
        note = self.read_only_note()
        self.query_one(MilestoneInfo).show(detail, today_in(m.timezone, self.store.now()), note)
        self.query_one(TaskTable).show(detail.tasks)
        if self.query_one(CommentThread).show(detail.comments):
            self.query_one("#detail-tabs ContentTabs").focus()
        self.query_one(HistoryTable).show(detail.activity)
        self.query_one(FileTable).show(detail.attachments)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("tab-tasks").label = Content(f"Tasks ({len(detail.tasks)})")
        tabs.get_tab("tab-comments").label = Content(f"Comments ({len(detail.comments)})")
        tabs.get_tab("tab-files").label = Content(f"Files ({len(detail.attachments)})")

    # -- rights (mstui/screens/rights.py) ------------------------------------------------
    def selected_project(self) -> str | None:
        return self.detail.milestone.project if self.detail is not None else None

    def keys_answered_here(self) -> bool:
        return not isinstance(self.focused, Input | TextArea)  # typing a comment

    def read_only_note(self) -> str:
        note = super().read_only_note()
        return f"{note}: comments only" if note else ""

    # -- the milestone itself ------------------------------------------------------------
    def _back_to(self, m: MilestoneView) -> Callable[[MilestoneView], Undo]:
        """The undo of a move of `m`: its status, reason and board place as they were."""
        status, reason, position = m.status, m.blocked_reason, m.position

        def undo(after: MilestoneView) -> Undo:
            def run(store: Store) -> MilestoneView:
                return store.edit_milestone(
                    after.id, after.version, status=status, blocked_reason=reason,
                    position=position,
                )  # fmt: skip

            return run

        return undo

    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        """Edit what has the focus: a comment, a task, else the milestone."""
        focused = self.focused
        task = self._selected_task()
        if isinstance(focused, CommentBox):
            self._edit_comment(focused.comment)
        elif focused is self.query_one(TaskTable) and task is not None:
            self._task_form(task)
        elif self.milestone is not None:
            self._open_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _open_form(self, m: MilestoneView) -> None:
        from mstui.screens.forms.milestone_build import milestone_form

        form = milestone_form(self.store, m, None)
        assert form is not None  # editing: always a form

        def saved(result: MilestoneView | None) -> None:
            if result is not None:
                self.change_made(f"Saved #{result.id} {result.title}", form.undo, result)

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
                self.run_change(
                    f"#{m.id} {m.title} → Blocked",
                    lambda store: store.move_milestone(m.id, Status.BLOCKED, reason, m.version),
                    undo=self._back_to(m),
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
        if focused is self.query_one(TaskTable):
            task = self._selected_task()
            if task is not None:
                self._delete_task(task)
            return
        if focused is self.query_one(FileTable):
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
        self.app.call_from_thread(self._deleted, m)

    def _deleted(self, m: MilestoneView) -> None:
        self.dismiss()
        self.change_made(f"Deleted #{m.id} {m.title}")  # the screen below shows it gone
