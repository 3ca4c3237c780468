"""The Timeline beside a baseline: `b` picks a saved plan of the selected row's project
(or the plan as it stood on a past date) and draws it as ghosts under today's.

A project shows at most one baseline at a time; several projects may each show one.
The baselines are read in a thread worker; the canvas only draws what it is handed.
"""

from __future__ import annotations

from textual import work

from mstui.domain.baselines import PlanItem
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.dialogs.simple import AskText, PickOne
from mstui.views.baselines import BaselineSummary, BaselineView
from mstui.views.timeline import Key
from mstui.widgets.gantt_panel import Baseline
from mstui.widgets.safe import fit

PAST = "\x00date"
HIDE = "\x00hide"


class TimelineBaselines(DataScreen):
    """`b`: pick, show and hide a baseline per project."""

    baselines: dict[str, BaselineView]
    """Project key → the baseline shown for it."""

    # What the screen provides.
    def selected_project(self) -> str | None:
        raise NotImplementedError

    def baselines_changed(self) -> None:
        """Redraw with the baselines now chosen."""
        raise NotImplementedError

    def ghosts(self) -> dict[Key, PlanItem]:
        """Every item of the baselines shown, by key."""
        out: dict[Key, PlanItem] = {}
        for view in self.baselines.values():
            out.update(view.index)
        return out

    def baseline_for(self, project: str, key: Key) -> Baseline | None:
        """(name, the item as the project's baseline holds it) for the panel."""
        view = self.baselines.get(project)
        if view is None:
            return None
        name = f"'{view.name}'" if view.saved else view.name
        return name, view.item(*key)

    def action_baseline(self) -> None:
        key = self.selected_project()
        if key is None:
            self.mstui.say("Select a row of a project to compare it with a baseline.")
            return
        self._list_baselines(key)

    @work(thread=True, exclusive=True, group="timeline-baselines", exit_on_error=False)
    def _list_baselines(self, key: str) -> None:
        try:
            found = self.store.baselines(key)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        self.app.call_from_thread(self._pick, key, found)

    def _pick(self, key: str, found: list[BaselineSummary]) -> None:
        choices = [
            (b.name, f"{fit(b.name, 30).rstrip()}  saved {b.at:%d %b %Y} by {b.by or '?'} "
                     f"· {b.milestones} milestones, {b.tasks} tasks")
            for b in found
        ]  # fmt: skip
        choices.append((PAST, "The plan as it stood on a past date…"))
        if key in self.baselines:
            choices.append((HIDE, "Hide the baseline"))
        hint = "" if found else f" (none saved yet: mstui baseline save {key})"
        current = self.baselines[key].name if key in self.baselines else None

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value == HIDE:
                self.baselines.pop(key, None)
                self.baselines_changed()
            elif value == PAST:
                self._ask_date(key)
            else:
                self._load(key, value, None)

        title = f"Compare {key} with which baseline?{hint}"
        self.app.push_screen(PickOne(title, choices, current, all_label=None), chosen)

    def _ask_date(self, key: str) -> None:
        def got(text: str | None) -> None:
            if text:
                self._load(key, None, text)

        question = f"Show {key}'s plan as it stood at the end of which day? (2026-11-20, -2w, mon)"
        self.app.push_screen(AskText(question), got)

    @work(thread=True, exclusive=True, group="timeline-baselines", exit_on_error=False)
    def _load(self, key: str, name: str | None, day_text: str | None) -> None:
        from mstui.domain.dates import end_of_day, parse_date

        store = self.store
        try:
            if day_text is not None:
                tz = store.project(key).timezone or store.settings.timezone
                day = parse_date(day_text, store.today(tz), "date")
                view = store.plan_as_of(key, end_of_day(tz, day))
            else:
                view = store.baseline(key, name)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        self.app.call_from_thread(self._loaded, key, view)

    def _loaded(self, key: str, view: BaselineView) -> None:
        self.baselines[key] = view
        self.baselines_changed()
        what = f"baseline '{view.name}'" if view.saved else f"the plan {view.name}"
        self.mstui.say(f"{key} beside {what}: ◊ where milestones were due, ─ where tasks ran")
