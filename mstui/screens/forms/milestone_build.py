"""Building the milestone form: gather its context from the store (in a worker thread).

Runs in a thread worker of the screen that opens the form and returns a
ready screen; the form's save runs in the form's own worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mstui.domain.enums import Role, Status
from mstui.screens.forms.base import Values
from mstui.screens.forms.milestone import MilestoneForm
from mstui.screens.forms.milestone_fields import FormContext
from mstui.screens.forms.project import read_only_note
from mstui.views.milestones import MilestoneView

if TYPE_CHECKING:
    from mstui.store import Store


def milestone_form(
    store: Store, m: MilestoneView | None, project: str | None
) -> MilestoneForm | None:
    """The form to create a milestone (in `project` by default) or edit `m`; None when
    there is no project to make one in (the opener offers to make a project)."""
    listed = store.list_projects(include_archived=False)
    if m is None and not listed:
        return None
    # A new milestone goes in a project where I am an editor; another's is read-only.
    projects = [(p.key, p.name) for p in listed if p.may(Role.EDITOR)]
    people = [p.login for p in store.list_people()]
    tz = m.timezone if m else None
    read_only = ""
    if m is not None:
        mine = next((p for p in listed if p.key == m.project), None)
        if mine is not None and not mine.may(Role.EDITOR):
            read_only = read_only_note(mine)
    ctx = FormContext(
        today=store.today(tz), people=people, projects=projects, project=project,
        read_only=read_only,
        none_to_pick="No project you may add to (you are a viewer): ask its lead to make "
        "you an editor, or make your own with ctrl+p, New project.",
    )  # fmt: skip
    if m is None:

        def create(values: Values, _version: int | None) -> MilestoneView:
            kpi = None
            if values["kpi_name"]:
                kpi = (values["kpi_name"], values["kpi_target"], values["kpi_unit"])
            return store.add_milestone(
                values["project"],
                values["title"],
                values["due"],
                owner=values["owner"] or None,
                description=values["description"],
                kpi=kpi,
                cost_estimate=values["cost_estimate"],
                effort_estimate=values["effort_estimate"],
                status=values["status"],
                due_from_tasks=values["due_from_tasks"],
                blocked_reason=values["blocked_reason"],
                kpi_actual=values["kpi_actual"],
                cost_actual=values["cost_actual"],
                effort_actual=values["effort_actual"],
            )

        return MilestoneForm(ctx, create)

    mid = m.id

    def save(changes: Values, version: int | None) -> MilestoneView:
        if changes.get("status") is not None:
            changes["status"] = Status(changes["status"])
        return store.edit_milestone(mid, version, **changes)

    def load() -> MilestoneView:
        return store.milestone(mid)

    return MilestoneForm(ctx, save, load, initial=m)
