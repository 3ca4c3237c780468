"""Figures in words: the one way every screen, message and command writes an amount."""

from __future__ import annotations


def amount(value: float | None, unit: str = "", missing: str = "—") -> str:
    """A figure with thousands separators and its unit: 25,000 USD; 18,400.50 USD.

    `missing` stands for no figure at all.
    """
    if value is None:
        return missing
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{text} {unit}".strip()
