"""Column types the tables share: UTC timestamps, bounded dates and figures, CHECKs for
closed vocabularies.

`BoundedDate` and `Amount` refuse on write what `mstui.domain.bounds` does not
accept (so no path, ORM or Core, writes it), and on read turn whatever another
program stored into a value the screens can show ("?" where it is unreadable).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

from mstui.domain import bounds
from mstui.errors import Invalid


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in, an aware UTC datetime out, on every dialect."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        if isinstance(value, bounds.UnreadableDateTime):
            raise Invalid("time", bounds.UNREADABLE, "the stored time is unreadable")
        value = value.astimezone(UTC)
        # SQLite keeps no offset; store the UTC wall time so text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect: sa.Dialect, coltype: object) -> Any:
        inner = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:  # another program may have stored anything (see `mstui.domain.bounds`)
                got = inner(value) if inner is not None else value
            except (ValueError, TypeError, OverflowError):
                return bounds.UNREADABLE_TIME
            if not isinstance(got, datetime):
                return bounds.UNREADABLE_TIME
            stamp = got.replace(tzinfo=UTC) if got.tzinfo is None else got.astimezone(UTC)
            return bounds.stored_time(stamp)

        return process


def one_of(column: str, values: type[Enum]) -> str:
    """A CHECK that `column` holds one of the enum's values."""
    allowed = ", ".join(f"'{m.value}'" for m in values)
    return f"{column} IN ({allowed})"


def utc_field(nullable: bool = False, index: bool = False) -> Any:
    """A UTC timestamp column."""
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class BoundedDate(TypeDecorator[date]):
    """A calendar date in the accepted range on write; any stored value readable."""

    impl = sa.Date
    cache_ok = True

    def __init__(self, field: str = "date") -> None:
        super().__init__()
        self.field = field

    def process_bind_param(self, value: date | None, dialect: sa.Dialect) -> date | None:
        if value is None:
            return None
        return bounds.check_date(self.field, value)

    def result_processor(self, dialect: sa.Dialect, coltype: object) -> Any:
        inner = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value: Any) -> date | None:
            if value is None:
                return None
            try:
                got = inner(value) if inner is not None else value
            except (ValueError, TypeError, OverflowError):
                return bounds.UNREADABLE_DATE
            if not isinstance(got, date):
                return bounds.UNREADABLE_DATE
            return bounds.stored_date(got)

        return process


class Amount(TypeDecorator[float]):
    """A finite figure within ±1e15 on write; any stored value readable."""

    impl = sa.Float
    cache_ok = True

    def __init__(self, field: str = "amount") -> None:
        super().__init__()
        self.field = field

    def process_bind_param(self, value: float | None, dialect: sa.Dialect) -> float | None:
        if value is None:
            return None
        return bounds.check_amount(self.field, float(value))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> float | None:
        return None if value is None else bounds.stored_amount(value)


def date_field(field: str, nullable: bool = False) -> Any:
    """A calendar date column, bounded (see `BoundedDate`); required unless nullable."""
    if nullable:
        return Field(default=None, sa_type=BoundedDate(field), nullable=True)
    return Field(sa_type=BoundedDate(field), nullable=False)


def amount_field(field: str, default: float | None = None, nullable: bool = True) -> Any:
    """A figure column, bounded (see `Amount`); required when not nullable and no default."""
    if not nullable and default is None:
        return Field(sa_type=Amount(field), nullable=False)
    return Field(default=default, sa_type=Amount(field), nullable=nullable)
