"""The timeline's rows: project headings and, under each unfolded project, its plan.

An `Outline` is rebuilt (O(projects)) whenever a plan arrives, a project is
folded or the project list changes; finding row i is a bisection over the
projects. A project whose plan has not arrived yet takes the rows its counts
announce, drawn as "loading" until it does, so the scrollbar is right from the
first frame.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from mstui.views.timeline import Key, PlanRow, ProjectPlan, TimelineProject

Ident = tuple[int, Key | None]
"""A row by what it shows: (project id, item), the item None for the heading."""


@dataclass(frozen=True)
class Row:
    """Row i of the outline: its project, the project's plan (if loaded) and the item."""

    project: TimelineProject
    plan: ProjectPlan | None
    item: PlanRow | None
    """None for the project heading, and for a row whose plan is still loading."""
    heading: bool
    folded: bool = False


@dataclass(frozen=True, eq=False)
class Outline:
    """Every row of the timeline, by position."""

    projects: Sequence[TimelineProject] = ()
    plans: Mapping[int, ProjectPlan] = field(default_factory=dict)
    folded: frozenset[int] = frozenset()
    starts: tuple[int, ...] = ()
    total: int = 0

    @classmethod
    def build(
        cls,
        projects: Sequence[TimelineProject],
        plans: Mapping[int, ProjectPlan],
        folded: frozenset[int],
    ) -> Outline:
        """The outline of `projects`, with the plans loaded so far."""
        starts = []
        at = 0
        for p in projects:
            starts.append(at)
            at += 1
            if p.id not in folded:
                plan = plans.get(p.id)
                at += len(plan.rows) if plan is not None else p.item_rows
        return cls(tuple(projects), dict(plans), folded, tuple(starts), at)

    def locate(self, i: int) -> tuple[int, int]:
        """(project index, offset): offset 0 is the heading, k the plan's row k-1."""
        n = bisect_right(self.starts, i) - 1
        return n, i - self.starts[n]

    def row(self, i: int) -> Row | None:
        """What row `i` shows, or None past the end."""
        if not 0 <= i < self.total:
            return None
        n, offset = self.locate(i)
        project = self.projects[n]
        plan = self.plans.get(project.id)
        folded = project.id in self.folded
        if offset == 0:
            return Row(project, plan, None, True, folded)
        item = plan.rows[offset - 1] if plan is not None and offset - 1 < len(plan.rows) else None
        return Row(project, plan, item, False, folded)

    def ident(self, i: int) -> Ident | None:
        """The project and item of row `i` (("o", offset) while its plan loads)."""
        row = self.row(i)
        if row is None:
            return None
        if row.item is not None:
            return row.project.id, row.item.key
        if row.heading:
            return row.project.id, None
        return row.project.id, ("o", i - self.starts[self.locate(i)[0]] - 1)

    def find(self, ident: Ident) -> int | None:
        """The row showing `ident` (its project's heading when folded or not found)."""
        pid, key = ident
        for n, p in enumerate(self.projects):
            if p.id != pid:
                continue
            head = self.starts[n]
            if key is None or pid in self.folded:
                return head
            plan = self.plans.get(pid)
            rows = len(plan.rows) if plan is not None else p.item_rows
            if key[0] == "o":  # a row picked while its plan was loading
                return head + 1 + max(0, min(key[1], rows - 1)) if rows else head
            offset = plan.index.get(key) if plan is not None else None
            return head if offset is None else head + 1 + offset
        return None

    def projects_between(self, first: int, last: int) -> list[int]:
        """Ids of the projects with a row in first..last."""
        if not self.projects:
            return []
        lo = self.locate(max(0, first))[0]
        hi = self.locate(max(0, min(last, self.total - 1)))[0]
        return [p.id for p in self.projects[lo : hi + 1]]


def keep_spans(
    projects: Sequence[TimelineProject], plans: Mapping[int, ProjectPlan]
) -> list[TimelineProject]:
    """`projects` as listed, each whose plan is held with the plan's span (that of its
    tasks too; the list knows its milestones' only) until the plan is read again."""
    return [
        replace(p, first=held.project.first, last=held.project.last)
        if (held := plans.get(p.id)) is not None
        else p
        for p in projects
    ]
