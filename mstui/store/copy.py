"""Copy a whole database to another one (SQLite ⇄ PostgreSQL): `mstui db copy --to URL`.

Every table, in the order their references need, read in one snapshot of the
source and written in one transaction on the destination, ids kept. Then the
id sequences are moved past the largest id (PostgreSQL; SQLite's AUTOINCREMENT
follows by itself), and each table's row count is compared with the source's
before the commit: a copy that does not match is rolled back, whole.

The destination must be new or empty (migrated here to the same schema): a copy
never merges into, or overwrites, a database in use. Attached files are not in
the database: they stay in their folder, which the report names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import SQLModel

from mstui.errors import DatabaseError, Invalid, MstuiError
from mstui.store.engine import Database, open_database

BATCH = 1000

LABELS = {
    "person": "people",
    "project": "projects",
    "projectmember": "members",
    "milestone": "milestones",
    "task": "tasks",
    "target": "targets",
    "measurement": "figures",
    "comment": "comments",
    "activity": "history entries",
    "alert": "alerts",
    "attachment": "attachments",
}
"""The tables a person counts, and what to call their rows."""


@dataclass(frozen=True)
class CopyReport:
    source: str
    destination: str
    counts: dict[str, int]
    """Rows copied, by table (every table, verified against the source)."""
    files: Path | None
    """Where the source's attached files are (they are not copied)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def all_tables() -> list[sa.Table]:
    """Every table of the schema, each after the tables it refers to."""
    import mstui.store.tables  # noqa: F401  (the models fill the metadata)

    return list(SQLModel.metadata.sorted_tables)


def copy_database(source: Database, to: str, files: Path | None) -> CopyReport:
    """Copy everything in `source` to the database at `to` (made if new, migrated)."""
    dest = open_database(to, create_dir=False)
    try:
        if dest.read_only:
            raise Invalid("--to", dest.label, dest.why_read_only or "opened read-only")
        if source.url == dest.url:
            raise Invalid("--to", dest.label, "is the database being copied")
        if source.revision != dest.revision:
            raise Invalid("--to", dest.label, f"has schema {dest.revision}, not {source.revision}")
        tables = all_tables()
        used = holding_data(dest, tables)
        if used:
            shown = ", ".join(used[:3]) + (", …" if len(used) > 3 else "")
            raise Invalid("--to", dest.label, f"holds data ({shown}): copy into a new database")
        counts: dict[str, int] = {}
        with source.reading() as src, dest.writing() as out:
            if not source.is_sqlite:  # one snapshot for every table, as SQLite's read gives
                src.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            for table in tables:
                result = src.execute(sa.select(table).order_by(*table.primary_key.columns))
                while batch := result.mappings().fetchmany(BATCH):
                    out.execute(table.insert(), [dict(row) for row in batch])
                counts[table.name] = count_rows(src, table)
            if dest.engine.dialect.name == "postgresql":
                move_sequences(out, tables)
            for table in tables:
                got = count_rows(out, table)
                if got != counts[table.name]:
                    raise DatabaseError(
                        f"copy of {table.name}: {got} rows written, {counts[table.name]} read; "
                        "nothing was saved"
                    )
        return CopyReport(source.label, dest.label, counts, files)
    except MstuiError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise DatabaseError(f"copy to {dest.label} failed, nothing was saved: {exc}") from exc
    finally:
        dest.close()


def holding_data(db: Database, tables: list[sa.Table]) -> list[str]:
    """The tables of `db` that hold a row (none: an empty database, whatever its schema)."""
    with db.reading() as s:
        return [t.name for t in tables if s.execute(sa.select(sa.literal(1)).select_from(t)
                                                    .limit(1)).first()]  # fmt: skip


def count_rows(s: sa.orm.Session, table: sa.Table) -> int:
    return int(s.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def move_sequences(
    s: sa.orm.Session, tables: list[sa.Table], floors: Mapping[str, int] | None = None
) -> None:
    """Each serial id's sequence past the largest id copied (and past `floors`, by table:
    ids handed out before, to rows since deleted): the next insert gets a new id."""
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        floor = (floors or {}).get(table.name, 0)
        s.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                f"GREATEST(COALESCE((SELECT max(id) FROM {table.name}), 0), :floor) + 1, false)"
            ),
            {"t": table.name, "floor": floor},
        )
