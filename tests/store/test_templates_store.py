"""A project made from a shipped template, on both engines and under the database's
own roles: everything in one transaction, and learning from how it went."""

from __future__ import annotations

from datetime import date

import pytest

from mstui.errors import Invalid
from mstui.store import Store
from mstui.store.templates import create_from_template
from mstui.template_files import load_templates
from tests.conftest import MakeStore

pytestmark = pytest.mark.roles_enforced

MONDAY = date(2026, 12, 7)


def test_the_construction_job_from_its_template(store: Store, make_store: MakeStore) -> None:
    store.me()
    template = load_templates().get("construction-job")
    view = create_from_template(store, "JOB", "Warehouse", template, MONDAY, {})
    assert view.key == "JOB" and store.template_of("JOB") == "construction-job"
    titles = [m.title for m in sorted(store.list_milestones(), key=lambda m: m.due)]
    assert titles[0] == "Permit Approved" and titles[-1] == "Final Site Walkthrough"
    dues = {m.title: m.due for m in store.list_milestones()}
    assert all(d.weekday() < 5 for d in dues.values())  # business days: no weekend dates
    assert store.list_tasks(project="JOB")
    assert any(m.depends_on for m in store.list_milestones())


def test_a_bad_assignment_leaves_nothing(store: Store) -> None:
    store.me()
    template = load_templates().get("construction-job")
    roles = sorted({m.owner for m in template.milestones} - {"lead"})
    if not roles:
        pytest.skip("the construction job names no owner placeholder")
    with pytest.raises(Invalid):
        create_from_template(store, "JOB", "Warehouse", template, MONDAY, {roles[0]: "nobody-here"})
    assert [p.key for p in store.list_projects()] == []
    assert store.list_milestones() == []
