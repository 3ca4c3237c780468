"""Text typed by one person and shown to others: made inert where it enters.

Textual's `Content` stops markup but lets ESC and C1 controls through to the
terminal (measured with Textual 8.2.8), so a title could carry an OSC 52
clipboard write or wipe a colleague's screen. Here every control character is
replaced by a visible stand-in when text enters the store, and again when it
is shown (a group member can write the SQLite file directly).
"""

from __future__ import annotations

from mstui.errors import Invalid

# Bidirectional overrides, isolates and marks reorder what is shown (a
# "Trojan Source" title can read differently from what it is); zero-width
# spaces and the byte-order mark hide inside words (two titles that look the
# same). The zero-width joiner stays: emoji sequences need it.
_BIDI = {
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200C, 0x2060, 0xFEFF,
}  # fmt: skip
_LINE_BREAKS = {0x2028, 0x2029, 0x85}
_REPLACEMENT = "\ufffd"
UNSAFE_ABOVE_C0 = frozenset({0x7F, *range(0x80, 0xA0), *_BIDI, *_LINE_BREAKS})
"""Code points `clean` changes besides C0: DEL, C1, bidi and invisible marks, line breaks."""


def _visible(ch: str, multiline: bool) -> str:
    code = ord(ch)
    if code in _LINE_BREAKS:  # line and paragraph separators, NEL
        return "\n" if multiline else " "
    if code < 0x20:
        if multiline and ch in "\n\t":
            return ch
        if ch in "\r":
            return "" if multiline else " "
        if ch in "\n\t":
            return " "
        return chr(0x2400 + code)  # Control Pictures: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F or code in _BIDI:
        return _REPLACEMENT
    return ch


def has_controls(text: str, multiline: bool = False) -> bool:
    """Whether `text` holds a character that `clean` would change."""
    return any(_visible(ch, multiline) != ch for ch in text)


def clean(text: str, multiline: bool = False) -> str:
    """`text` with every control character made visible and harmless.

    Single-line text also turns newlines and tabs into spaces; multi-line text
    (descriptions, comments) keeps newline and tab and drops carriage returns.
    """
    if not has_controls(text, multiline):
        return text
    return "".join(_visible(ch, multiline) for ch in text)


def clean_field(
    field: str,
    value: str,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """A user-typed field, cleaned and checked: stripped, non-empty, not too long."""
    if not isinstance(value, str):
        raise Invalid(field, value, "expected text")
    from mstui.domain.bounds import check_text

    text = clean(check_text(field, value), multiline=multiline).strip()
    if required and not text:
        raise Invalid(field, value, "must not be empty")
    if len(text) > max_len:
        raise Invalid(field, value[:40] + "…", f"at most {max_len} characters")
    return text


_PLURALS = {"person": "people", "history entry": "history entries", "dependency": "dependencies"}


def counted(n: int, what: str) -> str:
    """`1 project`, `2 projects`, `3 people` (thousands grouped: `1,200 milestones`)."""
    return f"{n:,} {what if n == 1 else _PLURALS.get(what, what + 's')}"
