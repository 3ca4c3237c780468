"""The toasts of new alerts: one each, or one summary for a burst."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mstui.domain.alerts import NOTICES
from mstui.domain.enums import Severity
from mstui.domain.text import clean

if TYPE_CHECKING:
    from mstui.views.alerts import AlertView

Level = Literal["information", "warning", "error"]
NOTICE_KINDS = frozenset(k.value for k in NOTICES)

STYLE: dict[Severity, tuple[Level, float]] = {
    Severity.INFO: ("information", 8.0),
    Severity.WARNING: ("warning", 15.0),
    Severity.ERROR: ("error", 30.0),
}
"""How loud and how long an alert's toast is, by its severity."""


@dataclass(frozen=True)
class Toast:
    """One notification, its text cleaned (shown with markup off)."""

    message: str
    title: str
    severity: Level
    timeout: float


def alert_toasts(fresh: Sequence[AlertView], most: int) -> list[Toast]:
    """The toasts for alerts just arrived: one each, oldest first, up to `most`."""
    # A burst (the first scan of a morning) is not a wall of toasts: one
    # summary says how many and how loud; the Alerts screen lists them.
    if len(fresh) > most:
        loud = sum(1 for a in fresh if a.severity is Severity.ERROR)
        extra = f", {loud} escalated" if loud else ""
        return [
            Toast(
                f"{len(fresh)} new alerts for you{extra}: 5 shows them.",
                "Alerts",
                "error" if loud else "warning",
                10,
            )
        ]
    out = []
    for alert in sorted(fresh, key=lambda a: a.id):
        severity, timeout = STYLE.get(alert.severity, ("information", 8.0))
        # The message names its rule ("Missed: …") or who did what; the title says where.
        what = "Notice" if alert.kind in NOTICE_KINDS else "Alert"
        title = f"{what} · {alert.project}" if alert.project else what
        out.append(Toast(clean(alert.message), clean(title), severity, timeout))
    return out
