"""The timeline's store on a real SQLite file: plans, moves with the dependency rule,
the activity log, versions, resources over capacity."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mstui.cli.stories import load_stories
from mstui.domain.enums import Health, Status
from mstui.domain.schedule import Refused
from mstui.errors import Conflict
from mstui.store import MilestoneFilter, Store
from mstui.views.timeline import ProjectPlan
from tests import raw
from tests.conftest import NOW, MakeStore

TODAY = NOW.date()  # Wednesday 18 November 2026


def on(n: int) -> date:
    return TODAY + timedelta(days=n)


def activity(db: str, entity: str, eid: int) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (str(a), str(f), o, n)
        for a, f, o, n in raw.rows(
            db,
            "SELECT action, field, old, new FROM activity WHERE entity = ? AND entity_id = ?"
            " ORDER BY id",
            entity,
            eid,
        )
    ]


@pytest.fixture
def demo(store: Store) -> Store:
    load_stories(store)
    return store


def rel(store: Store) -> ProjectPlan:
    (project,) = [p for p in store.timeline_projects() if p.key == "REL"]
    return store.timeline_plan(project.id)


def row_id(plan: ProjectPlan, title: str) -> int:
    (row,) = [r for r in plan.rows if r.title == title]
    return row.id


def test_projects_list_sizes_and_spans_without_archived(demo: Store) -> None:
    projects = {p.key: p for p in demo.timeline_projects()}
    assert list(projects) == ["MKT", "SLS", "BLD", "REL"]
    assert (projects["REL"].milestones, projects["REL"].tasks) == (4, 8)
    # The list reads indexes only: its span is the milestones'; a plan's includes the tasks.
    assert (projects["REL"].first, projects["REL"].last) == (on(6), on(38))
    plan = demo.timeline_plan(projects["REL"].id)
    assert (plan.project.first, plan.project.last) == (on(-20), on(38))
    demo.set_project_archived("SLS", True)
    assert [p.key for p in demo.timeline_projects()] == ["MKT", "BLD", "REL"]


def test_a_plan_lists_milestones_by_date_each_followed_by_its_tasks(demo: Store) -> None:
    plan = rel(demo)
    assert [(r.kind, r.title) for r in plan.rows] == [
        ("m", "Feature Freeze"),
        ("t", "Reporting engine"),
        ("t", "Single sign-on"),
        ("m", "Alpha Launch"),
        ("t", "Installer builds"),
        ("t", "Internal dogfood"),
        ("m", "Beta Testing"),
        ("t", "Recruit beta testers"),
        ("t", "Triage beta feedback"),
        ("m", "Release"),
        ("t", "Stabilise the release candidate"),
        ("t", "Release notes"),
    ]
    by_title = {r.title: r for r in plan.rows}
    assert by_title["Alpha Launch"].who == "dana"
    assert by_title["Installer builds"].who == "eli"
    # Each phase's work starts the day after the milestone before and ends on its own:
    # no room anywhere along Freeze → Alpha → Beta → Release.
    assert {t: by_title[t].slack for t in by_title} == {
        "Feature Freeze": 0, "Reporting engine": 2, "Single sign-on": 1,
        "Alpha Launch": 0, "Installer builds": 0, "Internal dogfood": 1,
        "Beta Testing": 0, "Recruit beta testers": 7, "Triage beta feedback": 0,
        "Release": 0, "Stabilise the release candidate": 0, "Release notes": 1,
    }  # fmt: skip
    titles = [plan.rows[plan.index[k]].title for k in plan.path]
    assert titles == [
        "Feature Freeze", "Installer builds", "Alpha Launch", "Triage beta feedback",
        "Beta Testing", "Stabilise the release candidate", "Release",
    ]  # fmt: skip
    freeze, alpha = row_id(plan, "Feature Freeze"), row_id(plan, "Alpha Launch")
    assert plan.preds[alpha] == (freeze,)
    assert plan.succs[freeze] == (alpha,)
    assert plan.planned_end == on(38) and plan.projected_end == on(38)


def test_pushing_feature_freeze_a_week_changes_its_dependents_everywhere(
    demo: Store, db: str
) -> None:
    plan = rel(demo)
    freeze = plan.rows[plan.index[("m", row_id(plan, "Feature Freeze"))]]
    before = {m.title: m.health for m in demo.list_milestones(MilestoneFilter(project="REL"))}
    assert before["Beta Testing"] is Health.ON_TRACK

    moved = demo.shift_milestone(freeze.id, 7, freeze.version)

    assert (moved.old_start, moved.new_start) == (on(6), on(13))
    assert moved.version == freeze.version + 1
    assert activity(db, "milestone", freeze.id)[-1] == (
        "shift", "due", on(6).isoformat(), on(13).isoformat(),
    )  # fmt: skip
    after = rel(demo)
    slack = {r.title: r.slack for r in after.rows}
    # On the critical path with no slack: the release slips by the whole week.
    assert slack["Feature Freeze"] == slack["Alpha Launch"] == slack["Beta Testing"] == -7
    assert slack["Release"] == -7 and after.projected_end == on(45)
    # The listing (the board, `milestone list --json`) shares the projection.
    views = {m.title: m for m in demo.list_milestones(MilestoneFilter(project="REL"))}
    assert views["Beta Testing"].health is Health.AT_RISK
    assert views["Beta Testing"].health_reasons == (
        f"a task is projected to end {on(34).isoformat()}",
    )
    assert views["Alpha Launch"].health is Health.AT_RISK
    assert views["Release"].health is Health.AT_RISK


def test_a_milestone_cannot_move_before_what_it_depends_on(demo: Store, db: str) -> None:
    plan = rel(demo)
    freeze = row_id(plan, "Feature Freeze")
    alpha = plan.rows[plan.index[("m", row_id(plan, "Alpha Launch"))]]
    # Onto Feature Freeze's day is allowed …
    demo.shift_milestone(alpha.id, -7, alpha.version)
    assert demo.milestone(alpha.id).due == on(6)
    logged = activity(db, "milestone", alpha.id)
    # … one more day is not, and the refusal names the blocking milestone.
    with pytest.raises(Refused) as refused:
        demo.shift_milestone(alpha.id, -1, alpha.version + 1)
    assert str(refused.value) == (
        f"Cannot move #{alpha.id} Alpha Launch to {on(5):%a %d %b %Y}: it depends on "
        f"#{freeze} Feature Freeze, due {on(6):%a %d %b %Y}."
    )
    assert refused.value.blocking is not None and refused.value.blocking.id == freeze
    assert demo.milestone(alpha.id).due == on(6)
    assert activity(db, "milestone", alpha.id) == logged


def test_a_task_cannot_start_before_its_milestones_predecessor(demo: Store) -> None:
    plan = rel(demo)
    installer = plan.rows[plan.index[("t", row_id(plan, "Installer builds"))]]
    assert installer.start == on(7)
    with pytest.raises(Refused, match=r"depends on #\d+ Feature Freeze"):
        demo.shift_task(installer.id, -1, installer.version)
    assert demo.task(installer.id).start == on(7)
    # Later is always allowed, and keeps the length.
    moved = demo.shift_task(installer.id, 2, installer.version)
    assert (moved.new_start, moved.new_end) == (on(9), on(15))


def test_a_move_loses_a_race_with_a_conflict(demo: Store, make_store: MakeStore) -> None:
    plan = rel(demo)
    freeze = plan.rows[plan.index[("m", row_id(plan, "Feature Freeze"))]]
    bob = make_store("dana")  # an editor of REL in the demo
    bob.edit_milestone(freeze.id, None, title="Feature Freeze (hard)")
    with pytest.raises(Conflict, match="was changed by dana"):
        demo.shift_milestone(freeze.id, 7, freeze.version)
    assert demo.milestone(freeze.id).due == on(6)
    task = plan.rows[plan.index[("t", row_id(plan, "Reporting engine"))]]
    bob.edit_task(task.id, None, title="Reporting engine v2")
    with pytest.raises(Conflict):
        demo.shift_task(task.id, 1, task.version)
    with pytest.raises(Conflict):
        demo.resize_task(task.id, 1, task.version)


def test_a_milestone_dated_by_its_tasks_follows_them(store: Store, db: str) -> None:
    store.add_project("OPS", "Ops")
    m = store.add_milestone("OPS", "Go live", on(10), due_from_tasks=True)
    t1 = store.add_task("OPS", "Install", on(1), on(5), milestone_id=m.id)
    t2 = store.add_task("OPS", "Train", on(3), on(8), milestone_id=m.id)
    assert store.milestone(m.id).due == on(8)
    # Lengthening the last task moves the milestone with it.
    store.resize_task(t2.id, 3)
    assert store.milestone(m.id).due == on(11)
    assert activity(db, "milestone", m.id)[-1] == (
        "derive", "due", on(8).isoformat(), on(11).isoformat(),
    )  # fmt: skip
    # Moving the milestone moves its tasks, and it follows them.
    moved = store.shift_milestone(m.id, 7)
    assert moved.moved == 3
    assert store.milestone(m.id).due == on(18)
    assert (store.task(t1.id).start, store.task(t1.id).end) == (on(8), on(12))
    assert activity(db, "task", t1.id)[-2:] == [
        ("shift", "start_date", on(1).isoformat(), on(8).isoformat()),
        ("shift", "end_date", on(5).isoformat(), on(12).isoformat()),
    ]


def test_a_task_is_never_shorter_than_a_day(store: Store, db: str) -> None:
    store.add_project("OPS", "Ops")
    t = store.add_task("OPS", "Call", on(1), on(3))
    shorter = store.resize_task(t.id, -30)  # a month shorter: down to one day
    assert (shorter.new_start, shorter.new_end, shorter.days) == (on(1), on(1), -2)
    with pytest.raises(Refused, match="one day long"):
        store.resize_task(t.id, -1)
    assert activity(db, "task", t.id)[-1] == (
        "shift", "end_date", on(3).isoformat(), on(1).isoformat(),
    )  # fmt: skip


def test_dependencies_on_another_project_are_named_in_the_plan(store: Store) -> None:
    store.add_project("ENG", "Engineering")
    store.add_project("MKT", "Marketing")
    api = store.add_milestone("ENG", "API ready", on(5))
    launch = store.add_milestone("MKT", "Launch", on(9), depends_on=[api.id])
    (mkt,) = [p for p in store.timeline_projects() if p.key == "MKT"]
    plan = store.timeline_plan(mkt.id)
    assert plan.preds[launch.id] == (api.id,)
    assert plan.milestone(api.id) == ("API ready", on(5), "ENG")
    with pytest.raises(Refused, match=r"depends on #\d+ API ready"):
        store.shift_milestone(launch.id, -5)


def test_items_booked_over_capacity_are_marked_with_the_resource_and_the_other_item(
    store: Store, db: str
) -> None:
    store.add_project("BLD", "Build")
    pour = store.add_task("BLD", "Pour slab", on(1), on(4))
    frame = store.add_task("BLD", "Raise frame", on(3), on(6))
    alone = store.add_task("BLD", "Paint", on(10), on(12))
    raw.execute(
        db,
        "INSERT INTO resource (name, kind, capacity, version) VALUES ('Crane', 'equipment', 1, 1)",
    )
    for tid, start, end in (
        (pour.id, on(1), on(4)),
        (frame.id, on(3), on(6)),
        (alone.id, on(10), on(12)),
    ):
        raw.execute(
            db,
            "INSERT INTO booking (resource_id, task_id, start_date, end_date, amount)"
            " VALUES (1, ?, ?, ?, 1)",
            tid, start.isoformat(), end.isoformat(),
        )  # fmt: skip
    (bld,) = store.timeline_projects()
    plan = store.timeline_plan(bld.id)
    (over,) = plan.overbooked[("t", pour.id)]
    assert (over.resource, over.first, over.last, over.load, over.capacity) == (
        "Crane", on(3), on(4), 2.0, 1.0,
    )  # fmt: skip
    assert over.others == (f"#{frame.id} Raise frame",)
    assert plan.overbooked[("t", frame.id)][0].others == (f"#{pour.id} Pour slab",)
    assert ("t", alone.id) not in plan.overbooked


def test_find_by_title_in_open_projects(demo: Store) -> None:
    hits = demo.timeline_find("beta")
    titles = {demo.milestone(i).title if k == "m" else demo.task(i).title for _p, (k, i) in hits}
    assert titles == {"Beta Testing", "Recruit beta testers", "Triage beta feedback"}
    assert demo.timeline_find("no such thing") == []


def test_done_work_has_no_slack_and_closed_milestones_are_left_out(demo: Store) -> None:
    (mkt,) = [p for p in demo.timeline_projects() if p.key == "MKT"]
    plan = demo.timeline_plan(mkt.id)
    strategy = plan.rows[plan.index[("m", row_id(plan, "Strategy Approved"))]]
    assert strategy.health is Health.DONE and strategy.slack is None
    assert not strategy.critical
    demo.move_milestone(row_id(plan, "Campaign Live"), Status.CANCELLED)
    plan = demo.timeline_plan(mkt.id)
    assert plan.rows[plan.index[("m", row_id(plan, "Campaign Live"))]].slack is None
