"""`mstui export` and `mstui import`: the data out as JSON, CSV or iCalendar, and back in.

Export reads as the person running it (what they cannot see is not exported)
and writes FILE whole or not at all (a temporary file renamed over it, so a
calendar subscribed to FILE never reads half of one). Import checks the whole
file before writing anything and then writes it in one transaction.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mstui.cli.args import Commands
from mstui.cli.context import open_store
from mstui.cli.output import out
from mstui.errors import Invalid, UsageError

if TYPE_CHECKING:
    from mstui.domain.sheet import SheetRow
    from mstui.store import Store
    from mstui.store.load import LoadPlan

_SUFFIXES = {".json": "json", ".csv": "csv", ".ics": "ics", ".ical": "ics", ".ifb": "ics"}


def _raw_stdout_write(data: bytes) -> None:
    """`data` as it is on stdout (CRLF kept): the export's text is cleaned already."""
    raw = getattr(sys.stdout, "raw", sys.stdout)
    raw.flush()
    buffer = getattr(raw, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        raw.write(data.decode())


def _format(given: str | None, file: str | None, allowed: tuple[str, ...], verb: str) -> str:
    if given:
        return given
    found = _SUFFIXES.get(Path(file).suffix.lower()) if file else None
    if found in allowed:
        assert found is not None
        return found
    raise UsageError(f"{verb}: name the format (--format {'|'.join(allowed)})")


def cmd_export(args: argparse.Namespace) -> int:
    from mstui.store.export import FORMATS, export, write_export

    fmt = _format(args.format, args.output, FORMATS, "export")
    if fmt == "json" and args.mine:
        raise UsageError("export: --mine is for csv and ics (a JSON export is everything you see)")
    store = open_store(args)
    made = export(store, fmt, args.project, args.mine)
    data = made.text.encode()
    if args.output in (None, "-"):
        _raw_stdout_write(data)
        return 0
    dest = Path(args.output).expanduser().absolute()
    write_export(dest, data, store.db.path)
    out(f"exported {made.summary} to {dest} ({fmt}, {len(data):,} bytes)")
    return 0


# -- import -----------------------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"import: {path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"import: {path} is a folder; name a file") from None
    except UnicodeDecodeError:
        raise Invalid("import", str(path), "not UTF-8 text (save the sheet as CSV UTF-8)") from None
    except OSError as exc:
        raise UsageError(f"import: {path}: {exc.strerror or exc}") from None


def _sheet(text: str) -> list[SheetRow]:
    from mstui.domain.sheet import sheet_rows

    first = text.splitlines()[0] if text.strip() else ""
    try:
        # Only the delimiter from the header: the sniffer's quoting guesses (doublequote off,
        # from a header that has no quotes) would split a cell at its `""`.
        delimiter = csv.Sniffer().sniff(first, ",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        # A stream, not splitlines(): that also splits at \v, \f, U+2028… inside a cell.
        rows = list(csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter))
    except csv.Error as exc:
        raise Invalid("import", "csv", f"not readable as CSV: {exc}") from None
    if not rows:
        raise Invalid("import", "", "the file is empty (a header row, then a row a milestone)")
    return sheet_rows(rows[0], rows[1:])


def _json_plan(args: argparse.Namespace, text: str, path: Path) -> LoadPlan:
    """The file checked whole, before any database is opened (or made)."""
    from mstui.store.load import plan_load

    if args.project:
        raise UsageError("import: --project is for CSV (a JSON file loads whole)")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid("import", str(path), f"not JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise Invalid("import", str(path), "not an mstui JSON export (nested too deep)") from None
    return plan_load(doc, str(path))


def _import_json(args: argparse.Namespace, store: Store, plan: LoadPlan, path: Path) -> int:
    from mstui.cli.progress import progress
    from mstui.store.export import rows_counted
    from mstui.store.load import load, refuse_unless_empty

    shown = rows_counted(plan.counts)
    if args.dry_run:
        refuse_unless_empty(store.db)
        out(f"dry run: would load {plan.total} rows into {store.db.label} ({shown}); "
            "nothing written")  # fmt: skip
        return 0
    with progress("importing", plan.total) as advance:
        load(store.db, plan, advance)
    out(f"imported {path} into {store.db.label} in one transaction, ids kept: {shown}")
    return 0


def _import_csv(args: argparse.Namespace, store: Store, rows: list[SheetRow], path: Path) -> int:
    from mstui.cli.progress import progress
    from mstui.store.sheet_import import apply_sheet, plan_sheet

    if args.project:
        store.project(args.project)  # an unknown key: one line before any row is read
    with progress("checking", len(rows)) as advance:
        plan = plan_sheet(store, rows, args.project, advance)
    creates = sum(p.creates for p in plan)
    changes = sum(1 for p in plan if not p.creates and p.values)
    same = len(plan) - creates - changes
    if args.dry_run:
        for p in plan:
            out(p.describe())
        out(f"dry run: {creates} to create, {changes} to change, {same} unchanged; "
            "nothing written")  # fmt: skip
        return 0
    with progress("importing", len(plan)) as advance:
        done = apply_sheet(store, plan, advance)
    out(f"imported {path} in one transaction: {done['created']} created, "
        f"{done['changed']} changed, {done['unchanged']} unchanged")  # fmt: skip
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    text = _read(path)
    fmt = args.format or _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        fmt = "json" if text.lstrip().startswith("{") else "csv"
    if fmt not in ("json", "csv"):
        raise UsageError(f"import: {path}: reads json or csv (--format)")
    # The file is read and checked as far as it can be before the database is opened:
    # a file that is not ours, or not CSV, leaves no new empty database behind.
    if fmt == "json":
        plan = _json_plan(args, text, path)
        return _import_json(args, open_store(args), plan, path)
    rows = _sheet(text)
    return _import_csv(args, open_store(args), rows, path)


def register(sub: Commands) -> None:
    """`mstui export`, `mstui import`."""
    from mstui.cli.args import add

    p = add(sub, "export", cmd_export, "write what you see as JSON, CSV (milestones) or iCalendar")
    p.add_argument("--format", choices=["json", "csv", "ics"], help="default: from -o's suffix")
    p.add_argument("--project", metavar="KEY", help="one project only")
    p.add_argument("--mine", action="store_true", help="only my milestones (and targets)")
    p.add_argument("-o", "--output", metavar="FILE", help="write FILE (default: stdout)")
    p = add(sub, "import", cmd_import, "load a JSON export (into an empty database) or a CSV sheet")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["json", "csv"], help="default: from FILE's suffix")
    p.add_argument("--project", metavar="KEY", help="CSV: the project of rows that name none")
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
