"""Figures in words: the one way every screen, message and command writes an amount."""

from __future__ import annotations

from collections.abc import Iterable


def amount(
    value: float | None, unit: str = "", missing: str = "—", cents: bool | None = None
) -> str:
    """A figure with thousands separators and its unit: 25,000 USD; 18,400.50 USD.

    `missing` stands for no figure at all. `cents`: None writes cents only where the
    value has them; False rounds to whole units (a figure worked out, such as a
    projection, whose inputs have none); True always writes two places.
    """
    if value is None:
        return missing
    if cents is None:
        cents = not float(value).is_integer()
    text = f"{value:,.2f}" if cents else f"{round(value):,.0f}"
    return f"{text} {unit}".strip()


def has_cents(values: Iterable[float]) -> bool:
    """Whether any of `values` has a fraction of a unit (to two places)."""
    return any(round(v * 100) % 100 != 0 for v in values)
