"""Milestones as spreadsheet rows: the columns we write, and reading the ones people write.

A column of an imported file is matched by its header: case, spacing, `_`
and `-` forgiven, and the usual other names ("Due date", "Deadline",
"Assignee", "Name"…). A header matched to nothing is refused, naming it: a
misspelt "Dew date" silently left out would lose every date in the file.
A column we compute (health) is accepted and left alone, so a file we wrote
reads back.

Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
first) are written with a leading `'` (OWASP's advice for CSV injection);
reading takes that `'` off again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mstui.domain.bounds import check_amount
from mstui.domain.enums import Status
from mstui.domain.text import clean
from mstui.errors import Invalid

HEADER = (
    "id", "project", "title", "owner", "due", "status", "health",
    "kpi", "kpi target", "kpi actual", "kpi unit",
    "cost estimate", "cost actual", "effort estimate", "effort actual",
    "blocked reason", "description",
)  # fmt: skip
"""The columns of an exported file, in order; each reads back as itself."""

_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("milestone id", "#", "no", "number"),
    "project": ("project key", "proj"),
    "title": ("name", "milestone", "milestone name", "summary", "subject"),
    "owner": ("assignee", "assigned to", "responsible", "owner login", "who"),
    "due": ("due date", "deadline", "date", "target date", "due on", "end", "end date"),
    "status": ("state",),
    "health": ("traffic light",),
    "kpi": ("kpi name",),
    "kpi target": ("kpi goal",),
    "kpi actual": ("kpi value",),
    "kpi unit": (),
    "cost estimate": ("cost", "budget", "estimated cost", "planned cost"),
    "cost actual": ("actual cost", "cost to date", "spent"),
    "effort estimate": ("effort", "estimated effort", "hours", "estimated hours"),
    "effort actual": ("actual effort", "actual hours", "hours spent"),
    "blocked reason": ("reason", "blocked", "why blocked"),
    "description": ("notes", "details", "comment", "comments"),
}
IGNORED = frozenset({"health"})
"""Columns accepted but not read: worked out from the rest, never set."""

NUMBERS = ("kpi target", "kpi actual", "cost estimate", "cost actual", "effort estimate",
           "effort actual")  # fmt: skip

_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")


def _norm(header: str) -> str:
    text = header.strip().lstrip("\ufeff").lower().replace("_", " ").replace("-", " ")
    return " ".join(text.split())


_BY_NAME = {_norm(alias): column for column, aliases in _NAMES.items()
            for alias in (column, *aliases)}  # fmt: skip


def match_headers(headers: Sequence[str]) -> list[str | None]:
    """The column each header names (None for an empty header over an empty column).

    `Invalid` names the header matched to nothing, or two headers for one column.
    """
    found: list[str | None] = []
    seen: dict[str, str] = {}
    for header in headers:
        if not header.strip():
            found.append(None)  # its cells must be empty (`sheet_rows` checks)
            continue
        column = _BY_NAME.get(_norm(header))
        if column is None:
            known = ", ".join(HEADER)
            raise Invalid("column", header, f"not a column mstui knows (use: {known})")
        if column in seen:
            raise Invalid("column", header, f'names the same column as "{seen[column]}"')
        seen[column] = header
        found.append(column)
    if "title" not in seen and "id" not in seen:
        raise Invalid("columns", ", ".join(headers), "no title column (or id, to change rows)")
    return found


def safe_cell(value: object, multiline: bool = False) -> str:
    """A cell as written: controls made visible (newlines kept in a `multiline` one, which
    CSV quotes), a would-be formula made text."""
    if value is None:
        return ""
    text = clean(str(value), multiline=multiline)
    # A text that starts with `'` gets one more, so reading takes exactly one off again
    # (else `'-1` would read back as `-1`).
    return "'" + text if text.startswith((*_RISKY_FIRST, "'")) else text


def plain_cell(text: str) -> str:
    """A cell as read: without the `'` that `safe_cell` put before a would-be formula
    (or before a text starting with `'`)."""
    if text.startswith("'") and text[1:].startswith((*_RISKY_FIRST, "'")):
        return text[1:]
    return text


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


def figure(field: str, text: str) -> float:
    """An amount of 0 or more as a spreadsheet writes it: `25,000`, `$1,200.50`, `12.5 h`."""
    shown = text.strip()
    core = re.sub(r"^[$€£¥]\s*|\s*(h|hrs?|hours?|[$€£¥]|usd|eur|gbp)$", "", shown.lower())
    core = core.replace("_", "").replace(" ", "")
    if "," in core:
        # A comma only as a thousands separator (`25,000`, `1,200.50`): `2000,50` (a decimal
        # comma) or `1,2,3` read as 200050 or 123 would be a silent wrong figure.
        if not _THOUSANDS.fullmatch(core.lstrip("+-")):
            hint = core.replace(",", ".") if core.count(",") == 1 and "." not in core else None
            use = f"use {hint}" if hint else "write it without commas, with a . for decimals"
            raise Invalid(field, shown, f"ambiguous number: {use}")
        core = core.replace(",", "")
    try:
        value = float(core)
    except ValueError:
        raise Invalid(field, shown, "not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Invalid(field, shown, "not a number")
    if value < 0:
        raise Invalid(field, shown, "must be a number of 0 or more")
    return check_amount(field, value, shown)


def status_word(field: str, text: str) -> Status:
    """A status as people write it: `in progress`, `In-Progress`, `Done`, `todo`…"""
    norm = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    aliases = {"todo": "planned", "to do": "planned", "open": "planned", "not started": "planned",
               "doing": "in progress", "started": "in progress", "wip": "in progress",
               "complete": "done", "completed": "done", "finished": "done",
               "canceled": "cancelled"}  # fmt: skip
    norm = aliases.get(norm, norm).replace(" ", "_")
    try:
        return Status(norm)
    except ValueError:
        allowed = ", ".join(m.value for m in Status)
        raise Invalid(field, text, f"expected one of {allowed}") from None


@dataclass(frozen=True)
class SheetRow:
    """One data row: its row number in the file (the header is row 1) and the cells
    given (a column absent or left empty is not in `cells`)."""

    number: int
    cells: Mapping[str, str]
    headers: Mapping[str, str] = field(default_factory=dict)
    """The header as the file spells it, for each column (errors quote it)."""

    def where(self, column: str) -> str:
        """How an error names a cell: `row 4, Due date`."""
        return f"row {self.number}, {self.headers.get(column, column)}"


def sheet_rows(
    headers: Sequence[str], rows: Sequence[Sequence[str]], first: int = 2
) -> list[SheetRow]:
    """The data rows as `SheetRow`s (blank rows skipped); `Invalid` for unknown headers or
    a row with more cells than headers."""
    columns = match_headers(headers)
    spelt = {c: h.strip() for c, h in zip(columns, headers, strict=True) if c is not None}
    out: list[SheetRow] = []
    for i, row in enumerate(rows):
        number = first + i
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            extra = next(c for c in row[len(columns) :] if c.strip())
            raise Invalid(f"row {number}", extra, f"more cells than the {len(columns)} headers")
        cells: dict[str, str] = {}
        for at, (column, cell) in enumerate(zip(columns, row, strict=False), 1):
            if column is None and cell.strip():
                why = f"a cell under a column with no header (column {at})"
                raise Invalid(f"row {number}", cell.strip(), why)
            value = plain_cell(cell.strip())
            if column is not None and column not in IGNORED and value:
                cells[column] = value
        out.append(SheetRow(number, cells, spelt))
    return out
