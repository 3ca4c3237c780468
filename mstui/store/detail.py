"""The activity history, and the milestone detail that gathers a milestone's
dependencies, tasks, comments, files and history in one read."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from mstui.store.attachments import attachment_views
from mstui.store.base import StoreBase, stored_id
from mstui.store.baselines import slip_rows
from mstui.store.comments import comment_views
from mstui.store.milestone_reads import MilestoneFilter, milestones_matching, one_milestone
from mstui.store.tables import Activity, MilestoneDependency, Person, Project
from mstui.store.tasks import task_views
from mstui.views.milestones import ActivityView, MilestoneDetail


def activity_views(
    s: Session,
    sees: sa.ColumnElement[bool],
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int = 200,
) -> list[ActivityView]:
    """The newest activity first, for one entity or for everything, outside the projects
    the acting person may not see (`sees`, a condition on `Project`)."""
    actor = aliased(Person)
    hidden = sa.select(col(Project.id)).where(sa.not_(sees))
    q = (
        sa.select(Activity, col(actor.login))
        .outerjoin(actor, col(actor.id) == col(Activity.actor_id))
        .where(sa.or_(col(Activity.project_id).is_(None), col(Activity.project_id).not_in(hidden)))
        .order_by(col(Activity.at).desc(), col(Activity.id).desc())
        .limit(limit)
    )
    if entity is not None:
        q = q.where(col(Activity.entity) == entity)
    if entity_id is not None:
        q = q.where(col(Activity.entity_id) == entity_id)
    return [
        ActivityView(
            stored_id(a.id),
            a.at,
            login,
            a.entity,
            a.entity_id,
            a.action,
            a.field,
            a.old,
            a.new,
            a.reason,
        )
        for a, login in s.execute(q).all()
    ]


class DetailPart(StoreBase):
    """The history, and the milestone detail."""

    def activity(
        self, entity: str | None = None, entity_id: int | None = None, limit: int = 200
    ) -> list[ActivityView]:
        """The newest activity first, for one entity or for everything."""
        with self.db.reading() as s:
            return activity_views(s, self._sees(), entity, entity_id, limit)

    def milestone_detail(self, mid: int) -> MilestoneDetail:
        """A milestone with its dependencies both ways, tasks, comments and history."""
        with self.db.reading() as s:
            view = one_milestone(self, s, mid)
            after = list(
                s.scalars(
                    sa.select(col(MilestoneDependency.successor_id)).where(
                        col(MilestoneDependency.predecessor_id) == mid
                    )
                )
            )
            flt = MilestoneFilter(ids=(*view.depends_on, *after))
            by_id = {m.id: m for m in milestones_matching(self, s, flt)}
            base = self.files_root()
            files = tuple(attachment_views(s, base, mid)) if base is not None else ()
            return MilestoneDetail(
                milestone=view,
                dependencies=tuple(by_id[i] for i in view.depends_on if i in by_id),
                dependents=tuple(by_id[i] for i in after if i in by_id),
                tasks=tuple(task_views(s, self._sees(), milestone_id=mid)),
                comments=tuple(comment_views(s, mid)),
                activity=tuple(activity_views(s, self._sees(), "milestone", mid)),
                slips=tuple(reversed(slip_rows(s, col(Activity.entity_id) == mid))),
                attachments=files,
            )
