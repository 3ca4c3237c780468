"""The project screen: a project's details, its members and their roles.

Its lead adds a member (any login of this server, even one that never ran
mstui: the store adds the account), changes a role and removes a member;
everyone else reads it, and the keys that would be refused are not offered
(the line under the details says "read-only: viewer on KEY"). Every store
call runs in a thread worker; a refusal is one toast and a reload.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from mstui.domain.enums import Role
from mstui.domain.permissions import Standing, read_only_note
from mstui.errors import MstuiError
from mstui.screens.base import DataScreen
from mstui.screens.dialogs.simple import AskText, ConfirmDialog, PickOne
from mstui.screens.host import Undo
from mstui.views.people import MemberView, ProjectView
from mstui.widgets.safe import cell, say

ROLES = [(r.value, r.value) for r in (Role.EDITOR, Role.VIEWER)]
"""The roles a lead hands out here (the lead role moves with "Edit project")."""
MANAGING = {"add_member", "change_role", "remove_member"}


def read_only_line(p: ProjectView) -> str:
    """What the screen says to someone who may not manage project `p`."""
    return read_only_note(Standing(p.my_role, project=p.key))


def details(p: ProjectView) -> Content:
    """The project's fields, user text kept literal."""
    span = " → ".join(d.isoformat() if d else "…" for d in (p.start, p.end))
    budget = f"{p.budget:,.0f}" if p.budget is not None else "—"
    lines = [
        say(f"{p.key}  ", p.name),
        say("Lead: ", p.lead or "—", "   Department: ", p.department or "—"),
        say(f"Dates: {span}   Budget: {budget}   Timezone: ", p.timezone),
        say(f"Visible to: {p.visibility}   Milestones: {p.done}/{p.milestones} done"),
    ]  # one say() a line: say() makes a newline in user text visible, not a break
    return Content("\n").join(lines)


class ProjectScreen(DataScreen):
    """One project: who is on it, in what role; its lead changes that here."""

    TITLE_TEXT = "Project"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="project.back"),
        Binding("e", "edit", "Edit project", id="project.edit"),
        Binding("a", "add_member", "Add member", id="project.add_member"),
        Binding("r", "change_role", "Change role", id="project.role"),
        Binding("delete", "remove_member", "Remove member", id="project.remove"),
        Binding("j", "cursor(1)", "Down", show=False, id="project.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="project.up"),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.project: ProjectView | None = None
        self.members: list[MemberView] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="project-body"):
            yield Static(Content("Loading…"), id="project-details")
            yield Static(Content(""), id="project-access", classes="field--hint")
            table: DataTable[object] = DataTable(id="members", cursor_type="row")
            table.add_columns("Login", "Name", "Role")
            yield table
        yield from self.compose_footer()

    # -- what may be done -----------------------------------------------------------
    @property
    def leads(self) -> bool:
        """Whether I may manage this project's members (its lead, or an admin)."""
        return self.project is not None and self.project.may(Role.LEAD)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MANAGING:
            return self.leads
        return True

    @property
    def current(self) -> MemberView | None:
        """The member under the cursor."""
        table = self.query_one("#members", DataTable)
        if not self.members or table.cursor_row < 0 or table.cursor_row >= len(self.members):
            return None
        return self.members[table.cursor_row]

    # -- loading --------------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="project-load", exit_on_error=False)
    def _load(self) -> None:
        worker = get_current_worker()
        try:
            p = self.store.project(self.key)
            members = self.store.members(self.key)
        except MstuiError as exc:
            self.app.call_from_thread(self.mstui.say, str(exc), "error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, p, members)

    def _show(self, p: ProjectView, members: list[MemberView]) -> None:
        self.project, self.members = p, members
        self.query_one("#project-details", Static).update(details(p))
        access = "" if self.leads else read_only_line(p)
        self.query_one("#project-access", Static).update(say(access))
        table = self.query_one("#members", DataTable)
        row = table.cursor_row
        table.clear()
        for m in members:
            table.add_row(cell(m.login), cell(m.name), cell(m.role.value))
        if members:
            table.move_cursor(row=min(max(row, 0), len(members) - 1))
        self.refresh_bindings()

    # -- actions --------------------------------------------------------------------
    def action_cursor(self, dy: int) -> None:
        table = self.query_one("#members", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + dy))

    def action_back(self) -> None:
        self.app.pop_screen()

    async def action_edit(self) -> None:
        # The form is read-only for all but the lead; the app builds it in a thread.
        await self.app.run_action(("app", "edit_project", (self.key,)))

    def action_add_member(self) -> None:
        key = self.key

        def login_given(login: str | None) -> None:
            if login:
                self._pick_role(login, None)

        self.app.push_screen(
            AskText(f"Add a member to {key}: login", placeholder="an account of this server"),
            login_given,
        )

    def action_change_role(self) -> None:
        m = self.current
        if m is not None:
            self._pick_role(m.login, m.role.value)

    def _pick_role(self, login: str, current: str | None) -> None:
        key = self.key

        def chosen(role: str | None) -> None:
            if not role or role == current:
                return
            verb, done = ("Add", "Added") if current is None else ("Make", "Made")
            self.run_change(
                f"{verb} {login} {role} on {key}",
                lambda st: st.add_member(key, login, role),
                undo=lambda _r: _undo_role(key, login, current),
                done=lambda _r: f"{done} {login} {role} on {key}",
            )

        self.app.push_screen(
            PickOne(f"Role of {login} on {key}", ROLES, current, all_label=None), chosen
        )

    def action_remove_member(self) -> None:
        m = self.current
        if m is None:
            return
        key, login, role = self.key, m.login, m.role.value

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_change(
                    f"Remove {login} from {key}",
                    lambda st: st.remove_member(key, login),
                    undo=lambda _r: lambda st: st.add_member(key, login, role),
                    done=lambda _r: f"Removed {login} from {key}",
                )

        self.app.push_screen(ConfirmDialog(say(f"Remove {login} from {key}?"), "Remove"), confirmed)


def _undo_role(key: str, login: str, before: str | None) -> Undo:
    """The store call that puts `login`'s role on `key` back (None: not a member)."""
    if before is None:
        return lambda st: st.remove_member(key, login)
    return lambda st: st.add_member(key, login, before)
