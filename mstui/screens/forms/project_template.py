"""The template half of the new-project form: which template, who fills its owner
roles, and a preview of the dates it would give for the start typed.

The templates and how their milestones went on earlier projects are read once,
in the thread that builds the form (`load_choice`); the preview is then pure
arithmetic on every keystroke, with no database call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content

from mstui.domain.offsets import Slips, slips_of
from mstui.domain.templates import LEAD, Template, plan
from mstui.errors import Invalid
from mstui.widgets.safe import say

if TYPE_CHECKING:
    from mstui.store import Store

NO_TEMPLATE = ""
"""The Select's value for "no template" (an empty project)."""


@dataclass(frozen=True)
class TemplateChoice:
    """What the form offers: the templates, how each went, the files that failed."""

    templates: dict[str, Template] = field(default_factory=dict)
    history: dict[str, dict[str, Slips]] = field(default_factory=dict)
    """template name → milestone key → how early or late it finished."""
    problems: tuple[str, ...] = ()
    """One line per template file that could not be read."""

    def options(self) -> list[tuple[Content, str]]:
        """The Select's options: none, then each template by title."""
        out = [(Content("none: an empty project"), NO_TEMPLATE)]
        for t in self.templates.values():
            out.append((say(t.title), t.name))
        return out


def load_choice(store: Store) -> TemplateChoice:
    """(In a thread.) The templates, and how the projects made from each went."""
    from mstui.template_files import load_templates

    loaded = load_templates()
    history: dict[str, dict[str, Slips]] = {}
    for name in loaded.templates:
        got = {
            ref: s
            for ref, days in store.template_slips(name).items()
            if (s := slips_of(days)) is not None
        }
        if got:
            history[name] = got
    return TemplateChoice(loaded.templates, history, tuple(str(e) for e in loaded.errors))


def parse_assign(text: str, template: Template | None) -> dict[str, str]:
    """`designer=dana, copywriter=sam` (commas or spaces) as placeholder → login."""
    found: dict[str, str] = {}
    for item in text.replace(",", " ").split():
        role, eq, login = item.partition("=")
        if not eq or not role or not login:
            raise Invalid("assign", item, "expected ROLE=LOGIN, e.g. designer=dana")
        if template is not None and role not in template.placeholders():
            have = ", ".join(template.placeholders()) or "none"
            raise Invalid("assign", item, f"no placeholder {role} (this template has: {have})")
        found[role] = login
    return found


def preview(
    choice: TemplateChoice, name: str, start: date | None, assign: str, lead: str
) -> Content:
    """What template `name` would make from `start`: one line per milestone (due date,
    owner, how it went before), then who fills each owner role."""
    template = choice.templates.get(name)
    if template is None:
        return Content("")
    if start is None:
        return say(f"{template.title}: type a start date to see its dates")
    try:
        people = parse_assign(assign, template)
    except Invalid:
        people = {}
    history = choice.history.get(name, {})
    laid = plan(template, start)
    lines = [say(f"{template.title}, {len(laid.milestones)} milestones from {start:%a %d %b %Y}:")]
    for m in laid.milestones:
        owner = f"{m.owner}: {lead if m.owner == LEAD else people.get(m.owner, lead)}"
        went = history.get(m.key)
        line = say(f"{m.due:%a %d %b %Y}  ", m.title, f"  ({owner})")
        if went is not None:
            line = line + say(f"  before: {went.describe()}")
        lines.append(line)
    if laid.target_period is not None and template.target is not None:
        t0, t1 = laid.target_period
        lines.append(say("target: ", template.target.name, f" {t0}..{t1}"))
    roles = template.placeholders()
    if roles:
        filled = ", ".join(f"{r}={people.get(r, f'{lead} (unfilled)')}" for r in roles)
        lines.append(say("owners: ", filled))
    return Content("\n").join(lines)
