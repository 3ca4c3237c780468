"""Screen 4, Targets: each target's figure against its checkpoints, pace and projection.

The list at the top picks a target; below it: its facts (actual, expected by
today, pace, projection), a chart of expected against actual with the
checkpoints marked, each checkpoint met or missed, the recorded figures
(correct or remove one) and the milestones linked to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.dates import relative
from mstui.domain.enums import Health
from mstui.domain.numbers import amount
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.dialogs import ConfirmDialog
from mstui.screens.report_parts import checkpoint_result, pct, target_facts, target_spec
from mstui.screens.target_forms import (
    CheckpointsForm,
    MeasurementForm,
    RecordForm,
    milestone_picker,
    target_form,
)
from mstui.widgets.charts import Chart, ChartSpec
from mstui.widgets.safe import cell, fit, say
from mstui.widgets.tables import empty_table, health_cell, number_cell

if TYPE_CHECKING:
    from mstui.views.targets import MeasurementEntry, TargetView

PANELS = (
    ("t-checkpoints", "Checkpoints (enter: change them)"),
    ("t-measurements", "Recorded figures (enter: correct · delete: remove)"),
    ("t-linked", "Target milestones (enter: open · l: pick)"),
)


class TargetsScreen(DataScreen):
    """Targets against their checkpoints: record figures, fix them, change the plan."""

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
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, targets)

    @property
    def target(self) -> TargetView | None:
        for t in self.targets:
            if t.id == self.selected:
                return t
        return self.targets[0] if self.targets else None

    def _show(self, targets: list[TargetView]) -> None:
        self.targets = targets
        if self.target is not None:
            self.selected = self.target.id
        behind = sum(1 for t in targets if not t.state.on_track)
        self.query_one("#targets-summary", Static).update(
            Content(
                f"{len(targets)} target{'s' if len(targets) != 1 else ''} · {behind} behind pace"
                if targets
                else "No targets yet: n adds one (or mstui target add)."
            )
        )
        table = self.query_one("#t-targets", DataTable)
        empty_table(table)
        for t in targets:
            st = t.state
            mark = health_cell(self.app, Health.ON_TRACK if st.on_track else Health.AT_RISK)
            table.add_row(
                Text.assemble(mark, " ", cell(fit(t.name, 22).rstrip())),
                number_cell(st.actual),
                number_cell(round(st.expected_now)),
                Text(pct(st.pace), justify="right"),
                number_cell(None if st.projection is None else round(st.projection)),
                cell(fit(amount(t.goal, t.unit), 16).rstrip()),
                cell(t.project or "—"),
                key=str(t.id),
            )
        if self.target is not None:
            table.move_cursor(row=targets.index(self.target), animate=False)
        self._show_target()

    def _show_target(self) -> None:
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
        rows = self.query_one("#t-checkpoints", DataTable)
        for c in t.state.checkpoints:
            rows.add_row(
                cell(f"{c.date:%a %d %b}"),
                number_cell(c.expected, t.unit),
                number_cell(c.actual, t.unit),
                checkpoint_result(self.app, t, c),
                key=c.date.isoformat(),
            )
        rows = self.query_one("#t-measurements", DataTable)
        for e in reversed(t.entries):
            rows.add_row(
                cell(f"{e.date:%a %d %b}"),
                number_cell(e.value, t.unit),
                cell(fit(e.note, 40).rstrip()),
                cell(e.recorded_by or "—"),
                key=str(e.id),
            )
        rows = self.query_one("#t-linked", DataTable)
        for m in t.milestones:
            rows.add_row(
                health_cell(self.app, m.health),
                cell(fit(f"#{m.id} {m.title}", 40).rstrip()),
                cell(m.owner),
                cell(relative(m.due, t.today)),
                key=str(m.id),
            )

    @on(DataTable.RowHighlighted, "#t-targets")
    def _target_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None and int(key) != self.selected:
            self.selected = int(key)
            self._show_target()

    # -- moving and choosing ----------------------------------------------------------------
    def _table(self) -> DataTable[Any] | None:
        return self.focused if isinstance(self.focused, DataTable) else None

    def _row_key(self, table: DataTable[Any]) -> str | None:
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
        self, form: Any, what: Callable[[Any], str], undo: Callable[[Any], Any] | None = None
    ) -> None:
        def done(result: Any) -> None:
            if result is None or result is False:
                return
            if undo is not None:
                step = undo(result)
                if step is not None:
                    description, run = step
                    self.mstui.push_undo(description, run, result)
            self.mstui.say(what(result))
            if hasattr(result, "id") and hasattr(result, "state"):
                self.selected = result.id
            self.reload()
            self.mstui.note_own_write()

        self.app.push_screen(form, done)

    def action_record(self) -> None:
        t = self.target
        if t is None:
            self.mstui.say("No target yet: n adds one.")
            return

        def save(v: dict[str, Any]) -> Any:
            return self.store.record_measurement(t.id, v["value"], v["date"], v["note"], v["add"])

        before = {e.id for e in t.entries}
        me = self.mstui.login

        def undo(after: TargetView) -> tuple[str, Callable[[Any], object]] | None:
            # The figure this save added: new since the form opened, and mine
            # (someone else may have recorded one meanwhile).
            mine = [e for e in after.entries if e.id not in before and e.recorded_by == me]
            newest = max(mine, key=lambda e: e.id, default=None)
            if newest is None:
                return None
            return (
                f"the figure of {newest.date:%d %b}",
                lambda store: store.delete_measurement(newest.id),
            )

        self._form(
            RecordForm(save, t),
            lambda r: (
                f"Recorded: {r.name} {amount(r.state.actual, r.unit)}; pace {pct(r.state.pace)}"
            ),
            undo,
        )

    def _correct(self, mid: int) -> None:
        t = self.target
        entry = next((e for e in t.entries if e.id == mid), None) if t else None
        if t is None or entry is None:
            return

        def save(v: dict[str, Any]) -> Any:
            return self.store.edit_measurement(
                mid, value=v["value"], when=v["date"], note=v["note"]
            )

        def undo(_: Any) -> tuple[str, Callable[[Any], object]]:
            return (
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

        def save(v: dict[str, Any]) -> Any:
            return self.store.set_checkpoints(t.id, v["checkpoints"], t.version)

        def undo(after: TargetView) -> tuple[str, Callable[[Any], object]]:
            old = t.checkpoints
            # With the version it has after my save: a later change by someone
            # else makes the undo a conflict, not an overwrite.
            return (
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
            f"Remove the figure {amount(e.value, t.unit)} of {e.date:%d %b} from ",
            t.name,
            "? (u undoes it)",
        )
        self.app.push_screen(ConfirmDialog(question, "Remove"), decided)

    def _change(
        self,
        what: str,
        call: Callable[[Any], object],
        undo: Callable[[Any], Callable[[Any], object]] | None = None,
    ) -> None:
        self.run_change(what, call, undo=undo)
