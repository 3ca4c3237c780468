"""Roles hold in every write of the store: each public method is a read, a write of
one's own, or a write that a viewer and a non-member are refused.

A method added to `Store` later fails `test_every_public_method_is_classified`
until it is put in one of the tables below, with the call that proves it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from mstui.domain.enums import Role, Status
from mstui.errors import Invalid, NotAllowed
from mstui.store import Store
from tests.conftest import MakeStore
from tests.raw import snapshot

DAY = date(2026, 12, 1)

pytestmark = pytest.mark.roles_enforced


READS = {
    "accepting", "activity", "alerts_since", "all_alerts", "attachment", "base_thresholds",
    "baseline", "baselines", "plan_as_of", "variance", "slips", "recent_slips",
    "template_of", "template_slips", "project_as_template",
    "export_attachment", "board_window", "board_windows",
    "board", "comment", "dashboard", "departments", "files_dir", "files_root", "find_resource",
    "alert_ids", "count_alerts", "find_target", "is_empty", "latest_alert_id", "list_alerts",
    "list_attachments",
    "list_bookings", "list_comments", "list_milestones", "list_people", "list_projects", "my_roles",
    "list_resources", "list_targets", "list_tasks", "me", "me_id", "members", "milestone",
    "milestone_detail", "my_alerts", "now", "open_task_count", "person", "project",
    "project_thresholds", "resource", "resource_conflicts", "target", "target_overview",
    "targets_overview", "task", "timeline_find", "timeline_plan", "timeline_projects",
    "titles_matching",
    "titles", "today", "unread_count",
}  # fmt: skip
"""Methods that write nothing (`me` and `person` may add the acting person's own row)."""

OWN = {
    "acknowledge": "only alerts addressed to me (refused otherwise: test_inbox)",
    "acknowledge_all": "only my alerts",
    "snooze": "only my alerts",
    "snooze_for": "only my alerts",
    "reopen": "only my alerts",
    "scan": "the rules raise alerts for everyone; every process scans",
    "add_project": "anyone creates a project, and leads it",
    "add_person": "an account of this server, as it is; more is for admins (below)",
    "edit_person": "my own name and timezone; more is for admins (below)",
    "add_synthetic": "the synthetic demo: new projects of its own",
}
"""Writes on what is the person's own, with why they need no project role."""


@dataclass
class World:
    """A shared database: alice leads MKT (and is the admin: she made the database)."""

    lead: Store
    editor: Store
    viewer: Store
    outsider: Store
    milestone: int
    other: int
    task: int
    target: int
    figure: int
    comment: int
    attachment: int
    booking: int


@pytest.fixture
def world(make_store: MakeStore, tmp_path: Path) -> World:
    lead = make_store("alice")
    lead.me()  # the first person: the admin
    editor, viewer, outsider = make_store("bob"), make_store("vera"), make_store("oscar")
    for s in (editor, viewer, outsider):
        s.me()
    lead.add_project("MKT", "Winter campaign", start=date(2026, 11, 1))
    lead.add_member("MKT", "bob", Role.EDITOR)
    lead.add_member("MKT", "vera", Role.VIEWER)
    m = lead.add_milestone("MKT", "Launch", DAY, owner="bob", kpi=("Reach", 100.0, ""))
    other = lead.add_milestone("MKT", "Assets", DAY - timedelta(days=5))
    task = lead.add_task("MKT", "Banners", date(2026, 11, 20), DAY, milestone_id=m.id)
    target = lead.add_target("Revenue", 100, date(2026, 11, 1), date(2026, 11, 30), project="MKT")
    figure = lead.record_measurement(target.id, 10, date(2026, 11, 10)).entries[0].id
    comment = lead.add_comment(m.id, "On track")
    report = tmp_path / "report.txt"
    report.write_text("figures\n")
    attachment = lead.add_attachment(m.id, str(report)).id
    lead.add_resource("Crane", "equipment", 1)
    booking = lead.book("Crane", task_id=task.id).id
    lead.save_baseline("MKT", "agreed")
    return World(
        lead, editor, viewer, outsider, m.id, other.id, task.id, target.id, figure,
        comment.id, attachment, booking,
    )  # fmt: skip


Call = Callable[[Store, World], object]

WRITES: dict[str, tuple[Role, Call]] = {
    # milestones and what hangs on them: editor
    "add_milestone": (Role.EDITOR, lambda s, w: s.add_milestone("MKT", "New", DAY)),
    "edit_milestone": (Role.EDITOR, lambda s, w: s.edit_milestone(w.milestone, None, title="X")),
    "move_milestone": (Role.EDITOR, lambda s, w: s.move_milestone(w.milestone, Status.DONE)),
    "complete_milestone": (Role.EDITOR, lambda s, w: s.complete_milestone(w.milestone)),
    "reorder_milestone": (Role.EDITOR, lambda s, w: s.reorder_milestone(w.milestone, w.other)),
    "place_milestone": (Role.EDITOR, lambda s, w: s.place_milestone(w.other, 1)),
    "delete_milestone": (Role.EDITOR, lambda s, w: s.delete_milestone(w.milestone)),
    "shift": (Role.EDITOR, lambda s, w: s.shift("m", w.milestone, 1, None)),
    "shift_milestone": (Role.EDITOR, lambda s, w: s.shift_milestone(w.milestone, 1)),
    "add_dependency": (Role.EDITOR, lambda s, w: s.add_dependency(w.other, w.milestone)),
    "remove_dependency": (Role.EDITOR, lambda s, w: s.remove_dependency(w.other, w.milestone)),
    "set_dependencies": (Role.EDITOR, lambda s, w: s.set_dependencies(w.milestone, [w.other])),
    "add_task": (Role.EDITOR, lambda s, w: s.add_task("MKT", "T", DAY, DAY)),
    "edit_task": (Role.EDITOR, lambda s, w: s.edit_task(w.task, None, title="X")),
    "complete_task": (Role.EDITOR, lambda s, w: s.complete_task(w.task)),
    "shift_task": (Role.EDITOR, lambda s, w: s.shift_task(w.task, 1)),
    "resize_task": (Role.EDITOR, lambda s, w: s.resize_task(w.task, 1)),
    "unlink_task": (Role.EDITOR, lambda s, w: s.unlink_task(w.task)),
    "delete_task": (Role.EDITOR, lambda s, w: s.delete_task(w.task)),
    "add_attachment": (Role.EDITOR, lambda s, w: s.add_attachment(w.milestone, __file__)),
    "delete_attachment": (Role.EDITOR, lambda s, w: s.delete_attachment(w.attachment)),
    "book": (Role.EDITOR, lambda s, w: s.book("Crane", milestone_id=w.milestone)),
    "unbook": (Role.EDITOR, lambda s, w: s.unbook(w.booking)),
    # targets and their figures: editor
    "add_target": (
        Role.EDITOR,
        lambda s, w: s.add_target("T", 5, date(2026, 11, 1), date(2026, 11, 30), project="MKT"),
    ),
    "edit_target": (Role.EDITOR, lambda s, w: s.edit_target(w.target, None, name="X")),
    "set_checkpoints": (
        Role.EDITOR,
        lambda s, w: s.set_checkpoints(w.target, [(date(2026, 11, 30), 100)]),
    ),
    "delete_target": (Role.EDITOR, lambda s, w: s.delete_target(w.target)),
    "link_milestones": (Role.EDITOR, lambda s, w: s.link_milestones(w.target, [w.milestone])),
    "set_target_milestones": (
        Role.EDITOR,
        lambda s, w: s.set_target_milestones(w.target, [w.milestone]),
    ),
    "record_measurement": (
        Role.EDITOR,
        lambda s, w: s.record_measurement(w.target, 20, date(2026, 11, 12)),
    ),
    "edit_measurement": (Role.EDITOR, lambda s, w: s.edit_measurement(w.figure, value=11)),
    "delete_measurement": (Role.EDITOR, lambda s, w: s.delete_measurement(w.figure)),
    # comments: viewer (only one's own can be corrected: test_corrections)
    "add_comment": (Role.VIEWER, lambda s, w: s.add_comment(w.milestone, "Seen")),
    "edit_comment": (Role.VIEWER, lambda s, w: s.edit_comment(w.comment, "Changed")),
    "delete_comment": (Role.VIEWER, lambda s, w: s.delete_comment(w.comment)),
    # the project itself: lead
    "add_member": (Role.LEAD, lambda s, w: s.add_member("MKT", "oscar", Role.EDITOR)),
    "remove_member": (Role.LEAD, lambda s, w: s.remove_member("MKT", "vera")),
    "edit_project": (Role.LEAD, lambda s, w: s.edit_project("MKT", None, name="X")),
    "set_project_archived": (Role.LEAD, lambda s, w: s.set_project_archived("MKT", True)),
    "set_project_thresholds": (
        Role.LEAD,
        lambda s, w: s.set_project_thresholds("MKT", due_soon_days=5),
    ),
    "delete_project": (Role.LEAD, lambda s, w: s.delete_project("MKT")),
    # which template the project came from: its lead's (made with the project)
    "mark_from_template": (Role.LEAD, lambda s, w: s.mark_from_template("MKT", "x", {})),
    # baselines: editors save one, the lead deletes one
    "save_baseline": (Role.EDITOR, lambda s, w: s.save_baseline("MKT", "second")),
    "delete_baseline": (Role.LEAD, lambda s, w: s.delete_baseline("MKT", "agreed")),
    # the shared resources: a lead of some project (or an admin)
    "add_resource": (Role.LEAD, lambda s, w: s.add_resource("Van", "equipment", 1)),
    "edit_resource": (Role.LEAD, lambda s, w: s.edit_resource("Crane", None, capacity=2)),
    "delete_resource": (Role.LEAD, lambda s, w: s.delete_resource("Crane")),
}
"""Each write that needs a role in MKT: the least role, and a call that makes it."""


def dump(store: Store) -> list[str]:
    return snapshot(store.db.path or store.db.url)


def test_every_public_method_is_classified() -> None:
    public = {n for n, f in inspect.getmembers(Store) if not n.startswith("_") and callable(f)}
    assert public - READS - set(OWN) - set(WRITES) == set(), "classify the new method here"
    assert (READS & set(WRITES), set(OWN) & set(WRITES)) == (set(), set())


def test_a_viewer_and_a_non_member_are_refused_every_write_that_needs_more(world: World) -> None:
    before = dump(world.lead)
    let_through = []
    for name, (least, call) in WRITES.items():
        people = [("oscar", world.outsider)]
        if least is not Role.VIEWER:
            people.append(("vera", world.viewer))
        for login, who in people:
            try:
                call(who, world)
            except NotAllowed as exc:
                assert "needs" in str(exc) or "managed by" in str(exc), (name, str(exc))
            else:
                let_through.append((name, login))
    assert let_through == []
    assert dump(world.lead) == before  # a refusal writes nothing, not even a trace


def test_the_refusal_names_the_role_needed_and_the_one_held(world: World) -> None:
    with pytest.raises(NotAllowed, match=r"^needs editor on MKT \(you are viewer\)$"):
        world.viewer.move_milestone(world.milestone, Status.DONE)
    with pytest.raises(NotAllowed, match=r"^needs editor on MKT \(you are not a member\)$"):
        world.outsider.move_milestone(world.milestone, Status.DONE)
    with pytest.raises(NotAllowed, match=r"^needs lead on MKT \(you are editor\)$"):
        world.editor.add_member("MKT", "oscar", Role.EDITOR)


def test_an_editor_does_the_work_but_not_the_project(world: World) -> None:
    for name, (least, call) in WRITES.items():
        if least is Role.EDITOR and not name.startswith("delete"):
            call(world.editor, world)
    with pytest.raises(NotAllowed):
        world.editor.set_project_archived("MKT", True)
    world.viewer.add_comment(world.milestone, "Seen by the viewer")


def test_admins_manage_people_and_leads_not_the_work(world: World) -> None:
    admin = world.lead  # she made the database
    admin.add_member("MKT", "oscar", Role.EDITOR)
    with pytest.raises(NotAllowed, match="needs an admin"):
        world.editor.edit_person("vera", department="Sales")
    world.editor.edit_person("bob", name="Bob B.", timezone="Europe/Paris")  # his own
    admin.edit_person("vera", department="Sales", department_head=True)
    assert world.viewer.person("vera").is_department_head
    world.outsider.add_project("OPS", "Operations")
    admin.edit_project("OPS", None, lead="bob")  # any project's lead, as an admin
    with pytest.raises(NotAllowed):
        admin.add_milestone("OPS", "Not hers", DAY)
    admin.delete_project("OPS")


def test_owners_and_assignees_are_members_with_editor(world: World) -> None:
    with pytest.raises(Invalid, match=r"vera is only a viewer of MKT; owners need editor "
                       r"\(mstui project member add MKT vera editor\)"):  # fmt: skip
        world.lead.add_milestone("MKT", "Hers?", DAY, owner="vera")
    with pytest.raises(Invalid, match="oscar is not a member of MKT; assignees need editor"):
        world.lead.edit_task(world.task, None, assignee="oscar")
    with pytest.raises(Invalid, match=r"bob still has 1 open milestone in MKT"):
        world.lead.add_member("MKT", "bob", Role.VIEWER)
    with pytest.raises(Invalid, match=r"alice leads MKT"):
        world.lead.remove_member("MKT", "alice")


def test_a_members_only_project_is_seen_by_its_members_and_admins(world: World) -> None:
    world.lead.edit_project("MKT", None, visibility="members")
    assert [p.key for p in world.outsider.list_projects()] == []
    assert world.outsider.list_milestones() == []
    assert world.outsider.list_tasks() == []
    assert world.outsider.list_targets() == []
    assert world.outsider.timeline_projects() == []
    assert world.outsider.titles() == []
    with pytest.raises(Invalid, match="no such project"):
        world.outsider.project("MKT")
    assert [p.key for p in world.viewer.list_projects()] == ["MKT"]
    assert {m.id for m in world.viewer.list_milestones()} == {world.milestone, world.other}
    assert [p.my_role for p in world.viewer.list_projects()] == [Role.VIEWER]
    assert world.viewer.my_roles() == {"MKT": Role.VIEWER}  # what the board reads
    assert world.outsider.my_roles() == {}
    world.lead.edit_project("MKT", None, visibility="team")
    assert [p.key for p in world.outsider.list_projects()] == ["MKT"]
    assert [p.my_role for p in world.outsider.list_projects()] == [None]
    assert world.outsider.my_roles() == {"MKT": None}
    for store in (world.lead, world.viewer, world.outsider):
        listed = {p.key: p.my_role for p in store.list_projects(include_archived=False)}
        assert store.my_roles() == listed


def test_a_write_that_checks_no_permission_is_a_bug_caught_before_it_commits(
    world: World,
) -> None:
    from mstui.store.tables import Department

    with pytest.raises(AssertionError, match="checked no permission"), world.lead._write() as s:
        s.add(Department(name="Unchecked"))
    assert "Unchecked" not in world.lead.departments()
