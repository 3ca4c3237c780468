"""`mstui check` and `mstui alerts …`: scanning for alerts, reading and handling mine.

`check` is for cron: it prints the alerts it raised, and nothing when there are
none (cron mails any output). With `--exit-code` its status says whether I have
open alerts of warning or worse (3), for scripts.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mstui.cli.args import Commands, add, alert_id, days_or_default, json_flag
from mstui.cli.context import open_store
from mstui.cli.output import print_json, table
from mstui.errors import Invalid

if TYPE_CHECKING:
    from mstui.views.alerts import AlertView


def _alert_rows(
    alerts: Sequence[AlertView], tz: str, with_recipient: bool, state_at: datetime | None = None
) -> str:
    """A table of alerts; with `state_at` (now), a STATE column too."""
    import pendulum

    def local(moment: datetime) -> str:
        return str(pendulum.instance(moment).in_timezone(tz).format("YYYY-MM-DD HH:mm"))

    rows: list[list[object]] = []
    for a in alerts:
        row: list[object] = [a.id, local(a.raised_at), a.severity.value, a.kind_label]
        if with_recipient:
            row.append(a.recipient)
        if state_at is not None:
            state = "open"
            if a.acknowledged_at:
                state = "acknowledged"
            elif a.resolved_at:
                state = "no longer true"
            elif a.snoozed_until and a.snoozed_until > state_at:
                state = f"snoozed to {local(a.snoozed_until)}"
            row.append(state)
        rows.append([*row, a.message])
    headers = [
        "ID",
        "RAISED",
        "SEVERITY",
        "KIND",
        *(["TO"] if with_recipient else []),
        *(["STATE"] if state_at is not None else []),
        "MESSAGE",
    ]
    return table(headers, rows)


def cmd_check(args: argparse.Namespace) -> int:
    store = open_store(args)
    raised = store.scan(full=args.full)
    if args.json:
        print_json([a.to_json() for a in raised])
    elif raised:  # nothing new: print nothing (cron mails any output)
        print(_alert_rows(raised, store.settings.timezone, with_recipient=True))
    if args.exit_code:
        from mstui.domain.enums import Severity
        from mstui.errors import EXIT_ALERTS

        loud = (Severity.WARNING, Severity.ERROR)
        if any(a.severity in loud for a in store.my_alerts()):
            return EXIT_ALERTS
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from mstui.domain.alerts import AlertKind
    from mstui.domain.enums import parse_enum
    from mstui.store import AlertFilter

    kinds = tuple(parse_enum(AlertKind, "kind", k).value for k in args.kind or [])
    store = open_store(args)
    if args.project:
        store.project(args.project)  # an unknown project is an error, not an empty list
    flt = AlertFilter(
        everyone=args.everyone, open_only=not args.handled, kinds=kinds, project=args.project
    )
    alerts = store.list_alerts(flt)
    if args.json:
        print_json([a.to_json() for a in alerts])
    else:
        state_at = store.now() if args.handled else None
        tz = store.settings.timezone
        print(_alert_rows(alerts, tz, with_recipient=args.everyone, state_at=state_at))
    return 0


def cmd_alerts_reopen(args: argparse.Namespace) -> int:
    done = open_store(args).reopen(args.ids)
    print(f"reopened {', '.join(str(a.id) for a in done)}")
    return 0


def cmd_alerts_ack(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.all_mine:
        if args.ids:
            raise Invalid("ids", " ".join(map(str, args.ids)), "give alert ids or --all, not both")
        n = store.acknowledge_all()
        print(f"acknowledged {n} alert{'s' if n != 1 else ''}")
        return 0
    if not args.ids:
        raise Invalid("ids", "", "give the alert ids to acknowledge (or --all)")
    done = store.acknowledge(args.ids)
    print(f"acknowledged {', '.join(str(a.id) for a in done)}")
    return 0


def cmd_alerts_snooze(args: argparse.Namespace) -> int:
    import pendulum

    from mstui.domain.alerts import parse_snooze

    duration = parse_snooze(args.duration)
    store = open_store(args)
    done = store.snooze_for(args.ids, duration)
    snoozed = done[0].snoozed_until
    assert snoozed is not None  # each was just snoozed
    until = pendulum.instance(snoozed).in_timezone(store.settings.timezone)
    ids = ", ".join(str(a.id) for a in done)
    print(f"snoozed {ids} until {until.format('YYYY-MM-DD HH:mm')} ({store.settings.timezone})")
    return 0


def cmd_alerts_thresholds(args: argparse.Namespace) -> int:
    store = open_store(args)
    changes: dict[str, Any] = {}
    for flag, name in (
        ("due_soon", "due_soon_days"),
        ("escalation", "escalation_days"),
        ("blocked", "blocked_days"),
    ):
        if getattr(args, flag) is not ...:
            changes[name] = getattr(args, flag)
    if args.review is not None:
        review = args.review.strip().lower()
        changes["review_cadence"] = None if review == "default" else review
    if args.project is None:
        if changes:
            raise Invalid("project", "", "name the project whose thresholds to change")
        th, own = store.base_thresholds(), {}
    elif changes:
        th = store.set_project_thresholds(args.project, **changes)
        own = store.project_thresholds(args.project)[1]
    else:
        th, own = store.project_thresholds(args.project)
    data = {
        "due_soon_days": th.due_soon_days,
        "escalation_days": th.escalation_days,
        "blocked_days": th.blocked_days,
        "review_cadence": th.review_cadence,
    }
    if args.json:
        print_json({"project": args.project, **data, "overrides": own})
    else:
        rows = [
            (k, v, "project" if own.get(k) is not None else "settings") for k, v in data.items()
        ]
        print(table(["THRESHOLD", "VALUE", "FROM"], rows))
    return 0


def register(sub: Commands) -> None:
    """`mstui check`, and `mstui alerts` with its actions."""
    p = add(sub, "check", cmd_check, "scan once for alerts; print those raised (for cron)")
    p.add_argument("--full", action="store_true", help="look at everything, not what changed")
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 3 when I have open alerts of warning or worse (for scripts)",
    )
    json_flag(p)
    p = add(sub, "alerts", cmd_alerts, "my open alerts (or: ack, snooze, thresholds)")
    p.add_argument("--all", dest="everyone", action="store_true", help="everyone's open alerts")
    p.add_argument(
        "--kind",
        action="append",
        metavar="K",
        help="due_soon, missed, escalation, blocked, checkpoint_missed, dependency_slipped, "
        "review_due or achievement (repeatable)",
    )
    p.add_argument("--project", metavar="KEY")
    p.add_argument(
        "--handled", action="store_true", help="acknowledged and snoozed ones too (with a STATE)"
    )
    json_flag(p)
    acts = p.add_subparsers(dest="sub", metavar="ACTION")
    p = add(acts, "ack", cmd_alerts_ack, "acknowledge my alerts")
    p.add_argument("ids", nargs="*", type=alert_id, metavar="ID")
    p.add_argument("--all", dest="all_mine", action="store_true", help="all my open alerts")
    p = add(acts, "snooze", cmd_alerts_snooze, "hide my alerts for a while")
    p.add_argument("ids", nargs="+", type=alert_id, metavar="ID")
    p.add_argument("--for", dest="duration", required=True, metavar="D", help="1h, 1d or 1w")
    p = add(acts, "reopen", cmd_alerts_reopen, "undo acknowledging or snoozing my alerts")
    p.add_argument("ids", nargs="+", type=alert_id, metavar="ID")
    p = add(acts, "thresholds", cmd_alerts_thresholds, "show or override a project's thresholds")
    p.add_argument("project", nargs="?", metavar="KEY", help="default: the settings")
    for flag in ("due-soon", "escalation", "blocked"):
        p.add_argument(f"--{flag}", type=days_or_default(flag), default=..., metavar="DAYS|default")
    p.add_argument("--review", metavar="monthly|quarterly|none|default")
    json_flag(p)
