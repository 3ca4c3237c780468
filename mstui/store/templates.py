"""Projects from templates, templates from projects, and how the projects made from one
finished against its plan.

`create_from_template` makes the whole project (members, target and checkpoints,
milestones, tasks, dependencies) through the ordinary store commands inside one
transaction (`one_transaction`): every check they make still holds, and a
refusal anywhere leaves the database as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col

from mstui.domain.dates import today_in
from mstui.domain.enums import Role, Status
from mstui.domain.offsets import Offset, offset_between
from mstui.domain.permissions import Permission
from mstui.domain.templates import (
    LEAD,
    NAME,
    Template,
    TemplateMilestone,
    TemplateTarget,
    TemplateTask,
    plan,
)
from mstui.errors import Invalid
from mstui.store.base import StoreBase, pk, stored_id
from mstui.store.batch import one_transaction
from mstui.store.tables import Milestone, MilestoneDependency, Person, Project, Target, Task
from mstui.views.people import ProjectView

if TYPE_CHECKING:
    from mstui.store import Store


@dataclass(frozen=True)
class Assignment:
    """Who fills each owner role of a template in a new project."""

    lead: str
    """The project's lead (the `lead` role, and every placeholder left unfilled)."""
    people: Mapping[str, str]
    """Placeholder → login, as given."""

    def login(self, role: str) -> str | None:
        if not role:
            return None
        return self.people.get(role) or self.lead


def check_assignments(template: Template, assign: Mapping[str, str]) -> dict[str, str]:
    """`assign` (placeholder → login) checked against the template's placeholders."""
    known = template.placeholders()
    out: dict[str, str] = {}
    for role, login in assign.items():
        role, login = role.strip(), login.strip()
        if role == LEAD:
            raise Invalid("assign", f"{role}={login}", "the lead is the project's lead (--lead)")
        if role not in known:
            have = ", ".join(known) or "none"
            raise Invalid(
                "assign",
                f"{role}={login}",
                f"template {template.name} has no placeholder {role} (its placeholders: {have})",
            )
        if not login:
            raise Invalid("assign", f"{role}=", "name a login after =")
        out[role] = login
    return out


def create_from_template(
    store: Store,
    key: str,
    name: str,
    template: Template,
    start: date,
    assign: Mapping[str, str],
    **project: Any,
) -> ProjectView:
    """Project `key` from `template` starting on `start`, all in one transaction.

    `assign` fills placeholders (placeholder → login; each becomes an editor);
    a placeholder left unfilled is the project's lead's. `project` holds the
    other arguments of `add_project` (lead, department, budget, …).
    """
    people = check_assignments(template, assign)
    laid = plan(template, start)
    ends = [m.due for m in laid.milestones] + [t.end for m in laid.milestones for t in m.tasks]
    if laid.target_period is not None:
        ends.append(laid.target_period[1])
    with one_transaction(store.db) as db:
        st = type(store)(db, store.clock, store.settings, store.account)
        st.notices = store.notices
        view = st.add_project(key, name, start=start, end=max([start, *ends]), **project)
        lead = view.lead or store.account.login
        for role, login in sorted(people.items()):
            if login == lead:
                continue
            try:
                st.add_member(view.key, login, Role.EDITOR)
            except Invalid as exc:  # named as typed: which --assign is wrong
                raise Invalid("assign", f"{role}={login}", exc.reason) from None
        who = Assignment(lead, people)
        target_id = None
        tgt = template.target
        if tgt is not None and laid.target_period is not None:
            t_start, t_end = laid.target_period
            target_id = st.add_target(
                tgt.name, tgt.goal, t_start, t_end, unit=tgt.unit, cadence=tgt.cadence,
                project=view.key, owner=who.login(tgt.owner),
            ).id  # fmt: skip
        ids: dict[str, int] = {}
        for m, planned in zip(template.milestones, laid.milestones, strict=True):
            made = st.add_milestone(
                view.key, m.title, planned.due, owner=who.login(m.owner),
                description=m.description, kpi=m.kpi, cost_estimate=m.cost_estimate,
                effort_estimate=m.effort_estimate, target_id=target_id if m.target else None,
            )  # fmt: skip
            ids[m.key] = made.id
            for t, dates in zip(m.tasks, planned.tasks, strict=True):
                st.add_task(
                    view.key, t.title, dates.start, dates.end, milestone_id=made.id,
                    assignee=who.login(t.assignee), estimate_hours=t.estimate_hours,
                )  # fmt: skip
        for m in template.milestones:
            for dep in m.depends_on:
                st.add_dependency(ids[dep], ids[m.key])
        st.mark_from_template(
            view.key,
            template.name,
            {ids[p.key]: (p.key, p.due) for p in laid.milestones},
        )
    return store.project(view.key)


def _placeholder(login: str) -> str:
    """A login as a template placeholder name."""
    text = re.sub(r"[^a-z0-9_-]+", "_", login.lower()).strip("_-") or "owner"
    return text[:40] if NAME.fullmatch(text[:40]) else "owner"


def _slug(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:32] or "milestone"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


class TemplatePart(StoreBase):
    """What the store keeps of templates: where projects came from and how they went."""

    def mark_from_template(
        self, key: str, template: str, refs: Mapping[int, tuple[str, date]]
    ) -> None:
        """Remember that project `key` was made from `template`: each milestone id of
        `refs` with its template milestone's key and the due date it was given."""
        with self._write() as s:
            project = self._project(s, key)
            self._allow(s, Permission.MANAGE, project)
            pid = stored_id(project.id)
            project.template = template
            for mid, (ref, planned) in refs.items():
                s.execute(
                    sa.update(Milestone)
                    .where(pk(Milestone.id) == mid, col(Milestone.project_id) == pid)
                    .values(template_ref=ref, planned_due=planned)
                )
            self._log(s, "project", pid, "edit", field="template", new=template, project_id=pid)

    def template_of(self, key: str) -> str:
        """The name of the template project `key` was made from ("" : none)."""
        with self.db.reading() as s:
            found = s.scalar(
                sa.select(col(Project.template)).where(
                    col(Project.key) == key.strip().upper(), self._sees()
                )
            )
        if found is None:
            raise Invalid("project", key, "no such project")
        return str(found)

    def template_slips(self, template: str) -> dict[str, list[int]]:
        """For each template milestone key, how many days late (negative: early) its
        milestones finished against their planned date, one figure per done milestone,
        over the projects made from `template` that I may see."""
        q = (
            sa.select(
                col(Milestone.template_ref),
                col(Milestone.planned_due),
                col(Milestone.completed_at),
                col(Project.timezone),
            )
            .join(Project, col(Project.id) == col(Milestone.project_id))
            .where(col(Project.template) == template, col(Milestone.template_ref) != "")
            .where(col(Milestone.status) == Status.DONE.value)
            .where(
                col(Milestone.planned_due).is_not(None), col(Milestone.completed_at).is_not(None)
            )
            .where(self._sees())
            .order_by(col(Milestone.id))
        )
        out: dict[str, list[int]] = {}
        with self.db.reading() as s:
            for ref, planned, done_at, tz in s.execute(q).all():
                if planned is None or done_at is None:
                    continue
                finished = today_in(tz or self.settings.timezone, done_at)
                out.setdefault(ref, []).append((finished - planned).days)
        return out

    def project_as_template(
        self,
        key: str,
        name: str,
        *,
        from_actuals: bool = False,
        business: frozenset[str] = frozenset(),
    ) -> Template:
        """Project `key` as a template named `name`, offsets from its start.

        With `from_actuals`, a done milestone sits where it was completed (and its
        tasks move with it); the others where they are due. Offsets are calendar
        days, except for the template milestone keys in `business`. Owners: the
        lead is `lead`, anyone else a placeholder named after their login.
        """
        with self.db.reading() as s:
            project = s.scalar(
                sa.select(Project).where(col(Project.key) == key.strip().upper(), self._sees())
            )
            if project is None:
                raise Invalid("project", key, "no such project")
            pid = stored_id(project.id)
            tz = project.timezone or self.settings.timezone
            logins = dict(s.execute(sa.select(col(Person.id), col(Person.login))).tuples().all())
            ms = list(s.scalars(sa.select(Milestone).where(col(Milestone.project_id) == pid)
                                .order_by(col(Milestone.due), col(Milestone.id))))  # fmt: skip
            tasks = list(s.scalars(sa.select(Task).where(col(Task.project_id) == pid)
                                   .order_by(col(Task.start_date), col(Task.id))))  # fmt: skip
            mids = [stored_id(m.id) for m in ms]
            edge = (col(MilestoneDependency.predecessor_id), col(MilestoneDependency.successor_id))
            deps = s.execute(sa.select(*edge).where(edge[1].in_(mids))).tuples().all()
            target = s.scalar(sa.select(Target).where(col(Target.project_id) == pid)
                              .order_by(col(Target.id)).limit(1))  # fmt: skip
        if not ms:
            raise Invalid("project", project.key, "has no milestones to make a template of")
        start = project.start_date or min([m.due for m in ms] + [t.start_date for t in tasks])

        def role(person_id: int | None) -> str:
            if person_id is None:
                return ""
            return LEAD if person_id == project.lead_id else _placeholder(logins[person_id])

        taken: set[str] = set()
        keys: dict[int, str] = {}
        for m in ms:
            ref = m.template_ref
            if ref and ref not in taken and NAME.fullmatch(ref):
                taken.add(ref)
                keys[stored_id(m.id)] = ref
            else:
                keys[stored_id(m.id)] = _slug(m.title, taken)
        out: list[TemplateMilestone] = []
        for m in ms:
            mid = stored_id(m.id)
            when = m.due
            if from_actuals and m.status == Status.DONE.value and m.completed_at is not None:
                when = today_in(tz, m.completed_at)
            shift = timedelta(days=(when - m.due).days)
            bd = m.template_ref in business and bool(m.template_ref)

            def at(d: date, bd: bool = bd) -> Offset:
                return offset_between(start, d, bd)

            own = [t for t in tasks if t.milestone_id == mid]
            out.append(
                TemplateMilestone(
                    key=keys[mid], title=m.title, offset=at(when), owner=role(m.owner_id),
                    description=m.description,
                    kpi=(m.kpi_name, m.kpi_target, m.kpi_unit) if m.kpi_name else None,
                    cost_estimate=m.cost_estimate, effort_estimate=m.effort_estimate,
                    depends_on=tuple(keys[a] for a, b in deps if b == mid and a in keys),
                    target=target is not None and m.target_id == target.id,
                    tasks=tuple(
                        TemplateTask(t.title, at(t.start_date + shift), at(t.end_date + shift),
                                     role(t.assignee_id), t.estimate_hours)
                        for t in own
                    ),
                )
            )  # fmt: skip
        tt = None
        if target is not None:
            tt = TemplateTarget(
                target.name, target.goal, offset_between(start, target.end_date),
                offset_between(start, target.start_date), target.unit,
                "" if "," in target.cadence else target.cadence, role(target.owner_id),
            )  # fmt: skip
        notes = []
        loose = sum(t.milestone_id not in keys for t in tasks)
        if loose:
            notes.append(
                f"left out {loose} task{'s' if loose != 1 else ''} leading to no milestone"
            )
        early = sum(m.due < start for m in ms) + sum(t.start_date < start for t in tasks)
        if early:
            notes.append(f"{early} date{'s' if early != 1 else ''} before the project's start "
                         "now fall on it")  # fmt: skip
        if target is not None and "," in target.cadence:
            notes.append("the target's list of checkpoint dates is left out (it splits evenly)")
        if len(project.description) > 2000:
            notes.append("the description is cut at 2,000 characters")
        return Template(name, project.name, tuple(out), project.description[:2000], tt,
                        notes=tuple(notes))  # fmt: skip
