"""Project templates: read from TOML text, checked, and laid out against a start date.

A template is a list of milestones (each with its tasks) at offsets from the
project's start (`mstui.domain.offsets`), optionally with a target and its
checkpoints. Owners are `lead` (the project's lead) or a named placeholder
(`designer`) that the person making the project fills with a login. Pure:
the text comes in, values or one `TemplateError` (file, line, field) go out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mstui.domain.bounds import check_amount
from mstui.domain.offsets import Offset, parse_offset
from mstui.domain.toml_lines import line_of
from mstui.errors import Invalid, MstuiError

LEAD = "lead"
"""The owner role that means the project's lead."""
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
NAME_HELP = "1–40 lower-case letters, digits, - or _, starting with a letter or digit"


class TemplateError(MstuiError):
    """A template file that cannot be used: names the file, the line and the field."""

    def __init__(self, source: str, line: int | None, fld: str, reason: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"template {where}: {fld}: {reason}")
        self.source = source
        self.line = line
        self.field = fld
        self.reason = reason


@dataclass(frozen=True)
class TemplateTask:
    title: str
    start: Offset
    end: Offset
    assignee: str = ""
    """"" (nobody), `lead` or a placeholder."""
    estimate_hours: float | None = None


@dataclass(frozen=True)
class TemplateMilestone:
    key: str
    title: str
    offset: Offset
    owner: str = LEAD
    description: str = ""
    kpi: tuple[str, float | None, str] | None = None
    cost_estimate: float | None = None
    effort_estimate: float | None = None
    depends_on: tuple[str, ...] = ()
    target: bool = False
    """Linked to the template's target (one of its "target milestones")."""
    tasks: tuple[TemplateTask, ...] = ()


@dataclass(frozen=True)
class TemplateTarget:
    name: str
    goal: float
    end: Offset
    start: Offset = field(default_factory=lambda: Offset(0))
    unit: str = ""
    cadence: str = ""
    """As `mstui target add --cadence` takes it (`weekly:fri`): cumulative checkpoints."""
    owner: str = LEAD


@dataclass(frozen=True)
class Template:
    name: str
    """The file's name without `.toml`: what commands call it."""
    title: str
    milestones: tuple[TemplateMilestone, ...]
    description: str = ""
    target: TemplateTarget | None = None
    source: str = ""
    """Where it was read from (shown in errors and `template list`)."""
    notes: tuple[str, ...] = field(default=(), compare=False)
    """What a project left out when it was made into this template (said, not written)."""

    def placeholders(self) -> tuple[str, ...]:
        """The owner roles filled in when a project is made (not `lead`), sorted."""
        roles = {m.owner for m in self.milestones}
        roles |= {t.assignee for m in self.milestones for t in m.tasks}
        if self.target is not None:
            roles.add(self.target.owner)
        return tuple(sorted(roles - {LEAD, ""}))


@dataclass(frozen=True)
class PlannedTask:
    title: str
    start: date
    end: date
    assignee: str


@dataclass(frozen=True)
class PlannedMilestone:
    key: str
    title: str
    due: date
    owner: str
    offset: Offset
    tasks: tuple[PlannedTask, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Plan:
    """A template laid out against a start date."""

    start: date
    milestones: tuple[PlannedMilestone, ...]
    target_period: tuple[date, date] | None = None


def plan(template: Template, start: date) -> Plan:
    """The dates `template` gives a project starting on `start`."""
    ms = tuple(
        PlannedMilestone(
            m.key,
            m.title,
            m.offset.apply(start),
            m.owner,
            m.offset,
            tuple(
                PlannedTask(t.title, t.start.apply(start), t.end.apply(start), t.assignee)
                for t in m.tasks
            ),
        )
        for m in template.milestones
    )
    tgt = template.target
    period = None if tgt is None else (tgt.start.apply(start), tgt.end.apply(start))
    return Plan(start, ms, period)


# -- reading a template ----------------------------------------------------------------------


class _Reader:
    """Checks one template's parsed TOML; the first problem is a `TemplateError`."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, path: Sequence[str | int], reason: str) -> TemplateError:
        name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
        return TemplateError(self.source, line_of(self.text, path), name.replace(".[", "["), reason)

    def text_of(self, d: Mapping[str, Any], path: list[str | int], key: str,
                required: bool = True, max_len: int = 200) -> str:  # fmt: skip
        value = d.get(key, None)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(
                [*path, key], "expected text" if required else "expected text or nothing"
            )
        if len(value) > max_len:
            raise self.fail([*path, key], f"longer than {max_len} characters")
        return value.strip()

    def number(self, d: Mapping[str, Any], path: list[str | int], key: str) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise self.fail([*path, key], "expected a number of 0 or more")
        try:
            return check_amount(key, float(value))
        except Invalid as exc:  # infinite, or past what a figure may be
            raise self.fail([*path, key], exc.reason) from None

    def offset(self, d: Mapping[str, Any], path: list[str | int], key: str,
               default: Offset | None = None) -> Offset:  # fmt: skip
        if key not in d and default is not None:
            return default
        try:
            return parse_offset(d.get(key), key)
        except Invalid as exc:
            raise self.fail([*path, key], exc.reason) from None

    def role(self, d: Mapping[str, Any], path: list[str | int], key: str, default: str) -> str:
        value = d.get(key, default)
        if not isinstance(value, str) or (value and not NAME.fullmatch(value)):
            raise self.fail([*path, key], f'expected "lead" or a placeholder name ({NAME_HELP})')
        return value

    def known(self, d: Mapping[str, Any], path: list[str | int], keys: set[str]) -> None:
        for key in d:
            if key not in keys:
                raise self.fail([*path, key], "unknown field (expected one of "
                                + ", ".join(sorted(keys)) + ")")  # fmt: skip

    def table_list(self, d: Mapping[str, Any], path: list[str | int], key: str) -> list[Any]:
        value = d.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail([*path, key], f"expected [[{'.'.join(map(str, [*path, key]))}]] tables")
        return value


_TOP = {"title", "description", "milestones", "target"}
_MILESTONE = {
    "key", "title", "offset", "owner", "description", "kpi", "cost_estimate",
    "effort_estimate", "depends_on", "target", "tasks",
}  # fmt: skip
_TASK = {"title", "start", "end", "assignee", "estimate_hours"}
_TARGET = {"name", "goal", "unit", "start", "end", "cadence", "owner"}
_KPI = {"name", "target", "unit"}


def parse_template(text: str, name: str, source: str = "") -> Template:
    """The template in TOML `text`, named `name`; `TemplateError` naming `source`
    (the file), the line and the field of the first problem."""
    source = source or f"{name}.toml"
    if not NAME.fullmatch(name):
        raise TemplateError(source, None, "name", f"the file name must be {NAME_HELP}")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 keeps the position only in the message: "... (at line 9, column 8)".
        message = " ".join(str(exc).split())
        at = _AT.search(message)
        if at is None:
            raise TemplateError(source, None, "syntax", message) from None
        reason = message[: at.start()].rstrip() + f" (column {at[2]})"
        raise TemplateError(source, int(at[1]), "syntax", reason) from None
    r = _Reader(text, source)
    r.known(doc, [], _TOP)
    title = r.text_of(doc, [], "title", max_len=120)
    description = r.text_of(doc, [], "description", required=False, max_len=2000)
    raw = r.table_list(doc, [], "milestones")
    if not raw:
        raise r.fail(["milestones"], "a template needs at least one [[milestones]]")
    milestones = [_milestone(r, m, i) for i, m in enumerate(raw)]
    keys = [m.key for m in milestones]
    for i, m in enumerate(milestones):
        if m.key in keys[:i]:
            raise r.fail(["milestones", i, "key"], f'"{m.key}" is the key of another milestone')
    for i, m in enumerate(milestones):
        for dep in m.depends_on:
            if dep not in keys or dep == m.key:
                raise r.fail(["milestones", i, "depends_on"],
                             f'"{dep}" is not the key of another milestone')  # fmt: skip
    cycle = _cycle({m.key: m.depends_on for m in milestones})
    if cycle:
        i = keys.index(cycle[0])
        raise r.fail(["milestones", i, "depends_on"], "a cycle: " + " → ".join(cycle))
    target = None
    if "target" in doc:
        target = _target(r, doc["target"])
    elif any(m.target for m in milestones):
        i = next(i for i, m in enumerate(milestones) if m.target)
        raise r.fail(["milestones", i, "target"], "the template has no [target]")
    return Template(name, title, tuple(milestones), description, target, source)


def _milestone(r: _Reader, m: dict[str, Any], i: int) -> TemplateMilestone:
    path: list[str | int] = ["milestones", i]
    r.known(m, path, _MILESTONE)
    key = m.get("key")
    if not isinstance(key, str) or not NAME.fullmatch(key):
        raise r.fail([*path, "key"], f"expected a key ({NAME_HELP})")
    kpi = None
    if "kpi" in m:
        k = m["kpi"]
        if not isinstance(k, dict):
            raise r.fail(
                [*path, "kpi"], "expected a table: { name = ..., target = ..., unit = ... }"
            )
        r.known(k, [*path, "kpi"], _KPI)
        kp: list[str | int] = [*path, "kpi"]
        kpi = (r.text_of(k, kp, "name", max_len=80), r.number(k, kp, "target"),
               r.text_of(k, kp, "unit", required=False, max_len=20))  # fmt: skip
    deps = m.get("depends_on", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise r.fail([*path, "depends_on"], "expected a list of milestone keys")
    linked = m.get("target", False)
    if not isinstance(linked, bool):
        raise r.fail([*path, "target"], "expected true or false")
    tasks = [_task(r, t, [*path, "tasks", j]) for j, t in enumerate(r.table_list(m, path, "tasks"))]
    return TemplateMilestone(
        key=key,
        title=r.text_of(m, path, "title"),
        offset=r.offset(m, path, "offset"),
        owner=r.role(m, path, "owner", LEAD) or LEAD,
        description=r.text_of(m, path, "description", required=False, max_len=10_000),
        kpi=kpi,
        cost_estimate=r.number(m, path, "cost_estimate"),
        effort_estimate=r.number(m, path, "effort_estimate"),
        depends_on=tuple(deps),
        target=linked,
        tasks=tuple(tasks),
    )


_MONDAY = date(2026, 11, 30)


def _task(r: _Reader, t: dict[str, Any], path: list[str | int]) -> TemplateTask:
    r.known(t, path, _TASK)
    start = r.offset(t, path, "start")
    end = r.offset(t, path, "end")
    # Mixed units (calendar start, business end) can cross on some weekdays: try each.
    if any(end.apply(d) < start.apply(d) for d in (date.fromordinal(_MONDAY.toordinal() + k)
                                                    for k in range(7))):  # fmt: skip
        raise r.fail([*path, "end"], "ends before it starts")
    return TemplateTask(
        title=r.text_of(t, path, "title"),
        start=start,
        end=end,
        assignee=r.role(t, path, "assignee", ""),
        estimate_hours=r.number(t, path, "estimate_hours"),
    )


def _target(r: _Reader, t: object) -> TemplateTarget:
    from mstui.domain.targets import checkpoint_dates

    if not isinstance(t, dict):
        raise r.fail(["target"], "expected a [target] table")
    path: list[str | int] = ["target"]
    r.known(t, path, _TARGET)
    goal = r.number(t, path, "goal")
    if not goal:
        raise r.fail([*path, "goal"], "expected a number more than 0")
    start = r.offset(t, path, "start", Offset(0))
    end = r.offset(t, path, "end")
    cadence = r.text_of(t, path, "cadence", required=False)
    for k in range(7):  # mixed units (calendar and business days) can cross on some weekdays
        day = date.fromordinal(_MONDAY.toordinal() + k)
        try:
            checkpoint_dates(cadence, start.apply(day), end.apply(day))
        except Invalid as exc:
            fld = "end" if exc.field == "end" else "cadence"
            raise r.fail([*path, fld], exc.reason) from None
    return TemplateTarget(
        name=r.text_of(t, path, "name", max_len=120),
        goal=goal,
        end=end,
        start=start,
        unit=r.text_of(t, path, "unit", required=False, max_len=20),
        cadence=cadence,
        owner=r.role(t, path, "owner", LEAD) or LEAD,
    )


def _cycle(deps: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A dependency cycle as keys (first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(k: str) -> list[str] | None:
        state[k] = 1
        stack.append(k)
        for d in deps.get(k, ()):
            if state.get(d) == 1:
                return [*stack[stack.index(d) :], d]
            if d not in state and (found := visit(d)):
                return found
        stack.pop()
        state[k] = 2
        return None

    for k in deps:
        if k not in state and (found := visit(k)):
            return found
    return None
