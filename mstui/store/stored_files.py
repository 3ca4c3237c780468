"""Stored copies of attached files, tamper-evident on a shared server.

Members of the team's group can all write in `<database>.files/`. Measured
attacks on the earlier store: a member overwrote another's stored copy (the
files were 660) and the attachment kept reporting the old SHA-256; a member
planted a symlink at the storage path of a file attached later, the store saw
that the path "existed" and served the planted content. So:

- a copy is written to a fresh temporary name opened
  `O_CREAT|O_EXCL|O_NOFOLLOW`, made read-only (0440), then `os.link`ed into
  place: it never appears half written, and an existing name (a planted file
  or symlink) is never followed nor replaced (a spare name is used instead);
- folders are walked with `dir_fd` and `O_NOFOLLOW|O_DIRECTORY`, never
  through a symlink, and made 3770: setgid (the team's group) and sticky, so
  only a file's owner can remove or rename it;
- every read checks the SHA-256: a copy is `ok`, `changed` or `missing`, and
  only an `ok` copy's bytes are ever handed out.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from mstui.errors import Invalid

CopyState = Literal["ok", "changed", "missing"]
FOLDER_MODE = 0o3770
"""setgid (files take the team's group) + sticky (only a file's owner removes or renames it)."""
FILE_MODE = 0o440
SPARE_NAMES = 3
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # a FIFO never blocks
_CHUNK = 1 << 20


@contextlib.contextmanager
def _folder(base: Path, parts: tuple[str, ...], *, make: bool) -> Iterator[int]:
    """A descriptor of `base/parts…`, each part opened without following a symlink
    (made 3770 when missing and `make`)."""
    if make:
        with contextlib.suppress(FileExistsError):
            os.mkdir(base, FOLDER_MODE)
            os.chmod(base, FOLDER_MODE, follow_symlinks=False)
    fd = os.open(base, _DIR_FLAGS)
    try:
        for part in parts:
            if make:
                try:
                    os.mkdir(part, FOLDER_MODE, dir_fd=fd)
                    made = True
                except FileExistsError:
                    made = False
            else:
                made = False
            nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
            if made:
                os.fchmod(fd, FOLDER_MODE)  # mkdir's mode is cut by the umask
        yield fd
    finally:
        os.close(fd)


def _split(rel: str) -> tuple[tuple[str, ...], str]:
    parts = tuple(p for p in rel.split("/") if p)
    if not parts or any(p in (".", "..") for p in parts):
        raise ValueError(rel)
    return parts[:-1], parts[-1]


def _open_file(dir_fd: int, name: str) -> int | None:
    """A read descriptor of a regular file `name` in `dir_fd` (None: missing, a
    symlink, or not a regular file)."""
    try:
        fd = os.open(
            name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, dir_fd=dir_fd
        )
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def _digest(fd: int) -> str:
    h = hashlib.sha256()
    while chunk := os.read(fd, _CHUNK):
        h.update(chunk)
    return h.hexdigest()


def copy_state(base: Path, rel: str, sha256: str) -> CopyState:
    """Whether the stored copy at `base/rel` is intact (`ok`), altered (`changed`:
    other bytes, a symlink, not a regular file) or gone (`missing`)."""
    try:
        folders, name = _split(rel)
        with _folder(base, folders, make=False) as d:
            try:
                st = os.stat(name, dir_fd=d, follow_symlinks=False)
            except FileNotFoundError:
                return "missing"
            fd = _open_file(d, name) if stat.S_ISREG(st.st_mode) else None
    except (OSError, ValueError):
        return "missing"
    if fd is None:
        return "changed"
    try:
        return "ok" if _digest(fd) == sha256 else "changed"
    except OSError:
        return "changed"
    finally:
        os.close(fd)


def checked_bytes(base: Path, rel: str, sha256: str, shown: str) -> bytes:
    """The stored copy's bytes, read once and checked against `sha256`; `Invalid`
    (one line) when it changed on disk or is missing."""
    try:
        folders, name = _split(rel)
        with _folder(base, folders, make=False) as d:
            fd = _open_file(d, name)
            if fd is None:
                exists = True
                try:
                    os.stat(name, dir_fd=d, follow_symlinks=False)
                except FileNotFoundError:
                    exists = False
                raise Invalid("attachment", shown, _problem("changed" if exists else "missing"))
            try:
                with os.fdopen(fd, "rb", closefd=False) as fh:
                    data = fh.read()
            finally:
                os.close(fd)
    except (OSError, ValueError):
        raise Invalid("attachment", shown, _problem("missing")) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Invalid("attachment", shown, _problem("changed"))
    return data


def _problem(state: CopyState) -> str:
    if state == "missing":
        return "its stored copy is missing; remove it and attach the file again"
    return "its stored copy changed on disk since it was attached; not served"


def copy_names(sha256: str) -> list[str]:
    """Where a copy of `sha256` may be stored, in the order tried: its name, then a few
    spare names for when something was planted at it (a place no one can take away)."""
    first = f"{sha256[:2]}/{sha256}"
    return [first, *(f"{first}.{n}" for n in range(1, SPARE_NAMES + 1))]


def store_copy(base: Path, sha256: str, source: BinaryIO, shown: str) -> str:
    """Store `source` (whose SHA-256 is `sha256`) exclusively; where it is (relative
    to `base`).

    An intact copy already stored is kept (same content). Anything else at a
    name (a planted file or symlink, an altered copy) is left alone, never
    followed, overwritten or served, and the next spare name is used; when all
    are taken the attach is refused with one line.
    """
    names = copy_names(sha256)
    for rel in names:
        if copy_state(base, rel, sha256) == "ok":
            return rel
    folders, _ = _split(names[0])
    tmp = f".{secrets.token_hex(8)}.part"  # a fresh name: nothing planted can be at it
    try:
        with _folder(base, folders, make=True) as d:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(tmp, flags, 0o600, dir_fd=d)
            try:
                h = hashlib.sha256()
                with os.fdopen(fd, "wb", closefd=False) as out:
                    while chunk := source.read(_CHUNK):
                        h.update(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(fd)
                os.fchmod(fd, FILE_MODE)
            finally:
                os.close(fd)
            try:
                if h.hexdigest() != sha256:
                    raise Invalid("file", shown, "it changed while it was being copied; try again")
                for rel in names:
                    try:
                        os.link(tmp, _split(rel)[1], src_dir_fd=d, dst_dir_fd=d,
                                follow_symlinks=False)  # fmt: skip
                        return rel
                    except FileExistsError:
                        if copy_state(base, rel, sha256) == "ok":
                            return rel  # stored meanwhile by another process
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=d)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise Invalid("file", shown, f"cannot store a copy in {base} ({reason})") from None
    raise Invalid(
        "file", shown, f"other files are in the way at {base / names[0]}; ask the admin to check"
    )
