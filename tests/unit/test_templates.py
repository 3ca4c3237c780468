"""Templates: business-day offsets, the shipped templates' dates, malformed files, slips."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.offsets import (
    Offset,
    add_business_days,
    business_days_between,
    parse_offset,
    slips_of,
)
from mstui.domain.template_toml import to_toml
from mstui.domain.templates import TemplateError, parse_template, plan
from mstui.errors import Invalid
from mstui.template_files import load_templates

SHIPPED = {
    "construction-job", "event-launch", "marketing-campaign", "sales-quarter", "software-release",
}  # fmt: skip


@pytest.fixture(autouse=True)
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's and the server's template folders in tmp_path (empty unless a test
    writes there); returns the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    return tmp_path / "home-config" / "mstui" / "templates"


def dues(name: str, start: date) -> list[date]:
    return [m.due for m in plan(load_templates().get(name), start).milestones]


# -- business days ---------------------------------------------------------------------------


def test_business_days_skip_weekends_and_a_weekend_start_counts_from_monday() -> None:
    thu = date(2026, 12, 3)
    assert add_business_days(thu, 0) == thu
    assert add_business_days(thu, 1) == date(2026, 12, 4)  # Fri
    assert add_business_days(thu, 3) == date(2026, 12, 8)  # Fri, Mon, Tue
    sat = date(2026, 11, 28)
    assert add_business_days(sat, 0) == date(2026, 11, 30)  # the Monday
    assert add_business_days(sat, 1) == date(2026, 12, 1)
    assert add_business_days(date(2026, 11, 29), 5) == date(2026, 12, 7)  # Sunday start


def naive_add(start: date, n: int) -> date:
    d = start
    while d.weekday() >= 5:
        d += timedelta(days=1)
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400))
def test_business_days_agree_with_counting_day_by_day(start: date, n: int) -> None:
    assert add_business_days(start, n) == naive_add(start, n)
    assert business_days_between(start, add_business_days(start, n)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12d", Offset(12)), ("10bd", Offset(10, True)), (7, Offset(7)), (" 3BD ", Offset(3, True))],
)
def test_offsets_are_calendar_or_business_days(text: object, expected: Offset) -> None:
    assert parse_offset(text) == expected


@pytest.mark.parametrize("text", ["-3d", "ten", "3w", True, 2.5, "99999d"])
def test_a_bad_offset_is_refused(text: object) -> None:
    with pytest.raises(Invalid):
        parse_offset(text)


# -- the shipped templates ----------------------------------------------------------------------


def test_the_shipped_templates_all_load() -> None:
    loaded = load_templates()
    assert loaded.errors == []
    assert set(loaded.templates) == SHIPPED


def test_marketing_from_a_saturday_counts_from_monday_across_the_year_end() -> None:
    assert dues("marketing-campaign", date(2026, 11, 28)) == [
        date(2026, 12, 14), date(2027, 1, 4), date(2027, 1, 11),
    ]  # fmt: skip
    laid = plan(load_templates().get("marketing-campaign"), date(2026, 11, 28))
    research = laid.milestones[0].tasks[0]
    assert (research.start, research.end) == (date(2026, 11, 30), date(2026, 12, 7))


def test_marketing_from_a_month_end_friday() -> None:
    assert dues("marketing-campaign", date(2026, 1, 30)) == [
        date(2026, 2, 13), date(2026, 3, 6), date(2026, 3, 13),
    ]  # fmt: skip


def test_software_release_in_calendar_days_lands_on_a_leap_day() -> None:
    assert dues("software-release", date(2028, 2, 1)) == [
        date(2028, 2, 29), date(2028, 3, 14), date(2028, 4, 4), date(2028, 4, 18),
    ]  # fmt: skip
    assert dues("software-release", date(2027, 2, 1))[0] == date(2027, 3, 1)  # no 29th


def test_construction_in_business_days_across_a_leap_february() -> None:
    assert dues("construction-job", date(2028, 2, 28)) == [
        date(2028, 3, 20), date(2028, 4, 3), date(2028, 4, 17), date(2028, 6, 19),
        date(2028, 6, 26),
    ]  # fmt: skip


def test_sales_quarter_from_a_sunday_with_its_weekly_target() -> None:
    from mstui.domain.targets import checkpoint_dates

    template = load_templates().get("sales-quarter")
    laid = plan(template, date(2026, 11, 29))
    assert [m.due for m in laid.milestones] == [
        date(2026, 12, 14), date(2026, 12, 28), date(2027, 1, 4), date(2027, 2, 27),
    ]  # fmt: skip
    assert laid.target_period == (date(2026, 11, 29), date(2027, 2, 27))
    assert template.target is not None
    fridays = checkpoint_dates(template.target.cadence, *laid.target_period)
    assert (fridays[0], fridays[-1], len(fridays)) == (date(2026, 12, 4), date(2027, 2, 26), 13)
    assert [m.key for m in template.milestones if m.target] == ["tooling", "hire", "campaign"]


def test_event_launch_mixes_calendar_and_business_days() -> None:
    assert dues("event-launch", date(2026, 12, 30)) == [
        date(2027, 1, 13), date(2027, 1, 29), date(2027, 2, 3), date(2027, 2, 28),
        date(2027, 3, 3),
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_template_written_back_reads_the_same(name: str) -> None:
    t = load_templates().get(name)
    again = parse_template(to_toml(t), name)
    assert dataclasses.replace(again, source="") == dataclasses.replace(t, source="")


# -- malformed files --------------------------------------------------------------------------

GOOD = """title = "Mine"

[[milestones]]
key = "a"
title = "First"
offset = "5bd"

[[milestones]]
key = "b"
title = "Second"
offset = "{offset}"
depends_on = ["a"]
"""


def test_a_wrong_field_names_file_line_and_field_and_the_others_still_load(
    folders: Path,
) -> None:
    folders.mkdir(parents=True)
    (folders / "mine.toml").write_text(GOOD.format(offset="10bd"))
    (folders / "broken.toml").write_text(GOOD.format(offset="soon"))
    loaded = load_templates()
    assert set(loaded.templates) == SHIPPED | {"mine"}
    [err] = loaded.errors
    assert (err.source, err.line, err.field) == (
        str(folders / "broken.toml"),
        11,
        "milestones[1].offset",
    )
    assert str(err).startswith(f"template {folders / 'broken.toml'}:11: milestones[1].offset: ")
    with pytest.raises(TemplateError):
        loaded.get("broken")


def test_a_toml_syntax_error_gives_its_line(folders: Path) -> None:
    folders.mkdir(parents=True)
    (folders / "syntax.toml").write_text('title = "x"\n\n[[milestones]\nkey = "a"\n')
    [err] = load_templates().errors
    assert (err.line, err.field) == (3, "syntax")


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (GOOD.format(offset="1d").replace('depends_on = ["a"]', 'depends_on = ["zz"]'), 12,
         "milestones[1].depends_on"),
        (GOOD.format(offset="1d").replace('key = "b"', 'key = "a"'), 9, "milestones[1].key"),
        (GOOD.format(offset="1d") + "colour = 3\n", 13, "milestones[1].colour"),
        (GOOD.format(offset="1d").replace('title = "Mine"', "title = 7"), 1, "title"),
        (GOOD.format(offset="1d") + '[target]\nname = "R"\ngoal = -5\nend = "9d"\n', 15,
         "target.goal"),
        (GOOD.format(offset="1d") + '[target]\nname = "R"\ngoal = 5\nend = "9d"\n'
         'cadence = "sometimes"\n', 17, "target.cadence"),
        (GOOD.format(offset="1d") + '[target]\nname = "R"\ngoal = 1e400\nend = "9d"\n', 15,
         "target.goal"),
        # 5 business days from a Saturday start end after 7 calendar days: refused for all.
        (GOOD.format(offset="1d") + '[target]\nname = "R"\ngoal = 5\nstart = "5bd"\n'
         'end = "7d"\n', 17, "target.end"),
    ],
    ids=["unknown-dependency", "duplicate-key", "unknown-field", "title-type", "goal", "cadence",
         "infinite-goal", "target-crosses"],
)  # fmt: skip
def test_each_wrong_field_is_named_at_its_line(text: str, line: int, field: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "t", "t.toml")
    assert (caught.value.line, caught.value.field) == (line, field), str(caught.value)


def test_a_user_template_replaces_a_shipped_one_of_the_same_name(folders: Path) -> None:
    folders.mkdir(parents=True)
    (folders / "event-launch.toml").write_text(GOOD.format(offset="3d"))
    assert load_templates().get("event-launch").title == "Mine"


def test_the_servers_folder_is_read_from_xdg_config_dirs(tmp_path: Path) -> None:
    site = tmp_path / "etc-xdg" / "mstui" / "templates"
    site.mkdir(parents=True)
    (site / "site-wide.toml").write_text(GOOD.format(offset="3d"))
    assert load_templates().get("site-wide").source == str(site / "site-wide.toml")


# -- how it went ---------------------------------------------------------------------------------


def test_slips_give_median_range_and_count() -> None:
    slips = slips_of([5, -1, 3])
    assert slips is not None
    assert (slips.median, slips.low, slips.high, slips.count) == (3, -1, 5, 3)
    assert slips.describe() == "median 3 days late (−1…+5, 3 projects)"
    two = slips_of([-2, -3])
    assert two is not None and two.median == -2.5
    assert two.describe() == "median 2.5 days early (−3…−2, 2 projects)"
    assert slips_of([]) is None
    one = slips_of([0])
    assert one is not None and one.describe() == "on time (1 project)"
