"""Screen 4, Targets: each target's figure against its checkpoints, pace and projection.

The list at the top picks a target; below it: its facts (actual, expected by
today, pace, projection), a chart of expected against actual with the
checkpoints marked, each checkpoint met or missed, the recorded figures
(correct or remove one) and the milestones linked to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.enums import Role
from mstui.domain.target_standing import standing_label
from mstui.errors import MstuiError
from mstui.screens.dialogs.simple import ConfirmDialog
from mstui.screens.forms.base import Form, Values
from mstui.screens.forms.figures import MeasurementForm, RecordForm
from mstui.screens.forms.target import CheckpointsForm, milestone_picker, target_form
from mstui.screens.host import Undo, UndoStep
from mstui.screens.report_parts import (
    checkpoint_rows,
    linked_rows,
    measurement_rows,
    pct,
    target_facts,
    target_row,
    target_spec,
    targets_summary,
)
from mstui.screens.rights import Rights
from mstui.views.targets import TargetView
from mstui.widgets.charts import Chart, ChartSpec
from mstui.widgets.safe import say
from mstui.widgets.tables import empty_table

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.targets import MeasurementEntry

T = TypeVar("T")

PANELS = (
    ("t-checkpoints", "Checkpoints (enter: change them)"),
    ("t-measurements", "Recorded figures (enter: correct · delete: remove)"),
    ("t-linked", "Target milestones (enter: open · l: pick)"),
)


class TargetsScreen(Rights):
    """Targets against their checkpoints: record figures, fix them, change the plan.

    Where I am below editor on the selected target's project, its writes are not
    offered (mstui/screens/rights.py); a target of no project is its owner's (the
    store says so if I am not)."""

    WRITES = frozenset({"record", "edit", "checkpoints", "link", "delete"})
    KEYS = frozenset({"r", "e", "c", "l", "delete"})

    TITLE_TEXT = "Targets"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (120, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "record", "Record", id="targets.record"),
        Binding("n", "new", "New", id="targets.new"),
        Binding("e", "edit", "Edit", id="targets.edit"),
        Binding("c", "checkpoints", "Checkpoints", id="targets.checkpoints"),
        Binding("l", "link", "Milestones", id="targets.link"),
        Binding("enter", "choose", "Open", show=False, id="targets.choose", priority=True),
        Binding("delete", "delete", "Delete", show=False, id="targets.delete"),
        Binding("j", "cursor(1)", "Down", show=False, id="targets.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="targets.up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[TargetView] = []
        self.selected: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(Content("Loading targets…"), id="targets-summary")
        with VerticalScroll(id="targets-body"), Grid(id="targets-grid"):
            with Vertical(classes="panel", id="p-targets") as panel:
                panel.border_title = Content("Targets (r: record a figure)")
                yield DataTable(id="t-targets", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="panel", id="p-facts") as panel:
                panel.border_title = Content("Where it stands")
                yield Static("", id="target-facts")
            with Vertical(classes="panel", id="p-tchart") as panel:
                panel.border_title = Content("Chart")
                yield Chart(id="target-chart")
            for ident, title in PANELS:
                with Vertical(classes="panel", id=f"p-{ident[2:]}") as panel:
                    panel.border_title = Content(title)
                    yield DataTable(id=ident, cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        self.query_one("#t-targets", DataTable).add_columns(
            "Target", "Actual", "Expected", "Pace", "Projected", "Goal", "Proj"
        )
        self.query_one("#t-checkpoints", DataTable).add_columns(
            "Date", "Expected", "Actual", "Result"
        )
        self.query_one("#t-measurements", DataTable).add_columns("Date", "Figure", "Note", "By")
        self.query_one("#t-linked", DataTable).add_columns("", "Milestone", "Owner", "Due")
        self.query_one("#t-targets", DataTable).focus()
        # (DataScreen.on_mount runs after this one: Textual calls each class's handler.)

    # -- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        try:
            targets = self.store.targets_overview()
            roles = {p.key: p.my_role for p in self.store.list_projects()}
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, targets, roles)

    @property
    def target(self) -> TargetView | None:
        for t in self.targets:
            if t.id == self.selected:
                return t
        return self.targets[0] if self.targets else None

    def _show(self, targets: list[TargetView], roles: dict[str, Role | None]) -> None:
        self.targets = targets
        self.roles = roles
        if self.target is not None:
            self.selected = self.target.id
        table = self.query_one("#t-targets", DataTable)
        empty_table(table)
        for t in targets:
            table.add_row(*target_row(self.app, t), key=str(t.id))
        if self.target is not None:
            table.move_cursor(row=targets.index(self.target), animate=False)
        self._show_target()

    def _show_target(self) -> None:
        self.rights_changed()
        summary = targets_summary(self.targets, self.read_only_note())
        self.query_one("#targets-summary", Static).update(say(summary))
        t = self.target
        facts = self.query_one("#target-facts", Static)
        for ident in ("t-checkpoints", "t-measurements", "t-linked"):
            empty_table(self.query_one(f"#{ident}", DataTable))
        chart = self.query_one("#target-chart", Chart)
        if t is None:
            facts.update(Content("No target selected."))
            chart.spec = ChartSpec("No target", "date", "figure", empty="No targets yet.")
            return
        facts.update(target_facts(t))
        chart.spec = target_spec(t)
        for ident, rows in (
            ("t-checkpoints", checkpoint_rows(self.app, t)),
            ("t-measurements", measurement_rows(t)),
            ("t-linked", linked_rows(self.app, t)),
        ):
            table = self.query_one(f"#{ident}", DataTable)
            for key, cells in rows:
                table.add_row(*cells, key=key)

    @on(DataTable.RowHighlighted, "#t-targets")
    def _target_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and int(key) != self.selected:
            self.selected = int(key)
            self._show_target()

    def selected_project(self) -> str | None:
        return self.target.project if self.target is not None else None

    # -- moving and choosing ----------------------------------------------------------------
    def _table(self) -> DataTable[object] | None:
        return self.focused if isinstance(self.focused, DataTable) else None

    def _row_key(self, table: DataTable[object]) -> str | None:
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_cursor(self, dy: int) -> None:
        table = self._table()
        if table is not None:
            table.move_cursor(row=max(0, table.cursor_row + dy))

    def action_choose(self) -> None:
        table = self._table()
        if table is None:
            return
        if table.id != "t-linked" and (why := self.refused_here()) is not None:
            self.mstui.say(why, "error")  # enter edits everywhere but on the milestones
            return
        key = self._row_key(table)
        if table.id == "t-targets":
            self.action_edit()
        elif table.id == "t-checkpoints":
            self.action_checkpoints()
        elif table.id == "t-measurements" and key:
            self._correct(int(key))
        elif table.id == "t-linked" and key:
            self.mstui.open_milestone(int(key))

    @on(DataTable.RowSelected)
    def _clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_choose()

    # -- changing things ------------------------------------------------------------------------
    def _form(
        self,
        form: Form,
        what: Callable[[TargetView], str],
        undo: Callable[[TargetView], UndoStep | None] | None = None,
    ) -> None:
        """Open `form`; after its save, tell the app what it did and how to take it back."""

        def done(result: object) -> None:
            if not isinstance(result, TargetView):  # closed without saving
                return
            step = undo(result) if undo is not None else None
            self.selected = result.id
            self.change_made(what(result), step, result if step is not None else None)

        self.app.push_screen(form, done)

    def action_record(self) -> None:
        t = self.target
        if t is None:
            self.mstui.say("No target yet: n adds one.")
            return

        def save(v: Values) -> TargetView:
            return self.store.record_measurement(t.id, v["value"], v["date"], v["note"], v["add"])

        before = {e.id for e in t.entries}
        me = self.mstui.login

        def undo(after: TargetView) -> UndoStep | None:
            # The figure this save added: new since the form opened, and mine
            # (someone else may have recorded one meanwhile).
            mine = [e for e in after.entries if e.id not in before and e.recorded_by == me]
            newest = max(mine, key=lambda e: e.id, default=None)
            if newest is None:
                return None
            return UndoStep(
                f"the figure of {newest.date:%d %b}",
                lambda store: store.delete_measurement(newest.id),
            )

        self._form(
            RecordForm(save, t),
            lambda r: (
                f"Recorded: {r.name} {r.money(r.state.actual)}; pace {pct(r.state.pace)}, "
                f"{standing_label(r.state, r.direction)}"
            ),
            undo,
        )

    def _correct(self, mid: int) -> None:
        t = self.target
        entry = next((e for e in t.entries if e.id == mid), None) if t else None
        if t is None or entry is None:
            return

        def save(v: Values) -> TargetView:
            return self.store.edit_measurement(
                mid, value=v["value"], when=v["date"], note=v["note"]
            )

        def undo(_: TargetView) -> UndoStep:
            return UndoStep(
                "the correction",
                lambda store: store.edit_measurement(
                    mid, value=entry.value, when=entry.date, note=entry.note
                ),
            )

        self._form(MeasurementForm(save, t, entry), lambda r: f"Corrected: {r.name}", undo)

    def action_new(self) -> None:
        self._target_form(None)

    def action_edit(self) -> None:
        if self.target is not None:
            self._target_form(self.target)

    @work(thread=True, group="form", exit_on_error=False)
    def _target_form(self, t: TargetView | None) -> None:
        try:
            form = target_form(self.store, t)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        verb = "Added" if t is None else "Saved"
        self.app.call_from_thread(self._form, form, lambda r: f"{verb} target {r.name}")

    def action_checkpoints(self) -> None:
        t = self.target
        if t is None:
            return

        def save(v: Values) -> TargetView:
            return self.store.set_checkpoints(t.id, v["checkpoints"], t.version)

        def undo(after: TargetView) -> UndoStep:
            old = t.checkpoints
            # With the version it has after my save: a later change by someone
            # else makes the undo a conflict, not an overwrite.
            return UndoStep(
                "the checkpoints",
                lambda store: store.set_checkpoints(t.id, old, after.version),
            )

        self._form(CheckpointsForm(save, t), lambda r: f"Checkpoints saved: {r.name}", undo)

    def action_link(self) -> None:
        if self.target is not None:
            self._link_form(self.target)

    @work(thread=True, group="form", exit_on_error=False)
    def _link_form(self, t: TargetView) -> None:
        try:
            picker = milestone_picker(self.store, t)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        self.app.call_from_thread(self._form, picker, lambda r: f"Milestones of {r.name} saved")

    def action_delete(self) -> None:
        table, t = self._table(), self.target
        if table is None or t is None:
            return
        if table.id == "t-measurements":
            key = self._row_key(table)
            entry = next((e for e in t.entries if str(e.id) == key), None)
            if entry is not None:
                self._delete_entry(t, entry)
        elif table.id == "t-targets":
            question = say(
                f"Delete target #{t.id} ",
                t.name,
                "?\nIts checkpoints and figures "
                "go with it; its milestones stay. This cannot be undone.",
            )

            def decided(yes: bool | None) -> None:
                if yes:
                    self._change(
                        f"Deleted target {t.name}",
                        lambda store: store.delete_target(t.id, t.version),
                    )

            self.app.push_screen(ConfirmDialog(question, "Delete"), decided)

    def _delete_entry(self, t: TargetView, e: MeasurementEntry) -> None:
        def decided(yes: bool | None) -> None:
            if not yes:
                return
            self._change(
                f"Removed the figure of {e.date:%d %b}",
                lambda store: store.delete_measurement(e.id),
                lambda _after: (
                    lambda store: store.record_measurement(t.id, e.value, e.date, e.note)
                ),
            )

        question = say(
            f"Remove the figure {t.money(e.value)} of {e.date:%d %b} from ",
            t.name,
            "? (u undoes it)",
        )
        self.app.push_screen(ConfirmDialog(question, "Remove"), decided)

    def _change(
        self, what: str, call: Callable[[Store], T], undo: Callable[[T], Undo] | None = None
    ) -> None:
        self.run_change(what, call, undo=undo)
