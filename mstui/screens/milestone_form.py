"""The milestone form: every field, inline validation, and the conflict dialog.

The form checks what it can by itself (dates, numbers), then hands the
changes to a `save` function from the screen that opened it, in a thread. A
refusal from the store (`Invalid`) is shown under its field with the form
still open and what was typed kept; a `Conflict` opens the conflict dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from mstui.domain.dates import parse_date
from mstui.domain.enums import Status
from mstui.errors import Conflict, Invalid, MstuiError
from mstui.screens.guard import DiscardGuard
from mstui.views.milestones import MilestoneView
from mstui.widgets.safe import plain, say
from mstui.widgets.tick import Tick

Save = Callable[[dict[str, Any], int | None], MilestoneView]
Load = Callable[[], MilestoneView]

# Store error field → form input id.
_FIELD_OF = {
    "title": "title", "owner": "owner", "due": "due", "project": "project",
    "description": "description", "reason": "reason", "blocked_reason": "reason",
    "kpi": "kpi_name", "kpi_name": "kpi_name", "kpi target": "kpi_target",
    "kpi_target": "kpi_target", "kpi_actual": "kpi_actual", "kpi unit": "kpi_unit",
    "kpi_unit": "kpi_unit", "cost": "cost_estimate", "cost_estimate": "cost_estimate",
    "cost_actual": "cost_actual", "effort": "effort_estimate",
    "effort_estimate": "effort_estimate", "effort_actual": "effort_actual",
    "status": "status",
}  # fmt: skip
_NUMBERS = ("kpi_target", "kpi_actual", "cost_estimate", "cost_actual", "effort_estimate",
            "effort_actual")  # fmt: skip
_LABELS = {
    "title": "Title", "owner": "Owner", "due": "Due", "status": "Status",
    "reason": "Blocked reason", "description": "Description", "kpi_name": "KPI",
    "kpi_target": "KPI target", "kpi_actual": "KPI actual", "kpi_unit": "KPI unit",
    "cost_estimate": "Cost estimate", "cost_actual": "Cost actual",
    "effort_estimate": "Effort est. (h)", "effort_actual": "Effort actual (h)",
    "due_from_tasks": "Due follows tasks", "blocked_reason": "Blocked reason",
}  # fmt: skip


@dataclass(frozen=True)
class FormContext:
    """What the form needs to know besides the milestone."""

    today: date
    people: Sequence[str]
    projects: Sequence[tuple[str, str]] = ()
    project: str | None = None


def _num(text: str) -> float | None:
    text = text.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    value = float(text)
    if value != value or value < 0:
        raise ValueError
    return value


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def field_values(m: MilestoneView) -> dict[str, Any]:
    """The editable fields of a milestone, as the form and the store name them."""
    return {
        "title": m.title,
        "owner": m.owner,
        "due": m.due,
        "due_from_tasks": m.due_from_tasks,
        "status": m.status,
        "blocked_reason": m.blocked_reason,
        "description": m.description,
        "kpi_name": m.kpi.name if m.kpi else "",
        "kpi_target": m.kpi.target if m.kpi else None,
        "kpi_actual": m.kpi.actual if m.kpi else None,
        "kpi_unit": m.kpi.unit if m.kpi else "",
        "cost_estimate": m.cost_estimate,
        "cost_actual": m.cost_actual,
        "effort_estimate": m.effort_estimate,
        "effort_actual": m.effort_actual,
    }


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Status):
        return value.label
    if isinstance(value, float):
        return _fmt(value)
    return str(value)


class ConflictDialog(ModalScreen[str]):
    """Someone saved this milestone since the form opened: reload, overwrite or go back."""

    BINDINGS = [
        Binding("escape", "dismiss('back')", "Back to form", id="conflict.back"),
        Binding("r", "dismiss('reload')", "Reload theirs", id="conflict.reload"),
        Binding("o", "dismiss('overwrite')", "Overwrite with mine", id="conflict.overwrite"),
    ]

    def __init__(self, conflict: Conflict, rows: Sequence[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.conflict = conflict
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog--wide"):
            yield Static(say(str(self.conflict)), classes="dialog--question")
            lines = []
            for name, was, now, mine in self.rows:
                theirs, yours = now != was, mine != was
                if theirs and yours:
                    lines.append(f"{name} — changed by both of you")
                    lines.append(f"  when you opened  {was}")
                    lines.append(f"  theirs (saved)   {now}")
                    lines.append(f"  yours            {mine}")
                elif theirs:
                    lines.append(f"{name} — changed by them: {was} → {now}")
                else:  # only yours: theirs is still what you opened
                    lines.append(f"{name} — only yours: {was} → {mine}")
            if not self.rows:
                lines.append("(they changed fields you did not touch)")
            with VerticalScroll(id="conflict-scroll"):
                yield Static(plain("\n".join(lines), multiline=True), id="conflict-table")
            with Horizontal(classes="dialog--buttons"):
                yield Button(Content("Reload theirs (r)"), id="reload")
                yield Button(Content("Overwrite with mine (o)"), variant="warning", id="overwrite")
                yield Button(Content("Back (esc)"), id="back")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "back")


class MilestoneForm(DiscardGuard):
    """Create or edit a milestone. Dismisses with the saved milestone, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
    ]

    def __init__(
        self,
        ctx: FormContext,
        save: Save,
        load: Load | None = None,
        initial: MilestoneView | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.save_fn = save
        self.load_fn = load
        self.initial = initial
        self.original = field_values(initial) if initial else None
        self.version = initial.version if initial else None
        self._saving = False
        self._overwrote: dict[str, Any] | None = None

    # -- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        m = self.initial
        v = self.original or {}
        heading = say(f"Edit #{m.id} ", m.title) if m else Content("New milestone")
        with Vertical(classes="form"):
            yield Static(heading, classes="form--title")
            with VerticalScroll(classes="form--body"):
                if m is None:
                    options = [(plain(f"{k}  {name}"), k) for k, name in self.ctx.projects]
                    default = self.ctx.project or (self.ctx.projects[0][0] if options else None)
                    yield from self._field(
                        "project",
                        "Project",
                        Select(options, value=default or Select.NULL, allow_blank=False,
                               id="project"),
                    )  # fmt: skip
                # The form opens in the title: typing goes to its end, not over it.
                title = Input(v.get("title", ""), id="title", max_length=200, select_on_focus=False)
                yield from self._field("title", "Title", title)
                yield from self._field(
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
                yield from self._field(
                    "due",
                    "Due",
                    Input(
                        due.isoformat() if due else "",
                        id="due",
                        placeholder="2026-12-01, fri, +2w, eom …",
                    ),
                    hint=True,
                )
                yield Tick(
                    Content(_LABELS["due_from_tasks"]),
                    v.get("due_from_tasks", False),
                    id="due_from_tasks",
                    compact=True,
                )
                statuses = [(Content(s.label), s.value) for s in Status]
                status = v.get("status", Status.PLANNED)
                yield from self._field(
                    "status",
                    "Status",
                    Select(statuses, value=status.value, allow_blank=False, id="status"),
                )
                yield from self._field(
                    "reason", "Blocked reason", Input(v.get("blocked_reason", ""), id="reason")
                )
                area = TextArea(v.get("description", ""), id="description", soft_wrap=True)
                yield from self._field("description", "Description", area)
                for name in ("kpi_name", "kpi_target", "kpi_actual", "kpi_unit",
                             "cost_estimate", "cost_actual", "effort_estimate",
                             "effort_actual"):  # fmt: skip
                    value = v.get(name)
                    text = _fmt(value) if name in _NUMBERS else (value or "")
                    yield from self._field(name, _LABELS[name], Input(text, id=name))
            yield Label("", id="form-error", classes="field--error")
            with Horizontal(classes="dialog--buttons"):
                yield Button(Content("Save (ctrl+s)"), variant="primary", id="save", compact=True)
                yield Button(Content("Cancel (esc)"), id="cancel", compact=True)

    def _field(self, name: str, label: str, widget: Any, hint: bool = False) -> ComposeResult:
        if hasattr(widget, "compact"):
            widget.compact = True
        with Horizontal(classes="field"):
            yield Label(Content(label), classes="field--label")
            yield widget
        if hint:
            yield Label("", id=f"{name}-hint", classes="field--hint")
        yield Label("", id=f"{name}-error", classes="field--error")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
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

    def _error(self, name: str, message: str) -> None:
        target = _FIELD_OF.get(name, name)
        try:
            label = self.query_one(f"#{target}-error", Label)
        except Exception:
            label = self.query_one("#form-error", Label)
        label.update(say(message))
        label.add_class("-shown")
        self.error_shown_for(target)

    def _clear_errors(self) -> None:
        for label in self.query(".field--error"):
            assert isinstance(label, Label)
            label.update("")
            label.remove_class("-shown")

    def read(self) -> dict[str, Any] | None:
        """The typed values, parsed; None (with errors shown) if any is wrong."""
        self._clear_errors()
        values: dict[str, Any] = {}
        bad: list[str] = []

        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        values["title"] = text("title").strip()
        if not values["title"]:
            self._error("title", "Title: must not be empty")
            bad.append("title")
        values["owner"] = text("owner").strip()
        if self.initial is not None and not values["owner"]:
            self._error("owner", "Owner: a milestone has exactly one owner (a login)")
            bad.append("owner")
        due_text = text("due")
        try:
            if not due_text.strip():
                raise Invalid("due", "", "required: a date such as fri, +2w or 2026-12-01")
            values["due"] = parse_date(due_text, self.ctx.today, "due")
        except Invalid as exc:
            shown = f' (got "{due_text}")' if due_text.strip() else ""
            self._error("due", f"Due: {exc.reason}{shown}")
            bad.append("due")
        for name in _NUMBERS:
            raw = text(name)
            try:
                values[name] = _num(raw)
            except ValueError:
                self._error(name, f'{_LABELS[name]}: not a number of 0 or more (got "{raw}")')
                bad.append(name)
        values["kpi_name"] = text("kpi_name").strip()
        values["kpi_unit"] = text("kpi_unit").strip()
        if not values["kpi_name"] and (values.get("kpi_target") or values.get("kpi_actual")):
            self._error("kpi_name", "KPI: name it (e.g. Sign-ups) or clear its figures")
            bad.append("kpi_name")
        status = self.query_one("#status", Select).value
        values["status"] = Status(str(status))
        values["blocked_reason"] = text("reason").strip()
        if values["status"] is Status.BLOCKED and not values["blocked_reason"]:
            self._error("reason", "Blocked reason: say why it is blocked")
            bad.append("reason")
        values["description"] = self.query_one("#description", TextArea).text
        values["due_from_tasks"] = self.query_one("#due_from_tasks", Checkbox).value
        if self.initial is None:
            project = self.query_one("#project", Select).value
            if project is Select.NULL:
                self._error("project", "Project: pick one (add one with mstui project add)")
                bad.append("project")
            values["project"] = project
        if bad:
            self._focus_field(bad[0])
            return None
        return values

    def _focus_field(self, name: str) -> None:
        try:
            self.query_one(f"#{_FIELD_OF.get(name, name)}").focus()
        except Exception:
            return

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
    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self, overwrite_version: int | None = None) -> None:
        if self._saving:
            return
        values = self.read()
        if values is None:
            return
        changes = self.changes(values)
        if self.initial is not None and not changes:
            self.dismiss(self.initial)
            return
        self._saving = True
        self.query_one("#form-error", Label).update(Content("Saving…"))
        version = overwrite_version if overwrite_version is not None else self.version
        self._run_save(changes, version)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _run_save(self, changes: dict[str, Any], version: int | None) -> None:
        try:
            saved = self.save_fn(changes, version)
        except Conflict as exc:
            try:
                current = self.load_fn() if self.load_fn else None
            except MstuiError:
                current = None
            self.app.call_from_thread(self._conflict, exc, changes, current)
        except Invalid as exc:
            self.app.call_from_thread(self._refused, exc.field, str(exc))
        except MstuiError as exc:
            self.app.call_from_thread(self._refused, "form", str(exc))
        except Exception as exc:  # a fault: say it, keep the form and what was typed
            self.app.call_from_thread(self._refused, "form", f"{type(exc).__name__}: {exc}")
        else:
            self.app.call_from_thread(self._saved, saved, changes)

    def _saved(self, saved: MilestoneView, changes: dict[str, Any]) -> None:
        """Remember how to undo this save, then close with the saved milestone."""
        push_undo = getattr(self.app, "push_undo", None)
        if push_undo is not None:
            mid, version = saved.id, saved.version
            if self.original is None:
                push_undo(
                    f"creating #{mid}", lambda store: store.delete_milestone(mid, version), saved
                )
            else:
                # After an overwrite, undo puts back what was saved then (theirs), not what
                # the form first loaded: taking back my save must not wipe their edit.
                base = self._overwrote or self.original
                before = {k: base[k] for k in changes if k in base}
                push_undo(
                    f"editing #{mid}",
                    lambda store: store.edit_milestone(mid, version, **before),
                    saved,
                )
        self.dismiss(saved)

    def _refused(self, field: str, message: str) -> None:
        self._saving = False
        self.query_one("#form-error", Label).update("")
        self._error(field, message)
        self._focus_field(field)

    def _conflict(
        self, exc: Conflict, changes: dict[str, Any], current: MilestoneView | None
    ) -> None:
        self._saving = False
        self.query_one("#form-error", Label).update("")
        now = field_values(current) if current else {}
        rows = []
        for name in _LABELS:
            was = (self.original or {}).get(name)
            if name in now and (now[name] != was or name in changes):
                mine = changes.get(name, was)
                rows.append((_LABELS[name], _show(was), _show(now[name]), _show(mine)))

        def decided(choice: str | None) -> None:
            if choice == "overwrite" and current is not None:
                self._overwrote = field_values(current)
                self.action_save(overwrite_version=current.version)
            elif choice == "reload" and current is not None:
                self.refill(current)

        self.app.push_screen(ConflictDialog(exc, rows), decided)

    def refill(self, m: MilestoneView) -> None:
        """Show `m` as it is now, discarding what was typed (the conflict's "reload")."""
        self.initial = m
        self.original = field_values(m)
        self.version = m.version
        v = self.original
        for name in ("title", "owner", "kpi_name", "kpi_unit"):
            self.query_one(f"#{name}", Input).value = v[name] or ""
        for name in _NUMBERS:
            self.query_one(f"#{name}", Input).value = _fmt(v[name])
        self.query_one("#due", Input).value = v["due"].isoformat()
        self.query_one("#reason", Input).value = v["blocked_reason"]
        self.query_one("#status", Select).value = v["status"].value
        self.query_one("#due_from_tasks", Checkbox).value = v["due_from_tasks"]
        self.query_one("#description", TextArea).load_text(v["description"])
        self._clear_errors()
        self.query_one("#form-error", Label).update(
            Content("Reloaded: these are the saved values; your edits were discarded.")
        )
        self.call_after_refresh(self.remember_fields)
