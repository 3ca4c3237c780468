"""One comment of a milestone's thread: focusable, so that it can be edited or deleted."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from mstui.views.milestones import CommentView
from mstui.widgets.safe import plain


class CommentBox(Vertical, can_focus=True):
    """A comment's head (author, kind, time) and its text, shown literally."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "step(1)", "Next comment", show=False, id="comment.next"),
        Binding("up,k", "step(-1)", "Previous comment", show=False, id="comment.previous"),
    ]

    def __init__(self, comment: CommentView) -> None:
        super().__init__(classes="comment")
        self.comment = comment

    def compose(self) -> ComposeResult:
        c = self.comment
        head = f"{c.author} · {c.kind} · {c.created_at:%Y-%m-%d %H:%M} UTC"
        yield Static(plain(head), classes="comment--head")
        yield Static(plain(c.body, multiline=True), classes="comment--body")

    def action_step(self, delta: int) -> None:
        boxes = list(self.screen.query(CommentBox))
        i = boxes.index(self) + delta
        if 0 <= i < len(boxes):
            boxes[i].focus()
            boxes[i].scroll_visible()
