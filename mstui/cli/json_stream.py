"""A long JSON list written as it is encoded, the same text `print_json` writes.

`print_json` builds the whole document with the standard library's indenting
encoder (pure Python: at 100,000 milestones, seconds) and then cleans the
whole string again on its way through `InertStdout` (a character at a time).
Here each item is encoded by a small indenting encoder on the C string
escaper, made inert the way `json_text` makes it (every control, bidi or
invisible character inside a string is a \\uXXXX escape, and text outside
strings is only brackets, digits and spaces), and written to the stream
beneath `InertStdout`: cleaning it again would change nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

from mstui.domain.bounds import UNREADABLE, UnreadableNumber
from mstui.domain.text import UNSAFE_ABOVE_C0

_ESCAPES = {code: f"\\u{code:04x}" for code in UNSAFE_ABOVE_C0}
_BATCH = 1_000
"""Items a write carries."""
_KEYS: dict[str, dict[str, str]] = {}
"""The indented, encoded text before each key's value, by depth: every item has the
same keys."""
_KEEP = 200
"""Keys remembered at each depth, at most."""


def _number(v: float) -> str:
    if v != v:
        return "NaN"
    if v == float("inf"):
        return "Infinity"
    if v == float("-inf"):
        return "-Infinity"
    return float.__repr__(v)


def encode(value: Any, pad: str = "") -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it when it
    starts `pad` deep, an unreadable figure as "?" (as `print_json` does)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _number(value)
    if isinstance(value, UnreadableNumber):
        return encode_basestring(UNREADABLE)
    inner = pad + "  "
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        known = _KEYS.setdefault(inner, {})
        for k, v in value.items():
            key = known.get(k)
            if key is None:
                if type(k) is not str:
                    raise TypeError("keys other than text")
                key = f"{inner}{encode_basestring(k)}: "
                if len(known) < _KEEP:
                    known[k] = key
            # The common values inline: a call for each costs a second at 100,000 rows.
            t = type(v)
            if t is str:
                parts.append(key + encode_basestring(v))
            elif v is None:
                parts.append(key + "null")
            elif t is int:
                parts.append(key + int.__repr__(v))
            else:
                parts.append(key + encode(v, inner))
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + encode(v, inner) for v in value) + "\n" + pad + "]"
    raise TypeError(f"not plain JSON: {kind.__name__}")


def _item(value: Any) -> str:
    """One item of the top list, two spaces deep, made inert."""
    try:
        text = "  " + encode(value, "  ")
    except TypeError:  # anything odd: the standard encoder, exactly as print_json
        from mstui.cli.output import _marked

        text = "  " + json.dumps(_marked(value), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return text.translate(_ESCAPES)


def print_json_list(items: Iterable[Any]) -> None:
    """`print_json(list(items))`, written a batch of items at a time."""
    out = sys.stdout
    raw = getattr(out, "raw", out)  # InertStdout's stream: this text is inert already
    first = True
    batch: list[str] = []
    for item in items:
        batch.append(_item(item))
        if len(batch) >= _BATCH:
            raw.write(("[\n" if first else ",\n") + ",\n".join(batch))
            first, batch = False, []
    if batch:
        raw.write(("[\n" if first else ",\n") + ",\n".join(batch))
        first = False
    raw.write("[]\n" if first else "\n]\n")
