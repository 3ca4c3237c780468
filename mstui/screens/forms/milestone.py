"""The milestone form: every field, inline validation, and the conflict dialog.

The form checks what it can by itself (dates, numbers), then hands the
changes to a `save` function from the screen that opened it, in a thread. A
refusal from the store (`Invalid`) is shown under its field with the form
still open and what was typed kept; a `Conflict` opens the conflict dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from mstui.domain.dates import parse_date
from mstui.domain.enums import Status
from mstui.errors import Conflict, Invalid, MstuiError
from mstui.screens.dialogs.conflict import ConflictDialog
from mstui.screens.forms.base import Form, Values
from mstui.screens.forms.milestone_fields import (
    FIELD_IDS,
    LABELS,
    NUMBERS,
    FormContext,
    conflict_rows,
    field_values,
    fmt,
    number,
)
from mstui.screens.host import UndoStep
from mstui.views.milestones import MilestoneView
from mstui.widgets.safe import plain, say
from mstui.widgets.tick import Tick

Save = Callable[[Values, int | None], MilestoneView]
Load = Callable[[], MilestoneView]


class MilestoneForm(Form):
    """Create or edit a milestone. Dismisses with the saved milestone, or None.

    After a save, `undo` holds how to take it back (the opener passes it on).
    """

    FIELD_IDS = FIELD_IDS

    def __init__(
        self,
        ctx: FormContext,
        save: Save,
        load: Load | None = None,
        initial: MilestoneView | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.save_changes = save
        self.load_fn = load
        self.initial = initial
        self.original = field_values(initial) if initial else None
        self.version = initial.version if initial else None
        self.undo: UndoStep | None = None
        self._overwrote: dict[str, Any] | None = None

    # -- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        m = self.initial
        v = self.original or {}
        heading = say(f"Edit #{m.id} ", m.title) if m else Content("New milestone")
        with Vertical(classes="form"):
            yield Static(heading, classes="form--title")
            if self.ctx.read_only:
                yield Static(say(self.ctx.read_only), classes="field--hint", id="read-only")
            with VerticalScroll(classes="form--body"):
                if m is None and not self.ctx.projects:
                    yield Static(say(self.ctx.none_to_pick), classes="field--hint")
                    yield Label("", id="project-error", classes="field--error")
                elif m is None:
                    options = [(plain(f"{k}  {name}"), k) for k, name in self.ctx.projects]
                    keys = [k for k, _ in self.ctx.projects]
                    default = self.ctx.project if self.ctx.project in keys else keys[0]
                    yield from self.field(
                        "project",
                        "Project",
                        Select(options, value=default or Select.NULL, allow_blank=False,
                               id="project"),
                    )  # fmt: skip
                # The form opens in the title: typing goes to its end, not over it.
                title = Input(v.get("title", ""), id="title", max_length=200, select_on_focus=False)
                yield from self.field("title", "Title", title)
                yield from self.field(
                    "owner",
                    "Owner",
                    Input(
                        v.get("owner", ""),
                        id="owner",
                        placeholder="login" if m else "login (empty: you)",
                        suggester=SuggestFromList(self.ctx.people, case_sensitive=False),
                    ),
                )
                due = v.get("due")
                yield from self.field(
                    "due",
                    "Due",
                    Input(
                        due.isoformat() if due else "",
                        id="due",
                        placeholder="2026-12-01, fri, +2w, eom …",
                    ),
                    hint=True,
                )
                if m is not None:  # a due date moved later is a slip: say why (optional)
                    yield from self.field(
                        "slip_reason",
                        "Why the due date moves later (optional)",
                        Input("", id="slip_reason", max_length=500),
                    )
                yield Tick(
                    Content(LABELS["due_from_tasks"]),
                    v.get("due_from_tasks", False),
                    id="due_from_tasks",
                    compact=True,
                )
                statuses = [(Content(s.label), s.value) for s in Status]
                status = v.get("status", Status.PLANNED)
                yield from self.field(
                    "status",
                    "Status",
                    Select(statuses, value=status.value, allow_blank=False, id="status"),
                )
                yield from self.field(
                    "reason", "Blocked reason", Input(v.get("blocked_reason", ""), id="reason")
                )
                area = TextArea(v.get("description", ""), id="description", soft_wrap=True)
                yield from self.field("description", "Description", area)
                for name in ("kpi_name", "kpi_target", "kpi_actual", "kpi_unit",
                             "cost_estimate", "cost_actual", "effort_estimate",
                             "effort_actual"):  # fmt: skip
                    value = v.get(name)
                    text = fmt(value) if name in NUMBERS else (value or "")
                    yield from self.field(name, LABELS[name], Input(text, id=name))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        if self.ctx.read_only:  # a viewer reads the milestone; nothing here saves
            for w in self.query("Input, Select, TextArea, Checkbox"):
                w.disabled = True
            self.query_one("#save").display = False
        self._update_due_hint(self.query_one("#due", Input).value)

    # -- reading what was typed -------------------------------------------------------
    @on(Input.Changed, "#due")
    def _due_changed(self, event: Input.Changed) -> None:
        self._update_due_hint(event.value)

    def _update_due_hint(self, text: str) -> None:
        hint = self.query_one("#due-hint", Label)
        try:
            when = parse_date(text, self.ctx.today, "due") if text.strip() else None
        except Invalid:
            when = None
        hint.update(Content(f"→ {when:%a %d %b %Y}") if when else "")
        hint.display = when is not None

    def read(self) -> dict[str, Any] | None:
        """The typed values, parsed; None (with errors shown) if any is wrong."""
        values: dict[str, Any] = {}
        bad: list[str] = []

        values["title"] = self.text("title").strip()
        if not values["title"]:
            self.show_error("title", "Title: must not be empty", focus=False)
            bad.append("title")
        values["owner"] = self.text("owner").strip()
        if self.initial is not None and not values["owner"]:
            self.show_error(
                "owner", "Owner: a milestone has exactly one owner (a login)", focus=False
            )
            bad.append("owner")
        due_text = self.text("due")
        try:
            if not due_text.strip():
                raise Invalid("due", "", "required: a date such as fri, +2w or 2026-12-01")
            values["due"] = parse_date(due_text, self.ctx.today, "due")
        except Invalid as exc:
            shown = f' (got "{due_text}")' if due_text.strip() else ""
            self.show_error("due", f"Due: {exc.reason}{shown}", focus=False)
            bad.append("due")
        for name in NUMBERS:
            raw = self.text(name)
            try:
                values[name] = number(raw)
            except ValueError:
                self.show_error(
                    name, f'{LABELS[name]}: not a number of 0 or more (got "{raw}")', focus=False
                )
                bad.append(name)
        values["kpi_name"] = self.text("kpi_name").strip()
        values["kpi_unit"] = self.text("kpi_unit").strip()
        if not values["kpi_name"] and (values.get("kpi_target") or values.get("kpi_actual")):
            self.show_error(
                "kpi_name", "KPI: name it (e.g. Sign-ups) or clear its figures", focus=False
            )
            bad.append("kpi_name")
        status = self.query_one("#status", Select).value
        values["status"] = Status(str(status))
        values["blocked_reason"] = self.text("reason").strip()
        if values["status"] is Status.BLOCKED and not values["blocked_reason"]:
            self.show_error("reason", "Blocked reason: say why it is blocked", focus=False)
            bad.append("reason")
        values["description"] = self.query_one("#description", TextArea).text
        values["due_from_tasks"] = self.query_one("#due_from_tasks", Checkbox).value
        if self.initial is None:
            picked = self.query("#project")
            project = picked.first(Select).value if picked else Select.NULL
            if project is Select.NULL:
                self.show_error(
                    "project",
                    "Project: pick one (none yet: n on an empty board makes one)",
                    focus=False,
                )
                bad.append("project")
            values["project"] = project
        if bad:
            self.focus_field(bad[0])
            return None
        return values

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        """Only what differs from the milestone as it was opened (all, when new)."""
        if self.original is None:
            return values
        out = {k: v for k, v in values.items() if self.original.get(k) != v}
        if "kpi_name" in out or "kpi_target" in out or "kpi_unit" in out:
            for k in ("kpi_name", "kpi_target", "kpi_unit"):
                out.setdefault(k, values[k])
        return out

    # -- saving ---------------------------------------------------------------------------
    def action_save(self, overwrite_version: int | None = None) -> None:
        if self._saving:
            return
        self.clear_errors()
        if self.ctx.read_only:
            self.show_error("form", self.ctx.read_only)
            return
        values = self.read()
        if values is None:
            return
        changes = self.changes(values)
        if self.initial is not None and not changes:
            self.dismiss(self.initial)
            return
        why = self.text("slip_reason").strip() if self.initial is not None else ""
        if (
            why
            and self.initial is not None
            and changes.get("due", self.initial.due) > self.initial.due
        ):
            changes["reason"] = why
        self.query_one("#form-error", Label).update(Content("Saving…"))
        version = overwrite_version if overwrite_version is not None else self.version
        self.start_save(lambda: self.save_changes(changes, version), changes)

    def current_after_conflict(self) -> MilestoneView | None:
        try:
            return self.load_fn() if self.load_fn else None
        except MstuiError:
            return None

    def saved(self, result: object, values: Values) -> None:
        """Remember how to undo this save, then close with the saved milestone."""
        assert isinstance(result, MilestoneView)
        mid, version = result.id, result.version
        if self.original is None:
            self.undo = UndoStep(
                f"creating #{mid}", lambda store: store.delete_milestone(mid, version)
            )
        else:
            # After an overwrite, undo puts back what was saved then (theirs), not what
            # the form first loaded: taking back my save must not wipe their edit.
            base = self._overwrote or self.original
            before = {k: base[k] for k in values if k in base}
            self.undo = UndoStep(
                f"editing #{mid}", lambda store: store.edit_milestone(mid, version, **before)
            )
        self.dismiss(result)

    def conflicted(self, exc: Conflict, values: Values, current: object | None) -> None:
        self._saving = False
        self.query_one("#form-error", Label).update("")
        latest = current if isinstance(current, MilestoneView) else None
        now = field_values(latest) if latest else {}
        rows = conflict_rows(self.original or {}, now, values)

        def decided(choice: str | None) -> None:
            if choice == "overwrite" and latest is not None:
                self._overwrote = field_values(latest)
                self.action_save(overwrite_version=latest.version)
            elif choice == "reload" and latest is not None:
                self.refill(latest)

        self.app.push_screen(ConflictDialog(exc, rows), decided)

    def refill(self, m: MilestoneView) -> None:
        """Show `m` as it is now, discarding what was typed (the conflict's "reload")."""
        self.initial = m
        self.original = field_values(m)
        self.version = m.version
        v = self.original
        for name in ("title", "owner", "kpi_name", "kpi_unit"):
            self.query_one(f"#{name}", Input).value = v[name] or ""
        for name in NUMBERS:
            self.query_one(f"#{name}", Input).value = fmt(v[name])
        self.query_one("#due", Input).value = v["due"].isoformat()
        self.query_one("#reason", Input).value = v["blocked_reason"]
        self.query_one("#status", Select).value = v["status"].value
        self.query_one("#due_from_tasks", Checkbox).value = v["due_from_tasks"]
        self.query_one("#description", TextArea).load_text(v["description"])
        self.clear_errors()
        self.query_one("#form-error", Label).update(
            Content("Reloaded: these are the saved values; your edits were discarded.")
        )
        self.call_after_refresh(self.remember_fields)
