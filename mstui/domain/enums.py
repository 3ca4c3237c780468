"""The closed vocabularies of the model, shared by store, rules and screens."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class Status(StrEnum):
    """Where a milestone is in its life."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def closed(self) -> bool:
        return self in (Status.DONE, Status.CANCELLED)


class TaskStatus(StrEnum):
    """Where a task is."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Health(StrEnum):
    """The traffic light of a milestone. Symbols carry the meaning without colour."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_SYMBOLS = {
    Health.ON_TRACK: "●",
    Health.AT_RISK: "▲",
    Health.OVERDUE: "✖",
    Health.DONE: "✓",
    Health.CANCELLED: "○",
}


class Role(StrEnum):
    """A person's role in a project."""

    LEAD = "lead"
    EDITOR = "editor"
    VIEWER = "viewer"


class CommentKind(StrEnum):
    """What a comment is for."""

    UPDATE = "update"
    NOTE = "note"
    RETRO = "retro"


class Direction(StrEnum):
    """Whether a target is reached by going up to it or staying under it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Severity(StrEnum):
    """How loud an alert is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


E = TypeVar("E", bound=StrEnum)


def parse_enum(kind: type[E], field: str, value: str) -> E:
    """`value` as a member of `kind`, accepting spaces or dashes for underscores."""
    from mstui.errors import Invalid

    norm = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return kind(norm)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise Invalid(field, value, f"expected one of {allowed}") from None


def stored(kind: type[E], value: str, fallback: E) -> E:
    """A vocabulary word read from the database; `fallback` for one outside it.

    The CHECK constraints keep mstui from writing such a word, but another
    program can (`PRAGMA ignore_check_constraints`); a screen must still open.
    Roles fall back to viewer, the least a word can grant.
    """
    member = kind._value2member_map_.get(value)  # a scan reads 100,000: no exception path
    if member is not None:
        return member  # type: ignore[return-value]
    try:
        return kind(value)
    except (ValueError, TypeError):
        return fallback
