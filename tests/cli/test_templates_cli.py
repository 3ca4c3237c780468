"""`mstui template …` and `mstui project add --template`, the real command in a subprocess."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mstui.identity import Account
from tests.cli.helpers import ME, as_json, dump, ok, one_line_error, store_on
from tests.conftest import RunCli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database where dana and sam exist (people to fill owner roles with)."""
    path = tmp_path / "mstui.db"
    with store_on(path, Account(ME, "Me Myself")) as me:
        me.add_person("dana", "Dana Designer")
        me.add_person("sam", "Sam Seller")
    return path


def user_templates(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "mstui" / "templates"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def test_project_add_from_a_template_makes_the_whole_project(mstui: RunCli, db: Path) -> None:
    said = ok(
        mstui(
            "project", "add", "SQ", "Q1 sales", "--template", "sales-quarter",
            "--start", "2026-11-29", "--assign", "sales_ops=dana", "--assign", "marketer=sam",
            db=db,
        )
    )  # fmt: skip
    assert said.startswith("added project SQ: Q1 sales")
    assert rows(db, "SELECT template, start_date, end_date FROM project") == [
        ("sales-quarter", "2026-11-29", "2027-02-27")
    ]
    ms = rows(
        db,
        "SELECT m.title, m.due, p.login, m.template_ref, m.planned_due, m.target_id IS NOT NULL,"
        " m.kpi_name, m.cost_estimate FROM milestone m JOIN person p ON p.id = m.owner_id"
        " ORDER BY m.id",
    )
    assert ms == [
        ("Sales Tooling Live", "2026-12-14", "dana", "tooling", "2026-12-14", 1, "", 4000.0),
        ("Account Executive Hired", "2026-12-28", ME, "hire", "2026-12-28", 1, "Hires", 6000.0),
        ("New Outbound Campaign Launched", "2027-01-04", "sam", "campaign", "2027-01-04", 1,
         "Qualified leads", 10000.0),
        ("Quarter Review", "2027-02-27", ME, "review", "2027-02-27", 0, "Revenue", None),
    ]  # fmt: skip
    deps = rows(
        db,
        "SELECT a.template_ref, b.template_ref FROM milestonedependency d"
        " JOIN milestone a ON a.id = d.predecessor_id JOIN milestone b ON b.id = d.successor_id"
        " ORDER BY 2, 1",
    )
    assert deps == [("tooling", "campaign"), ("campaign", "review"), ("hire", "review")]
    tasks = rows(
        db,
        "SELECT t.title, t.start_date, t.end_date, p.login FROM task t"
        " JOIN person p ON p.id = t.assignee_id ORDER BY t.id",
    )
    assert len(tasks) == 4
    assert tasks[0] == ("Choose and set up the CRM", "2026-11-30", "2026-12-10", "dana")
    [(name, goal, start, end, cadence)] = rows(
        db, "SELECT name, goal, start_date, end_date, cadence FROM target"
    )
    assert (name, goal, start, end, cadence) == (
        "Quarter revenue", 300000.0, "2026-11-29", "2027-02-27", "weekly:fri",
    )  # fmt: skip
    checkpoints = rows(db, "SELECT date, expected FROM checkpoint ORDER BY date")
    assert len(checkpoints) == 13
    assert checkpoints[0][0] == "2026-12-04"
    assert checkpoints[-1] == ("2027-02-26", 300000.0)
    members = rows(
        db,
        "SELECT p.login, m.role FROM projectmember m JOIN person p ON p.id = m.person_id"
        " ORDER BY p.login",
    )
    assert sorted(members) == sorted([("dana", "editor"), ("sam", "editor"), (ME, "lead")])


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (["--assign", "painter=dana"], "assign"),
        (["--assign", "sales_ops=ghost"], "assign"),
        (["--assign", "sales_ops"], "assign"),
        (["--assign", "lead=dana"], "assign"),
        (["--template", "no-such"], "template"),
        (["--end", "2027-06-01"], "end"),
    ],
    ids=["unknown-placeholder", "unknown-login", "no-equals", "lead", "no-template", "end"],
)
def test_a_bad_template_request_changes_nothing(
    mstui: RunCli, db: Path, extra: list[str], field: str
) -> None:
    before = dump(db)
    args = ["project", "add", "SQ", "Q1", "--start", "2026-11-29"]
    if "--template" not in extra:
        args += ["--template", "sales-quarter"]
    line = one_line_error(mstui(*args, *extra, db=db))
    assert line.startswith(f"mstui: {field}: "), line
    assert dump(db) == before


def test_a_later_refusal_rolls_back_everything_made_before_it(mstui: RunCli, db: Path) -> None:
    """sam exists but the second --assign fails only once the project and the first
    member are written: nothing of it stays."""
    before = dump(db)
    done = mstui(
        "project", "add", "SQ", "Q1", "--template", "sales-quarter", "--start", "2026-11-29",
        "--assign", "marketer=sam", "--assign", "sales_ops=zz-nobody", db=db,
    )  # fmt: skip
    assert "zz-nobody" in one_line_error(done)
    assert dump(db) == before


def test_template_list_reports_a_bad_file_and_lists_the_rest(
    mstui: RunCli, db: Path, tmp_path: Path
) -> None:
    folder = user_templates(tmp_path)
    folder.mkdir(parents=True)
    bad = folder / "bad.toml"
    bad.write_text('title = "Bad"\n\n[[milestones]]\nkey = "a"\ntitle = "A"\noffset = "x"\n')
    done = mstui("template", "list", db=db)
    assert done.returncode == 0
    assert done.stderr == f"mstui: template {bad}:6: milestones[0].offset: " + (
        'a whole number of days: "12d" (calendar days) or "10bd" (business days, Mon–Fri)\n'
    )
    names = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert names == [
        "construction-job", "event-launch", "marketing-campaign", "sales-quarter",
        "software-release",
    ]  # fmt: skip
    shown = one_line_error(mstui("template", "show", "bad", db=db))
    assert f"{bad}:6" in shown


def test_template_show_gives_the_dates_for_a_start(mstui: RunCli, db: Path) -> None:
    got = as_json(mstui("template", "show", "construction-job", "--start", "2028-02-28",
                        "--json", db=db))  # fmt: skip
    assert [m["due"] for m in got["milestones"]] == [
        "2028-03-20", "2028-04-03", "2028-04-17", "2028-06-19", "2028-06-26",
    ]  # fmt: skip
    assert got["placeholders"] == ["inspector", "site_manager"]
    text = ok(mstui("template", "show", "construction-job", "--start", "2028-02-28", db=db))
    assert "Mon 2028-03-20" in text


def finish(mstui: RunCli, db: Path, mid: int, when: str) -> None:
    ok(mstui("milestone", "done", str(mid), db=db, now=f"{when}T15:00:00+00:00"))


def test_templates_learn_from_what_happened(mstui: RunCli, db: Path, tmp_path: Path) -> None:
    # Two projects from the marketing template: Mon 2 Nov and Mon 9 Nov.
    for key, start in (("ONE", "2026-11-02"), ("TWO", "2026-11-09")):
        ok(mstui("project", "add", key, f"Campaign {key}", "--template", "marketing-campaign",
                 "--start", start, db=db))  # fmt: skip
    # ONE's plan: 16 Nov, 7 Dec, 14 Dec. TWO's: 23 Nov, 14 Dec, 21 Dec.
    ok(mstui("milestone", "edit", "1", "--due", "2026-11-30", db=db))  # moved: slips still
    finish(mstui, db, 1, "2026-11-18")  # +2 against the plan, whatever the due says now
    finish(mstui, db, 2, "2026-12-04")  # -3
    finish(mstui, db, 3, "2026-12-14")  # 0
    finish(mstui, db, 4, "2026-11-27")  # +4
    finish(mstui, db, 5, "2026-12-14")  # 0 (TWO's live milestone is not done)
    got = as_json(mstui("template", "show", "marketing-campaign", "--json", db=db))
    history = {m["key"]: m["history"] for m in got["milestones"]}
    assert history == {
        "strategy": {"median_days_late": 3, "low": 2, "high": 4, "projects": 2},
        "assets": {"median_days_late": -1.5, "low": -3, "high": 0, "projects": 2},
        "live": {"median_days_late": 0, "low": 0, "high": 0, "projects": 1},
    }
    text = ok(mstui("template", "show", "marketing-campaign", db=db))
    assert "median 3 days late (+2…+4, 2 projects)" in text
    assert "median 1.5 days early (−3…0, 2 projects)" in text

    # ONE as a template, from where its milestones were actually done (business days kept).
    said = ok(mstui("template", "save", "ONE", "learned", "--from-actuals", db=db))
    path = user_templates(tmp_path) / "learned.toml"
    assert str(path) in said and path.read_text().startswith("# An mstui project template")
    learned = as_json(mstui("template", "show", "learned", "--start", "2026-11-02", "--json",
                            db=db))  # fmt: skip
    offsets = [(m["key"], m["offset"], m["due"], m["owner"]) for m in learned["milestones"]]
    assert offsets == [
        ("strategy", "12bd", "2026-11-18", "lead"),
        ("assets", "24bd", "2026-12-04", "lead"),
        ("live", "30bd", "2026-12-14", "lead"),
    ]
    assert [m["depends_on"] for m in learned["milestones"]] == [[], ["strategy"], ["assets"]]
    refused = one_line_error(mstui("template", "save", "ONE", "learned", db=db))
    assert "--force" in refused and path.read_text().count("12bd") == 1
    ok(mstui("template", "save", "ONE", "learned", "--force", db=db))
    planned = as_json(mstui("template", "show", "learned", "--json", db=db))
    # As planned: the due dates as they stand (strategy was moved to 30 Nov).
    assert [m["offset"] for m in planned["milestones"]] == ["20bd", "25bd", "30bd"]


def test_a_template_name_must_be_a_file_name(mstui: RunCli, db: Path) -> None:
    ok(mstui("project", "add", "ONE", "One", "--template", "event-launch", "--start",
             date(2026, 12, 1).isoformat(), db=db))  # fmt: skip
    line = one_line_error(mstui("template", "save", "ONE", "../evil", db=db))
    assert line.startswith("mstui: name: ")


def test_what_a_template_cannot_hold_is_said(mstui: RunCli, db: Path, tmp_path: Path) -> None:
    ok(mstui("project", "add", "ONE", "One", "--template", "event-launch", "--start",
             "2026-12-01", db=db))  # fmt: skip
    ok(mstui("task", "add", "ONE", "Loose end", "--start", "2026-12-02", "--end", "2026-12-03",
             db=db))  # fmt: skip
    said = ok(mstui("template", "save", "ONE", "kept", db=db))
    assert "note: left out 1 task leading to no milestone" in said
    assert "Loose end" not in (user_templates(tmp_path) / "kept.toml").read_text()
