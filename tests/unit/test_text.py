"""Text typed by one person is made inert before another person's terminal sees it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.text import clean, clean_field, has_controls
from mstui.errors import Invalid


@pytest.mark.parametrize(
    ("raw", "single", "multi"),
    [
        ("plain text", "plain text", "plain text"),
        ("café ☕ 漢字 😀", "café ☕ 漢字 😀", "café ☕ 漢字 😀"),
        # ESC (and so every CSI/OSC sequence) becomes the visible ␛.
        ("a\x1b[2Jb", "a\u241b[2Jb", "a\u241b[2Jb"),
        ("\x1b]52;c;ZXZpbA==\x07x", "\u241b]52;c;ZXZpbA==\u2407x", "\u241b]52;c;ZXZpbA==\u2407x"),
        ("bell\x07", "bell\u2407", "bell\u2407"),
        ("nul\x00", "nul\u2400", "nul\u2400"),
        ("bs\x08", "bs\u2408", "bs\u2408"),
        # 8-bit C1 controls, such as the one-byte CSI \x9b, become U+FFFD.
        ("x\x9b31my", "x\ufffd31my", "x\ufffd31my"),
        ("\x80\x85\x9f", "\ufffd \ufffd", "\ufffd\n\ufffd"),
        ("del\x7f", "del\u2421", "del\u2421"),
        # Bidi overrides and isolates ("Trojan Source") become U+FFFD.
        ("abc\u202edcba", "abc\ufffddcba", "abc\ufffddcba"),
        ("\u202a\u202b\u202c\u202d", "\ufffd" * 4, "\ufffd" * 4),
        ("\u2066\u2067\u2068\u2069", "\ufffd" * 4, "\ufffd" * 4),
        ("\u200e\u200f", "\ufffd\ufffd", "\ufffd\ufffd"),
        # Newline and tab: spaces in one-line fields, kept in multi-line ones.
        ("line1\nline2", "line1 line2", "line1\nline2"),
        ("a\tb", "a b", "a\tb"),
        # Carriage returns: a space in one line, dropped in many (CRLF → LF).
        ("a\r\nb", "a  b", "a\nb"),
        ("a\rb", "a b", "ab"),
        # Other line-ish controls are still controls in multi-line text.
        ("a\x0bb\x0cc", "a\u240bb\u240cc", "a\u240bb\u240cc"),
    ],
)
def test_clean(raw: str, single: str, multi: str) -> None:
    assert clean(raw) == single
    assert clean(raw, multiline=True) == multi
    assert has_controls(raw) is (raw != single)
    assert has_controls(raw, multiline=True) is (raw != multi)


def test_clean_returns_the_same_object_when_nothing_changes() -> None:
    text = "Strategy Approved"
    assert clean(text) is text


def _dangerous(ch: str, multiline: bool) -> bool:
    code = ord(ch)
    if multiline and ch in "\n\t":
        return False
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or code in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069)
    )


@given(st.text(), st.booleans())
def test_cleaned_text_holds_no_control_character(text: str, multiline: bool) -> None:
    out = clean(text, multiline=multiline)
    assert not any(_dangerous(ch, multiline) for ch in out)
    assert not has_controls(out, multiline)
    assert clean(out, multiline=multiline) == out  # idempotent


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_printable_ascii_is_untouched(text: str) -> None:
    assert clean(text) == text


# -- fields --------------------------------------------------------------------------------


def test_clean_field_strips_and_cleans() -> None:
    assert clean_field("title", "  Launch\x1b[31m  ", max_len=50) == "Launch\u241b[31m"
    assert clean_field("title", "two\nlines", max_len=50) == "two lines"
    assert clean_field("body", "two\nlines\n", max_len=50, multiline=True) == "two\nlines"


@pytest.mark.parametrize("value", ["", "   ", "\n\t", "\r"])
def test_a_required_field_that_is_empty_is_invalid(value: str) -> None:
    with pytest.raises(Invalid) as caught:
        clean_field("title", value, max_len=50)
    assert caught.value.field == "title"
    assert str(caught.value) == f'title: must not be empty (got "{value}")'


def test_an_optional_field_may_be_empty() -> None:
    assert clean_field("description", "  ", max_len=50, required=False) == ""


def test_a_field_too_long_is_invalid_and_the_message_is_short() -> None:
    assert clean_field("title", "x" * 200, max_len=200) == "x" * 200
    with pytest.raises(Invalid) as caught:
        clean_field("title", "x" * 201, max_len=200)
    assert "at most 200 characters" in str(caught.value)
    assert len(str(caught.value)) < 120


def test_the_length_counts_the_cleaned_text() -> None:
    # Stand-ins are one character each, so cleaning never makes a field too long.
    assert clean_field("title", "\x1b" * 10, max_len=10) == "\u241b" * 10
