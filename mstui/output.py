"""Plain-text tables and JSON for the command line. User text is made inert first."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from mstui.domain.text import UNSAFE_ABOVE_C0, clean


def width(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
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


def json_text(data: Any) -> str:
    """`data` as indented JSON: readable non-ASCII (é, ✓) but every control, bidi or
    invisible character inside a string as a \\uXXXX escape (still the same JSON)."""
    return json.dumps(data, indent=2, ensure_ascii=False).translate(_JSON_ESCAPES)


def print_json(data: Any) -> None:
    """JSON on stdout; no character in it can drive the terminal (see `json_text`)."""
    sys.stdout.write(json_text(data) + "\n")
