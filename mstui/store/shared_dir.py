"""`mstui init --shared DIR`: a directory where a team's processes can all open one SQLite file.

Measured on the team's servers: SQLite creates the database 0644 whatever the
umask, and the -wal/-shm files copy the database's mode; the only layout that
worked for every member is a setgid directory, mode 2770, owned by the team's
group, with the database file 660.
"""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from mstui.errors import Invalid

OURS = ("mstui.db", "mstui.db-wal", "mstui.db-shm", "mstui.db-journal", "mstui.db.files")
"""What `init_shared` (and mstui's use of the database) puts in the directory."""


def init_shared(directory: str, group: str | None, *, force: bool = False) -> Path:
    """Make `directory` (group-owned, setgid, 2770), an empty database in it (660), and
    the attachments folder beside the database with its folders (3770).

    An existing directory holding anything mstui did not put there (someone's
    home, /srv itself) is refused unless `force`: the refusal says what would
    change (mode, group), so that nobody opens up a folder to the team by a typo.
    """
    from mstui.store.engine import open_database
    from mstui.store.sqlite_file import filesystem_type
    from mstui.store.stored_files import FOLDER_MODE

    path = Path(directory).expanduser().resolve()
    gid = None
    if group:
        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise Invalid("group", group, "no such group on this server") from None
    if path.exists() and not path.is_dir():
        raise Invalid("directory", directory, "exists and is not a directory")
    if path.is_dir() and not force:
        _refuse_foreign(path, directory, gid)
    fs = filesystem_type(path.parent if not path.exists() else path)
    if fs.startswith(("nfs", "cifs", "smb")):
        raise Invalid(
            "directory", directory, f"is on a network file system ({fs}); use a local disk"
        )
    db = path / "mstui.db"
    # Attachments live in <db>.files (store/attachments.py): made here too, so that the
    # first member to attach a file does not make it with their own umask.
    files = db.with_name(db.name + ".files")
    # Its 256 folders too, 3770 (sticky: only a file's owner removes or renames it),
    # owned by the admin, so that no member owns a folder holding others' files.
    folders = [path, files, *(files / f"{i:02x}" for i in range(256))]
    try:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            if gid is not None:
                os.chown(folder, -1, gid)
            os.chmod(folder, 0o2770 if folder == path else FOLDER_MODE)
    except OSError as exc:
        raise Invalid("directory", directory, _reason(exc)) from None
    database = open_database(str(db))  # creates it in WAL mode and migrates
    database.close()
    try:
        for f in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            if f.exists():
                if gid is not None:
                    os.chown(f, -1, gid)
                os.chmod(f, 0o660)
    except OSError as exc:
        raise Invalid("directory", directory, _reason(exc)) from None
    return db


def _refuse_foreign(path: Path, directory: str, gid: int | None) -> None:
    """Refuse `path` when it holds entries mstui did not make there, saying what would change."""
    try:
        foreign = sorted(
            e.name for e in os.scandir(path) if e.name not in OURS and ".bak-" not in e.name
        )
        st = path.stat()
    except OSError as exc:
        raise Invalid("directory", directory, _reason(exc)) from None
    if not foreign:
        return
    changes = []
    wanted = stat.S_IFDIR | 0o2770
    if stat.S_IMODE(st.st_mode) != 0o2770:
        changes.append(f"mode {stat.filemode(st.st_mode)} → {stat.filemode(wanted)}")
    if gid is not None and st.st_gid != gid:
        changes.append(f"group {_group_name(st.st_gid)} → {_group_name(gid)}")
    change = ", ".join(changes) if changes else "its mode and group are already right"
    many = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
    raise Invalid(
        "directory",
        directory,
        f"holds files mstui did not make ({foreign[0]!r}{many}); init would change it "
        f"({change}) and add mstui.db: name a new or empty directory, or add --force",
    )


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _reason(exc: OSError) -> str:
    where = f" on {exc.filename}" if exc.filename else ""
    return f"cannot set it up: {exc.strerror or type(exc).__name__}{where}"


def describe(db: Path) -> str:
    """What was made, and what members and the admin do next."""
    st = db.parent.stat()
    group = grp.getgrgid(st.st_gid).gr_name
    mode = stat.filemode(st.st_mode)
    return (
        f"shared database {db} (directory {mode}, group {group})\n"
        f"members of {group} use it with: export MSTUI_DB={db}\n"
        f'or for everyone, in /etc/xdg/mstui/config.toml: db = "{db}"'
    )
