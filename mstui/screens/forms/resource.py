"""Book a resource (a person, a piece of equipment) on a milestone or one of its tasks.

Opened with `r` on the milestone detail. A resource name not seen before is
added with the kind and daily capacity given; bookings already made here can
be unticked to remove them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, SelectionList, Static

from mstui.domain.bounds import check_amount
from mstui.domain.dates import parse_date
from mstui.domain.numbers import amount
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Save, Values
from mstui.views.milestones import MilestoneView, TaskView
from mstui.views.resources import BookingView, ResourceView
from mstui.widgets.safe import plain, say

if TYPE_CHECKING:
    from mstui.store import Store


class BookingForm(Form):
    """Who or what, on the milestone or which task, which days, how much a day."""

    def __init__(
        self,
        save: Save,
        milestone: MilestoneView,
        tasks: Sequence[TaskView],
        resources: Sequence[ResourceView],
        bookings: Sequence[BookingView],
        today: date,
    ) -> None:
        super().__init__(save)
        self.milestone = milestone
        self.tasks = tasks
        self.resources = resources
        self.bookings = bookings
        self.today = today

    def compose(self) -> ComposeResult:
        m = self.milestone
        with Vertical(classes="form form--small"):
            yield Static(say(f"Book a resource on #{m.id} ", m.title), classes="form--title")
            if self.bookings:
                yield Static(Content("Booked here (untick to remove):"), classes="field--hint")
                yield SelectionList[int](
                    *[
                        (
                            plain(
                                f"#{b.id} {b.resource} on {b.subject}, {b.start:%d %b}–"
                                f"{b.end:%d %b}, {amount(b.amount)} a day"
                            ),
                            b.id,
                            True,
                        )
                        for b in self.bookings
                    ],
                    id="booked",
                )
            names = [r.name for r in self.resources]
            known = ", ".join(f"{r.name} ({amount(r.capacity)}/day)" for r in self.resources)
            yield Static(
                say("Resources: ", known or "none yet: type a name to add one"),
                classes="field--hint",
            )
            yield from self.field(
                "resource",
                "Resource",
                Input(
                    "",
                    id="resource",
                    placeholder="name (a new name adds it)",
                    suggester=SuggestFromList(names, case_sensitive=False),
                ),
            )
            on = [(Content("the milestone itself"), "m")] + [
                (plain(f"task {t.title} ({t.start:%d %b}–{t.end:%d %b})"), f"t{t.id}")
                for t in self.tasks
            ]
            yield from self.field(
                "on", "Booked on", Select(on, value="m", allow_blank=False, id="on")
            )
            yield from self.field(
                "start",
                "From",
                Input("", id="start", placeholder="blank: the task's start, or today"),
            )
            yield from self.field(
                "end",
                "To",
                Input("", id="end", placeholder="blank: the task's end, or the due date"),
            )
            yield from self.field(
                "amount", "Per day", Input("", id="amount", placeholder="blank: its whole capacity")
            )
            kinds = [(Content("person"), "person"), (Content("equipment"), "equipment")]
            yield from self.field(
                "kind", "New: kind", Select(kinds, value="person", allow_blank=False, id="kind")
            )
            yield from self.field("capacity", "New: capacity", Input("8", id="capacity"))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#resource", Input).focus()

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _number(self, name: str) -> float | None:
        raw = self._text(name).replace(",", "")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise Invalid(name, raw, "not a number") from None
        if not value > 0 or value == float("inf"):
            raise Invalid(name, raw, "must be a number more than 0")
        return check_amount(name, value, raw)

    def read(self) -> Values | None:
        values: Values = {}
        bad: list[str] = []
        for name in ("start", "end"):
            raw = self._text(name)
            try:
                values[name] = parse_date(raw, self.today, name) if raw else None
            except Invalid as exc:
                self.show_error(name, str(exc))
                bad.append(name)
        for name in ("amount", "capacity"):
            try:
                values[name] = self._number(name)
            except Invalid as exc:
                self.show_error(name, str(exc))
                bad.append(name)
        if not bad and values["start"] and values["end"] and values["end"] < values["start"]:
            self.show_error("end", "end: is before the start")
            bad.append("end")
        keep = set(self.query_one("#booked", SelectionList).selected) if self.bookings else set()
        values["remove"] = [b.id for b in self.bookings if b.id not in keep]
        values["resource"] = self._text("resource")
        if not bad and not values["resource"] and not values["remove"]:
            self.show_error("resource", "resource: name who or what to book (esc cancels)")
            bad.append("resource")
        if bad:
            self.query_one(f"#{bad[0]}").focus()
            return None
        on = str(self.query_one("#on", Select).value)
        values["task_id"] = int(on[1:]) if on.startswith("t") else None
        values["kind"] = str(self.query_one("#kind", Select).value)
        return values


def save_booking(store: Store, milestone_id: int, values: Values) -> str:
    """Remove the unticked bookings, then make the new one; returns what was done, in words."""
    done = []
    if values["resource"]:  # first: a refused booking leaves the others as they were
        b = store.book(
            values["resource"],
            task_id=values["task_id"],
            milestone_id=None if values["task_id"] else milestone_id,
            start=values["start"],
            end=values["end"],
            amount=values["amount"],
            new_kind=values["kind"],
            new_capacity=values["capacity"],
        )
        done.append(
            f"booked {b.resource} on {b.subject}, {b.start:%d %b}–{b.end:%d %b}, "
            f"{amount(b.amount)} a day"
        )
    for bid in values["remove"]:
        gone = store.unbook(bid)
        done.append(f"removed {gone.resource} from {gone.subject}")
    return "; ".join(done).capitalize()
