"""The project form: create a project (the first step in an empty database) or edit one.

Key, name, department, start, end, budget, timezone and who sees it
(visibility: the whole team, or its members only). The key is fixed once the
project exists (scripts use it). A viewer's form is read-only: it shows the
project and says why it cannot be changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Select, Static

from mstui.domain import permissions
from mstui.domain.dates import parse_date
from mstui.domain.enums import Role
from mstui.domain.permissions import Standing, Visibility
from mstui.errors import Invalid
from mstui.screens.forms.base import Form, Values
from mstui.screens.forms.milestone_fields import fmt, number
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

    FIELD_IDS = {"visibility": "visibility", "lead": "lead"}

    def __init__(
        self,
        save: Any,
        today: date,
        initial: ProjectView | None = None,
        *,
        intro: str = "",
        read_only: str = "",
    ) -> None:
        super().__init__(save)
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

    def on_mount(self) -> None:
        first = "#key" if self.initial is None else "#name"
        self.query_one(first, Input).focus()
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
        values = self.collect(readers)
        if values is None:
            return None
        if not values["name"]:
            self.show_error("name", "Name: must not be empty")
            return None
        return values

    def saved(self, result: object, values: Values) -> None:
        self.dismiss(result)


def read_only_note(p: ProjectView) -> str:
    """What the forms say when I may not change project `p`."""
    return permissions.read_only_note(Standing(p.my_role, project=p.key))


def project_form(store: Store, key: str | None = None, *, intro: str = "") -> ProjectForm:
    """(In a thread.) The form to create a project, or to edit project `key`."""
    if key is None:

        def create(values: Values) -> ProjectView:
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

        return ProjectForm(create, store.today(), intro=intro)
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
