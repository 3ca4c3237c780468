"""The project form: create a project (the first step in an empty database) or edit one.

Key, name, department, start, end, budget, timezone and who sees it
(visibility: the whole team, or its members only). The key is fixed once the
project exists (scripts use it). A viewer's form is read-only: it shows the
project and says why it cannot be changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from mstui.domain import permissions
from mstui.domain.dates import parse_date
from mstui.domain.enums import Role
from mstui.domain.permissions import Standing, Visibility
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Values
from mstui.screens.forms.milestone_fields import fmt, number
from mstui.screens.forms.project_template import (
    NO_TEMPLATE,
    TemplateChoice,
    load_choice,
    parse_assign,
    preview,
)
from mstui.views.people import ProjectView
from mstui.widgets.safe import say

if TYPE_CHECKING:
    from mstui.store import Store

TEXTS = ("name", "department", "timezone", "lead")
FIRST_PROJECT = "No projects yet: make the first one (then its first milestone in it)."
VISIBILITY = [
    (Content("team: everyone on the server"), Visibility.TEAM.value),
    (Content("members: only its members"), Visibility.MEMBERS.value),
]


class ProjectForm(Form):
    """New project (`initial` None) or edit `initial`. Dismisses with the saved project.

    `intro` is a line over the fields (why the form opened, e.g. "No projects yet").
    `read_only` (a viewer) shows the fields without a save.
    """

    FIELD_IDS = {"visibility": "visibility", "lead": "lead", "template": "template"}

    def __init__(
        self,
        save: Any,
        today: date,
        initial: ProjectView | None = None,
        *,
        intro: str = "",
        read_only: str = "",
        choice: TemplateChoice | None = None,
        me: str = "",
    ) -> None:
        super().__init__(save)
        self.choice = choice if initial is None else None
        """The templates a new project may start from (None: no template field)."""
        self.me = me
        """Who leads the new project (and fills the owner roles left unfilled)."""
        self.today = today
        self.initial = initial
        self.intro = intro
        self.read_only = read_only
        """Why the form cannot save ("" : it can)."""

    def compose(self) -> ComposeResult:
        p = self.initial
        heading = say(f"Project {p.key} ", p.name) if p else Content("New project")
        with Vertical(classes="form form--small"):
            yield Static(heading, classes="form--title")
            if self.intro:
                yield Static(say(self.intro), classes="field--hint", id="intro")
            if self.read_only:
                yield Static(say(self.read_only), classes="field--hint", id="read-only")
            with VerticalScroll(classes="form--body"):
                if p is None:
                    yield from self.field(
                        "key",
                        "Key",
                        Input(id="key", max_length=10, placeholder="WEB (2–10 A-Z 0-9)"),
                    )
                yield from self.field("name", "Name", Input(p.name if p else "", id="name"))
                if p is not None:
                    yield from self.field("lead", "Lead", Input(p.lead or "", id="lead"))
                yield from self.field(
                    "department",
                    "Department",
                    Input(
                        (p.department or "") if p else "", id="department", placeholder="optional"
                    ),
                )
                for name, label, value in (
                    ("start", "Start", p.start if p else None),
                    ("end", "End", p.end if p else None),
                ):
                    text = value.isoformat() if value else ""
                    yield from self.field(
                        name,
                        label,
                        Input(text, id=name, placeholder="2026-12-01, +2w … (optional)"),
                    )
                if self.choice is not None:
                    yield from self._template_fields()
                yield from self.field(
                    "budget",
                    "Budget",
                    Input(fmt(p.budget) if p else "", id="budget", placeholder="optional"),
                )
                yield from self.field(
                    "timezone",
                    "Timezone",
                    Input(
                        p.timezone if p else "",
                        id="timezone",
                        placeholder="Europe/Paris (empty: the server's)",
                    ),
                )
                seen = p.visibility if p else Visibility.TEAM.value
                yield from self.field(
                    "visibility",
                    "Visible to",
                    Select(VISIBILITY, value=seen, allow_blank=False, id="visibility"),
                )
            yield from self.buttons()

    def _template_fields(self) -> ComposeResult:
        choice = self.choice
        assert choice is not None
        select: Select[str] = Select(
            choice.options(), value=NO_TEMPLATE, allow_blank=False, id="template"
        )
        yield from self.field("template", "Template", select, hint=bool(choice.problems))
        yield from self.field(
            "assign",
            "Owners",
            Input(id="assign", placeholder="role=login … (unfilled: you)"),
        )
        yield Static("", id="template-preview", classes="field--hint template--preview")

    def _show_template(self) -> None:
        """The preview of the chosen template for the start typed (pure: no database)."""
        if self.choice is None:
            return
        name = str(self.query_one("#template", Select).value)
        chosen = name != NO_TEMPLATE
        row = self.query_one("#assign", Input).parent
        if isinstance(row, Widget):
            row.display = chosen
        self.query_one("#template-preview", Static).display = chosen
        try:
            start = self._date("start")
        except Invalid:
            start = None
        shown = preview(self.choice, name, start, self.text("assign"), self.me)
        self.query_one("#template-preview", Static).update(shown)

    @on(Select.Changed, "#template")
    @on(Input.Changed, "#start")
    @on(Input.Changed, "#assign")
    def _template_input(self) -> None:
        self._show_template()

    def on_mount(self) -> None:
        first = "#key" if self.initial is None else "#name"
        self.query_one(first, Input).focus()
        if self.choice is not None:
            if self.choice.problems:
                problems = self.choice.problems
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                self.query_one("#template-hint", Label).update(say(problems[0], more))
            self._show_template()
        if self.read_only:
            for w in self.query("Input, Select"):
                w.disabled = True
            self.query_one("#save").display = False
        super().on_mount()

    def _date(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw.strip():
            return None
        return parse_date(raw, self.today, name)

    def _budget(self) -> float | None:
        raw = self.text("budget")
        try:
            return number(raw)
        except ValueError:
            raise Invalid("budget", raw, "must be a number of 0 or more") from None

    def read(self) -> Values | None:
        if self.read_only:
            self.show_error("form", self.read_only)
            return None
        readers: dict[str, Any] = {}
        if self.initial is None:
            readers["key"] = lambda: self.text("key").strip().upper()
        for name in TEXTS:
            if self.initial is not None or name != "lead":
                readers[name] = lambda n=name: self.text(n).strip()
        readers["start"] = lambda: self._date("start")
        readers["end"] = lambda: self._date("end")
        readers["budget"] = self._budget
        readers["visibility"] = lambda: str(self.query_one("#visibility", Select).value)
        if self.choice is not None:
            readers["template"] = lambda: str(self.query_one("#template", Select).value)
            readers["assign"] = self._assign
        values = self.collect(readers)
        if values is None:
            return None
        if not values["name"]:
            self.show_error("name", "Name: must not be empty")
            return None
        if values.get("template"):
            if values["start"] is None:
                self.show_error("start", "start: a project from a template needs its start date")
                return None
            if values["end"] is not None:
                self.show_error("end", "end: a template sets the end (leave it empty)")
                return None
        return values

    def _assign(self) -> dict[str, str]:
        assert self.choice is not None
        name = str(self.query_one("#template", Select).value)
        return parse_assign(self.text("assign"), self.choice.templates.get(name))

    def saved(self, result: object, values: Values) -> None:
        self.dismiss(result)


def read_only_note(p: ProjectView) -> str:
    """What the forms say when I may not change project `p`."""
    return permissions.read_only_note(Standing(p.my_role, project=p.key))


def project_form(store: Store, key: str | None = None, *, intro: str = "") -> ProjectForm:
    """(In a thread.) The form to create a project, or to edit project `key`."""
    if key is None:

        def create(values: Values) -> ProjectView:
            if values.get("template"):
                from mstui.store.templates import create_from_template

                return create_from_template(
                    store, values["key"], values["name"], choice.templates[values["template"]],
                    values["start"], values["assign"],
                    department=values["department"] or None, budget=values["budget"],
                    timezone=values["timezone"] or None, visibility=values["visibility"],
                )  # fmt: skip
            return store.add_project(
                values["key"],
                values["name"],
                department=values["department"] or None,
                start=values["start"],
                end=values["end"],
                budget=values["budget"],
                timezone=values["timezone"] or None,
                visibility=values["visibility"],
            )

        choice = load_choice(store)
        me = store.account.login
        return ProjectForm(create, store.today(), intro=intro, choice=choice, me=me)
    p = store.project(key)
    read_only = "" if p.may(Role.LEAD) else read_only_note(p)

    def save(values: Values) -> ProjectView:
        was = {
            "name": p.name, "lead": p.lead or "", "department": p.department or "",
            "start": p.start, "end": p.end, "budget": p.budget, "timezone": p.timezone,
            "visibility": p.visibility,
        }  # fmt: skip
        changes = {k: v for k, v in values.items() if was.get(k) != v}
        if "timezone" in changes and not changes["timezone"]:
            changes["timezone"] = None
        if not changes:
            return p
        return store.edit_project(p.key, p.version, **changes)

    return ProjectForm(save, store.today(p.timezone), p, read_only=read_only)
