"""Cells for the report tables: health counts with symbol and colour, amounts, variances.

Colours come from the running theme (`$success`, `$warning`, `$error`), so
every theme keeps the meanings; the symbol carries the meaning without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from rich.text import Text
from textual.widgets import DataTable

from mstui.domain.enums import Health
from mstui.domain.numbers import amount
from mstui.domain.text import clean


class Themed(Protocol):
    """What gives the colours: the running app (its theme's variables)."""

    @property
    def theme_variables(self) -> Mapping[str, str]: ...


THEME_VARIABLE = {
    Health.ON_TRACK: "success",
    Health.AT_RISK: "warning",
    Health.OVERDUE: "error",
    Health.DONE: "text-muted",
    Health.CANCELLED: "text-disabled",
}
FALLBACK = {
    Health.ON_TRACK: "green",
    Health.AT_RISK: "yellow",
    Health.OVERDUE: "red",
    Health.DONE: "bright_black",
    Health.CANCELLED: "bright_black",
}


def health_color(app: Themed, health: Health) -> str:
    """The theme's colour for a health (a Rich colour string)."""
    variables = app.theme_variables or {}
    return variables.get(THEME_VARIABLE[health], FALLBACK[health]) or FALLBACK[health]


def health_cell(app: Themed, health: Health, with_label: bool = False) -> Text:
    """The health symbol (and its words), coloured."""
    text = f"{health.symbol} {health.label}" if with_label else health.symbol
    return Text(text, style=health_color(app, health), no_wrap=True)


def count_cell(app: Themed, health: Health, n: int) -> Text:
    """A count with the health's symbol: `✖ 2` (zero is shown dim, without colour)."""
    if n == 0:
        return Text("·", style="dim", justify="right")
    return Text(f"{health.symbol} {n}", style=health_color(app, health), justify="right")


def number_cell(value: float | None, unit: str = "") -> Text:
    """An amount with thousands separators, right-aligned."""
    return Text(clean(amount(value, unit)), justify="right", no_wrap=True)


def variance_cell(app: Themed, value: float | None, unit: str = "") -> Text:
    """+2,100 over (error colour) or −23,400 under (success colour); words carry it too."""
    if value is None:
        return Text("—", justify="right")
    if abs(value) < 1e-9:
        return Text("±0", justify="right")
    if value > 0:
        return Text(
            clean(f"+{amount(value, unit)} over"),
            style=health_color(app, Health.OVERDUE),
            justify="right",
        )
    return Text(
        clean(f"−{amount(-value, unit)} under"),
        style=health_color(app, Health.ON_TRACK),
        justify="right",
    )


def empty_table(table: DataTable[Any]) -> None:
    """Remove every row and let the columns shrink to what comes next.

    `DataTable.clear()` keeps each column as wide as the widest cell it ever
    held, so a table refilled after a long message would stay wide (and grow a
    scroll bar) depending on what it showed before.
    """
    columns = [(c.label, c.key.value) for c in table.columns.values()]
    table.clear(columns=True)
    for label, key in columns:
        table.add_column(label, key=key)
