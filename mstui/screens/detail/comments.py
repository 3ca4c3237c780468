"""The Comments tab of the milestone detail: the thread, one focusable box a comment."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mstui.views.milestones import CommentView
from mstui.widgets.comment import CommentBox


class CommentThread(VerticalScroll, can_focus=False):
    """The comments take the focus one by one (e edits, delete deletes), not the thread."""

    def show(self, comments: Sequence[CommentView]) -> bool:
        """Show `comments`, keeping the focus on the comment it was on.

        True when the focus was on a comment and no comment is left to hold it.
        """
        focused = self.screen.focused
        was: tuple[int, int] | None = None
        if isinstance(focused, CommentBox):
            was = (focused.comment.id, list(self.children).index(focused))
        self.remove_children()
        if not comments:
            self.mount(Static(Content("No comments yet: c writes one."), classes="comment--empty"))
            return was is not None
        boxes = [CommentBox(c) for c in comments]
        self.mount_all(boxes)
        if was is not None:
            # Keep the focus in the thread across a reload: on the same comment, or (it was
            # deleted) the one now in its place, never falling back to the milestone.
            ids = [c.id for c in comments]
            cid, index = was
            boxes[ids.index(cid) if cid in ids else min(index, len(ids) - 1)].focus()
        return False
