"""The errors the store and the domain raise; screens and the CLI show them.

Every error carries a message meant for a person: one line, naming the field
and quoting the value where there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MstuiError(Exception):
    """Base class: something the user can be told about in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Invalid(MstuiError):
    """A value that cannot be accepted; nothing was written."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        shown = value if isinstance(value, str) else repr(value)
        super().__init__(f'{field}: {reason} (got "{shown}")')
        self.field = field
        self.value = value
        self.reason = reason


class NotFound(MstuiError):
    """A referenced row does not exist."""

    def __init__(self, what: str, ref: object) -> None:
        super().__init__(f'{what}: no {what} "{ref}"')
        self.what = what
        self.ref = ref


class NotAllowed(MstuiError):
    """The current person may not do this."""


class Conflict(MstuiError):
    """The row changed since it was read; the caller decides reload or overwrite.

    `changes` maps each field that someone else changed to (value read, value now).
    """

    def __init__(
        self,
        entity: str,
        entity_id: int,
        expected_version: int,
        current_version: int,
        changes: Mapping[str, tuple[Any, Any]] | None = None,
        by: str | None = None,
    ) -> None:
        who = f" by {by}" if by else ""
        super().__init__(
            f"{entity} {entity_id} was changed{who} since you opened it "
            f"(version {expected_version} → {current_version})"
        )
        self.entity = entity
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.changes = dict(changes or {})
        self.by = by


class DatabaseUnavailable(MstuiError):
    """The database cannot be opened, is not a database, or is too new."""
