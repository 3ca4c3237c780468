"""`mstui target …`: targets, their checkpoints and recorded figures, pace and projection.

Each command parses its input first, then calls the store; bad input raises
`Invalid`/`NotFound` (exit status 2, one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from mstui.cli.args import Commands, add, day, direction, ident, json_flag, noun, number, positive
from mstui.cli.context import open_store
from mstui.cli.output import out, print_json, table
from mstui.domain.numbers import amount
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.views.targets import TargetView


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:,.0f}%"


def _checkpoints(text: str | None) -> list[tuple[date, float]] | None:
    """`--checkpoints DATE=N,...` as (date, figure) pairs; the store checks them against
    the target's period. A wrong one names the command line's syntax."""
    from mstui.domain.targets import CHECKPOINT_CLI_HELP, parse_checkpoint_items

    return None if text is None else parse_checkpoint_items(text, CHECKPOINT_CLI_HELP)


def _target_line(t: TargetView) -> str:
    """The target in one line; the verdict last, in words that agree with pace and projection."""
    from mstui.domain.target_standing import standing_text

    st = t.state
    return (
        f"target {t.id}: {t.name} · actual {t.money(st.actual)} · expected now "
        f"{t.money(st.expected_now)} · pace {_pct(st.pace)} · projection "
        f"{t.money(st.projection)} · {standing_text(st, t.direction)}"
    )


def _print_target(t: TargetView, as_json: bool) -> None:
    if as_json:
        print_json(t.to_json())
    else:
        out(_target_line(t))


def cmd_target_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    start = day(store, args.start, "start")
    end = day(store, args.end, "end")
    assert start is not None and end is not None
    if end < start:
        raise Invalid("end", args.end, "is before the start")
    t = store.add_target(
        args.name,
        args.goal,
        start,
        end,
        unit=args.unit or "",
        cadence=args.cadence or "",
        project=args.project,
        owner=args.owner,
        direction=direction(args.direction),
        checkpoints=_checkpoints(args.checkpoints),
    )
    if args.json:
        print_json(t.to_json())
    else:
        cps = ", ".join(
            f"{c.date:%d %b} {amount(c.expected, cents=t.cents)}" for c in t.state.checkpoints
        )
        out(f"added target {t.id}: {t.name}, {t.money(t.goal)} by {t.end} ({cps})")
    return 0


def cmd_target_record(args: argparse.Namespace) -> int:
    store = open_store(args)
    tid = store.find_target(args.target)
    when = day(store, args.date, "date")
    t = store.record_measurement(tid, args.value, when, args.note or "", args.add)
    _print_target(t, args.json)
    return 0


def cmd_target_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.project:
        store.project(args.project)
    targets = store.targets_overview()
    if args.project:
        targets = [t for t in targets if t.project == args.project.strip().upper()]
    if args.json:
        print_json([t.to_json() for t in targets])
        return 0
    from mstui.domain.target_standing import standing_label

    rows = [
        (
            t.id,
            t.name,
            t.money(t.state.actual),
            t.money(t.state.expected_now),
            _pct(t.state.pace),
            t.money(t.state.projection),
            t.money(t.goal),
            standing_label(t.state, t.direction),
            t.end.isoformat(),
            t.project or "",
        )
        for t in targets
    ]
    print(
        table(
            [
                "ID",
                "TARGET",
                "ACTUAL",
                "EXPECTED NOW",
                "PACE",
                "PROJECTION",
                "GOAL",
                "STATUS",
                "ENDS",
                "PROJ",
            ],
            rows,
        )
    )
    return 0


def cmd_target_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    t = store.target_overview(store.find_target(args.target))
    if args.json:
        print_json(t.to_json())
        return 0
    st = t.state
    bound = "at most" if t.direction.value == "at_most" else "at least"
    out(_target_line(t))
    out(
        f"{bound} {t.money(t.goal)} from {t.start} to {t.end}, checkpoints "
        f"{t.cadence or 'at the end'} ({'split evenly' if t.even else 'set by hand'})"
    )
    rows = [
        (c.date.isoformat(), t.money(c.expected), t.money(c.actual), c.result.label)
        for c in st.checkpoints
    ]
    print(table(["CHECKPOINT", "EXPECTED", "ACTUAL", "RESULT"], rows))
    if t.entries:
        print(
            table(
                ["FIGURE", "DATE", "VALUE", "BY", "NOTE"],
                [
                    (e.id, e.date.isoformat(), t.money(e.value), e.recorded_by or "", e.note)
                    for e in t.entries
                ],
            )
        )
    for m in t.milestones:
        out(f"milestone {m.id}: {m.title} ({m.health.symbol} {m.health.label})")
    return 0


def cmd_target_edit(args: argparse.Namespace) -> int:
    store = open_store(args)
    tid = store.find_target(args.target)
    changes: dict[str, Any] = {}
    for name in ("name", "unit", "goal", "cadence", "owner", "project"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("start", "end"):
        if getattr(args, name) is not None:
            changes[name] = day(store, getattr(args, name), name)
    if args.direction is not None:
        changes["direction"] = direction(args.direction)
    points = _checkpoints(args.checkpoints)
    if not changes and points is None:
        raise Invalid("edit", str(args.target), "nothing to change (see --help)")
    # Everything parsed first, then one call (one transaction): all saved, or nothing.
    t = store.edit_target(tid, args.version, checkpoints=points, **changes)
    _print_target(t, args.json)
    return 0


def cmd_target_correct(args: argparse.Namespace) -> int:
    store = open_store(args)
    when = day(store, args.date, "date")
    if args.value is None and when is None and args.note is None:
        raise Invalid("correct", str(args.id), "give --value, --date or --note")
    t = store.edit_measurement(args.id, value=args.value, when=when, note=args.note)
    _print_target(t, args.json)
    return 0


def cmd_target_unrecord(args: argparse.Namespace) -> int:
    store = open_store(args)
    entry = next((e for t in store.list_targets() for e in t.entries if e.id == args.id), None)
    if entry is not None and not args.yes:
        shown = f"{entry.value:g} on {entry.date.isoformat()}"
        raise Invalid("unrecord", args.id, f"repeat with --yes to remove the figure {shown}")
    t = store.delete_measurement(args.id)
    _print_target(t, args.json)
    return 0


def cmd_target_link(args: argparse.Namespace) -> int:
    store = open_store(args)
    t = store.link_milestones(store.find_target(args.target), args.milestones, args.unlink)
    verb = "unlinked" if args.unlink else "linked"
    ids = ", ".join(f"#{i}" for i in args.milestones)
    out(
        f"{verb} {ids}; target {t.id} milestones: "
        f"{', '.join(f'#{m.id}' for m in t.milestones) or 'none'}"
    )
    return 0


def cmd_target_delete(args: argparse.Namespace) -> int:
    store = open_store(args)
    t = store.target(store.find_target(args.target))
    if not args.yes:
        raise Invalid("delete", t.name, "would delete the target and its figures; add --yes")
    store.delete_target(t.id)
    out(f"deleted target {t.id}: {t.name}")
    return 0


def register(sub: Commands) -> None:
    """`mstui target add|record|list|show|edit|correct|unrecord|link|delete`."""
    grp = noun(sub, "target", "targets and their figures")
    p = add(grp, "add", cmd_target_add, "add a target with checkpoints")
    p.add_argument("name")
    p.add_argument("--goal", required=True, type=number("goal"), metavar="N")
    p.add_argument("--unit", metavar="UNIT", help="e.g. USD, sign-ups")
    p.add_argument("--start", required=True, metavar="DATE")
    p.add_argument("--end", required=True, metavar="DATE")
    p.add_argument("--cadence", metavar="C", help="weekly:fri, daily, monthly or DATE,DATE,…")
    p.add_argument("--checkpoints", metavar="DATE=N,…", help="set the checkpoints by hand")
    p.add_argument("--project", metavar="KEY")
    p.add_argument("--owner", metavar="LOGIN", help="default: you")
    p.add_argument("--direction", default="at_least", metavar="D", help="at_least or at_most")
    json_flag(p)
    p = add(grp, "record", cmd_target_record, "record a figure (cumulative to the date)")
    p.add_argument("target", help="its number or name")
    p.add_argument("value", type=number("value"))
    p.add_argument("--date", metavar="DATE", help="default: today")
    p.add_argument("--note")
    p.add_argument("--add", action="store_true", help="VALUE is an increment, not the total")
    json_flag(p)
    p = add(grp, "list", cmd_target_list, "list targets with pace and projection")
    p.add_argument("--project", metavar="KEY")
    json_flag(p)
    p = add(grp, "show", cmd_target_show, "a target with checkpoints, figures, milestones")
    p.add_argument("target")
    json_flag(p)
    p = add(grp, "edit", cmd_target_edit, "change a target (or its checkpoints)")
    p.add_argument("target")
    p.add_argument("--name")
    p.add_argument("--goal", type=number("goal"), metavar="N")
    p.add_argument("--unit")
    p.add_argument("--start", metavar="DATE")
    p.add_argument("--end", metavar="DATE")
    p.add_argument("--cadence", metavar="C", help="re-split the goal evenly by this cadence")
    p.add_argument("--checkpoints", metavar="DATE=N,…", help="set the checkpoints by hand")
    p.add_argument("--direction", metavar="D", help="at_least or at_most")
    p.add_argument("--owner", metavar="LOGIN")
    p.add_argument("--project", metavar="KEY", help="empty to detach")
    p.add_argument("--version", type=int, help="fail with a conflict unless at this version")
    json_flag(p)
    p = add(grp, "correct", cmd_target_correct, "correct a recorded figure (see target show)")
    p.add_argument("id", type=positive("figure"), metavar="FIGURE")
    p.add_argument("--value", type=number("value"), metavar="N")
    p.add_argument("--date", metavar="DATE")
    p.add_argument("--note")
    json_flag(p)
    p = add(grp, "unrecord", cmd_target_unrecord, "remove a recorded figure")
    p.add_argument("id", type=positive("figure"), metavar="FIGURE")
    p.add_argument("--yes", action="store_true", help="confirm")
    json_flag(p)
    p = add(grp, "link", cmd_target_link, "link milestones to a target (target milestones)")
    p.add_argument("target")
    p.add_argument("milestones", type=ident, nargs="+", metavar="MILESTONE")
    p.add_argument("--unlink", action="store_true")
    p = add(grp, "delete", cmd_target_delete, "delete a target and its figures")
    p.add_argument("target")
    p.add_argument("--yes", action="store_true", help="confirm")
