"""Forms of the milestone detail: a task, a comment, dependencies, an attachment.

Each runs its `save` in a thread; a refusal is shown inline and the form
stays open with what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from mstui.domain.bounds import AMOUNT_MAX
from mstui.domain.dates import parse_date
from mstui.domain.enums import CommentKind, TaskStatus
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Save, Values
from mstui.views.milestones import CommentView, MilestoneView, TaskView
from mstui.widgets.mention import MentionArea
from mstui.widgets.safe import plain, say


class TaskForm(Form):
    """Add or edit a task: title, start, end, assignee, estimate, actual, status."""

    def __init__(
        self,
        save: Save,
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

    def read(self) -> Values | None:
        values: Values = {}
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
            if number is not None and not 0 <= number <= AMOUNT_MAX:
                self.show_error(name, f"{name.capitalize()}: must be 0 to 1e15" + _got(raw))
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


class CommentForm(Form):
    """Write an update, a note or a retrospective (or correct one: `initial`)."""

    def __init__(
        self, save: Save, initial: CommentView | None = None, logins: Sequence[str] = ()
    ) -> None:
        super().__init__(save)
        self.initial = initial
        self.logins = logins
        """Who `@login` completes to (Tab)."""

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
            box = MentionArea(body, self.logins, id="comment", soft_wrap=True)
            yield from self.field("comment", "Text", box, hint=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#comment", TextArea).focus()

    @on(TextArea.Changed, "#comment")
    @on(TextArea.SelectionChanged, "#comment")
    def _mention_hint(self) -> None:
        typed = self.query_one("#comment", MentionArea).typing()
        hint = ""
        if typed is not None:
            prefix, matches = typed
            shown = ", ".join(matches[:6]) + (", …" if len(matches) > 6 else "")
            hint = f"@{prefix}: {shown} (tab completes)" if matches else f"@{prefix}: nobody"
        self.query_one("#comment-hint", Label).update(plain(hint))

    def read(self) -> Values | None:
        body = self.query_one("#comment", TextArea).text
        if not body.strip():
            self.show_error("comment", "Text: write something (esc cancels)")
            return None
        kind = CommentKind(str(self.query_one("#kind", Select).value))
        return {"body": body, "kind": kind}


class DependencyPicker(Form):
    """Pick the milestones this one waits for (a cycle is refused, naming it)."""

    def __init__(
        self,
        save: Save,
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

    def read(self) -> Values | None:
        return {"depends_on": list(self.query_one(SelectionList).selected)}


class AttachForm(Form):
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

    def read(self) -> Values | None:
        path = self.query_one("#file", Input).value.strip()
        if not path:
            self.show_error("file", "Path: which file?")
            return None
        return {"path": path}


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def _got(raw: str) -> str:
    return f' (got "{raw}")' if raw.strip() else ""
