"""`mstui target …` and `mstui resource …` in a subprocess: happy paths, JSON keys, bad input."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from mstui.domain.enums import Role
from tests.cli.helpers import (
    ME,
    BadCase,
    Outcome,
    as_json,
    check_refused,
    dump,
    ok,
    run_cases,
    store_on,
)
from tests.conftest import RunCli

TARGET_KEYS = {
    "id",
    "name",
    "unit",
    "goal",
    "actual",
    "expected_now",
    "pace",
    "projection",
    "status",
    "checkpoints",
}


@pytest.fixture(scope="module")
def sales_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Project SLS, a milestone, a task and bob; no targets yet (made once, copied per test).
    The CLI's user is a lead of SLS (so they may list the shared resources too)."""
    path = tmp_path_factory.mktemp("sales") / "sales.db"
    with store_on(path) as store:
        store.add_person("bob", "Bob Baker", "Sales")
        store.add_project("SLS", "Sales quarter", start=date(2026, 10, 1))
        store.add_member("SLS", "bob", Role.EDITOR)
        store.add_member("SLS", ME, Role.LEAD)
        m = store.add_milestone("SLS", "Quarter closed", date(2026, 12, 31))
        store.add_task(
            "SLS", "Call the top ten", date(2026, 11, 16), date(2026, 11, 20), milestone_id=m.id
        )
    return path


@pytest.fixture
def db(sales_db: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(sales_db, tmp_path / "sales.db"))


def test_add_record_and_list_a_target(db: Path, mstui: RunCli) -> None:
    def run(*args: str) -> str:
        return ok(mstui(*args, db=db))

    out = run(
        "target",
        "add",
        "Revenue this month",
        "--goal",
        "100,000",
        "--unit",
        "USD",
        "--start",
        "2026-11-01",
        "--end",
        "2026-11-30",
        "--cadence",
        "weekly:fri",
        "--project",
        "sls",
        "--owner",
        "bob",
    )
    assert out == (
        "added target 1: Revenue this month, 100,000 USD by 2026-11-30 "
        "(06 Nov 25,000, 13 Nov 50,000, 20 Nov 75,000, 27 Nov 100,000)\n"
    )
    # Wednesday 18 November: 26,000 by the first Friday, 43,000 by the second (missed).
    run("target", "record", "1", "26000", "--date", "2026-11-06")
    run("target", "record", "revenue this month", "43000", "--date", "2026-11-13", "--note", "slow")
    out = run("target", "record", "1", "9000", "--add", "--note", "two deals")  # today: 52,000
    assert out == (
        "target 1: Revenue this month · actual 52,000 USD · expected now 67,857 USD · "
        "pace 77% · projection 86,667 USD · "
        "behind the checkpoints, and short of the goal at the current rate\n"
    )
    table = run("target", "list").splitlines()
    assert table[0].split()[:3] == ["ID", "TARGET", "ACTUAL"]
    assert "52,000 USD" in table[1] and "behind" in table[1]
    (t,) = as_json(mstui("target", "list", "--json", db=db))
    assert set(t) >= TARGET_KEYS
    assert (t["actual"], t["expected_now"], t["pace"], t["projection"], t["status"]) == (
        52_000.0,
        67_857.14,
        0.7663,
        86_666.67,
        "behind",
    )
    assert t["standing"] == "behind"
    assert [
        {k: c[k] for k in ("date", "expected", "actual", "missed")} for c in t["checkpoints"]
    ] == [
        {"date": "2026-11-06", "expected": 25_000.0, "actual": 26_000.0, "missed": False},
        {"date": "2026-11-13", "expected": 50_000.0, "actual": 43_000.0, "missed": True},
        {"date": "2026-11-20", "expected": 75_000.0, "actual": 52_000.0, "missed": False},
        {"date": "2026-11-27", "expected": 100_000.0, "actual": 52_000.0, "missed": False},
    ]
    assert [c["result"] for c in t["checkpoints"]] == ["met", "missed", "to_come", "to_come"]
    assert [m["note"] for m in t["measurements"]] == ["", "slow", "two deals"]
    assert t["owner"] == "bob" and t["project"] == "SLS" and t["will_make"] is False

    # Correct a figure, set the checkpoints by hand, link the milestone.
    run("target", "correct", "2", "--value", "50000")
    run("target", "edit", "1", "--checkpoints", "2026-11-13=40000, 2026-11-30=100000")
    out = run("target", "link", "1", "1")
    assert out == "linked #1; target 1 milestones: #1\n"
    shown = as_json(mstui("target", "show", "revenue this month", "--json", db=db))
    assert [c["date"] for c in shown["checkpoints"]] == ["2026-11-13", "2026-11-30"]
    assert shown["split"] == "by hand" and shown["milestones"] == [1]
    assert shown["checkpoints"][0]["actual"] == 50_000.0
    unasked = mstui("target", "unrecord", "3", db=db)
    assert (unasked.returncode, unasked.stderr) == (
        2,
        'mstui: unrecord: repeat with --yes to remove the figure 52000 on 2026-11-18 (got "3")\n',
    )
    after = as_json(mstui("target", "unrecord", "3", "--yes", "--json", db=db))
    assert after["actual"] == 50_000.0 and len(after["measurements"]) == 2
    assert run("target", "delete", "1", "--yes") == "deleted target 1: Revenue this month\n"


def test_an_at_most_target(db: Path, mstui: RunCli) -> None:
    t = as_json(
        mstui(
            "target",
            "add",
            "Travel spend",
            "--goal",
            "4000",
            "--unit",
            "EUR",
            "--start",
            "2026-11-01",
            "--end",
            "2026-11-30",
            "--cadence",
            "monthly",
            "--direction",
            "at_most",
            "--json",
            db=db,
        )
    )
    assert (t["direction"], t["checkpoints"][0]["expected"]) == ("at_most", 4_000.0)
    after = as_json(mstui("target", "record", "1", "3000", "--json", db=db))
    # 3,000 spent by the 18th: over the line (2,400) and heading for 5,000.
    assert (after["status"], after["projection"], after["will_make"]) == ("behind", 5000.0, False)


DECEMBER = [
    "--unit",
    "USD",
    "--start",
    "2026-12-01",
    "--end",
    "2026-12-31",
    "--cadence",
    "weekly:fri",
]


def test_one_story_before_and_after_the_first_figure(db: Path, mstui: RunCli) -> None:
    """Issue 17 on 10 December: weekly Friday checkpoints reach 120,000 on the 25th, six
    days before the end, so one figure can be behind the line yet on course for the goal."""
    now = "2026-12-10T12:00:00+00:00"

    def run(*args: str) -> str:
        return ok(mstui(*args, db=db, now=now))

    run("target", "add", "Revenue Dec", "--goal", "120000", *DECEMBER)
    run("target", "add", "Budget Dec", "--goal", "10000", *DECEMBER, "--direction", "at_most")
    # No figure yet: not "on track", no 0 % pace, and the passed 4 Dec checkpoint is
    # "no figure" (not "met", not "missed"), for "at most" too.
    assert run("target", "show", "1").splitlines()[:3] == [
        "target 1: Revenue Dec · actual — · expected now 55,714 USD · pace — · projection — · "
        "no figure yet",
        "at least 120,000 USD from 2026-12-01 to 2026-12-31, checkpoints weekly:fri (split evenly)",
        "CHECKPOINT  EXPECTED     ACTUAL  RESULT",
    ]
    budget = run("target", "show", "2").splitlines()
    assert budget[0].endswith("pace — · projection — · no figure yet")
    assert budget[3].split() == ["2026-12-04", "2,500", "USD", "—", "no", "figure"]
    listed = run("target", "list").splitlines()
    assert all("no figure yet" in row and " 0% " not in row for row in listed[1:])
    (t, _) = as_json(mstui("target", "list", "--json", db=db, now=now))
    assert (t["status"], t["standing"], t["pace"], t["projection"]) == (
        "no_figure",
        "no_figure",
        None,
        None,
    )
    assert [(c["missed"], c["result"]) for c in t["checkpoints"][:2]] == [
        (False, "no_figure"),
        (False, "to_come"),
    ]

    # One figure, 41,000 on the 9th: 74 % of the line, 141,222 by the 31st at that rate.
    out = run("target", "record", "1", "41000", "--date", "2026-12-09")
    assert out == (
        "target 1: Revenue Dec · actual 41,000 USD · expected now 55,714 USD · pace 74% · "
        "projection 141,222 USD · "
        "behind the checkpoints, but on course for the goal at the current rate\n"
    )
    row = run("target", "list").splitlines()[1]
    assert "behind checkpoints, on course" in row and "141,222 USD" in row
    t = as_json(mstui("target", "show", "1", "--json", db=db, now=now))
    # JSON stays numeric and exact to the cent; only the words drop the cents.
    assert (t["expected_now"], t["projection"], t["pace"]) == (55_714.29, 141_222.22, 0.7359)
    assert (t["status"], t["will_make"], t["standing"]) == ("behind", True, "behind_on_course")


def test_cents_only_where_the_figures_have_them(db: Path, mstui: RunCli) -> None:
    now = "2026-12-10T12:00:00+00:00"
    ok(mstui("target", "add", "Fees", "--goal", "1000", *DECEMBER, db=db, now=now))
    out = ok(mstui("target", "record", "1", "400.50", "--date", "2026-12-09", db=db, now=now))
    assert out.startswith(
        "target 1: Fees · actual 400.50 USD · expected now 464.29 USD · pace 86% · "
        "projection 1,379.50 USD · "
    )
    assert "1,000.00 USD" in ok(mstui("target", "show", "1", db=db, now=now))


def test_resources_bookings_and_conflicts(db: Path, mstui: RunCli) -> None:
    def run(*args: str) -> str:
        return ok(mstui(*args, db=db))

    assert run("resource", "add", "Crane", "--kind", "equipment", "--capacity", "1") == (
        "added resource 1: Crane (equipment, 1 a day)\n"
    )
    run("resource", "book", "crane", "--task", "1")
    out = run(
        "resource",
        "book",
        "Crane",
        "--milestone",
        "1",
        "--start",
        "2026-11-19",
        "--end",
        "2026-11-25",
    )
    assert out == (
        "booked Crane on milestone #1 Quarter closed from 2026-11-19 to 2026-11-25, "
        "1 a day (booking 2)\n"
    )
    (conflict,) = as_json(mstui("resource", "conflicts", "--json", db=db))
    assert (conflict["resource"], conflict["start"], conflict["end"], conflict["peak"]) == (
        "Crane",
        "2026-11-19",
        "2026-11-20",
        2.0,
    )
    assert [b["id"] for b in conflict["bookings"]] == [1, 2]
    assert "Crane" in run("resource", "list")
    assert len(as_json(mstui("resource", "bookings", "--milestone", "1", "--json", db=db))) == 2
    unasked = mstui("resource", "unbook", "1", db=db)
    assert unasked.returncode == 2 and "repeat with --yes" in unasked.stderr
    assert len(as_json(mstui("resource", "bookings", "--milestone", "1", "--json", db=db))) == 2
    run("resource", "unbook", "1", "--yes")
    assert as_json(mstui("resource", "conflicts", "--json", db=db)) == []


T_ADD = [
    "target",
    "add",
    "Revenue",
    "--goal",
    "100",
    "--start",
    "2026-11-01",
    "--end",
    "2026-11-30",
]
BAD_INPUT: list[BadCase] = [
    (
        "goal-not-a-number",
        ["target", "add", "R", "--goal", "lots", "--start", "today", "--end", "eom"],
        "goal",
        "lots",
    ),
    ("end-before-start", [*T_ADD[:7], "--end", "2026-10-01"], "end", "2026-10-01"),
    ("bad-cadence", [*T_ADD, "--cadence", "fortnightly"], "cadence", "fortnightly"),
    ("bad-direction", [*T_ADD, "--direction", "sideways"], "direction", "sideways"),
    ("bad-checkpoints", [*T_ADD, "--checkpoints", "2026-12-05=10"], "checkpoints", "2026-12-05 10"),
    ("unknown-target", ["target", "record", "Profit", "5"], "target", "Profit"),
    ("record-bad-date", ["target", "record", "1", "5", "--date", "someday"], "date", "someday"),
    ("record-future", ["target", "record", "1", "5", "--date", "2026-11-25"], "date", "2026-11-25"),
    ("unknown-figure", ["target", "correct", "99", "--value", "1"], "measurement", "99"),
    ("resource-kind", ["resource", "add", "Van", "--kind", "vehicle"], "kind", "vehicle"),
    ("book-nothing", ["resource", "book", "Crane"], "booking", ""),
    ("book-unknown", ["resource", "book", "Ghost", "--task", "1"], "resource", "Ghost"),
]


@pytest.fixture(scope="module")
def bad_outcomes(sales_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every bad-input case on its own copy of a database with target 1 and resource Crane."""
    root = tmp_path_factory.mktemp("bad-targets")
    seeded = Path(shutil.copy(sales_db, root / "seeded.db"))
    with store_on(seeded) as store:
        store.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="SLS")
        store.add_resource("Crane", "equipment", 1)

    def copy(folder: Path) -> Path:
        return Path(shutil.copy(seeded, folder / "sales.db"))

    return run_cases(BAD_INPUT, root, copy, dump)


@pytest.mark.parametrize(
    ("name", "field", "value"),
    [(case[0], case[2], case[3]) for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    bad_outcomes: dict[str, Outcome], name: str, field: str, value: str
) -> None:
    check_refused(bad_outcomes[name], field, value)
