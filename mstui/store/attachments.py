"""Attachments: files copied into a folder beside the database, content-addressed.

Why copy rather than keep a reference: on a shared server a reference to
`/home/alice/contract.pdf` is useless to Bob (no permission) and breaks when
Alice moves the file. The copy lives in `<database>.files/` (group-shared
like the database), named by its SHA-256, so the same file attached twice is
stored once. How a copy is stored and checked so that another member of the
group cannot change it behind the attachment: stored_files.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.permissions import Permission
from mstui.domain.text import clean_field
from mstui.errors import ConfigError, Invalid, MstuiError, NotFound
from mstui.store.base import StoreBase
from mstui.store.stored_files import checked_bytes, copy_names, copy_state, store_copy
from mstui.store.tables import Attachment, Milestone, Person
from mstui.views.milestones import AttachmentView

MAX_BYTES = 50 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def copied_files(where: sa.ColumnElement[bool]) -> sa.Select[str]:
    """The hashes of the stored copies of the attachments `where` selects (a query)."""
    return sa.select(col(Attachment.sha256)).where(where, col(Attachment.copied).is_(True))


def sweep_unused(
    base: Path | None, write: Callable[[], AbstractContextManager[Session]], shas: Iterable[str]
) -> None:
    """(After the deleting transaction committed.) Delete each stored file of `shas`
    that no attachment names any more.

    Each file goes in a write transaction of its own that counts the rows naming
    it again, so no attach slips in between (an attach checks for the file inside
    its own transaction and stores it again if missing). A crash before this
    leaves an unused file, never a row naming a missing one. Only files at the
    place a well-formed hash gives are touched, never a path read from the database.
    """
    if base is None:
        return
    for sha in sorted({sha for sha in shas if _SHA256.fullmatch(sha)}):
        with contextlib.suppress(MstuiError), write() as s:
            used = s.scalar(
                sa.select(sa.func.count(col(Attachment.id))).where(col(Attachment.sha256) == sha)
            )
            for rel in copy_names(sha) if not used else []:
                target = base / rel
                if target.is_file() and not target.is_symlink():
                    # The folder (sha[:2]) stays: another process may be storing in it.
                    # Another member's copy stays too (the sticky bit refuses): harmless.
                    with contextlib.suppress(OSError):
                        target.unlink()


def attachment_views(s: Session, base: Path, milestone_id: int) -> list[AttachmentView]:
    """The files attached to a milestone, oldest first (paths inside `base`)."""
    rows = s.execute(
        sa.select(Attachment, col(Person.login))
        .join(Person, col(Person.id) == col(Attachment.added_by_id))
        .where(col(Attachment.milestone_id) == milestone_id)
        .order_by(col(Attachment.added_at), col(Attachment.id))
    ).all()
    out = []
    for a, login in rows:
        assert a.id is not None
        out.append(
            AttachmentView(
                a.id,
                a.milestone_id,
                a.name,
                str(base / a.path),
                a.size,
                a.sha256,
                login,
                a.added_at,
                copy_state(base, a.path, a.sha256) if a.copied else "missing",
            )
        )
    return out


class AttachmentPart(StoreBase):
    """Add, list and remove attachments."""

    def files_dir(self) -> Path:
        """Where attached files are kept."""
        base = self.files_root()
        if base is not None:
            return base
        raise ConfigError(
            "attachments on a server database need a folder: set `files` in the settings"
        )

    def add_attachment(self, milestone_id: int, path: str) -> AttachmentView:
        """Copy the file at `path` into the store and attach it to a milestone."""
        source = Path(path.strip()).expanduser()
        if not source.is_file():
            raise Invalid("file", path, "no such file")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise Invalid("file", path, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        name = clean_field("file", source.name, max_len=255)
        digest = hashlib.sha256()
        try:
            with source.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError as exc:
            raise Invalid("file", path, f"cannot read it ({exc.strerror})") from None
        sha = digest.hexdigest()
        with self.db.reading() as s:  # refused before anything is copied
            self.me_id()
            m = self._require(s, Milestone, milestone_id, "milestone")
            self._allow_in(s, Permission.EDIT, m.project_id)
        base = self.files_dir()
        rel = self._store_file(source, base, sha, path)
        with self._write() as s:
            m = self._require(s, Milestone, milestone_id, "milestone")
            self._allow_in(s, Permission.EDIT, m.project_id)
            if copy_state(base, rel, sha) != "ok":
                # Removed meanwhile with its last attachment (sweep_unused): store it
                # again, now that the write lock keeps any other removal out.
                rel = self._store_file(source, base, sha, path)
            assert self._me_id is not None
            row = Attachment(
                milestone_id=milestone_id,
                name=name,
                path=rel,
                copied=True,
                size=size,
                sha256=sha,
                added_by_id=self._me_id,
                added_at=self.now(),
            )
            s.add(row)
            s.flush()
            assert row.id is not None
            self._log(
                s,
                "milestone",
                milestone_id,
                "attach",
                field="file",
                new=name,
                project_id=m.project_id,
            )
            aid = row.id
        return next(a for a in self.list_attachments(milestone_id) if a.id == aid)

    def _store_file(self, source: Path, base: Path, sha: str, shown: str) -> str:
        """Store `source` exclusively, read-only (stored_files.store_copy); where, in `base`."""
        try:
            with source.open("rb") as fh:
                return store_copy(base, sha, fh, shown)
        except OSError as exc:
            raise Invalid("file", shown, f"cannot read it ({exc.strerror})") from None

    def export_attachment(self, aid: int) -> tuple[AttachmentView, bytes]:
        """An attachment and its stored bytes, checked against its SHA-256: `Invalid`
        (one line) when the copy changed on disk or is missing, never other bytes."""
        a = self.attachment(aid)
        base = self.files_dir()
        with self.db.reading() as s:
            rel = s.scalar(sa.select(col(Attachment.path)).where(col(Attachment.id) == aid))
        assert rel is not None
        return a, checked_bytes(base, rel, a.sha256, f"{aid} ({a.name})")

    def list_attachments(self, milestone_id: int) -> list[AttachmentView]:
        """The files attached to a milestone, oldest first."""
        with self.db.reading() as s:
            base = self.files_root() or Path()
            return attachment_views(s, base, milestone_id)

    def attachment(self, aid: int) -> AttachmentView:
        """One attachment by id."""
        with self.db.reading() as s:
            mid = s.scalar(sa.select(col(Attachment.milestone_id)).where(col(Attachment.id) == aid))
        if mid is None:
            raise NotFound("attachment", aid)
        for a in self.list_attachments(mid):
            if a.id == aid:
                return a
        raise NotFound("attachment", aid)

    def delete_attachment(self, aid: int) -> int:
        """Remove an attachment from its milestone; returns how many other attachments
        still share its stored file (0: the file was deleted too).

        Stored files are named by their SHA-256 and shared by every attachment
        of the same content: the file is deleted only when no attachment row
        names that hash any more (counted inside the transaction that deletes
        the row). A file is only ever deleted inside `<database>.files/`, at
        the place its hash gives: never a path read from the database.
        """
        with self._write() as s:
            a = s.get(Attachment, aid)
            if a is None:
                raise NotFound("attachment", aid)
            project_id = s.scalar(
                sa.select(col(Milestone.project_id)).where(col(Milestone.id) == a.milestone_id)
            )
            assert project_id is not None
            self._allow_in(s, Permission.EDIT, project_id)
            self._log(
                s, "milestone", a.milestone_id, "detach", field="file", old=a.name,
                project_id=project_id,
            )  # fmt: skip
            sha, copied = a.sha256, a.copied
            s.delete(a)
            s.flush()
            others = s.scalar(
                sa.select(sa.func.count(col(Attachment.id))).where(col(Attachment.sha256) == sha)
            )
        if copied:
            sweep_unused(self.files_root(), self._cleanup, [sha])
        return int(others or 0)
