"""The SQLite file itself: may it be opened, making it, copying it, checking it.

What was measured on the team's servers, and is done here:

- A file on a network file system is refused (SQLite's locking is unsafe there).
- Anything but a regular file is refused: `/dev/null` made `/dev/null-journal`.
- A file that could not be made whole (a full disk) is removed again, never left
  as a 0-byte "database".
- A backup goes through SQLite's backup API (a plain copy of a live WAL file is
  not consistent), under a name no other process can take, with the database's
  own group and mode, so that every member can read it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
import stat
from pathlib import Path

from mstui.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 10_000
# Where SQLite's locking is unsafe (and every "nfs*", checked by its prefix).
_NETWORK_FS = {"cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"}


def read_only_uri(path: Path) -> str:
    """A SQLite `file:` URI opening `path` read-only (`?`, `#` and `%` in it escaped)."""
    from urllib.parse import quote

    return f"file:{quote(str(path))}?mode=ro"


def filesystem_type(path: Path) -> str:
    """The type of the file system holding `path` ("ext4", "nfs4", …), or ""."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def disk_full(path: Path) -> bool:
    """Whether the file system holding `path` (or its folder) has no space left."""
    for where in (path, path.parent):
        with contextlib.suppress(OSError):
            st = os.statvfs(where)
            return st.f_bavail * st.f_frsize < 64 * 1024
    return False


def check_sqlite_file(path: Path, create_dir: bool) -> bool:
    """Refuse what SQLite cannot serve safely; True when the file is new or empty.

    An account outside the directory's group (a `PermissionError` on the very
    `stat`) is told so in one line, never a traceback.
    """
    try:
        return _check_sqlite_file(path, create_dir)
    except PermissionError:
        raise DatabaseUnavailable(
            f'cannot open database "{path}": permission denied '
            f"(is your account in the group that owns {path.parent}?)"
        ) from None


def why_read_only(path: Path) -> str:
    """Why this account may read but not write `path` (one line), or "" when it may write."""
    if not os.access(path, os.W_OK):
        return f"{path} is read-only for you (no write permission on the file)"
    if not os.access(path.parent, os.W_OK):
        return f"{path} is read-only for you (no write permission on {path.parent})"
    return ""


def _check_sqlite_file(path: Path, create_dir: bool) -> bool:
    parent = path.parent
    if not parent.exists():
        if not create_dir:
            raise DatabaseUnavailable(
                f'cannot open database "{path}": directory {parent} does not exist'
            )
        parent.mkdir(parents=True, exist_ok=True)
    if not parent.is_dir():
        raise DatabaseUnavailable(f'cannot open database "{path}": {parent} is not a directory')
    fs = filesystem_type(parent)
    if fs in _NETWORK_FS or fs.startswith("nfs"):
        raise DatabaseUnavailable(
            f'cannot open database "{path}": it is on a network file system ({fs}), where '
            "SQLite's locking is unsafe; use a local disk or PostgreSQL"
        )
    if path.exists():
        if path.is_dir():
            raise DatabaseUnavailable(f'cannot open database "{path}": it is a directory')
        if not path.is_file():  # a device, a pipe, a socket: SQLite would write beside it
            raise DatabaseUnavailable(f'cannot open database "{path}": not a regular file')
        if not os.access(path, os.R_OK):
            raise DatabaseUnavailable(f'cannot open database "{path}": permission denied')
        # Readable but not writable (file 0444, or a directory the account cannot
        # write the -wal/-shm files in): opened read-only by the engine.
        return path.stat().st_size == 0 and not why_read_only(path)
    if not os.access(parent, os.W_OK):
        raise DatabaseUnavailable(
            f'cannot create database "{path}": no write permission on {parent}'
        )
    return True


def create_sqlite(path: Path) -> None:
    """Make a new database file in WAL mode (once, at creation).

    A file that cannot be made whole is removed again: a full disk left a 0-byte
    file that the next start took for an empty database.
    """
    existed = path.exists()
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # writes the file's header
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if not existed:
            for f in (path, *_companions(path)):
                with contextlib.suppress(OSError):
                    f.unlink()
        raise DatabaseUnavailable(f'cannot create database "{path}": {explain(exc, path)}') from exc
    # Group members share the file on a shared server (setgid directory): SQLite
    # makes it 0644 whatever the umask; follow the directory's group bits.
    parent_mode = path.parent.stat().st_mode
    if parent_mode & stat.S_ISGID:
        os.chmod(path, 0o660)


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))


def explain(exc: BaseException, path: Path | None = None) -> str:
    """One line for a driver error: its first line, and "the disk is full" when it is."""
    text = str(getattr(exc, "orig", exc) or exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    full = "disk is full" in line or getattr(exc, "errno", None) == errno.ENOSPC
    if path is not None and (full or "disk I/O error" in line) and disk_full(path):
        return f"the disk holding {path.parent} is full ({line}); free some space and retry"
    return line


def backup_sqlite(path: Path, label: str, dest: Path | None = None) -> Path:
    """A consistent copy of a live SQLite file, through the backup API.

    Beside the database by default, under a name no other process can collide
    with (made exclusively), with the database's group and mode. `dest` names
    the copy instead (it must not exist).
    """
    from datetime import UTC, datetime

    if dest is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        unique = f"{os.getpid()}-{secrets.token_hex(3)}"
        dest = path.with_name(f"{path.name}.bak-{label}-{stamp}-{unique}")
    st = path.stat()
    # Made exclusively: a name taken by anyone (a file, a symlink) is never written.
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    os.close(fd)
    try:
        with contextlib.suppress(OSError):
            os.chown(dest, -1, st.st_gid)
        os.chmod(dest, stat.S_IMODE(st.st_mode) & 0o660 | 0o600)
        src = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(dest)
            try:
                src.backup(dst)
                # A copy of a WAL database is in WAL mode too: make it one file.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise
    return dest


def integrity(path: Path, *, quick: bool = False) -> list[str]:
    """SQLite's integrity check (or quick check) of `path`, read-only: [] when sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [explain(exc)]
    return [] if rows == ["ok"] else rows
