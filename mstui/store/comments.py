"""Comments on milestones: updates, notes, retrospectives; only their author changes them.

Comments have no version column: an edit compares and writes inside one
`BEGIN IMMEDIATE` transaction, and the old text stays in the Activity log.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import CommentKind, parse_enum
from mstui.domain.permissions import Permission
from mstui.domain.text import clean_field
from mstui.errors import NotAllowed, NotFound
from mstui.store import notices
from mstui.store.base import StoreBase, login_of, stored_id
from mstui.store.tables import Comment, Milestone, Person
from mstui.views.milestones import CommentView


def comment_views(s: Session, milestone_id: int) -> list[CommentView]:
    """The comment thread of a milestone, oldest first."""
    rows = s.execute(
        sa.select(Comment, col(Person.login))
        .join(Person, col(Person.id) == col(Comment.author_id))
        .where(col(Comment.milestone_id) == milestone_id)
        .order_by(col(Comment.created_at), col(Comment.id))
    ).all()
    return [
        CommentView(stored_id(c.id), c.milestone_id, login, c.kind, c.body, c.created_at)
        for c, login in rows
    ]


def _project_of(s: Session, milestone_id: int) -> int | None:
    return s.scalar(sa.select(col(Milestone.project_id)).where(col(Milestone.id) == milestone_id))


class CommentPart(StoreBase):
    """Add, list, correct and delete comments."""

    def add_comment(
        self, milestone_id: int, body: str, kind: CommentKind | str = CommentKind.NOTE
    ) -> CommentView:
        """Add an update, a note or a retrospective to a milestone."""
        body = clean_field("comment", body, max_len=20_000, multiline=True)
        kind = parse_enum(CommentKind, "kind", kind)
        with self._write() as s:
            m = self._require(s, Milestone, milestone_id, "milestone")
            self._allow_in(s, Permission.COMMENT, m.project_id)
            assert self._me_id is not None
            c = Comment(
                milestone_id=milestone_id,
                author_id=self._me_id,
                kind=kind.value,
                body=body,
                created_at=self.now(),
            )
            s.add(c)
            s.flush()
            assert c.id is not None
            self._log(s, "milestone", milestone_id, "comment", field=kind.value, new=body[:200],
                      project_id=m.project_id)  # fmt: skip
            notices.comment_added(self, s, m, body)
            cid = c.id
        return next(c for c in self.list_comments(milestone_id) if c.id == cid)

    def list_comments(self, milestone_id: int) -> list[CommentView]:
        """The comment thread of a milestone, oldest first."""
        with self.db.reading() as s:
            return comment_views(s, milestone_id)

    def comment(self, cid: int) -> CommentView:
        """One comment by id."""
        with self.db.reading() as s:
            mid = s.scalar(sa.select(col(Comment.milestone_id)).where(col(Comment.id) == cid))
        if mid is None:
            raise NotFound("comment", cid)
        for c in self.list_comments(mid):
            if c.id == cid:
                return c
        raise NotFound("comment", cid)

    def _own_comment(self, s: Session, cid: int, verb: str) -> Comment:
        c = s.get(Comment, cid)
        if c is None:
            raise NotFound("comment", cid)
        project_id = _project_of(s, c.milestone_id)
        if project_id is not None:
            self._allow_in(s, Permission.COMMENT, project_id)
        if c.author_id != self._me_id:
            author = login_of(s, c.author_id)
            raise NotAllowed(f"comment {cid}: only its author ({author}) may {verb} it")
        return c

    def edit_comment(
        self, cid: int, body: str, kind: CommentKind | str | None = None
    ) -> CommentView:
        """Correct my comment's text (and kind); the old text stays in the Activity log."""
        body = clean_field("comment", body, max_len=20_000, multiline=True)
        new_kind = parse_enum(CommentKind, "kind", kind).value if kind is not None else None
        with self._write() as s:
            c = self._own_comment(s, cid, "edit")
            project_id = _project_of(s, c.milestone_id)
            if c.body != body:
                self._log(s, "milestone", c.milestone_id, "edit", field=f"comment #{cid}",
                          old=c.body, new=body, project_id=project_id)  # fmt: skip
                c.body = body
            if new_kind is not None and c.kind != new_kind:
                self._log(s, "milestone", c.milestone_id, "edit", field=f"kind of comment #{cid}",
                          old=c.kind, new=new_kind, project_id=project_id)  # fmt: skip
                c.kind = new_kind
        return self.comment(cid)

    def delete_comment(self, cid: int) -> CommentView:
        """Delete my comment; returns it as it was (its text stays in the Activity log)."""
        before = self.comment(cid)
        with self._write() as s:
            c = self._own_comment(s, cid, "delete")
            project_id = _project_of(s, c.milestone_id)
            self._log(s, "milestone", c.milestone_id, "delete", field=f"comment #{cid}",
                      old=c.body, project_id=project_id)  # fmt: skip
            s.delete(c)
        return before
