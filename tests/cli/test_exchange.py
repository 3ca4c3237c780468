"""`mstui export` and `mstui import`: a team's data out as JSON, CSV and iCalendar and back
in, as the person running it sees it; a bad row is one line naming it, and nothing is written."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests import raw
from tests.cli.helpers import ME, as_json, ok, one_line_error, store_on
from tests.conftest import ALICE, RunCli


@pytest.fixture
def demo(mstui: RunCli, tmp_path: Path) -> Path:
    """The demo database, made by the person running the CLI (lead of every project)."""
    db = tmp_path / "team.db"
    ok(mstui("demo", db=db))
    return db


def _same_views(mstui: RunCli, first: Path, second: Path) -> None:
    for command in (["milestone", "list", "--json"], ["target", "list", "--json"],
                    ["milestone", "history", "--limit", "1000", "--json"],
                    ["milestone", "history", "3", "--json"], ["task", "list", "--json"],
                    ["project", "list", "--json"]):  # fmt: skip
        assert as_json(mstui(*command, db=second)) == as_json(mstui(*command, db=first)), command


def test_a_json_export_loads_into_an_empty_database_as_the_same_data(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    ok(mstui("milestone", "comment", "3", "Vendor; confirmed, \\ finally", db=demo))
    said = ok(mstui("export", "-o", str(tmp_path / "all.json"), db=demo))
    assert said.startswith("exported ") and "16 milestones" in said and "(json, " in said
    doc = json.loads((tmp_path / "all.json").read_text())
    assert doc["format"] == "mstui-export" and doc["format_version"] == 1
    assert doc["schema"] == raw.rows(demo, "SELECT version_num FROM alembic_version")[0][0]
    assert set(doc["left_out"]) == {"alert", "alertscan", "attachment"}
    # Every column of every table, so columns that a later migration adds come along.
    for table in ("milestone", "project", "activity"):
        have = {r[1] for r in raw.rows(demo, f"PRAGMA table_info({table})")}
        assert set(doc["tables"][table]["columns"]) == have

    copy = tmp_path / "copy.db"
    planned = ok(mstui("import", str(tmp_path / "all.json"), "--dry-run", db=copy))
    assert planned.startswith("dry run: would load ") and "nothing written" in planned
    assert raw.count(copy, "milestone") == 0
    loaded = ok(mstui("import", str(tmp_path / "all.json"), db=copy))
    assert "in one transaction, ids kept" in loaded and "16 milestones" in loaded
    _same_views(mstui, demo, copy)
    # The ids go on from the loaded ones.
    added = as_json(mstui("milestone", "add", "REL", "Docs", "--due", "2026-12-20", "--json",
                          db=copy))  # fmt: skip
    assert added["id"] == 17

    # A file that is not ours is one line, and no new (empty) database is left behind.
    for name, text in (("x.json", '{"tables": {}}'), ("y.json", "{oops")):
        stray = tmp_path / f"{name}.db"
        line = one_line_error(mstui("import", _write(tmp_path, name, text), db=stray))
        assert line.startswith("mstui: import: not ") and not stray.exists(), line

    # Only into an empty database: one line, nothing changed.
    before = raw.snapshot(copy)
    line = one_line_error(mstui("import", str(tmp_path / "all.json"), db=copy))
    assert "holds data" in line
    assert raw.snapshot(copy) == before


def test_an_export_holds_nothing_of_a_project_the_person_cannot_see(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "team.db"
    with store_on(db, ALICE) as alice:  # the first person: the file's admin
        alice.add_person(ME, ME)
        alice.add_project("OPEN", "Open to all")
        alice.add_member("OPEN", ME, "editor")
        seen = alice.add_milestone("OPEN", "Seen by all", date(2026, 12, 1), owner=ME)
        alice.add_project("SEC", "Secret deal", visibility="members")
        hidden = alice.add_milestone("SEC", "Hidden takeover", date(2026, 12, 2))
        alice.add_comment(hidden.id, "codename falcon")
    out = tmp_path / "mine.json"
    ok(mstui("export", "-o", str(out), db=db))
    text = out.read_text()
    assert "Seen by all" in text
    assert "SEC" not in text and "Hidden" not in text and "falcon" not in text
    doc = json.loads(text)
    assert [r[doc["tables"]["milestone"]["columns"].index("id")]
            for r in doc["tables"]["milestone"]["rows"]] == [seen.id]  # fmt: skip
    for fmt in ("csv", "ics"):
        shown = ok(mstui("export", "--format", fmt, db=db))
        assert "Seen by all" in shown and "Hidden" not in shown, fmt
    refused = one_line_error(mstui("export", "--format", "csv", "--project", "SEC", db=db))
    assert "SEC" in refused
    # What they saw loads whole, references and all.
    copy = tmp_path / "copy.db"
    ok(mstui("import", str(out), db=copy))
    assert raw.broken_references(copy) == []
    assert [m["title"] for m in as_json(mstui("milestone", "list", "--json", db=copy))] == [
        "Seen by all"
    ]


def test_one_project_exports_alone_and_loads_whole(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sls.json"
    ok(mstui("export", "--project", "sls", "-o", str(out), db=demo))
    copy = tmp_path / "sls.db"
    ok(mstui("import", str(out), db=copy))
    assert raw.broken_references(copy) == []
    listed = as_json(mstui("milestone", "list", "--json", db=copy))
    want = as_json(mstui("milestone", "list", "--project", "SLS", "--json", db=demo))
    assert listed == want and {m["project"] for m in listed} == {"SLS"}
    assert [p["key"] for p in as_json(mstui("project", "list", "--json", db=copy))] == ["SLS"]


def test_a_viewer_cannot_import_a_sheet_and_a_dry_run_says_so_too(
    mstui: RunCli, tmp_path: Path
) -> None:
    db = tmp_path / "team.db"
    with store_on(db, ALICE) as alice:
        alice.add_person(ME, ME)
        alice.add_project("OPS", "Operations")
        alice.add_member("OPS", ME, "viewer")
    sheet = _write(tmp_path, "s.csv", "title,due\nX,2026-12-20\n")
    before = raw.snapshot(db)
    for extra in ([], ["--dry-run"]):
        line = one_line_error(mstui("import", sheet, "--project", "OPS", *extra, db=db))
        assert line.startswith("mstui: row 2: ") and "editor" in line, line
    assert raw.snapshot(db) == before


# -- CSV ----------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _titles(mstui: RunCli, db: Path, project: str) -> list[str]:
    listed = as_json(mstui("milestone", "list", "--project", project, "--json", db=db))
    return [m["title"] for m in listed]


def test_a_sheet_with_its_own_headers_creates_milestones_and_a_dry_run_writes_nothing(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    sheet = _write(tmp_path, "plan.csv",
                   "Name;Due Date;ASSIGNEE;State;Budget;Hours;Notes\n"
                   'Flyers printed;2026-12-20;ben;In progress;"$1,200";12 h;"two\nlines"\n'
                   "Radio spot;2026-12-22 00:00:00;amara;todo;;;\n")  # fmt: skip
    before = raw.snapshot(demo)
    said = ok(mstui("import", sheet, "--project", "mkt", "--dry-run", db=demo))
    assert said.splitlines() == [
        'row 2: create in MKT "Flyers printed", due 2026-12-20, owner ben',
        'row 3: create in MKT "Radio spot", due 2026-12-22, owner amara',
        "dry run: 2 to create, 0 to change, 0 unchanged; nothing written",
    ]
    assert raw.snapshot(demo) == before
    said = ok(mstui("import", sheet, "--project", "MKT", db=demo))
    assert said.strip().endswith(" in one transaction: 2 created, 0 changed, 0 unchanged")
    made = {m["title"]: m for m in as_json(mstui("milestone", "list", "--json", db=demo))}
    flyers = made["Flyers printed"]
    got = [flyers[k] for k in ("owner", "status", "cost_estimate", "effort_estimate")]
    assert got == ["ben", "in_progress", 1200.0, 12.0] and flyers["description"] == "two\nlines"
    history = as_json(mstui("milestone", "history", str(flyers["id"]), "--json", db=demo))
    assert [(h["actor"], h["action"]) for h in history] == [(ME, "create")]

    # Our own CSV reads back: a row with an id changes that milestone, only where it differs.
    exported = tmp_path / "mkt.csv"
    ok(mstui("export", "--project", "MKT", "-o", str(exported), db=demo))
    text = exported.read_text().replace("Radio spot", "Radio spot (30s)")
    said = ok(mstui("import", _write(tmp_path, "back.csv", text), db=demo))
    assert "0 created, 1 changed, 4 unchanged" in said
    assert "Radio spot (30s)" in _titles(mstui, demo, "MKT")


BAD_ROWS = [
    ("bad-date", "Dew,2026-02-30,ben,planned,", "row 3, Due", "2026-02-30"),
    ("unknown-owner", "Dew,2026-12-20,nobody,planned,", "row 3, Owner", "nobody"),
    ("not-an-editor", "Dew,2026-12-20,dana,planned,", "row 3, Owner", "dana"),
    ("unknown-status", "Dew,2026-12-20,ben,sleeping,", "row 3, Status", "sleeping"),
    ("negative", "Dew,2026-12-20,ben,planned,-5", "row 3, Cost", "-5"),
    ("garbage-number", "Dew,2026-12-20,ben,planned,lots", "row 3, Cost", "lots"),
    ("no-title", ",2026-12-20,ben,planned,", "row 3, Title", ""),
    ("no-due", "Dew,,ben,planned,", "row 3, Due", ""),
    ("blocked-no-reason", "Dew,2026-12-20,ben,blocked,", "row 3, Status", "blocked"),
]


@pytest.mark.parametrize(("case", "row", "field", "value"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_row_is_one_line_naming_row_column_and_value_and_nothing_is_written(
    mstui: RunCli, demo: Path, tmp_path: Path, case: str, row: str, field: str, value: str
) -> None:
    header = "Title,Due,Owner,Status,Cost\nFine row,2026-12-20,ben,planned,10\n"
    sheet = _write(tmp_path, f"{case}.csv", header + row + "\n")
    before = raw.snapshot(demo)
    line = one_line_error(mstui("import", sheet, "--project", "MKT", db=demo))
    assert line.startswith(f"mstui: {field}: "), line
    assert f'"{value}"' in line, line
    assert raw.snapshot(demo) == before  # the good row 2 was not written either


def test_an_unknown_column_or_project_is_refused_before_any_row(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    before = raw.snapshot(demo)
    sheet = _write(tmp_path, "a.csv", "Title,Due,Colour\nX,2026-12-20,red\n")
    line = one_line_error(mstui("import", sheet, "--project", "MKT", db=demo))
    assert line.startswith("mstui: column: not a column mstui knows") and '"Colour"' in line
    sheet = _write(tmp_path, "b.csv", "Title,Due\nX,2026-12-20\n")
    assert "no such project" in one_line_error(mstui("import", sheet, "--project", "NOPE", db=demo))
    assert "project" in one_line_error(mstui("import", sheet, db=demo))
    sheet = _write(tmp_path, "c.csv", "id,title\n999,X\n")
    line = one_line_error(mstui("import", sheet, "--project", "MKT", db=demo))
    assert line.startswith("mstui: row 2, id: no such milestone") and '"999"' in line
    assert one_line_error(mstui("import", str(tmp_path / "none.csv"), db=demo))
    assert raw.snapshot(demo) == before


def test_a_large_sheet_goes_in_with_no_progress_bar_off_a_terminal(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    rows = "".join(f"Step {i},2026-12-{1 + i % 28:02d},ben,planned,{i}\n" for i in range(600))
    sheet = _write(tmp_path, "big.csv", "title,deadline,owner,status,cost\n" + rows)
    done = mstui("import", sheet, "--project", "MKT", db=demo)
    assert ok(done).strip().endswith("600 created, 0 changed, 0 unchanged")  # stderr empty
    assert len(_titles(mstui, demo, "MKT")) == 603


# -- iCalendar ----------------------------------------------------------------------------------


def _calendar(text: str) -> Any:
    return icalendar.Calendar.from_ical(text)


def _events(cal: Any) -> list[Any]:
    return list(cal.walk("VEVENT"))


def test_the_calendar_parses_and_its_uids_stay_the_same_across_exports(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    first = tmp_path / "team.ics"
    ok(mstui("export", "-o", str(first), db=demo))
    data = first.read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    events = _events(_calendar(data.decode()))
    milestones = as_json(mstui("milestone", "list", "--json", db=demo))
    targets = as_json(mstui("target", "list", "--json", db=demo))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))  # each once
    assert len(uids) == len(milestones) + sum(len(t["checkpoints"]) for t in targets)
    by_uid = {str(e["UID"]): e for e in events}
    for m in milestones:
        e = next(e for u, e in by_uid.items() if u.startswith(f"milestone-{m['id']}."))
        start, end = e["DTSTART"].dt, e["DTEND"].dt
        assert start == date.fromisoformat(m["due"]) and end == start + timedelta(days=1)
        assert "DTSTAMP" in e and str(e["SUMMARY"]).startswith(f"{m['project']}: {m['title']}")

    # A day later, with a milestone moved: the same events (a subscribed calendar updates).
    ok(mstui("milestone", "edit", "3", "--due", "2026-12-28", db=demo))
    second = tmp_path / "again.ics"
    ok(mstui("export", "--format", "ics", "-o", str(second), db=demo, now="2026-11-19T10:00:00Z"))
    again = {str(e["UID"]): e for e in _events(_calendar(second.read_text()))}
    assert set(again) == set(by_uid)
    moved = next(e for u, e in again.items() if u.startswith("milestone-3."))
    assert moved["DTSTART"].dt == date(2026, 12, 28)
    old = next(e for u, e in by_uid.items() if u.startswith("milestone-3."))
    assert int(moved["SEQUENCE"]) > int(old["SEQUENCE"])


def test_my_calendar_has_only_my_milestones(mstui: RunCli, demo: Path, tmp_path: Path) -> None:
    mine = [m for m in as_json(mstui("milestone", "list", "--json", db=demo)) if m["owner"] == ME]
    assert mine  # the demo gives its runner some
    text = ok(mstui("export", "--format", "ics", "--mine", db=demo))
    events = _events(_calendar(text))
    got = sorted(int(str(e["UID"]).split("-")[1].split(".")[0]) for e in events
                 if str(e["UID"]).startswith("milestone-"))  # fmt: skip
    assert got == sorted(m["id"] for m in mine)
    line = one_line_error(mstui("export", "--format", "json", "--mine", db=demo))
    assert "--mine" in line


HOSTILE = "Launch \x1b]52;c;cHduZWQ=\x07 now; or, \\ later\x9b31m"


def test_hostile_titles_are_made_harmless_in_csv_and_ics(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    # Written behind the store's back (anyone who can write the file can): raw controls.
    raw.execute(demo, "UPDATE milestone SET title = ? WHERE id = 3", HOSTILE)
    raw.execute(demo, "UPDATE milestone SET title = ? WHERE id = 2", '=HYPERLINK("x")')
    raw.execute(demo, "UPDATE milestone SET description = ? WHERE id = 2", "a\nb\x1b[2J")
    for fmt in ("csv", "ics"):
        path = tmp_path / f"out.{fmt}"
        ok(mstui("export", "-o", str(path), db=demo))
        data = path.read_bytes()
        assert b"\x1b" not in data and b"\x07" not in data and "\x9b".encode() not in data, fmt
    sheet = (tmp_path / "out.csv").read_text()
    assert "'=HYPERLINK" in sheet  # a spreadsheet shows it, not runs it
    cal = _events(_calendar((tmp_path / "out.ics").read_text()))
    summary = next(str(e["SUMMARY"]) for e in cal if str(e["UID"]).startswith("milestone-3."))
    assert summary.startswith("MKT: Launch ␛]52") and "now; or, \\ later" in summary
    ics = (tmp_path / "out.ics").read_text()
    assert "now\\; or\\, \\\\ later" in ics.replace("\r\n ", "")


# -- PostgreSQL -----------------------------------------------------------------------------------


def test_a_json_export_moves_to_postgresql_and_a_sheet_goes_in_there_whole(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    from tests import pg

    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    with pg.database(empty=True) as server:
        ok(mstui("import", str(out), db=server))
        for command in (["milestone", "list", "--json"], ["target", "list", "--json"],
                        ["milestone", "history", "--limit", "1000", "--json"]):  # fmt: skip
            assert as_json(mstui(*command, db=server)) == as_json(mstui(*command, db=demo))
        # The sequences moved past the loaded ids; a sheet goes in all or nothing there too.
        sheet = _write(tmp_path, "s.csv", "title,due,owner\nA,2026-12-20,ben\nB,2026-12-21,ben\n")
        assert "2 created" in ok(mstui("import", sheet, "--project", "MKT", db=server))
        made = as_json(mstui("milestone", "list", "--search", "A", "--json", db=server))
        assert 17 in {m["id"] for m in made}
        bad = _write(tmp_path, "bad.csv", "title,due,owner\nC,2026-12-20,ben\nD,never,ben\n")
        before = raw.count(server, "milestone")
        assert "row 3, due" in one_line_error(mstui("import", bad, "--project", "MKT", db=server))
        assert raw.count(server, "milestone") == before
        back = tmp_path / "back.json"
        ok(mstui("export", "-o", str(back), db=server))
        again = tmp_path / "again.db"
        ok(mstui("import", str(back), db=again))
        assert as_json(mstui("milestone", "list", "--json", db=again)) == as_json(
            mstui("milestone", "list", "--json", db=server)
        )


# -- what the review found --------------------------------------------------------------------


def test_titles_with_double_quotes_or_a_leading_quote_read_back_unchanged(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    ok(mstui("milestone", "edit", "2", "--title", 'The "Big" launch, phase 1', db=demo))
    ok(mstui("milestone", "edit", "3", "--title", "'-dash first", db=demo))
    exported = tmp_path / "mkt.csv"
    ok(mstui("export", "--project", "MKT", "-o", str(exported), db=demo))
    before = _titles(mstui, demo, "MKT")
    said = ok(mstui("import", str(exported), "--dry-run", db=demo))
    assert (
        said.splitlines()[-1] == "dry run: 0 to create, 0 to change, 3 unchanged; nothing written"
    )
    assert "0 changed, 3 unchanged" in ok(mstui("import", str(exported), db=demo))
    assert _titles(mstui, demo, "MKT") == before
    assert 'The "Big" launch, phase 1' in before and "'-dash first" in before


def test_an_owner_no_longer_an_editor_reads_back_unchanged_but_is_not_given_anew(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "mkt.csv"
    ok(mstui("export", "--project", "MKT", "-o", str(exported), db=demo))  # ben owns 2
    # (A lead cannot demote the owner of open work; of done work, or behind the store's back.)
    raw.execute(demo, "UPDATE projectmember SET role = 'viewer' WHERE person_id = "
                "(SELECT id FROM person WHERE login = 'ben')")  # fmt: skip
    said = ok(mstui("import", str(exported), "--dry-run", db=demo))
    assert said.splitlines()[-1].startswith("dry run: 0 to create, 0 to change, 3 unchanged")
    given = exported.read_text().replace(",amara,", ",ben,", 1)  # row 2: 1's owner to ben
    line = one_line_error(mstui("import", _write(tmp_path, "to-ben.csv", given), db=demo))
    assert line.startswith("mstui: row 2, owner: not an editor of MKT") and '"ben"' in line


def test_a_decimal_comma_or_a_cell_under_no_header_is_one_line_naming_the_row(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    before = raw.snapshot(demo)
    sheet = _write(
        tmp_path, "a.csv", "Title;Due;Cost\nFine;2026-12-20;1,200\nX;2026-12-20;2000,50\n"
    )
    line = one_line_error(mstui("import", sheet, "--project", "MKT", db=demo))
    assert line == 'mstui: row 3, Cost: ambiguous number: use 2000.50 (got "2000,50")'
    sheet = _write(tmp_path, "b.csv", "title,,due\nX,,2026-12-20\nY,oops,2026-12-20\n")
    line = one_line_error(mstui("import", sheet, "--project", "MKT", db=demo))
    assert line.startswith("mstui: row 3: a cell under a column with no header") and "oops" in line
    assert raw.snapshot(demo) == before


def test_an_id_deleted_before_the_export_is_not_given_again_after_the_import(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    gone = as_json(mstui("milestone", "add", "REL", "Dropped", "--due", "2026-12-20", "--json",
                         db=demo))["id"]  # fmt: skip
    ok(mstui("milestone", "delete", str(gone), "--yes", db=demo))
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    copy = tmp_path / "copy.db"
    ok(mstui("import", str(out), db=copy))
    added = as_json(mstui("milestone", "add", "REL", "Docs", "--due", "2026-12-20", "--json",
                          db=copy))["id"]  # fmt: skip
    assert added == gone + 1
    history = as_json(mstui("milestone", "history", str(added), "--json", db=copy))
    assert [(h["entity_id"], h["action"]) for h in history] == [(added, "create")]
    assert json.loads(out.read_text())["id_counters"]["milestone"] == gone


def test_an_export_onto_the_database_file_is_refused_and_the_database_is_intact(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    before = raw.snapshot(demo)
    link = tmp_path / "link.json"
    link.symlink_to(demo)
    for dest in (demo, demo.with_name("team.db-wal"), demo.with_name("team.db-journal"), link):
        line = one_line_error(mstui("export", "--format", "json", "-o", str(dest), db=demo))
        assert "is the database itself" in line, line
    assert raw.snapshot(demo) == before
    assert not demo.with_name("team.db-journal").exists()
    # Nor over another database (the app's Export dialog names no database to spare).
    other = tmp_path / "other.db"
    other.write_bytes(demo.read_bytes())
    for dest in (other, tmp_path / "other.db-shm"):
        line = one_line_error(mstui("export", "--format", "csv", "-o", str(dest), db=demo))
        assert "SQLite database" in line, line
    assert other.read_bytes() == demo.read_bytes()


def test_a_full_export_keeps_the_history_of_a_deleted_project(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    ok(mstui("project", "delete", "SLS", "--yes", db=demo))
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    copy = tmp_path / "copy.db"
    ok(mstui("import", str(out), db=copy))
    history = ["milestone", "history", "--limit", "1000", "--json"]
    shown = as_json(mstui(*history, db=copy))
    assert shown == as_json(mstui(*history, db=demo))
    assert ("project", "delete", "SLS") in {(h["entity"], h["action"], h["old"]) for h in shown}
    assert raw.broken_references(copy) == []


def test_calendar_uids_stay_the_same_for_a_moved_file_and_an_imported_copy(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    def uids(db: Path) -> set[str]:
        return {str(e["UID"]) for e in _events(_calendar(ok(mstui("export", "--format", "ics",
                                                                  db=db))))}  # fmt: skip

    first = uids(demo)
    moved = tmp_path / "elsewhere" / "moved.db"
    moved.parent.mkdir()
    moved.write_bytes(demo.read_bytes())
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    loaded = tmp_path / "loaded.db"
    ok(mstui("import", str(out), db=loaded))
    assert first and uids(moved) == first and uids(loaded) == first


def test_a_json_import_goes_into_a_new_database_that_mstui_check_has_seen(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    copy = tmp_path / "copy.db"
    mstui("check", db=copy)
    assert "16 milestones" in ok(mstui("import", str(out), db=copy))


_HEAD = '{"format": "mstui-export", "format_version": '
MALFORMED = {
    "deep": "[" * 100_000 + "]" * 100_000,
    "version-true": _HEAD + 'true, "tables": {}}',
    "version-float": _HEAD + '1.0, "tables": {}}',
    "column-number": _HEAD + '1, "tables": {"person": {"columns": [1], "rows": []}}}',
    "column-list": _HEAD + '1, "tables": {"person": {"columns": [["id"]], "rows": []}}}',
    "counter-bool": _HEAD + '1, "tables": {}, "id_counters": {"milestone": true}}',
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_json_file_is_one_line_and_leaves_no_database(
    mstui: RunCli, tmp_path: Path, case: str
) -> None:
    stray = tmp_path / "stray.db"
    line = one_line_error(mstui("import", _write(tmp_path, "x.json", MALFORMED[case]), db=stray))
    assert line.startswith("mstui: import: ") and not stray.exists(), line


def test_a_json_import_makes_controls_in_the_file_harmless_and_keeps_newlines(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    raw.execute(demo, "UPDATE milestone SET title = ? WHERE id = 3", HOSTILE)
    raw.execute(demo, "UPDATE milestone SET description = ? WHERE id = 2", "a\nb\x1b[2J\tc")
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    copy = tmp_path / "copy.db"
    ok(mstui("import", str(out), db=copy))
    (title,) = raw.rows(copy, "SELECT title FROM milestone WHERE id = 3")[0]
    assert title.startswith("Launch ␛]52;c;") and "\x1b" not in title and "\x9b" not in title
    assert raw.rows(copy, "SELECT description FROM milestone WHERE id = 2")[0][0] == "a\nb␛[2J\tc"
    # What the store wrote itself comes through as it was.
    for table in ("comment", "activity", "project"):
        assert raw.rows(copy, f"SELECT * FROM {table}") == raw.rows(demo, f"SELECT * FROM {table}")


def test_id_counters_move_between_sqlite_and_postgresql(
    mstui: RunCli, demo: Path, tmp_path: Path
) -> None:
    from tests import pg

    gone = as_json(mstui("milestone", "add", "REL", "Dropped", "--due", "2026-12-20", "--json",
                         db=demo))["id"]  # fmt: skip
    ok(mstui("milestone", "delete", str(gone), "--yes", db=demo))
    out = tmp_path / "all.json"
    ok(mstui("export", "-o", str(out), db=demo))
    with pg.database(empty=True) as server:
        ok(mstui("import", str(out), db=server))
        back = tmp_path / "back.json"
        ok(mstui("export", "-o", str(back), db=server))
        assert json.loads(back.read_text())["id_counters"]["milestone"] == gone
        again = tmp_path / "again.db"
        ok(mstui("import", str(back), db=again))
        for db in (server, again):
            added = as_json(mstui("milestone", "add", "REL", "Docs", "--due", "2026-12-20",
                                  "--json", db=db))["id"]  # fmt: skip
            assert added == gone + 1, db
