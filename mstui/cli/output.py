"""What a command prints: plain-text tables, JSON, single lines, all of it inert.

While a command runs, stdout is `InertStdout` (`inert_stdout`): text that
anyone could have written into the database cannot drive the terminal, whatever
the command prints. Tables and lines are cleaned on their own too, and JSON
escapes every control, bidi or invisible character.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from mstui.domain.text import UNSAFE_ABOVE_C0, clean, counted

if TYPE_CHECKING:
    from mstui.views.baselines import BaselineView
    from mstui.views.timeline import Shifted


def width(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Aligned columns; the last column is not padded."""
    cells = [[clean("" if v is None else str(v)) for v in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    lines = []
    for row in [list(headers), *cells]:
        parts = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*parts, row[-1]]).rstrip())
    return "\n".join(lines)


# JSON escapes C0 itself; DEL, C1 controls, bidi and invisible marks and the
# Unicode line breaks would otherwise be written raw (ensure_ascii=False).
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in UNSAFE_ABOVE_C0}


def json_text(data: object) -> str:
    """`data` as indented JSON: readable non-ASCII (é, ✓) but every control, bidi or
    invisible character inside a string as a \\uXXXX escape (still the same JSON)."""
    return json.dumps(_marked(data), indent=2, ensure_ascii=False).translate(_JSON_ESCAPES)


def _marked(data: object) -> object:
    """`data` with each unreadable stored figure as "?" (json writes a float subclass as
    its value, 0.0, which would pass for a real figure)."""
    from mstui.domain.bounds import UNREADABLE, UnreadableNumber

    if isinstance(data, UnreadableNumber):
        return UNREADABLE
    if isinstance(data, dict):
        return {k: _marked(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_marked(v) for v in data]
    return data


def print_json(data: object) -> None:
    """JSON on stdout; no character in it can drive the terminal (see `json_text`)."""
    sys.stdout.write(json_text(data) + "\n")


def out(text: str) -> None:
    """One line of output; names typed by people are made inert (the store cleaned them
    on entry, but anyone who can write the file could have put anything there)."""
    print(clean(text))


def plural(n: int, what: str) -> str:
    """`1 booking`, `2 bookings`."""
    return counted(n, what)


def print_shifted(result: Shifted, as_json: bool) -> None:
    """What `milestone shift` or `task shift` moved, and to when."""
    if as_json:
        print_json(result.to_json())
        return
    what = "milestone" if result.kind == "m" else "task"
    span = result.new_start.isoformat()
    if result.new_end != result.new_start:
        span += f"..{result.new_end.isoformat()}"
    extra = f" (with its {result.moved - 1} tasks)" if result.moved > 1 else ""
    was = result.old_start.isoformat()
    if result.old_end != result.old_start:
        was += f"..{result.old_end.isoformat()}"
    days = (result.new_end - result.old_end).days
    out(f"moved {what} {result.id} {result.title}{extra}: {span} (was {was}, {days:+d}d)")


class InertStdout(io.TextIOBase):
    """stdout through `clean(…, multiline=True)`: whatever a command prints, text that
    anyone could have written into the database cannot drive the terminal."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(clean(text, multiline=True))
        return len(text)

    def flush(self) -> None:
        self._raw.flush()

    def isatty(self) -> bool:
        return self._raw.isatty()

    @property
    def raw(self) -> TextIO:
        """The stream beneath, for bytes made safe already (an export's CRLF lines)."""
        return self._raw

    def fileno(self) -> int:
        return self._raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._raw.encoding


@contextmanager
def inert_stdout() -> Iterator[None]:
    """Run the block with stdout made inert (`InertStdout`); put back after."""
    raw = sys.stdout
    sys.stdout = InertStdout(raw)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        finally:
            sys.stdout = raw


def plan_rows(b: BaselineView) -> str:
    """A baseline's (or a rebuilt plan's) items as a table, by date."""
    rows = [
        ("M" if i.kind == "m" else "  T", i.id, i.start or "", i.end, i.status, i.title)
        for i in sorted(b.items, key=lambda i: (i.end, i.kind, i.id))
    ]
    return table(["KIND", "ID", "START", "DUE/END", "STATUS", "TITLE"], rows)
