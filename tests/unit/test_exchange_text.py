"""The pure parts of export and import: iCalendar folding and escaping, sheet headers and cells."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mstui.domain.enums import Status
from mstui.domain.ical import AllDayEvent, calendar, escape_text, fold
from mstui.domain.sheet import (
    figure,
    match_headers,
    plain_cell,
    safe_cell,
    sheet_rows,
    status_word,
)
from mstui.errors import Invalid


def test_text_is_escaped_as_rfc_5545_says() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d e"
    assert escape_text("a\\b;c,d\ne", multiline=True) == "a\\\\b\\;c\\,d\\ne"
    assert escape_text("x\x1b[2Jy\x07") == "x␛[2Jy␇"
    assert escape_text("bidi\u202eevil") == "bidi\ufffdevil"


@pytest.mark.parametrize("text", ["a" * 200, "é" * 100, "€" * 80, "a" + "😀" * 40])
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(text: str) -> None:
    line = "SUMMARY:" + text
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == line  # no character split


def test_an_all_day_event_ends_the_next_day_and_every_line_ends_in_crlf() -> None:
    now = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    text = calendar([AllDayEvent("m-1@x", date(2026, 12, 31), "New year; eve")], now)
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert "DTSTART;VALUE=DATE:20261231" in lines and "DTEND;VALUE=DATE:20270101" in lines
    assert "DTSTAMP:20261118T100000Z" in lines and "SUMMARY:New year\\; eve" in lines


def test_headers_are_matched_forgivingly_and_unknown_ones_named() -> None:
    assert match_headers([" Due  Date ", "ASSIGNEE", "name", "kpi_target", "Deadline "[:0]]) == [
        "due", "owner", "title", "kpi target", None,
    ]  # fmt: skip
    with pytest.raises(Invalid, match=r'not a column mstui knows.*"Colour"'):
        match_headers(["title", "Colour"])
    with pytest.raises(Invalid, match="names the same column"):
        match_headers(["due", "deadline", "title"])


def test_cells_that_a_spreadsheet_would_run_are_written_as_text_and_read_back() -> None:
    for risky in ("=1+2", "+1", "-1", "@SUM(A1)"):
        written = safe_cell(risky)
        assert written.startswith("'") and plain_cell(written) == risky
    assert safe_cell("plain") == "plain" and plain_cell("'quoted") == "'quoted"


def test_figures_and_statuses_as_people_write_them() -> None:
    assert figure("cost", "$1,200.50") == 1200.5 and figure("effort", "12 h") == 12.0
    for bad in ("-5", "lots", "nan", "1e400"):
        with pytest.raises(Invalid):
            figure("cost", bad)
    assert status_word("status", "In-Progress") is Status.IN_PROGRESS
    assert status_word("status", "todo") is Status.PLANNED
    with pytest.raises(Invalid, match="expected one of"):
        status_word("status", "sleeping")


def test_a_text_starting_with_a_quote_reads_back_as_it_was() -> None:
    for text in ("'-1", "'=SUM(A1)", "'+x", "'@home", "'quoted", "''", "'"):
        assert plain_cell(safe_cell(text)) == text, text
    assert safe_cell("'-1") == "''-1"


def test_a_comma_is_a_thousands_separator_only_and_a_decimal_comma_is_refused() -> None:
    assert figure("cost", "25,000") == 25000.0 and figure("cost", "1,234,567.5") == 1234567.5
    assert figure("cost", "€1,200") == 1200.0
    with pytest.raises(Invalid, match=r'ambiguous number: use 2000\.50 \(got "2000,50"\)'):
        figure("row 3, Cost", "2000,50")
    for bad in ("1,2,3", "12,34", "1,2345", ",5", "1,000,00"):
        with pytest.raises(Invalid, match="ambiguous number"):
            figure("cost", bad)


def test_a_cell_under_an_empty_header_is_refused_naming_the_row() -> None:
    rows = sheet_rows(["title", "", "due"], [["A", "", "2026-12-20"], ["B", " ", "2026-12-21"]])
    assert [r.cells["title"] for r in rows] == ["A", "B"]
    with pytest.raises(Invalid, match=r'^row 3: a cell under a column with no header.*"oops"'):
        sheet_rows(["title", "", "due"], [["A", "", "2026-12-20"], ["B", "oops", "2026-12-21"]])
