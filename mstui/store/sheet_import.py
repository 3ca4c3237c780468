"""`mstui import FILE.csv --project KEY`: rows of a spreadsheet as milestones.

Two steps, so a bad row changes nothing: `plan_sheet` checks every row
against the database as it is (the project and the person's right to edit
it, owners, dates, statuses, figures) and says what each row would do; only
then `apply_sheet` makes the changes through the store's ordinary calls
(`add_milestone`, `edit_milestone`: the same permission checks, history and
notices as typing them), all in one transaction (`one_transaction`). An error
names the row (the header is row 1, as in the spreadsheet), the column as the
file spells it, and the value.

A row with an id changes that milestone: the cells it fills, nothing else
(an empty cell leaves a field as it is). A row without one creates a milestone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import col

from mstui.domain import sheet
from mstui.domain.dates import parse_date
from mstui.domain.enums import Role, Status
from mstui.domain.permissions import Permission
from mstui.domain.sheet import SheetRow
from mstui.domain.text import clean_field
from mstui.errors import Invalid, MstuiError, NotAllowed, NotFound
from mstui.store.batch import one_transaction
from mstui.store.tables import Person

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.milestones import MilestoneView

_LIMITS = {"title": 200, "kpi": 80, "kpi unit": 20, "blocked reason": 500, "description": 10_000}
_FIELDS = {"title": "title", "owner": "owner", "due": "due", "status": "status",
           "kpi": "kpi_name", "kpi target": "kpi_target", "kpi actual": "kpi_actual",
           "kpi unit": "kpi_unit", "cost estimate": "cost_estimate",
           "cost actual": "cost_actual", "effort estimate": "effort_estimate",
           "effort actual": "effort_actual", "blocked reason": "blocked_reason",
           "description": "description"}  # fmt: skip
"""Sheet column → the milestone field it sets (`edit_milestone`'s keys)."""
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?")


@dataclass(frozen=True)
class Planned:
    """What one row does: create a milestone, or change (or leave) one."""

    row: int
    project: str
    values: dict[str, Any]
    """The fields it sets (`edit_milestone`'s keys)."""
    milestone: MilestoneView | None = None
    """The milestone it changes (None: it creates one)."""
    before: dict[str, Any] = field(default_factory=dict)

    @property
    def creates(self) -> bool:
        return self.milestone is None

    def describe(self) -> str:
        """One line for `--dry-run`."""
        if self.milestone is None:
            v = self.values
            owner = f", owner {v['owner']}" if "owner" in v else ""
            return f'row {self.row}: create in {self.project} "{v["title"]}", due {v["due"]}{owner}'
        m = self.milestone
        if not self.values:
            return f'row {self.row}: milestone {m.id} "{m.title}" unchanged'
        parts = [f"{k} {_shown(self.before.get(k))} → {_shown(v)}" for k, v in self.values.items()]
        return f'row {self.row}: change milestone {m.id} "{m.title}": ' + "; ".join(parts)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, Status):
        return value.value
    return value.isoformat() if isinstance(value, date) else str(value)


@contextmanager
def _at(row: SheetRow, column: str, value: str) -> Iterator[None]:
    """Our errors inside re-said as this row's and column's, quoting the cell."""
    try:
        yield
    except Invalid as exc:
        raise Invalid(row.where(column), value, exc.reason) from None


def person_id(s: Session, login: str) -> int | None:
    """The id of the person `login`, None if the database has not seen them."""
    found = s.scalar(sa.select(col(Person.id)).where(col(Person.login) == login))
    return None if found is None else int(found)


def _current(m: MilestoneView) -> dict[str, Any]:
    k = m.kpi
    return {"title": m.title, "owner": m.owner, "due": m.due, "status": m.status,
            "kpi_name": k.name if k else "", "kpi_target": k.target if k else None,
            "kpi_actual": k.actual if k else None, "kpi_unit": k.unit if k else "",
            "cost_estimate": m.cost_estimate, "cost_actual": m.cost_actual,
            "effort_estimate": m.effort_estimate, "effort_actual": m.effort_actual,
            "blocked_reason": m.blocked_reason, "description": m.description}  # fmt: skip


class _Checker:
    """What rows are checked against, read once: projects, people, members, milestones."""

    def __init__(self, store: Store, default_project: str | None) -> None:
        self.store = store
        self.default = default_project
        self.logins = {p.login for p in store.list_people()}
        self.editors: dict[str, set[str]] = {}
        self.timezones: dict[str, str] = {}
        self.seen: dict[int, int] = {}

    def project(self, row: SheetRow, milestone: MilestoneView | None) -> str:
        typed = row.cells.get("project")
        key = (typed or self.default or (milestone.project if milestone else "")).strip().upper()
        if not key:
            raise Invalid(row.where("project"), "", "name the project (--project KEY)")
        if key not in self.editors:
            with _at(row, "project", typed or key):
                view = self.store.project(key)
            try:
                with self.store.db.reading() as s:  # the check every write of it makes
                    if self.store._me_id is None:  # known without writing (a dry run writes not)
                        self.store._me_id = person_id(s, self.store.account.login)
                    self.store._allow(s, Permission.EDIT, self.store._project(s, key))
            except NotAllowed as exc:
                raise NotAllowed(f"row {row.number}: {exc}") from None
            members = self.store.members(key)
            self.editors[key] = {m.login for m in members if m.role is not Role.VIEWER}
            self.timezones[key] = view.timezone
        if milestone is not None and milestone.project != key:
            raise Invalid(
                row.where("id"),
                str(milestone.id),
                f"milestone {milestone.id} is in {milestone.project}, not {key}",
            )
        return key

    def milestone(self, row: SheetRow) -> MilestoneView | None:
        text = row.cells.get("id")
        if text is None:
            return None
        digits = text.lstrip("#")
        if not digits.isdigit() or int(digits) <= 0 or len(digits) > 18:
            raise Invalid(row.where("id"), text, "not a milestone number")
        mid = int(digits)
        if mid in self.seen:
            raise Invalid(row.where("id"), text, f"milestone {mid} is in row {self.seen[mid]} too")
        try:
            m = self.store.milestone(mid)
        except NotFound:
            raise Invalid(row.where("id"), text, "no such milestone") from None
        self.seen[mid] = row.number
        return m

    def value(
        self, row: SheetRow, column: str, project: str, m: MilestoneView | None = None
    ) -> Any:
        text = row.cells[column]
        where = row.where(column)
        if column in sheet.NUMBERS:
            return sheet.figure(where, text)
        if column == "status":
            return sheet.status_word(where, text)
        if column == "due":
            iso = _MIDNIGHT.fullmatch(text)
            return parse_date(
                iso[1] if iso else text, self.store.today(self.timezones[project]), where
            )
        if column == "owner":
            login = text.strip()
            if login not in self.logins:
                raise Invalid(where, text, "no such person (add them with: mstui person add LOGIN)")
            unchanged = m is not None and m.owner == login  # a file read back as it was
            if not unchanged and login not in self.editors[project]:
                raise Invalid(
                    where,
                    text,
                    f"not an editor of {project} "
                    f"(mstui project member add {project} {login} editor)",
                )
            return login
        multiline = column == "description"
        with _at(row, column, text):
            return clean_field(
                column,
                text,
                max_len=_LIMITS[column],
                required=column == "title",
                multiline=multiline,
            )

    def plan(self, row: SheetRow) -> Planned:
        m = self.milestone(row)
        project = self.project(row, m)
        values = {_FIELDS[c]: self.value(row, c, project, m) for c in _FIELDS if c in row.cells}
        if m is None:
            for needed, what in (("title", "a title"), ("due", "a due date")):
                if needed not in values:
                    raise Invalid(row.where(needed), "", f"a new milestone needs {what}")
        has_kpi = values.get("kpi_name") or (m is not None and m.kpi is not None)
        for key in ("kpi_target", "kpi_actual", "kpi_unit"):
            if values.get(key) not in (None, "") and not has_kpi:
                column = key.replace("_", " ")
                raise Invalid(
                    row.where(column),
                    row.cells[column],
                    "a KPI figure needs a KPI name (a kpi column)",
                )
        reason = values.get("blocked_reason") or (m.blocked_reason if m else "")
        if values.get("status") is Status.BLOCKED and not reason:
            raise Invalid(
                row.where("status"),
                row.cells["status"],
                "say why it is blocked (a blocked reason column)",
            )
        if m is None:
            return Planned(row.number, project, values)
        before = _current(m)
        changed = {k: v for k, v in values.items() if before[k] != v}
        if m.due_from_tasks and "due" in changed:
            raise Invalid(
                row.where("due"), row.cells["due"], f"milestone {m.id}'s due date follows its tasks"
            )
        return Planned(row.number, project, changed, m, before)


def plan_sheet(
    store: Store,
    rows: Sequence[SheetRow],
    project: str | None,
    progress: Callable[[int], None] | None = None,
) -> list[Planned]:
    """What each row would do, every row checked; the first bad one is an `Invalid`."""
    checker = _Checker(store, project)
    out = []
    for row in rows:
        out.append(checker.plan(row))
        if progress is not None:
            progress(1)
    return out


def apply_sheet(
    store: Store, plan: Sequence[Planned], progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Make the planned changes in one transaction (all or none); what was done, counted."""
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    with one_transaction(store.db) as db:
        writer = type(store)(db, store.clock, store.settings, store.account)
        for p in plan:
            try:
                _apply(writer, p)
            except MstuiError as exc:
                if isinstance(exc, Invalid):
                    raise Invalid(f"row {p.row}, {exc.field}", exc.value, exc.reason) from None
                if isinstance(exc, NotAllowed):
                    raise NotAllowed(f"row {p.row}: {exc}") from None
                raise
            kind = "created" if p.creates else "changed" if p.values else "unchanged"
            counts[kind] += 1
            if progress is not None:
                progress(1)
    return counts


def _apply(writer: Store, p: Planned) -> None:
    v = dict(p.values)
    if p.milestone is None:
        kpi = None
        if v.get("kpi_name"):
            kpi = (v.pop("kpi_name"), v.pop("kpi_target", None), v.pop("kpi_unit", ""))
        for key in ("kpi_target", "kpi_unit", "kpi_name"):
            v.pop(key, None)
        writer.add_milestone(p.project, v.pop("title"), v.pop("due"), kpi=kpi, **v)
    elif v:
        writer.edit_milestone(p.milestone.id, p.milestone.version, **v)
