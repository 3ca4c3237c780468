"""Forms of a target's figures: record one (cumulative or an increment), correct one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Static

from mstui.domain.bounds import check_amount
from mstui.domain.dates import parse_date
from mstui.domain.text import clean
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Save, Values
from mstui.widgets.safe import say
from mstui.widgets.tick import Tick

if TYPE_CHECKING:
    from mstui.views.targets import MeasurementEntry, TargetView


def figure(raw: str, name: str, *, negative: bool = False) -> float:
    text = raw.strip().replace(",", "").replace("_", "")
    try:
        value = float(text)
    except ValueError:
        raise Invalid(name, raw, "not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Invalid(name, raw, "not a number")
    if value < 0 and not negative:
        raise Invalid(name, raw, "must be 0 or more")
    return check_amount(name, value, raw)  # the store refuses past 1e15 too: say it here


def fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


class RecordForm(Form):
    """Record a figure: cumulative to a date (default today), or with "add" an increment."""

    def __init__(self, save: Save, target: TargetView) -> None:
        super().__init__(save)
        self.target = target
        self._lower_confirmed: float | None = None

    def compose(self) -> ComposeResult:
        t = self.target
        with Vertical(classes="form form--small"):
            yield Static(say("Record a figure: ", t.name), classes="form--title")
            so_far = (
                "nothing yet"
                if t.state.actual is None
                else (f"{fmt(t.state.actual)} {t.unit} on {t.state.actual_date:%d %b}")
            )
            yield Static(
                say(f"Cumulative to the date (so far: {so_far}; goal {fmt(t.goal)} {t.unit})"),
                classes="field--hint",
            )
            yield from self.field(
                "value",
                clean(f"Value ({t.unit or 'figure'})"),
                Input("", id="value", placeholder="e.g. 81,500"),
            )
            yield from self.field("date", "Date", Input("today", id="date"))
            yield from self.field("note", "Note", Input("", id="note", placeholder="optional"))
            yield Tick(Content("Add to the figure so far (an increment)"), id="add")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    def read(self) -> Values | None:
        add = self.query_one("#add", Checkbox).value
        values = self.collect(
            {
                "value": lambda: figure(self.text("value"), "value", negative=add),
                "date": lambda: parse_date(self.text("date"), self.target.today, "date"),
                "note": lambda: self.text("note"),
                "add": lambda: add,
            }
        )
        if values is None or add:
            return values
        # A cumulative figure below the latest one is most often an increment typed
        # without ticking "add": ask once; the same figure saved again is recorded.
        state = self.target.state
        value = values["value"]
        if (
            state.actual is not None
            and state.actual_date is not None
            and values["date"] >= state.actual_date
            and value < state.actual
            and self._lower_confirmed != value
        ):
            self._lower_confirmed = value
            unit = f" {self.target.unit}" if self.target.unit else ""
            self.show_error(
                "value",
                f"Value: below the figure so far ({fmt(state.actual)}{unit} on "
                f"{state.actual_date:%d %b}). A cumulative figure: ctrl+s again records it; "
                "an increment: tick Add.",
            )
            return None
        return values


class MeasurementForm(Form):
    """Correct a recorded figure: value, date, note."""

    def __init__(self, save: Save, target: TargetView, entry: MeasurementEntry) -> None:
        super().__init__(save)
        self.target = target
        self.entry = entry

    def compose(self) -> ComposeResult:
        e = self.entry
        with Vertical(classes="form form--small"):
            yield Static(
                say(f"Correct the figure of {e.date:%d %b} — ", self.target.name),
                classes="form--title",
            )
            yield from self.field("value", "Value", Input(f"{e.value:g}", id="value"))
            yield from self.field("date", "Date", Input(e.date.isoformat(), id="date"))
            yield from self.field("note", "Note", Input(e.note, id="note"))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    def read(self) -> Values | None:
        return self.collect(
            {
                "value": lambda: figure(self.text("value"), "value"),
                "date": lambda: parse_date(self.text("date"), self.target.today, "date"),
                "note": lambda: self.text("note"),
            }
        )
