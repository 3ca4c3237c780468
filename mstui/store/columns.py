"""Column types the tables share: UTC timestamps, and CHECKs for closed vocabularies."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in, an aware UTC datetime out, on every dialect."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite keeps no offset; store the UTC wall time so text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        stamp: datetime = value
        if stamp.tzinfo is None:
            return stamp.replace(tzinfo=UTC)
        return stamp.astimezone(UTC)


def one_of(column: str, values: type[Enum]) -> str:
    """A CHECK that `column` holds one of the enum's values."""
    allowed = ", ".join(f"'{m.value}'" for m in values)
    return f"{column} IN ({allowed})"


def utc_field(nullable: bool = False, index: bool = False) -> Any:
    """A UTC timestamp column."""
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)
