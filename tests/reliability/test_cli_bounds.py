"""Values outside what the app can draw and compute with are refused where they enter.

Each is one line naming the field on stderr, exit status 2, no traceback,
nothing written: dates outside 1900-2199, figures past 1e15, ids past 2^63-1,
argument bytes that are not UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunCli

# (arguments after the project key, the field named, a word of the reason)
REFUSED: list[tuple[list[str], str, str]] = [
    (["milestone", "add", "{key}", "x", "--due", "9999-12-31"], "due", "1900-01-01"),
    (["milestone", "add", "{key}", "x", "--due", "0001-01-01"], "due", "2199-12-31"),
    (["milestone", "add", "{key}", "x", "--due", "1899-12-31"], "due", "1900-01-01"),
    (["milestone", "add", "{key}", "x", "--due", "+300y"], "due", "2199-12-31"),
    (["milestone", "show", str(2**70)], "id", "2^63-1"),
    (["milestone", "add", "{key}", "bad \udcff title", "--due", "today"], "argument", "UTF-8"),
    (
        ["milestone", "add", "{key}", "x", "--due", "today", "--description=\udcfe"],
        "description",
        "UTF-8",
    ),
    (["target", "record", "1", "1e16"], "value", "1e+15"),
]


def test_out_of_range_values_are_one_line_refusals_and_the_edges_are_accepted(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "bounds.db"
    assert mstui("demo", db=db).returncode == 0
    key = mstui("project", "list", "--json", db=db).stdout.split('"key": "')[1].split('"')[0]
    before = mstui("milestone", "list", "--json", db=db).stdout
    for args, field, word in REFUSED:
        done = mstui(*[a.format(key=key) for a in args], db=db)
        line = done.stderr.strip()
        assert done.returncode == 2, (args, done.returncode, done.stderr)
        assert "\n" not in line and "Traceback" not in line, (args, line)
        assert line.startswith(f"mstui: {field}: ") and word in line, (args, line)
    assert mstui("milestone", "list", "--json", db=db).stdout == before  # nothing written
    # The edges of the range are accepted (one database for both: a demo costs seconds).
    for due in ("1900-01-01", "2199-12-31"):
        done = mstui("milestone", "add", key, f"edge {due}", "--due", due, db=db)
        assert done.returncode == 0, done.stderr
        assert due in mstui("milestone", "list", db=db).stdout
