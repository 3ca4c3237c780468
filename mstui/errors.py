"""The errors mstui raises, and the one map from any exception to what a person sees.

Every error carries a message meant for a person: one line, naming the field
and quoting the value where there is one, and the exit status it gives. The
command line and the app both go through `exit_code` and `one_line`: bad
input, a refusal, a conflict, an unusable database or configuration exit 2;
anything else is a bug of ours and exits 1 (`MSTUI_DEBUG=1` shows its traceback).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar

EXIT_BUG = 1
"""A fault of ours (any exception that is not an `MstuiError`)."""
EXIT_USER = 2
"""Something the user can fix or must be told: every `MstuiError`."""
EXIT_ALERTS = 3
"""`mstui check --exit-code`: done, and I have open alerts of warning or worse (for
scripts: not an error, so nothing on stderr)."""


class MstuiError(Exception):
    """Base class: something the user can be told about in one line."""

    exit_code: ClassVar[int] = EXIT_USER

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Invalid(MstuiError):
    """A value that cannot be accepted; nothing was written."""

    def __init__(self, field: str, value: object, reason: str, *, quote: bool = True) -> None:
        shown = value if isinstance(value, str) else repr(value)
        super().__init__(f'{field}: {reason} (got "{shown}")' if quote else f"{field}: {reason}")
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


class UsageError(MstuiError):
    """A command line that does not parse."""


class ConfigError(MstuiError):
    """A settings file that cannot be read or holds a value that cannot be used."""


class DatabaseUnavailable(MstuiError):
    """The database cannot be opened, is not a database, or is too new."""


class DatabaseError(MstuiError):
    """The database refused or failed a unit of work; nothing of it was saved."""


def exit_code(exc: BaseException) -> int:
    """The exit status for `exc`: its own for our errors, `EXIT_BUG` for anything else."""
    return exc.exit_code if isinstance(exc, MstuiError) else EXIT_BUG


def one_line(exc: BaseException) -> str:
    """What a person is told about `exc`: our message, or a bug named in one line."""
    if isinstance(exc, MstuiError):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"internal error: {type(exc).__name__}: {text} (set MSTUI_DEBUG=1 for the traceback)"


def debugging() -> bool:
    """Whether `MSTUI_DEBUG` asks for tracebacks instead of one line."""
    return os.environ.get("MSTUI_DEBUG", "") not in ("", "0")
