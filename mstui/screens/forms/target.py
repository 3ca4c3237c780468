"""Forms of the Targets screen: a target, its checkpoints, its milestones.

Each reads and checks what was typed first (a wrong value is shown under its
field and the form stays open with what was typed), then saves in a thread;
a refusal from the store is shown the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from mstui.domain.dates import parse_date
from mstui.domain.enums import Direction
from mstui.domain.targets import checkpoint_dates, even_split, parse_checkpoints
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Save, Values
from mstui.screens.forms.figures import figure, fmt
from mstui.views.milestones import MilestoneView
from mstui.widgets.safe import plain, say

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.targets import TargetView


class TargetForm(Form):
    """A new target, or every field of one: name, goal, unit, period, cadence, direction, owner."""

    def __init__(
        self,
        save: Save,
        today: date,
        people: Sequence[str],
        projects: Sequence[str],
        target: TargetView | None = None,
    ) -> None:
        super().__init__(save)
        self.today = today
        self.people = people
        self.projects = projects
        self.editing = target

    def compose(self) -> ComposeResult:
        t = self.editing
        with Vertical(classes="form form--small"):
            yield Static(
                say(f"Edit target #{t.id} ", t.name) if t else Content("New target"),
                classes="form--title",
            )
            yield from self.field("name", "Name", Input(t.name if t else "", id="name"))
            goal = f"{t.goal:g}" if t else ""
            yield from self.field("goal", "Goal", Input(goal, id="goal", placeholder="100,000"))
            yield from self.field(
                "unit", "Unit", Input(t.unit if t else "", id="unit", placeholder="USD")
            )
            start = t.start.isoformat() if t else "today"
            yield from self.field("start", "Start", Input(start, id="start"))
            yield from self.field("end", "End", Input(t.end.isoformat() if t else "eom", id="end"))
            yield from self.field(
                "cadence",
                "Checkpoints",
                Input(
                    t.cadence if t else "weekly:fri",
                    id="cadence",
                    placeholder="weekly:fri, daily, monthly or dates",
                ),
            )
            options = [
                (Content("at least (reach it)"), "at_least"),
                (Content("at most (stay under it)"), "at_most"),
            ]
            value = t.direction.value if t else "at_least"
            yield from self.field(
                "direction",
                "Direction",
                Select(options, value=value, allow_blank=False, id="direction"),
            )
            yield from self.field(
                "project",
                "Project",
                Input(
                    (t.project or "") if t else "",
                    id="project",
                    placeholder="key (optional)",
                    suggester=SuggestFromList(self.projects, case_sensitive=False),
                ),
            )
            yield from self.field(
                "owner",
                "Owner",
                Input(
                    (t.owner or "") if t else "",
                    id="owner",
                    placeholder="login (default: you)",
                    suggester=SuggestFromList(self.people, case_sensitive=False),
                ),
            )
            if t is not None and not t.even:
                yield Static(
                    Content(
                        "Checkpoints are set by hand: a new cadence splits the goal evenly again."
                    ),
                    classes="field--hint",
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def read(self) -> Values | None:
        values = self.collect(
            {
                "name": lambda: self._required("name"),
                "goal": lambda: figure(self.text("goal"), "goal"),
                "unit": lambda: self.text("unit").strip(),
                "start": lambda: parse_date(self.text("start"), self.today, "start"),
                "end": lambda: parse_date(self.text("end"), self.today, "end"),
                "cadence": lambda: self.text("cadence").strip(),
                "direction": lambda: Direction(str(self.query_one("#direction", Select).value)),
                "project": lambda: self.text("project").strip().upper(),
                "owner": lambda: self.text("owner").strip(),
            }
        )
        if values is None:
            return None
        if values["goal"] <= 0:
            self.show_error("goal", f'goal: must be more than 0 (got "{self.text("goal")}")')
            return None
        if values["end"] < values["start"]:
            self.show_error("end", "end: is before the start")
            return None
        try:
            checkpoint_dates(values["cadence"], values["start"], values["end"])
        except Invalid as exc:
            self.show_error("cadence", str(exc))
            return None
        return values

    def _required(self, name: str) -> str:
        text = self.text(name).strip()
        if not text:
            raise Invalid(name, text, "must not be empty")
        return text


class CheckpointsForm(Form):
    """The checkpoints, one a line (`2026-11-06 25000`), by hand or split evenly by a cadence."""

    # Priority: the text area would take ctrl+e (end of line) first.
    BINDINGS = [Binding("ctrl+e", "split", "Split evenly", id="checkpoints.split", priority=True)]

    def __init__(self, save: Save, target: TargetView) -> None:
        super().__init__(save)
        self.target = target

    def compose(self) -> ComposeResult:
        t = self.target
        lines = "\n".join(f"{c.date.isoformat()} {c.expected:g}" for c in t.state.checkpoints)
        # A long list scrolls inside its box: the form keeps its buttons on screen.
        with Vertical(classes="form form--small form--fill"):
            yield Static(say("Checkpoints of ", t.name), classes="form--title")
            yield Static(
                say(
                    f"Cumulative figures, one a line: date and figure. Period {t.start:%d %b} to "
                    f"{t.end:%d %b %Y}, goal {fmt(t.goal)} {t.unit}."
                ),
                classes="field--hint",
            )
            yield from self.field(
                "checkpoints",
                "Checkpoints",
                TextArea(lines, id="checkpoints", soft_wrap=False),
                grow=True,
            )
            yield from self.field(
                "cadence", "Cadence", Input(t.cadence or "weekly:fri", id="cadence")
            )
            yield Button(
                Content("Split the goal evenly by the cadence (ctrl+e)"), id="split", compact=True
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#checkpoints", TextArea).focus()

    @on(Button.Pressed, "#split")
    def action_split(self) -> None:
        self.clear_errors()
        t = self.target
        try:
            dates = checkpoint_dates(self.text("cadence"), t.start, t.end)
        except Invalid as exc:
            self.show_error("cadence", str(exc))
            return
        points = zip(dates, even_split(t.goal, len(dates)), strict=True)
        self.query_one("#checkpoints", TextArea).load_text(
            "\n".join(f"{d.isoformat()} {v:g}" for d, v in points)
        )

    def read(self) -> Values | None:
        t = self.target
        return self.collect(
            {
                "checkpoints": lambda: parse_checkpoints(
                    self.query_one("#checkpoints", TextArea).text, t.start, t.end
                ),
            }
        )


class MilestonePicker(Form):
    """Pick the target's milestones ("target milestones": the work that reaches it)."""

    def __init__(
        self,
        save: Save,
        target: TargetView,
        candidates: Sequence[MilestoneView],
    ) -> None:
        super().__init__(save)
        self.target = target
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        linked = {m.id for m in self.target.milestones}
        with Vertical(classes="form form--small"):
            yield Static(say("Milestones that reach ", self.target.name), classes="form--title")
            items = [
                (plain(f"#{c.id} {c.project} {c.title} (due {c.due:%d %b})"), c.id, c.id in linked)
                for c in self.candidates
            ]
            yield SelectionList[int](*items, id="milestones")
            yield Label("", id="milestones-error", classes="field--error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def read(self) -> Values | None:
        return {"milestones": list(self.query_one(SelectionList).selected)}


def target_form(store: Store, t: TargetView | None) -> TargetForm:
    """The form to add a target, or to edit `t` (run in a worker: it reads the store)."""
    people = [p.login for p in store.list_people()]
    projects = [p.key for p in store.list_projects(include_archived=False)]
    today = t.today if t else store.today()

    def save(v: Values) -> object:
        if t is None:
            return store.add_target(
                v["name"], v["goal"], v["start"], v["end"], unit=v["unit"],
                cadence=v["cadence"], project=v["project"] or None,
                owner=v["owner"] or None, direction=v["direction"],
            )  # fmt: skip
        fields = ("name", "goal", "unit", "start", "end", "direction", "project", "owner")
        changes = {k: v[k] for k in fields}
        if v["cadence"] != t.cadence:
            changes["cadence"] = v["cadence"]
        return store.edit_target(t.id, t.version, **changes)

    return TargetForm(save, today, people, projects, t)


def milestone_picker(store: Store, t: TargetView) -> MilestonePicker:
    """The picker of a target's milestones: those of its project (all, without one)."""
    from mstui.store import MilestoneFilter

    candidates = store.list_milestones(MilestoneFilter(project=t.project, include_archived=False))

    def save(v: Values) -> object:
        return store.set_target_milestones(t.id, v["milestones"])

    return MilestonePicker(save, t, candidates)
