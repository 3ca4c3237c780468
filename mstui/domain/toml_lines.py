"""Where a key sits in TOML text: the line to name when its value is wrong.

`tomllib` keeps no positions for values, so the line is found in the text: the
n-th `[[array.of.tables]]` header, a `[table]` header, then the key's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The line (1-based) of the key at `path` (`["milestones", 2, "offset"]`) in `text`,
    else of the table holding it; None when neither is found."""
    lines = text.splitlines()
    start, stop, line = 0, len(lines), None
    tables: list[str] = []

    def header(names: list[str], double: bool) -> re.Pattern[str]:
        o, c = (r"\[\[", r"\]\]") if double else (r"\[", r"\]")
        return re.compile(
            r"\s*" + o + r"\s*" + r"\s*\.\s*".join(map(re.escape, names)) + r"\s*" + c
        )

    def region_end(begin: int) -> int:
        return next((n for n in range(begin, stop) if lines[n].lstrip().startswith("[")), stop)

    i = 0
    while i < len(path):
        part = path[i]
        assert isinstance(part, str)
        nxt = path[i + 1] if i + 1 < len(path) else None
        if isinstance(nxt, int):  # an array of tables: the nxt-th [[a.b]] header
            tables.append(part)
            pattern = header(tables, True)
            found = [n for n in range(start, stop) if pattern.match(lines[n])]
            if nxt >= len(found):
                return line
            line = found[nxt] + 1
            start = found[nxt] + 1
            stop = found[nxt + 1] if nxt + 1 < len(found) else stop
            i += 2
            continue
        if nxt is not None:  # a table: its [a.b] header, else an inline table's key
            pattern = header([*tables, part], False)
            at = next((n for n in range(start, stop) if pattern.match(lines[n])), None)
            if at is not None:
                tables.append(part)
                line, start = at + 1, at + 1
                stop = region_end(start)
                i += 1
                continue
        key = re.compile(r"\s*" + re.escape(part) + r"\s*[=.]")
        end = region_end(start)
        at = next((n for n in range(start, end) if key.match(lines[n])), None)
        return line if at is None else at + 1
    return line
