"""Compatibility: the views live in `mstui.views` (importable without SQLAlchemy)."""

from mstui.views import (
    ActivityView,
    CommentView,
    Kpi,
    MilestoneDetail,
    MilestoneView,
    PersonView,
    ProjectView,
    TaskView,
)

__all__ = [
    "ActivityView",
    "CommentView",
    "Kpi",
    "MilestoneDetail",
    "MilestoneView",
    "PersonView",
    "ProjectView",
    "TaskView",
]
