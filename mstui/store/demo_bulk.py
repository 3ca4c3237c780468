"""Synthetic data at team scale (`mstui demo --size N`): milestones, tasks and comments
inserted in bulk, spread around today."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain.enums import Status
from mstui.store.base import StoreBase, pk, stored_id
from mstui.store.tables import Activity, Comment, Department, Milestone, Person, Project, Task

_DEPARTMENTS = ("Marketing", "Sales", "Operations", "Engineering", "Finance")
_WORDS = (
    "Launch",
    "Review",
    "Audit",
    "Migrate",
    "Approve",
    "Deliver",
    "Design",
    "Train",
    "Hire",
    "Publish",
    "Negotiate",
    "Install",
    "Test",
    "Plan",
    "Close",
    "Survey",
)
_THINGS = (
    "pricing page",
    "supplier contract",
    "loading bay",
    "CRM import",
    "brand guide",
    "payroll run",
    "onboarding flow",
    "Q1 forecast",
    "roof panels",
    "API gateway",
    "partner deck",
    "safety plan",
    "data warehouse",
    "trade show booth",
    "SLA report",
)


class DemoBulkPart(StoreBase):
    """Bulk inserts of synthetic data (the demo and the benchmarks)."""

    def add_synthetic(self, size: int, progress: Callable[[int, int], None] | None = None) -> int:
        """Add `size` milestones (five tasks and a comment each) in bulk, spread around today.

        Inserted with multi-row statements in batches (one transaction each) so
        10,000 take seconds; each milestone gets its "create" activity row.
        """
        rng = random.Random(size)
        today = self.today()
        now = self.now()
        me = self.me_id()
        with self.db.writing() as s:
            people = _synthetic_people(s, now)
            projects = _synthetic_projects(s, max(1, size // 1000), me, now)
            top = s.scalar(sa.select(sa.func.max(col(Milestone.position)))) or 0
        done = 0
        batch = 500
        statuses = [
            Status.PLANNED,
            Status.IN_PROGRESS,
            Status.BLOCKED,
            Status.DONE,
            Status.CANCELLED,
        ]
        weights = [40, 25, 5, 28, 2]
        while done < size:
            n = min(batch, size - done)
            with self.db.writing() as s:
                first = (s.scalar(sa.select(sa.func.max(col(Milestone.id)))) or 0) + 1
                rows, tasks, comments, acts = [], [], [], []
                for i in range(n):
                    mid = first + i
                    pid = projects[(done + i) % len(projects)]
                    owner = people[rng.randrange(len(people))]
                    due = today + timedelta(days=rng.randint(-60, 120))
                    status = rng.choices(statuses, weights)[0]
                    if status is Status.DONE:
                        due = today + timedelta(days=rng.randint(-90, 5))
                    title = f"{rng.choice(_WORDS)} {rng.choice(_THINGS)} #{mid}"
                    rows.append(
                        {
                            "id": mid,
                            "project_id": pid,
                            "title": title,
                            "description": "",
                            "owner_id": owner,
                            "due": due,
                            "due_from_tasks": False,
                            "status": status.value,
                            "blocked_reason": "Waiting on a supplier"
                            if status is Status.BLOCKED
                            else "",
                            "blocked_at": now - timedelta(days=3)
                            if status is Status.BLOCKED
                            else None,
                            "completed_at": now if status is Status.DONE else None,
                            "kpi_name": "",
                            "kpi_unit": "",
                            "cost_estimate": float(rng.randrange(500, 50000, 500)),
                            "effort_estimate": float(rng.randrange(4, 200)),
                            "position": top + done + i + 1,
                            "version": 1,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    for k in range(5):
                        start = due - timedelta(days=rng.randint(5, 30))
                        end = min(due, start + timedelta(days=rng.randint(1, 10)))
                        tasks.append(
                            {
                                "project_id": pid,
                                "milestone_id": mid,
                                "title": f"Step {k + 1}",
                                "assignee_id": people[rng.randrange(len(people))],
                                "start_date": start,
                                "end_date": end,
                                "status": "done"
                                if status is Status.DONE or end < today
                                else "todo",
                                "estimate_hours": float(rng.randint(2, 40)),
                                "position": k,
                                "version": 1,
                                "created_at": now,
                            }
                        )
                    comments.append(
                        {
                            "milestone_id": mid,
                            "author_id": owner,
                            "kind": "update",
                            "body": "On it; next update at the weekly review.",
                            "created_at": now,
                        }
                    )
                    acts.append(
                        {
                            "at": now,
                            "actor_id": me,
                            "project_id": pid,
                            "entity": "milestone",
                            "entity_id": mid,
                            "action": "create",
                            "field": "",
                            "old": None,
                            "new": title,
                        }
                    )
                s.execute(sa.insert(Milestone), rows)
                s.execute(sa.insert(Task), tasks)
                s.execute(sa.insert(Comment), comments)
                s.execute(sa.insert(Activity), acts)
            done += n
            if progress:
                progress(done, size)
        return done


def _synthetic_people(s: Session, now: datetime) -> list[int]:
    depts: dict[str, int | None] = {}
    for dept_name in _DEPARTMENTS:
        found = s.scalar(sa.select(col(Department.id)).where(col(Department.name) == dept_name))
        if found is None:
            row = Department(name=dept_name)
            s.add(row)
            s.flush()
            found = row.id
        depts[dept_name] = found
    ids = []
    for i in range(40):
        login = f"user{i:02d}"
        found = s.scalar(sa.select(pk(Person.id)).where(col(Person.login) == login))
        if found is None:
            dept = _DEPARTMENTS[i % len(_DEPARTMENTS)]
            p = Person(
                login=login,
                name=f"Team member {i:02d}",
                department_id=depts[dept],
                is_department_head=i < len(_DEPARTMENTS),
                created_at=now,
            )
            s.add(p)
            s.flush()
            found = stored_id(p.id)
        ids.append(found)
    return ids


def _synthetic_projects(s: Session, count: int, lead: int, now: datetime) -> list[int]:
    ids = []
    for i in range(1, count + 1):
        key = f"GEN{i}"
        found = s.scalar(sa.select(pk(Project.id)).where(col(Project.key) == key))
        if found is None:
            p = Project(key=key, name=f"Generated project {i}", lead_id=lead, created_at=now)
            s.add(p)
            s.flush()
            found = stored_id(p.id)
        ids.append(found)
    return ids
