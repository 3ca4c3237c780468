"""Dashboard figures, budgets, target editing and resources (the dashboard/targets issue)."""

from __future__ import annotations

from mstui.store.work import WorkStore


class ReportStore(WorkStore):
    """Queries and commands behind the Dashboard and Targets screens."""
