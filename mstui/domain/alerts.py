"""Alerts: their kinds, thresholds and dedupe keys, the facts rules read, snoozing.

The rules themselves are in `mstui.domain.alert_rules`. Pure: no I/O.

Dedupe key: ``KIND:SUBJECT_TYPE:SUBJECT_ID:ABOUT:RECIPIENT_ID[:DETAIL]``, where
ABOUT is the date the alert is about (an ISO date), e.g.
``missed:milestone:12:2026-11-20:4``. A milestone moved to a new due date gets
new keys, so it can alert again for the new date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from mstui.domain.dates import today_in as _today_in
from mstui.domain.enums import Direction, Severity, Status
from mstui.errors import Invalid

ACHIEVEMENT_DAYS = 7
"""A milestone done longer ago than this raises no recognition (old history)."""

MESSAGE_MAX = 500
REVIEW_CADENCES = ("monthly", "quarterly", "none")


class AlertKind(StrEnum):
    """Which rule raised an alert."""

    DUE_SOON = "due_soon"
    MISSED = "missed"
    ESCALATION = "escalation"
    BLOCKED = "blocked"
    CHECKPOINT_MISSED = "checkpoint_missed"
    DEPENDENCY_SLIPPED = "dependency_slipped"
    REVIEW_DUE = "review_due"
    ACHIEVEMENT = "achievement"
    # Notices: what other people did to my work (raised by their write, not by a rule).
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    COMMENTED = "commented"
    MENTIONED = "mentioned"
    MOVED_LATER = "moved_later"
    ROLE_CHANGED = "role_changed"
    FIGURE_RECORDED = "figure_recorded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


NOTICES = (
    AlertKind.ASSIGNED,
    AlertKind.UNASSIGNED,
    AlertKind.COMMENTED,
    AlertKind.MENTIONED,
    AlertKind.MOVED_LATER,
    AlertKind.ROLE_CHANGED,
    AlertKind.FIGURE_RECORDED,
)
"""The kinds that tell me what someone else did to my work: each person may mute them
(`mute = ["commented"]` in their settings); the rules never raise or resolve them."""

RESOLVABLE = frozenset(
    {
        AlertKind.DUE_SOON,
        AlertKind.MISSED,
        AlertKind.ESCALATION,
        AlertKind.BLOCKED,
        AlertKind.DEPENDENCY_SLIPPED,
    }
)
"""Kinds that state a condition of a milestone (not an event such as an achievement):
the scan resolves one when re-evaluating its milestone no longer raises it."""

SEVERITY: dict[AlertKind, Severity] = {
    AlertKind.DUE_SOON: Severity.INFO,
    AlertKind.MISSED: Severity.WARNING,
    AlertKind.ESCALATION: Severity.ERROR,
    AlertKind.BLOCKED: Severity.WARNING,
    AlertKind.CHECKPOINT_MISSED: Severity.WARNING,
    AlertKind.DEPENDENCY_SLIPPED: Severity.WARNING,
    AlertKind.REVIEW_DUE: Severity.INFO,
    AlertKind.ACHIEVEMENT: Severity.INFO,
    **{kind: Severity.INFO for kind in NOTICES},
}

CLOSED = (Status.DONE, Status.CANCELLED)


@dataclass(frozen=True)
class Thresholds:
    """The numbers the rules use: settings, with a project's overrides applied."""

    due_soon_days: int = 3
    escalation_days: int = 2
    blocked_days: int = 2
    review_cadence: str = "quarterly"

    def overridden(
        self,
        due_soon_days: int | None = None,
        escalation_days: int | None = None,
        blocked_days: int | None = None,
        review_cadence: str | None = None,
    ) -> Thresholds:
        """These thresholds with every override that is not None applied."""
        return replace(
            self,
            due_soon_days=self.due_soon_days if due_soon_days is None else due_soon_days,
            escalation_days=self.escalation_days if escalation_days is None else escalation_days,
            blocked_days=self.blocked_days if blocked_days is None else blocked_days,
            review_cadence=self.review_cadence if review_cadence is None else review_cadence,
        )

    @property
    def fingerprint(self) -> str:
        """A short text that changes when any threshold changes."""
        return (
            f"{self.due_soon_days}/{self.escalation_days}/{self.blocked_days}/{self.review_cadence}"
        )


def dedupe_key(
    kind: AlertKind,
    subject_type: str,
    subject_id: int,
    about: date,
    recipient_id: int,
    detail: str = "",
) -> str:
    """The key that makes an alert unique (see the module docstring)."""
    key = f"{kind._value_}:{subject_type}:{subject_id}:{about.isoformat()}:{recipient_id}"
    return f"{key}:{detail}" if detail else key


class Candidate(NamedTuple):
    """An alert a rule would raise now, for one recipient.

    A named tuple, not a frozen dataclass: a first scan at 100,000 milestones makes
    180,000 of them, and a tuple is built several times faster."""

    kind: AlertKind
    severity: Severity
    subject_type: str
    subject_id: int
    project_id: int | None
    recipient_id: int
    about: date
    message: str
    detail: str = ""

    @property
    def dedupe_key(self) -> str:
        return dedupe_key(
            self.kind,
            self.subject_type,
            self.subject_id,
            self.about,
            self.recipient_id,
            self.detail,
        )


class MilestoneFacts(NamedTuple):
    """What the milestone rules need to know about one milestone (a named tuple: a first
    scan builds one per open milestone)."""

    id: int
    project_id: int
    project_key: str
    title: str
    status: Status
    due: date
    owner_id: int
    owner_login: str = ""
    lead_id: int | None = None
    timezone: str = "UTC"
    blocked_at: datetime | None = None
    blocked_reason: str = ""
    completed_at: datetime | None = None
    department_head_ids: tuple[int, ...] = ()
    """Heads of the owner's department."""
    member_ids: tuple[int, ...] = ()
    """Members of the project (any role)."""


class PredecessorFacts(NamedTuple):
    """A milestone that another one depends on."""

    id: int
    project_key: str
    title: str
    status: Status
    due: date
    completed_at: datetime | None = None


@dataclass(frozen=True)
class TargetFacts:
    """What the checkpoint rule needs to know about one target."""

    id: int
    name: str
    unit: str
    goal: float
    start: date
    end: date
    direction: Direction
    checkpoints: Sequence[tuple[date, float]]
    measurements: Sequence[tuple[date, float]]
    """Cumulative figures, one per date."""
    owner_id: int | None = None
    project_id: int | None = None
    project_key: str | None = None
    lead_id: int | None = None
    timezone: str = "UTC"


@dataclass(frozen=True)
class ProjectFacts:
    """What the review rule needs to know about one project."""

    id: int
    key: str
    name: str
    lead_id: int | None
    started: date
    """The project's start date, or the day it was created."""
    end: date | None = None
    archived: bool = False
    timezone: str = "UTC"


@lru_cache(maxsize=1024)
def today_in(tz: str, moment: datetime) -> date:
    """`mstui.domain.dates.today_in`, remembered: a scan asks it of the same `now` a lot."""
    return _today_in(tz, moment)


# -- what a recipient sees ---------------------------------------------------------------


def is_open(
    acknowledged_at: datetime | None,
    snoozed_until: datetime | None,
    now: datetime,
    resolved_at: datetime | None = None,
) -> bool:
    """Whether an alert still asks for attention: not acknowledged, not resolved (no
    longer true), not snoozed past now."""
    if acknowledged_at is not None or resolved_at is not None:
        return False
    return snoozed_until is None or snoozed_until <= now


_SNOOZE = re.compile(r"(\d{1,4})\s*(m|min|h|hour|hours|d|day|days|w|week|weeks)")


def parse_snooze(text: str) -> timedelta:
    """How long to snooze: `30m`, `1h`, `1d`, `1w` (a number and a unit)."""
    m = _SNOOZE.fullmatch(text.strip().lower())
    if m is None or int(m[1]) == 0:
        raise Invalid("for", text, "expected a duration such as 1h, 1d or 1w")
    n = int(m[1])
    unit = m[2][0]
    if unit == "m":
        return timedelta(minutes=n)
    if unit == "h":
        return timedelta(hours=n)
    if unit == "d":
        return timedelta(days=n)
    return timedelta(weeks=n)
