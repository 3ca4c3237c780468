"""`mstui import FILE.json`: our JSON export into an empty database, ids kept.

Like `mstui db copy`, and for the same reason: a load never merges into a
database in use. The file is checked whole first (its format, version, tables
and columns against this schema), then every table is written in one
transaction in the order their references need, the PostgreSQL sequences are
moved past the ids, and each table's row count is compared with the file's
before the commit. A file from an older schema loads (a column it lacks takes
its default); one naming a table or column this mstui does not know is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from mstui.domain.text import clean
from mstui.errors import DatabaseError, Invalid, MstuiError
from mstui.store.copy import BATCH, all_tables, count_rows, holding_data, move_sequences
from mstui.store.engine import Database
from mstui.store.export import FORMAT, FORMAT_VERSION, LEFT_OUT

Progress = Callable[[int], None]
"""Told how many more rows were written (a progress bar)."""


@dataclass(frozen=True)
class LoadPlan:
    """A checked file: the rows to write, by table, in the order they are written."""

    schema: str | None
    tables: list[tuple[sa.Table, list[str], list[list[Any]]]]
    counters: dict[str, int] = field(default_factory=dict)
    """The largest id each table had handed out (deleted rows' too): restored, so no
    id is given again."""

    @property
    def counts(self) -> dict[str, int]:
        return {table.name: len(rows) for table, _, rows in self.tables}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _decoder(column: sa.Column[Any]) -> Callable[[Any], Any]:
    kind = getattr(column.type, "impl", column.type)
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, sa.String):
        # Cleaned as the store cleans what is typed (a file is anyone's to edit): controls
        # made visible; newlines kept in the long text columns (descriptions, comments,
        # history). Text the store wrote comes through as it was.
        multiline = isinstance(kind, sa.Text)
        return lambda v: clean(v, multiline=multiline) if isinstance(v, str) else v
    return lambda v: v


def plan_load(doc: object, source: str) -> LoadPlan:
    """`doc` (a parsed file) checked against this schema; `Invalid` naming what is wrong."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise Invalid("import", source, 'not an mstui JSON export (no "format": "mstui-export")')
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version != FORMAT_VERSION:
        raise Invalid(
            "import",
            source,
            f"format version {version}; this mstui reads "
            f"{FORMAT_VERSION} (export it again with this mstui)",
        )
    given = doc.get("tables")
    if not isinstance(given, Mapping):
        raise Invalid("import", source, "no tables in the file")
    ours = {t.name: t for t in all_tables()}
    unknown = sorted(set(given) - set(ours))
    if unknown:
        raise Invalid(
            "import",
            source,
            f"table {unknown[0]} is not in this schema "
            f"(the file is of schema {doc.get('schema')}: a newer mstui)",
        )
    planned: list[tuple[sa.Table, list[str], list[list[Any]]]] = []
    for name, table in ours.items():
        if name not in given:
            continue
        part = given[name]
        columns = part.get("columns") if isinstance(part, Mapping) else None
        rows = part.get("rows") if isinstance(part, Mapping) else None
        if not isinstance(columns, list) or not isinstance(rows, list):
            raise Invalid("import", source, f"table {name} has no columns and rows")
        if not all(isinstance(c, str) for c in columns):
            raise Invalid("import", source, f"table {name}: a column name that is not text")
        if len(set(columns)) != len(columns):
            raise Invalid("import", source, f"table {name}: a column named twice")
        extra = [c for c in columns if c not in table.c]
        if extra:
            raise Invalid(
                "import",
                source,
                f"column {name}.{extra[0]} is not in this schema "
                f"(the file is of schema {doc.get('schema')})",
            )
        decode = [_decoder(table.c[c]) for c in columns]
        out: list[list[Any]] = []
        for i, row in enumerate(rows, 1):
            if not isinstance(row, list) or len(row) != len(columns):
                raise Invalid("import", source, f"row {i} of {name}: not {len(columns)} values")
            try:
                out.append([d(v) for d, v in zip(decode, row, strict=True)])
            except (TypeError, ValueError) as exc:
                raise Invalid("import", source, f"row {i} of {name}: {exc}") from None
        planned.append((table, [str(c) for c in columns], out))
    schema = doc.get("schema")
    return LoadPlan(
        schema if isinstance(schema, str) else None, planned, _counters(doc, source, ours)
    )


def _counters(doc: Mapping[str, Any], source: str, ours: Mapping[str, sa.Table]) -> dict[str, int]:
    """The file's `id_counters` checked (a file from before them has none)."""
    given = doc.get("id_counters", {})
    if not isinstance(given, Mapping):
        raise Invalid("import", source, "id_counters is not an object")
    counters: dict[str, int] = {}
    for name, value in given.items():
        if name not in ours or name in LEFT_OUT:
            raise Invalid("import", source, f"id_counters names table {name}, not in this schema")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
            raise Invalid("import", source, f"id_counters of {name}: not an id")
        counters[name] = value
    return counters


def _restore_counters(out: sa.orm.Session, counters: Mapping[str, int]) -> None:
    """SQLite: each AUTOINCREMENT table's counter raised to the file's (never lowered below
    the largest id loaded, which the inserts set)."""
    tables = set(
        out.scalars(
            sa.text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE :auto"),
            {"auto": "%AUTOINCREMENT%"},
        )
    )
    for name, value in counters.items():
        if name not in tables:
            continue
        done = out.execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :v) WHERE name = :t"),
            {"t": name, "v": value},
        )
        if not getattr(done, "rowcount", 0):
            out.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :v)"),
                {"t": name, "v": value},
            )


def refuse_unless_empty(db: Database) -> None:
    """`Invalid` in one line unless `db` holds no row (in the tables an export holds: an
    alert scan of the new database, `mstui check`, leaves rows in the others)."""
    used = holding_data(db, [t for t in all_tables() if t.name not in LEFT_OUT])
    if used:
        shown = ", ".join(used[:3]) + (", …" if len(used) > 3 else "")
        raise Invalid(
            "import", db.label, f"the database holds data ({shown}): import JSON into a new one"
        )


def load(db: Database, plan: LoadPlan, progress: Progress | None = None) -> dict[str, int]:
    """Write `plan` into the empty `db` in one transaction; rows written, by table."""
    if db.read_only:
        raise Invalid("import", db.label, db.why_read_only or "opened read-only")
    refuse_unless_empty(db)
    try:
        with db.writing() as out:
            for table, columns, rows in plan.tables:
                for start in range(0, len(rows), BATCH):
                    batch = rows[start : start + BATCH]
                    out.execute(table.insert(), [dict(zip(columns, r, strict=True)) for r in batch])
                    if progress is not None:
                        progress(len(batch))
            if db.engine.dialect.name == "postgresql":
                move_sequences(out, [t for t, _, _ in plan.tables], plan.counters)
            elif plan.counters:
                _restore_counters(out, plan.counters)
            for table, _, rows in plan.tables:
                got = count_rows(out, table)
                if got != len(rows):
                    raise DatabaseError(
                        f"import of {table.name}: {got} rows written, "
                        f"{len(rows)} in the file; nothing was saved"
                    )
    except MstuiError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise DatabaseError(f"import into {db.label} failed, nothing was saved: {exc}") from exc
    return plan.counts
