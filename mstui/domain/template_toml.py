"""A template written back as TOML text (`mstui template save`), in the shape
`mstui.domain.templates.parse_template` reads, with the same comment at the top
as the shipped templates."""

from __future__ import annotations

import json

from mstui.domain.templates import LEAD, Template, TemplateMilestone, TemplateTarget

HEADER = """\
# An mstui project template (see "Templates" in the README).
# Offsets count from the project's start: "12d" is 12 calendar days, "10bd" is 10
# business days (Monday to Friday, no holidays; a start on a weekend counts from the
# next Monday). owner / assignee: "lead" (the project's lead) or a placeholder name,
# filled in with --assign NAME=LOGIN when the project is made (unfilled: the project's lead).
"""


def _s(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for a string)."""
    return json.dumps(text, ensure_ascii=False)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def to_toml(template: Template, note: str = "") -> str:
    """The TOML text of `template`; `note` is one more comment line (where it came from)."""
    out = [HEADER + (f"# {note}\n" if note else ""), f"title = {_s(template.title)}"]
    if template.description:
        out.append(f"description = {_s(template.description)}")
    if template.target is not None:
        out += ["", *_target(template.target)]
    for m in template.milestones:
        out += ["", *_milestone(m)]
    return "\n".join(out) + "\n"


def _target(t: TemplateTarget) -> list[str]:
    lines = ["[target]", f"name = {_s(t.name)}", f"goal = {_n(t.goal)}"]
    if t.unit:
        lines.append(f"unit = {_s(t.unit)}")
    lines += [f'start = "{t.start}"', f'end = "{t.end}"']
    if t.cadence:
        lines.append(f"cadence = {_s(t.cadence)}")
    if t.owner != LEAD:
        lines.append(f"owner = {_s(t.owner)}")
    return lines


def _milestone(m: TemplateMilestone) -> list[str]:
    lines = [
        "[[milestones]]",
        f"key = {_s(m.key)}",
        f"title = {_s(m.title)}",
        f'offset = "{m.offset}"',
        f"owner = {_s(m.owner)}",
    ]
    if m.description:
        lines.append(f"description = {_s(m.description)}")
    if m.kpi is not None:
        name, target, unit = m.kpi
        parts = [f"name = {_s(name)}"]
        if target is not None:
            parts.append(f"target = {_n(target)}")
        if unit:
            parts.append(f"unit = {_s(unit)}")
        lines.append("kpi = { " + ", ".join(parts) + " }")
    for key in ("cost_estimate", "effort_estimate"):
        value = getattr(m, key)
        if value is not None:
            lines.append(f"{key} = {_n(value)}")
    if m.depends_on:
        lines.append("depends_on = [" + ", ".join(_s(d) for d in m.depends_on) + "]")
    if m.target:
        lines.append("target = true")
    for t in m.tasks:
        lines += ["", "[[milestones.tasks]]", f"title = {_s(t.title)}",
                  f'start = "{t.start}"', f'end = "{t.end}"']  # fmt: skip
        if t.assignee:
            lines.append(f"assignee = {_s(t.assignee)}")
        if t.estimate_hours is not None:
            lines.append(f"estimate_hours = {_n(t.estimate_hours)}")
    return lines
