"""`mstui export`: the data as JSON (everything), CSV (a sheet of milestones) or iCalendar.

Everything is read as the acting person: a members-only project they cannot
see is not in any export, nor is anything hanging on it.

JSON is generic over `SQLModel.metadata`, as `mstui db copy` is: every table
and every column (those a later migration adds included) but `LEFT_OUT`, rows
as lists under their column names, with the format version and the schema
revision, so `mstui import` can load it into an empty database, ids kept.
A row that refers to a row not exported (through a foreign key, or an
Activity's `project_id`) is left out too, so the file always loads whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col

from mstui.domain import sheet
from mstui.domain.ical import AllDayEvent, calendar
from mstui.domain.numbers import amount
from mstui.domain.text import UNSAFE_ABOVE_C0, counted
from mstui.errors import Invalid
from mstui.store.copy import all_tables
from mstui.store.milestone_reads import MilestoneFilter
from mstui.store.tables import Person, Project
from mstui.views.milestones import MilestoneView
from mstui.views.targets import TargetView

if TYPE_CHECKING:
    from mstui.store import Store

FORMAT = "mstui-export"
FORMAT_VERSION = 1
LEFT_OUT = {
    "alert": "alerts (the next `mstui check` raises what is still true)",
    "alertscan": "the alert scan's bookmark",
    "attachment": "attachments (the files are not in the database)",
}
"""Tables a JSON export leaves out, and why."""

FORMATS = ("json", "csv", "ics")


@dataclass(frozen=True)
class Exported:
    """What an export made: the text to write, and what it holds (for the one-line report)."""

    format: str
    text: str
    counts: dict[str, int]

    @property
    def summary(self) -> str:
        """`16 milestones, 1 target`."""
        return ", ".join(counted(n, what) for what, n in self.counts.items())


_ROWS = {"projectmember": "member", "measurement": "figure", "activity": "history entry",
         "milestonedependency": "dependency", "baselineitem": "baseline item"}  # fmt: skip


def rows_counted(counts: dict[str, int]) -> str:
    """Rows by table as a person reads them: `10 people, 4 members, 3 figures`."""
    return ", ".join(counted(n, _ROWS.get(t, t)) for t, n in counts.items() if n)


def export(store: Store, fmt: str, project: str | None = None, mine: bool = False) -> Exported:
    """The export of `fmt` ("json", "csv", "ics") as `store`'s person sees it, of one
    project or all, of their own milestones (and targets) only with `mine`."""
    if project is not None:
        project = store.project(project).key  # an unknown (or hidden) key is an error
    if fmt == "json":
        return dump_json(store, project)
    if fmt == "csv":
        return dump_csv(store, project, mine)
    return dump_ics(store, project, mine)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


_SIDE_FILES = ("-wal", "-shm", "-journal")


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def refuse_database_file(dest: Path, database: Path | None) -> None:
    """`Invalid` if `dest` is the SQLite file `database` (or its -wal, -shm, -journal),
    or any SQLite database (or one's side file): renaming an export over it would
    destroy the database."""
    if database is not None:
        for suffix in ("", *_SIDE_FILES):
            if _same_file(dest, database.with_name(database.name + suffix)):
                raise Invalid("file", str(dest), "is the database itself; name another file")
    if dest.is_file() and _is_sqlite_file(dest):
        raise Invalid("file", str(dest), "is an SQLite database; name another file")
    for suffix in _SIDE_FILES:
        base = dest.with_name(dest.name.removesuffix(suffix))
        if dest.name.endswith(suffix) and _is_sqlite_file(base):
            raise Invalid("file", str(dest), "is a file of an SQLite database; name another file")


def write_export(dest: Path, data: bytes, database: Path | None = None) -> None:
    """`data` into `dest`, whole or not at all: a temporary file beside it, renamed over it
    when complete (a calendar subscribed to `dest` never reads half of one). `database`,
    the SQLite file exported, is refused as `dest`."""
    refuse_database_file(dest, database)
    if not dest.parent.is_dir():
        raise Invalid("file", str(dest), f"folder {dest.parent} does not exist")
    if dest.is_dir():
        raise Invalid("file", str(dest), "is a folder; name a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    except OSError as exc:
        raise Invalid("file", str(dest), exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain new file would be (mkstemp makes it 0600)
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise Invalid("file", str(dest), exc.strerror or str(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- JSON: every table ---------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _references(table: sa.Table) -> dict[str, str]:
    """Column → the table it refers to (its foreign keys, and an Activity's `project_id`)."""
    refs = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
    if "project_id" in table.c and "project_id" not in refs and table.name != "project":
        refs["project_id"] = "project"
    return refs


def dump_tables(store: Store, project: str | None) -> dict[str, Any]:
    """Every exported table's columns and rows (see the module's docstring)."""
    tables: dict[str, Any] = {}
    kept: dict[str, set[int]] = {}
    with store.db.reading() as s:
        if not store.db.is_sqlite:  # one snapshot for every table, as SQLite's read gives
            s.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        seen = sa.select(col(Project.id)).where(store._sees())
        if project is not None:
            seen = seen.where(col(Project.key) == project)
        kept["project"] = set(s.scalars(seen))
        # A history row of a deleted project is no one's to hide (the history shows it):
        # only one of a project that exists and is not exported is left out (all but the
        # one project, with `project`).
        existing = set(s.scalars(sa.select(col(Project.id))))
        for table in all_tables():
            if table.name in LEFT_OUT:
                continue
            names = [c.name for c in table.c]
            refs = {c: t for c, t in _references(table).items() if t in kept}
            loose = set(refs) - {fk.parent.name for fk in table.foreign_keys}  # no foreign key
            rows: list[list[Any]] = []
            ids: set[int] = set()
            for row in s.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings():
                if table.name == "project" and row["id"] not in kept["project"]:
                    continue
                if any(
                    row[c] is not None
                    and row[c] not in kept[t]
                    and (c not in loose or project is not None or row[c] in existing)
                    for c, t in refs.items()
                ):
                    continue
                rows.append([_jsonable(row[n]) for n in names])
                if "id" in row:
                    ids.add(row["id"])
            kept[table.name] = ids
            tables[table.name] = {"columns": names, "rows": rows}
    return tables


def id_counters(store: Store) -> dict[str, int]:
    """The largest id each exported table has handed out (SQLite's `sqlite_sequence`, the
    PostgreSQL sequences), deleted rows' included: a load keeps them, so an id is never
    given again to another row (whose history would then show the deleted one's)."""
    names = {t.name for t in all_tables() if t.name not in LEFT_OUT}
    found: dict[str, int] = {}
    with store.db.reading() as s:
        if store.db.is_sqlite:
            there = s.scalar(
                sa.text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")
            )
            if there:
                for name, seq in s.execute(sa.text("SELECT name, seq FROM sqlite_sequence")):
                    if name in names and seq:
                        found[str(name)] = int(seq)
            return dict(sorted(found.items()))
        for table in all_tables():
            if table.name not in names or "id" not in table.c:
                continue
            seq = s.scalar(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
            if seq is None:
                continue
            last, called = s.execute(sa.text(f"SELECT last_value, is_called FROM {seq}")).one()
            used = int(last) if called else int(last) - 1
            if used > 0:
                found[table.name] = used
    return dict(sorted(found.items()))


# JSON escapes C0 itself; DEL, C1, bidi marks and Unicode line breaks are escaped too, so
# the file shows as it is in any editor or pager (the same JSON).
_ESCAPES = {code: f"\\u{code:04x}" for code in UNSAFE_ABOVE_C0}


def dump_json(store: Store, project: str | None) -> Exported:
    tables = dump_tables(store, project)
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": store.db.revision,
        "exported_at": store.now().isoformat(),
        "exported_by": store.account.login,
        "project": project,
        "left_out": LEFT_OUT,
        "tables": tables,
        "id_counters": id_counters(store),
    }
    counts = {
        label: len(tables[name]["rows"])
        for name, label in (("person", "person"), ("project", "project"),
                            ("milestone", "milestone"), ("task", "task"),
                            ("target", "target"), ("activity", "history entry"))
        if name in tables
    }  # fmt: skip
    return Exported(
        "json", json.dumps(doc, ensure_ascii=False, indent=1).translate(_ESCAPES) + "\n", counts
    )


# -- CSV: one row a milestone --------------------------------------------------------------------


def _milestones(store: Store, project: str | None, mine: bool) -> list[MilestoneView]:
    owner = store.account.login if mine else None
    ms: list[MilestoneView] = store.list_milestones(MilestoneFilter(project=project, owner=owner))
    return ms


def sheet_row(m: MilestoneView) -> list[str]:
    """A milestone as a row under `sheet.HEADER`."""
    k = m.kpi
    values: list[object] = [
        m.id, m.project, m.title, m.owner, m.due.isoformat(), m.status.value, m.health.value,
        k.name if k else "", k.target if k else None, k.actual if k else None, k.unit if k else "",
        m.cost_estimate, m.cost_actual, m.effort_estimate, m.effort_actual,
        m.blocked_reason, m.description,
    ]  # fmt: skip
    cells = [sheet.safe_cell(_figure(v)) for v in values[:-1]]
    return [*cells, sheet.safe_cell(m.description, multiline=True)]


def _figure(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 25000, not 25000.0, in a spreadsheet
    return value


def dump_csv(store: Store, project: str | None, mine: bool) -> Exported:
    ms = _milestones(store, project, mine)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    writer.writerow(sheet.HEADER)
    for m in ms:
        writer.writerow(sheet_row(m))
    return Exported("csv", buf.getvalue(), {"milestone": len(ms)})


# -- iCalendar: milestones and checkpoints -------------------------------------------------------


def calendar_tag(label: str) -> str:
    """A short name of the database for UIDs: the same database, the same UIDs."""
    return hashlib.sha256(label.encode()).hexdigest()[:12]


def database_identity(store: Store) -> str:
    """What names the database whatever its path or URL: its first person (its creator),
    login and when they were added. A `db copy`, a JSON import and a moved file keep it,
    so a calendar subscribed to the export keeps its events."""
    with store.db.reading() as s:
        first = s.execute(
            sa.select(col(Person.login), col(Person.created_at)).order_by(col(Person.id)).limit(1)
        ).first()
    if first is None:
        return ""
    login, created = first
    shown = str(created)
    if isinstance(created, datetime):
        aware = created if created.tzinfo is not None else created.replace(tzinfo=UTC)
        shown = aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return f"{login}\n{shown}"


def milestone_event(m: MilestoneView, tag: str) -> AllDayEvent:
    lines = [f"Owner: {m.owner_name} ({m.owner})", f"Status: {m.status.label}",
             f"Health: {m.health.label}"]  # fmt: skip
    if m.kpi:
        lines.append(f"KPI {m.kpi.name}: {amount(m.kpi.actual, m.kpi.unit)} of "
                     f"{amount(m.kpi.target, m.kpi.unit)}")  # fmt: skip
    if m.blocked_reason:
        lines.append(f"Blocked: {m.blocked_reason}")
    if m.description:
        lines += ["", m.description]
    return AllDayEvent(
        uid=f"milestone-{m.id}.{tag}@mstui",
        day=m.due,
        summary=f"{m.project}: {m.title}" + (" ✓" if m.status.value == "done" else ""),
        description="\n".join(lines),
        stamp=m.updated_at,
        sequence=m.version - 1,
        cancelled=m.status.value == "cancelled",
        categories=(m.project, "milestone"),
    )


def checkpoint_events(t: TargetView, tag: str) -> Iterable[AllDayEvent]:
    for c in t.state.checkpoints:
        got = f"; {t.money(c.actual)} recorded ({c.result.label})" if c.actual is not None else ""
        yield AllDayEvent(
            uid=f"checkpoint-{t.id}-{c.date:%Y%m%d}.{tag}@mstui",
            day=c.date,
            summary=f"{t.name}: checkpoint {t.money(c.expected)}",
            description=f"Checkpoint of target #{t.id} {t.name} (goal {t.money(t.goal)}){got}",
            sequence=t.version - 1,
            categories=(*((t.project,) if t.project else ()), "checkpoint"),
        )


def dump_ics(store: Store, project: str | None, mine: bool) -> Exported:
    tag = calendar_tag(database_identity(store))
    ms = _milestones(store, project, mine)
    targets: list[TargetView] = [
        t
        for t in store.list_targets()
        if (project is None or t.project == project)
        and (not mine or t.owner == store.account.login)
    ]
    events = [milestone_event(m, tag) for m in ms]
    checkpoints = [e for t in targets for e in checkpoint_events(t, tag)]
    name = (
        "mstui" + (f" {project}" if project else "") + (f" ({store.account.login})" if mine else "")
    )
    text = calendar([*events, *checkpoints], store.now(), name)
    return Exported("ics", text, {"milestone": len(events), "checkpoint": len(checkpoints)})
