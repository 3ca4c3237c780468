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
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from mstui.errors import DatabaseError, Invalid, MstuiError
from mstui.store.copy import BATCH, all_tables, count_rows, holding_data, move_sequences
from mstui.store.engine import Database
from mstui.store.export import FORMAT, FORMAT_VERSION

Progress = Callable[[int], None]
"""Told how many more rows were written (a progress bar)."""


@dataclass(frozen=True)
class LoadPlan:
    """A checked file: the rows to write, by table, in the order they are written."""

    schema: str | None
    tables: list[tuple[sa.Table, list[str], list[list[Any]]]]

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
    return lambda v: v


def plan_load(doc: object, source: str) -> LoadPlan:
    """`doc` (a parsed file) checked against this schema; `Invalid` naming what is wrong."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise Invalid("import", source, 'not an mstui JSON export (no "format": "mstui-export")')
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
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
    return LoadPlan(schema if isinstance(schema, str) else None, planned)


def refuse_unless_empty(db: Database) -> None:
    """`Invalid` in one line unless `db` holds no row at all."""
    used = holding_data(db, all_tables())
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
                move_sequences(out, [t for t, _, _ in plan.tables])
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
