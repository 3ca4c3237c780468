"""`mstui template …`: list, show and save project templates (see README "Templates").

`mstui project add KEY NAME --template NAME --start DATE [--assign ROLE=LOGIN]`
(in `mstui.cli.projects`) makes a project from one.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mstui.cli.args import Commands, add, day, json_flag, noun
from mstui.cli.context import open_store
from mstui.cli.output import out, print_json, table
from mstui.domain.numbers import amount
from mstui.domain.offsets import Slips, slips_of
from mstui.domain.targets import checkpoint_dates
from mstui.domain.template_toml import to_toml
from mstui.domain.templates import Template, TemplateError, parse_template, plan
from mstui.domain.text import clean
from mstui.errors import Invalid
from mstui.template_files import Loaded, check_name, load_templates, user_dir, write_user_template

if TYPE_CHECKING:
    from mstui.store import Store


def _warn(loaded: Loaded) -> None:
    """Each template file that could not be used, one line each on stderr."""
    for err in loaded.errors:
        sys.stderr.write(f"mstui: {clean(str(err))}\n")


def cmd_template_list(args: argparse.Namespace) -> int:
    loaded = load_templates()
    _warn(loaded)
    ts = list(loaded.templates.values())
    if args.json:
        print_json(
            [
                {"name": t.name, "title": t.title, "milestones": len(t.milestones),
                 "placeholders": list(t.placeholders()), "target": t.target is not None,
                 "source": t.source}
                for t in ts
            ]
        )  # fmt: skip
    elif ts:
        rows = [
            (t.name, t.title, len(t.milestones), ", ".join(t.placeholders()) or "-", t.source)
            for t in ts
        ]
        print(table(["NAME", "TITLE", "MILESTONES", "PLACEHOLDERS", "FROM"], rows))
    else:
        out(f"no templates (add TOML files to {user_dir()})")
    return 0


def _history(store: Store, template: Template) -> dict[str, Slips]:
    slips = store.template_slips(template.name)
    return {ref: s for ref, days in slips.items() if (s := slips_of(days)) is not None}


def cmd_template_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    template = load_templates().get(args.name)
    start = day(store, args.start, "start") if args.start else store.today()
    assert start is not None
    laid = plan(template, start)
    history = _history(store, template)
    deps = {m.key: m.depends_on for m in template.milestones}
    if args.json:
        print_json(
            {
                "name": template.name, "title": template.title, "start": start.isoformat(),
                "placeholders": list(template.placeholders()), "source": template.source,
                "target": None if laid.target_period is None or template.target is None else {
                    "name": template.target.name, "goal": template.target.goal,
                    "unit": template.target.unit, "start": laid.target_period[0].isoformat(),
                    "end": laid.target_period[1].isoformat(),
                    "checkpoints": [d.isoformat() for d in checkpoint_dates(
                        template.target.cadence, *laid.target_period)],
                },
                "milestones": [
                    {"key": m.key, "title": m.title, "offset": str(m.offset),
                     "due": m.due.isoformat(), "owner": m.owner,
                     "depends_on": list(deps[m.key]),
                     "history": None if m.key not in history else {
                         "median_days_late": history[m.key].median, "low": history[m.key].low,
                         "high": history[m.key].high, "projects": history[m.key].count},
                     "tasks": [{"title": t.title, "start": t.start.isoformat(),
                                "end": t.end.isoformat(), "assignee": t.assignee}
                               for t in m.tasks]}
                    for m in laid.milestones
                ],
            }
        )  # fmt: skip
        return 0
    out(f"{template.title} ({template.name}), starting {start:%a %Y-%m-%d}")
    out(f"from {template.source}")
    out("placeholders: " + (", ".join(template.placeholders()) or "none") + " (and lead)")
    tgt = template.target
    if tgt is not None and laid.target_period is not None:
        t0, t1 = laid.target_period
        n = len(checkpoint_dates(tgt.cadence, t0, t1))
        out(f"target: {tgt.name} {amount(tgt.goal)} {tgt.unit} {t0}..{t1}, "
            f"{n} cumulative checkpoints ({tgt.cadence or 'at the end'})")  # fmt: skip
    rows = [
        (m.key, m.title, str(m.offset), f"{m.due:%a %Y-%m-%d}", m.owner,
         ", ".join(deps[m.key]) or "-",
         history[m.key].describe() if m.key in history else "-")
        for m in laid.milestones
    ]  # fmt: skip
    print(table(["KEY", "MILESTONE", "OFFSET", "DUE", "OWNER", "AFTER", "HOW IT WENT"], rows))
    return 0


def cmd_template_save(args: argparse.Namespace) -> int:
    store = open_store(args)
    name = check_name(args.name)
    # Milestones that came from a template keep its business-day offsets.
    source = store.project(args.project)
    business: frozenset[str] = frozenset()
    origin = store.template_of(source.key)
    if origin:
        found = load_templates().templates.get(origin)
        if found is not None:
            business = frozenset(m.key for m in found.milestones if m.offset.business)
    template = store.project_as_template(
        source.key, name, from_actuals=args.from_actuals, business=business
    )
    note = f"Made from project {source.key}" + (
        ", where its milestones were done" if args.from_actuals else ", as planned"
    )
    text = to_toml(template, clean(note))
    try:
        parse_template(text, name)  # what is written must read back
    except TemplateError as exc:
        raise Invalid("template", name, f"project {source.key} does not make one: {exc}") from None
    path = write_user_template(name, text, force=args.force)
    out(f"saved template {name} ({len(template.milestones)} milestones) to {path}")
    for note in template.notes:
        out(f"  note: {note}")
    return 0


def register(sub: Commands) -> None:
    """`mstui template list|show|save`."""
    template = noun(sub, "template", "project templates")
    json_flag(add(template, "list", cmd_template_list, "list the templates"))
    p = add(template, "show", cmd_template_show, "the dates a template gives, and how it went")
    p.add_argument("name")
    p.add_argument("--start", metavar="DATE", help="the project's start (default: today)")
    json_flag(p)
    p = add(template, "save", cmd_template_save, "make a template of a project")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--from-actuals",
        action="store_true",
        help="place done milestones where they were completed, not where they were due",
    )
    p.add_argument("--force", action="store_true", help="replace a template of that name")
