"""Forms of the milestone detail: a task, a comment, dependencies, an attachment.

Each runs its `save` in a thread; a refusal is shown inline and the form
stays open with what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from mstui.domain.dates import parse_date
from mstui.domain.enums import CommentKind, TaskStatus
from mstui.errors import Invalid, MstuiError
from mstui.screens.guard import DiscardGuard
from mstui.views.milestones import CommentView, MilestoneView, TaskView
from mstui.widgets.safe import plain, say


class _SavingForm(DiscardGuard):
    """A modal form whose save runs in a thread and reports errors inline."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]

    def __init__(self, save: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__()
        self.save_fn = save
        self._saving = False

    def buttons(self) -> ComposeResult:
        yield Label("", id="form-error", classes="field--error")
        with Horizontal(classes="dialog--buttons"):
            yield Button(Content("Save (ctrl+s)"), variant="primary", id="save", compact=True)
            yield Button(Content("Cancel (esc)"), id="cancel", compact=True)

    def field(self, name: str, label: str, widget: Any, *, grow: bool = False) -> ComposeResult:
        """A labelled field; `grow` makes it take the height the form has left."""
        if hasattr(widget, "compact"):
            widget.compact = True
        with Horizontal(classes="field field--grow" if grow else "field"):
            yield Label(Content(label), classes="field--label")
            yield widget
        yield Label("", id=f"{name}-error", classes="field--error")

    def show_error(self, name: str, message: str) -> None:
        try:
            label = self.query_one(f"#{name}-error", Label)
        except Exception:
            label = self.query_one("#form-error", Label)
        label.update(say(message))
        label.add_class("-shown")
        self.error_shown_for(name)
        try:
            self.query_one(f"#{name}").focus()
        except Exception:
            return

    def clear_errors(self) -> None:
        for label in self.query(".field--error"):
            assert isinstance(label, Label)
            label.update("")
            label.remove_class("-shown")

    def read(self) -> dict[str, Any] | None:
        """The parsed values, or None after showing what is wrong (each form reads its own)."""
        return {}

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save_button(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        values = self.read()
        if values is None:
            return
        self._saving = True
        self._run(values)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _run(self, values: dict[str, Any]) -> None:
        try:
            result = self.save_fn(values)
        except Invalid as exc:
            self.app.call_from_thread(self._refused, exc.field, str(exc))
        except MstuiError as exc:
            self.app.call_from_thread(self._refused, "form", str(exc))
        except Exception as exc:  # a fault: say it, keep the form and what was typed
            self.app.call_from_thread(self._refused, "form", f"{type(exc).__name__}: {exc}")
        else:
            self.app.call_from_thread(self.dismiss, result if result is not None else True)

    def _refused(self, field: str, message: str) -> None:
        self._saving = False
        self.show_error(field, message)


class TaskForm(_SavingForm):
    """Add or edit a task: title, start, end, assignee, estimate, actual, status."""

    def __init__(
        self,
        save: Callable[[dict[str, Any]], Any],
        today: date,
        people: Sequence[str],
        task: TaskView | None = None,
        default_end: date | None = None,
    ) -> None:
        super().__init__(save)
        self.today = today
        self.people = people
        self.editing = task
        self.default_end = default_end

    def compose(self) -> ComposeResult:
        t = self.editing
        with Vertical(classes="form form--small"):
            head = say(f"Edit task #{t.id} ", t.title) if t else Content("New task")
            yield Static(head, classes="form--title")
            yield from self.field("title", "Title", Input(t.title if t else "", id="title"))
            start = t.start.isoformat() if t else "today"
            yield from self.field("start", "Start", Input(start, id="start"))
            end = t.end.isoformat() if t else (
                self.default_end.isoformat() if self.default_end else "+1w"
            )  # fmt: skip
            yield from self.field("end", "End", Input(end, id="end"))
            yield from self.field(
                "assignee",
                "Assignee",
                Input(
                    (t.assignee or "") if t else "",
                    id="assignee",
                    placeholder="login",
                    suggester=SuggestFromList(self.people, case_sensitive=False),
                ),
            )
            est = "" if not t or t.estimate_hours is None else f"{t.estimate_hours:g}"
            yield from self.field("estimate", "Estimate (h)", Input(est, id="estimate"))
            act = "" if not t or t.actual_hours is None else f"{t.actual_hours:g}"
            yield from self.field("actual", "Actual (h)", Input(act, id="actual"))
            if t is not None:
                options = [(Content(s.value.replace("_", " ")), s.value) for s in TaskStatus]
                yield from self.field(
                    "status", "Status", Select(options, value=t.status, allow_blank=False,
                                               id="status")
                )  # fmt: skip
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def read(self) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        bad = []
        values["title"] = self.query_one("#title", Input).value.strip()
        if not values["title"]:
            self.show_error("title", "Title: must not be empty")
            bad.append("title")
        for name in ("start", "end"):
            raw = self.query_one(f"#{name}", Input).value
            try:
                values[name] = parse_date(raw, self.today, name)
            except Invalid as exc:
                self.show_error(name, f"{name.capitalize()}: {exc.reason}" + _got(raw))
                bad.append(name)
        if not bad and values["end"] < values["start"]:
            self.show_error("end", "End: is before the start")
            bad.append("end")
        for name, key in (("estimate", "estimate_hours"), ("actual", "actual_hours")):
            raw = self.query_one(f"#{name}", Input).value.strip()
            try:
                # "1,250" is a thousands separator; "1,5" is not a number here (not 15).
                digits = raw.replace(",", "") if _THOUSANDS.fullmatch(raw) else raw
                number = float(digits) if raw else None
            except ValueError:
                self.show_error(name, f"{name.capitalize()}: not a number of hours" + _got(raw))
                bad.append(name)
                continue
            if number is not None and number < 0:
                self.show_error(name, f"{name.capitalize()}: must be 0 or more" + _got(raw))
                bad.append(name)
                continue
            values[key] = number
        values["assignee"] = self.query_one("#assignee", Input).value.strip() or None
        if self.editing is not None:
            values["status"] = TaskStatus(str(self.query_one("#status", Select).value))
        if bad:
            self.query_one(f"#{bad[0]}").focus()
            return None
        return values


class CommentForm(_SavingForm):
    """Write an update, a note or a retrospective (or correct one: `initial`)."""

    def __init__(
        self, save: Callable[[dict[str, Any]], Any], initial: CommentView | None = None
    ) -> None:
        super().__init__(save)
        self.initial = initial

    def compose(self) -> ComposeResult:
        c = self.initial
        with Vertical(classes="form form--small"):
            title = "Comment" if c is None else f"Edit comment #{c.id}"
            yield Static(Content(title), classes="form--title")
            kinds = [(Content(k.value.capitalize()), k.value) for k in CommentKind]
            kind = c.kind if c is not None else "update"
            yield from self.field(
                "kind", "Kind", Select(kinds, value=kind, allow_blank=False, id="kind")
            )
            body = c.body if c is not None else ""
            yield from self.field("comment", "Text", TextArea(body, id="comment", soft_wrap=True))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#comment", TextArea).focus()

    def read(self) -> dict[str, Any] | None:
        body = self.query_one("#comment", TextArea).text
        if not body.strip():
            self.show_error("comment", "Text: write something (esc cancels)")
            return None
        kind = CommentKind(str(self.query_one("#kind", Select).value))
        return {"body": body, "kind": kind}


class DependencyPicker(_SavingForm):
    """Pick the milestones this one waits for (a cycle is refused, naming it)."""

    def __init__(
        self,
        save: Callable[[dict[str, Any]], Any],
        milestone: MilestoneView,
        candidates: Sequence[MilestoneView],
    ) -> None:
        super().__init__(save)
        self.milestone = milestone
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        m = self.milestone
        with Vertical(classes="form form--small"):
            yield Static(say(f"#{m.id} ", m.title, " waits for:"), classes="form--title")
            items = [
                (plain(f"#{c.id} {c.title} (due {c.due:%d %b})"), c.id, c.id in m.depends_on)
                for c in self.candidates
                if c.id != m.id
            ]
            yield SelectionList[int](*items, id="depends")
            yield Label("", id="depends-error", classes="field--error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def read(self) -> dict[str, Any] | None:
        return {"depends_on": list(self.query_one(SelectionList).selected)}


class AttachForm(_SavingForm):
    """Attach a file by its path on the server (it is copied into the store)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form form--small"):
            yield Static(
                Content("Attach a file (a copy is kept beside the database)"),
                classes="form--title",
            )
            yield from self.field(
                "file", "File path",
                Input("", id="file", placeholder="~/contracts/offer.pdf"),
            )  # fmt: skip
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#file", Input).focus()

    def read(self) -> dict[str, Any] | None:
        path = self.query_one("#file", Input).value.strip()
        if not path:
            self.show_error("file", "Path: which file?")
            return None
        return {"path": path}


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def _got(raw: str) -> str:
    return f' (got "{raw}")' if raw.strip() else ""
