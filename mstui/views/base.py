"""What every read model shares: ISO dates in JSON, and being a versioned row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol, runtime_checkable


def iso(value: date | datetime | None) -> str | None:
    """A date or time as ISO text for JSON (None stays None)."""
    return value.isoformat() if value is not None else None


@runtime_checkable
class Versioned(Protocol):
    """A row that carries its version (optimistic locking): what undo steps follow.

    `entity` names the table as conflicts do ("milestone", "task", "target").
    """

    @property
    def entity(self) -> str: ...

    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...
