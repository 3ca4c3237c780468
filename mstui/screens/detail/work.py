"""The work half of the milestone detail: its tasks, comments, dependencies, files, bookings.

Each change is one store call in a thread (a form's save, or `run_change`);
the app is told with `ChangeMade`, which reloads the detail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.widgets import DataTable, TabbedContent

from mstui.domain.enums import TaskStatus
from mstui.errors import MstuiError
from mstui.screens.detail.files import FileTable
from mstui.screens.detail.tasks import TaskTable
from mstui.screens.dialogs.simple import ConfirmDialog
from mstui.screens.forms.base import Values
from mstui.screens.forms.work import AttachForm, CommentForm, DependencyPicker, TaskForm
from mstui.screens.rights import Rights
from mstui.views.milestones import (
    AttachmentView,
    CommentView,
    MilestoneDetail,
    MilestoneView,
    TaskView,
)
from mstui.widgets.safe import say

if TYPE_CHECKING:
    from mstui.store import Store


class MilestoneWork(Rights):
    """What the detail does with the lists under the milestone."""

    detail: MilestoneDetail | None = None

    @property
    def milestone(self) -> MilestoneView | None:
        return self.detail.milestone if self.detail else None

    def _changed(self, what: str) -> None:
        """After a form's save: say it and show it (the app reloads the detail)."""
        self.change_made(what)

    # -- tasks ---------------------------------------------------------------------------
    def _selected_task(self) -> TaskView | None:
        return self.query_one("#tasks", TaskTable).selected

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

            def save(v: Values) -> object:
                return store.add_task(
                    m.project, v["title"], v["start"], v["end"], milestone_id=m.id,
                    assignee=v["assignee"], estimate_hours=v["estimate_hours"],
                )  # fmt: skip

            what = "Task added"
        else:

            def save(v: Values) -> object:
                return store.edit_task(task.id, task.version, **v)

            what = "Task saved"
        form = TaskForm(save, today, people, task, default_end=m.due)

        def done(result: object) -> None:
            if result:
                self._changed(what)

        self.app.call_from_thread(self.app.push_screen, form, done)

    def action_toggle_task(self) -> None:
        if self.focused is not self.query_one("#tasks", TaskTable):
            return  # space finishes the task under the cursor only while the tasks have focus
        task = self._selected_task()
        if task is None:
            return
        new = TaskStatus.TODO if task.status == TaskStatus.DONE.value else TaskStatus.DONE
        old = task.status

        def undo(after: TaskView) -> Callable[[Store], object]:
            return lambda store: store.edit_task(after.id, after.version, status=old)

        self.run_change(
            f"Task {task.title}: {new.value}",
            lambda store: store.edit_task(task.id, task.version, status=new),
            undo=undo,
        )

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

    # -- comments --------------------------------------------------------------------------
    def action_comment(self) -> None:
        m = self.milestone
        if m is None:
            return

        def save(v: Values) -> object:
            return self.store.add_comment(m.id, v["body"], v["kind"])

        def done(result: object) -> None:
            if result:
                self.query_one(TabbedContent).active = "tab-comments"
                self._changed("Comment added")

        logins = [p.login for p in self.store.list_people()]
        self.app.push_screen(CommentForm(save, logins=logins), done)

    def _edit_comment(self, c: CommentView) -> None:
        if c.author != self.mstui.login:
            self.mstui.say(f"Only its author ({c.author}) may edit this comment", "warning")
            return

        def save(v: Values) -> object:
            return self.store.edit_comment(c.id, v["body"], v["kind"])

        def done(result: object) -> None:
            if result:
                self._changed("Comment saved")

        logins = [p.login for p in self.store.list_people()]
        self.app.push_screen(CommentForm(save, c, logins), done)

    def _delete_comment(self, c: CommentView) -> None:
        if c.author != self.mstui.login:
            self.mstui.say(f"Only its author ({c.author}) may delete this comment", "warning")
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.run_change("Comment deleted", lambda store: store.delete_comment(c.id))

        first = c.body.strip().splitlines()[0] if c.body.strip() else ""
        question = say("Delete your comment “", first[:60], "”?\nIts text stays in the history.")
        self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    # -- files -------------------------------------------------------------------------------
    def _selected_file(self) -> AttachmentView | None:
        return self.query_one("#files", FileTable).selected

    def _remove_file(self, a: AttachmentView) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self.run_change(
                    f"File removed: {a.name}", lambda store: store.delete_attachment(a.id)
                )

        question = say("Remove the file “", a.name, "” from this milestone?")
        self.app.push_screen(ConfirmDialog(question, "Remove"), decided)

    def action_attach(self) -> None:
        m = self.milestone
        if m is None:
            return

        def save(v: Values) -> object:
            return self.store.add_attachment(m.id, v["path"])

        def done(result: object) -> None:
            if result:
                self.query_one(TabbedContent).active = "tab-files"
                self._changed("File attached")

        self.app.push_screen(AttachForm(save), done)

    # -- dependencies ------------------------------------------------------------------------
    def action_depends(self) -> None:
        if self.milestone is not None:
            self._depends_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _depends_form(self, m: MilestoneView) -> None:
        from mstui.store import MilestoneFilter

        store = self.store
        candidates = store.list_milestones(MilestoneFilter(project=m.project))

        def save(v: Values) -> object:
            store.set_dependencies(m.id, v["depends_on"])
            return True

        def done(result: object) -> None:
            if result:
                self._changed("Dependencies saved")

        picker = DependencyPicker(save, m, candidates)
        self.app.call_from_thread(self.app.push_screen, picker, done)

    # -- resources (the dashboard/targets issue) ------------------------------------------
    def action_book(self) -> None:
        if self.milestone is not None:
            self._booking_form(self.milestone)

    @work(thread=True, group="form", exit_on_error=False)
    def _booking_form(self, m: MilestoneView) -> None:
        from mstui.screens.forms.resource import BookingForm, save_booking

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
