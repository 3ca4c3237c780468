"""Alerts as one recipient sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mstui.domain.alerts import is_open
from mstui.domain.enums import Severity
from mstui.domain.text import clean


@dataclass(frozen=True)
class AlertView:
    """An alert as one recipient sees it (immutable; no database behind it).

    `subject_type` is "milestone", "target" or "project"; `subject_title` is
    the subject's current title (None once it is deleted).
    """

    id: int
    kind: str
    severity: Severity
    subject_type: str
    subject_id: int
    subject_title: str | None
    project: str | None
    recipient: str
    message: str
    about: date | None
    raised_at: datetime
    acknowledged_at: datetime | None = None
    snoozed_until: datetime | None = None
    resolved_at: datetime | None = None
    """When the scan found it no longer true (the milestone moved, finished, unblocked)."""

    def is_open(self, now: datetime) -> bool:
        """Not acknowledged, not resolved and not snoozed past `now`."""
        return is_open(self.acknowledged_at, self.snoozed_until, now, self.resolved_at)

    @property
    def kind_label(self) -> str:
        return self.kind.replace("_", " ")

    def to_json(self) -> dict[str, object]:
        """The JSON shape of `mstui alerts --json` and `mstui check --json`."""

        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        title = clean(self.subject_title) if self.subject_title is not None else None
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity.value,
            "subject": {"type": self.subject_type, "id": self.subject_id, "title": title},
            "recipient": self.recipient,
            "message": clean(self.message),
            "raised_at": self.raised_at.isoformat(),
            "acknowledged_at": iso(self.acknowledged_at),
            "snoozed_until": iso(self.snoozed_until),
            "resolved_at": iso(self.resolved_at),
            "project": self.project,
        }
