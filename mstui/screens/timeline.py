"""The Timeline: a Gantt view of every project that planners work in with the keyboard.

Rows are projects (foldable), their milestones by date, each followed by its
tasks. A project's plan is asked of the store when its rows come near the
screen (one worker call per project), so opening on 10,000 milestones costs
the projects on screen. Every change goes through the store in a thread
worker; the selection follows the item it was on through every reload.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.worker import get_current_worker

from mstui.domain.enums import Role
from mstui.domain.timescale import Zoom, column, day_at, scroll_cells
from mstui.errors import MstuiError, NotFound, one_line
from mstui.screens.dialogs.simple import AskText, PickOne
from mstui.screens.faults import log_fault
from mstui.screens.state import NO_PROJECTS
from mstui.screens.timeline_baselines import TimelineBaselines
from mstui.screens.timeline_commands import KEYS, TimelineCommands
from mstui.screens.timeline_edits import TimelineEdits
from mstui.views.timeline import Key, PlanRow, ProjectPlan, TimelineProject
from mstui.widgets.gantt import GanttCanvas
from mstui.widgets.gantt_model import Ident, Outline, Row, keep_spans
from mstui.widgets.gantt_panel import GanttInfo, GanttPanel, info_text, panel_lines
from mstui.widgets.safe import fit


class TimelineScreen(TimelineBaselines, TimelineEdits):
    """Projects, milestones and tasks against time; move them with [ ] { }."""

    TITLE_TEXT = "Timeline"
    COMMANDS = {TimelineCommands}
    BINDINGS: ClassVar[list[BindingType]] = KEYS

    def __init__(self) -> None:
        super().__init__()
        self.projects: list[TimelineProject] = []
        self.plans: dict[int, ProjectPlan] = {}
        self.folded: set[int] = set()
        self.stale: set[int] = set()
        self.pending: set[int] = set()
        self.generation = 0
        self.outline = Outline()
        self.sel: Ident | None = None
        self.loaded = False
        self.placed = False
        self.baselines = {}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield GanttInfo(Content("Opening the database…"), id="tl-info")
        yield GanttCanvas(id="gantt")
        yield GanttPanel(Content(""), id="tl-panel")
        yield from self.compose_footer()

    @property
    def canvas(self) -> GanttCanvas:
        return self.query_one(GanttCanvas)

    # -- loading ---------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the project list again; loaded plans are refreshed as they come into view."""
        self.generation += 1
        self.stale = set(self.plans)
        self._load_projects(self.generation)

    @work(thread=True, exclusive=True, group="timeline-projects", exit_on_error=False)
    def _load_projects(self, generation: int) -> None:
        try:
            projects = self.store.timeline_projects()
            roles = {p.key: p.my_role for p in self.store.list_projects(include_archived=False)}
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        self.app.call_from_thread(self._projects_loaded, generation, projects, roles)

    def _projects_loaded(
        self, generation: int, projects: list[TimelineProject], roles: dict[str, Role | None]
    ) -> None:
        if generation != self.generation:
            return
        known = {p.id for p in projects}
        self.plans = {pid: plan for pid, plan in self.plans.items() if pid in known}
        projects = keep_spans(projects, self.plans)  # a reload redraws no heading twice
        if self.loaded and projects == self.projects and roles == self.roles:
            return self._ensure()  # nothing to draw again: the stale plans are asked for
        self.projects = projects
        self.roles = roles
        self.loaded = True
        self._rebuild()

    @work(thread=True, group="timeline-plans", exit_on_error=False)
    def _load_plans(self, generation: int, ids: list[int]) -> None:
        worker = get_current_worker()
        for pid in ids:
            if worker.is_cancelled:
                return
            try:
                plan: ProjectPlan | None = self.store.timeline_plan(pid)
            except NotFound:
                plan = None
            except Exception as exc:
                # Broad on purpose: whatever failed, these plans must stop being pending
                # (the next reload asks for them again); it is said, and a bug logged.
                if not isinstance(exc, MstuiError):
                    log_fault("loading a timeline plan", exc)
                self.app.call_from_thread(self._plans_failed, ids, one_line(exc))
                return
            self.app.call_from_thread(self._plan_loaded, generation, pid, plan)

    def _plans_failed(self, ids: list[int], message: str) -> None:
        self.pending.difference_update(ids)
        self.mstui.say(f"Could not load the plan: {message}", "error")

    def _plan_loaded(self, generation: int, pid: int, plan: ProjectPlan | None) -> None:
        # A plan read before the latest change is still newer than what is on
        # screen: show it, and keep it marked stale so that it is read again.
        self.pending.discard(pid)
        if generation == self.generation:
            self.stale.discard(pid)
        held = self.plans.get(pid)
        if plan is not None and held is not None and held.same_as(plan):
            return  # read again, unchanged: nothing to draw
        if plan is None:
            self.plans.pop(pid, None)
        else:
            self.plans[pid] = plan
            self.projects = [plan.project if p.id == pid else p for p in self.projects]
        self._rebuild()

    def _ensure(self) -> None:
        """Ask for the plans of the projects on screen, a screen above and two below."""
        if not self.loaded:
            return
        canvas = self.canvas
        h = canvas.row_count
        near = {*self.outline.projects_between(canvas.top - 3 * h, canvas.top + 4 * h)}
        if far := [p for p in self.plans if p not in near and (self.sel or (0,))[0] != p]:
            for pid in far:  # plans scrolled far away are let go; their counts keep their rows
                del self.plans[pid]
            return self._rebuild()
        wanted = [
            pid
            for pid in self.outline.projects_between(canvas.top - h, canvas.top + 2 * h)
            if (pid not in self.plans or pid in self.stale)
            and pid not in self.pending
            and pid not in self.folded
        ]
        if wanted:
            self.pending.update(wanted)
            self._load_plans(self.generation, wanted)

    def _rebuild(self) -> None:
        """A new outline from what is loaded; the selection stays on its item."""
        canvas = self.canvas
        self.outline = Outline.build(self.projects, self.plans, frozenset(self.folded))
        index = self.outline.find(self.sel) if self.sel is not None else None
        if index is None:
            index = min(canvas.selected, max(0, self.outline.total - 1))
            self.sel = self.outline.ident(index)
        elif self.sel is not None and self.sel[0] in self.plans:
            # Settle on what the row shows now (a row picked while loading,
            # an item that is gone); an item in a plan still loading is kept.
            self.sel = self.outline.ident(index)
        if self.mstui.store is not None:
            canvas.today = self.store.today()
        if not self.placed and canvas.size.width:
            self.placed = True
            self._go_today()
        canvas.show(self.outline, index)
        self._selection_changed()
        self._ensure()

    # -- what is selected -------------------------------------------------------------------
    @property
    def current(self) -> Row | None:
        return self.outline.row(self.canvas.selected)

    def _selection_changed(self) -> None:
        canvas = self.canvas
        row = self.current
        related: dict[Key, str] = {}
        if row is not None and row.item is not None and row.item.kind == "m" and row.plan:
            for mid in row.plan.preds.get(row.item.id, ()):
                related[("m", mid)] = "‹"
            for mid in row.plan.succs.get(row.item.id, ()):
                related[("m", mid)] = "›"
        canvas.related = related
        self.rights_changed()
        self._show_info()
        self._show_panel(row)

    def _show_info(self) -> None:
        shown = [
            f"{k} '{b.name}'" if b.saved else f"{k} {b.name}" for k, b in self.baselines.items()
        ]
        text = info_text(self.canvas.zoom, self.projects, self.canvas.critical, shown)
        if note := self.read_only_note():  # first, so that 80 columns show it
            text = f"{note}: moves not offered · " + text.replace("[ ] move · { } length · ", "")
        if self.loaded and not self.projects:
            text = NO_PROJECTS
        info = self.query_one(GanttInfo)
        info.show(fit(text, max(1, info.size.width - 2)).rstrip())

    def _show_panel(self, row: Row | None) -> None:
        panel = self.query_one(GanttPanel)
        today = row.plan.today if row and row.plan else self.canvas.today
        width = max(1, panel.size.width - 2)
        baseline = None
        if row is not None and row.item is not None:
            baseline = self.baseline_for(row.project.key, row.item.key)
        panel.set_class(bool(self.baselines), "-baseline")
        lines = [fit(line, width).rstrip() for line in panel_lines(row, today, baseline)]
        panel.show("\n".join(lines))  # each line went through fit(): cleaned

    def on_resize(self) -> None:
        self.call_after_refresh(self._after_resize)

    def _after_resize(self) -> None:
        if self.loaded:
            self._show_info()
            self._show_panel(self.current)
            self.canvas.reveal()
            self._ensure()

    # -- moving around ------------------------------------------------------------------------
    def _select(self, index: int) -> None:
        canvas = self.canvas
        canvas.select(index)
        self.sel = self.outline.ident(canvas.selected)
        self._selection_changed()
        self._ensure()

    def action_cursor(self, dy: int) -> None:
        self._select(self.canvas.selected + dy)

    def action_page(self, dy: int) -> None:
        self._select(self.canvas.selected + dy * self.canvas.row_count)

    @on(GanttCanvas.Moved)
    def _moved(self) -> None:
        self._ensure()

    @on(GanttCanvas.Clicked)
    def _clicked(self, event: GanttCanvas.Clicked) -> None:
        self._select(event.row)
        if event.open_it:
            self.action_open()

    def action_scroll_time(self, steps: int) -> None:
        canvas = self.canvas
        canvas.set_view(left=scroll_cells(canvas.left, canvas.zoom, steps))

    def action_page_time(self, steps: int) -> None:
        canvas = self.canvas
        canvas.set_view(left=canvas.left + steps * max(1, canvas.chart_width - 4))

    def _go_today(self) -> None:
        canvas = self.canvas
        today = self.store.today()
        canvas.set_view(left=column(today, canvas.zoom) - canvas.chart_width // 4)

    def action_today(self) -> None:
        self._go_today()

    def action_zoom(self, finer: int) -> None:
        canvas = self.canvas
        zoom = canvas.zoom.step(finer)
        if zoom is canvas.zoom:
            return
        # Zoom around what the eye is on: the selected item's date if it is on screen,
        # else today if it is, else the middle; that day keeps its place on screen.
        width = canvas.chart_width
        anchor = day_at(canvas.left + width // 2, canvas.zoom)
        item = self.selected_item()
        for when in (item.end or item.start if item else None, canvas.today):
            if when is not None and 0 <= column(when, canvas.zoom) - canvas.left < width:
                anchor = when
                break
        offset = min(max(column(anchor, canvas.zoom) - canvas.left, 0), width - 1)
        canvas.set_view(zoom=zoom, left=column(anchor, zoom) - offset)
        self._show_info()

    def action_critical(self) -> None:
        canvas = self.canvas
        canvas.set_view(critical=not canvas.critical)
        self._show_info()

    def action_fold(self) -> None:
        row = self.current
        if row is None:
            return
        pid = row.project.id
        if pid in self.folded:
            self.folded.discard(pid)
        else:
            self.folded.add(pid)
        self.sel = (pid, None)
        self._rebuild()

    def action_open(self) -> None:
        row = self.current
        if row is None:
            return
        if row.heading:
            self.action_fold()
        elif row.item is not None and row.item.kind == "m":
            self.mstui.open_milestone(row.item.id)
        elif row.item is not None and row.item.kind == "t":
            if row.item.milestone_id is None:
                self.mstui.say("This task leads to no milestone; nothing to open.")
            else:
                self.mstui.open_milestone(row.item.milestone_id)

    def action_pick_project(self) -> None:
        choices = [(str(p.id), f"{p.key}  {p.name}") for p in self.projects]

        def chosen(value: str | None) -> None:
            if value:
                pid = int(value)
                self.folded.discard(pid)
                self.sel = (pid, None)
                self._rebuild()
                index = self.outline.find((pid, None)) or 0
                self.canvas.scroll_to(y=index, animate=False, immediate=True)
                self._ensure()

        self.app.push_screen(PickOne("Go to which project?", choices), chosen)

    def action_find(self) -> None:
        def got(text: str | None) -> None:
            if text:
                self._find(text, self.canvas.selected)

        self.app.push_screen(AskText("Find a milestone or task whose title contains:"), got)

    @work(thread=True, exclusive=True, group="timeline-find", exit_on_error=False)
    def _find(self, text: str, after: int) -> None:
        try:
            hits = self.store.timeline_find(text)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        self.app.call_from_thread(self._found, text, hits, after)

    def _found(self, text: str, hits: list[tuple[int, Key]], after: int) -> None:
        if not hits:
            self.mstui.say(f"Nothing is called “{text}”.")
            return
        placed = [(self.outline.find((pid, key)) or 0, pid, key) for pid, key in hits]
        placed.sort()
        _index, pid, key = next((h for h in placed if h[0] > after), placed[0])
        self.folded.discard(pid)
        self.sel = (pid, key)
        self._rebuild()

    def baselines_changed(self) -> None:
        known = {p.key for p in self.projects}
        self.baselines = {k: v for k, v in self.baselines.items() if k in known}
        ids = {p.id for p in self.projects if p.key in self.baselines}
        canvas = self.canvas
        canvas.show_ghosts(self.ghosts(), ids)
        item = self.selected_item()
        if item is not None and item.end is not None:  # its date and its ghost in view
            at = column(item.end, canvas.zoom) - canvas.left
            if not 0 <= at < canvas.chart_width:
                canvas.set_view(left=column(item.end, canvas.zoom) - canvas.chart_width // 3)
        self._show_info()
        self._show_panel(self.current)
        self.call_after_refresh(canvas.reveal)  # the panel grew a line: keep the row in view

    # -- for the editing half -----------------------------------------------------------------
    def selected_project(self) -> str | None:
        if self.sel is None:
            return None
        return next((p.key for p in self.projects if p.id == self.sel[0]), None)

    def selected_item(self) -> PlanRow | None:
        row = self.current
        return row.item if row is not None else None

    @property
    def zoom(self) -> Zoom:
        return self.canvas.zoom

    def follow(self, key: Key) -> None:
        if self.sel is not None:
            self.sel = (self.sel[0], key)
