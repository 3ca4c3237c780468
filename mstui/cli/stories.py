"""The demo: four stories of a small business, told through the store.

The stories live in `data/demo.toml` with dates in days relative to today
(the day the demo is made), the sales target's four weeks included.
They are replayed through the store with a clock set to the moment of each
step, so the activity history, completion dates and comments read like a real
few weeks of work.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pendulum

from mstui.clock import FrozenClock
from mstui.domain.enums import CommentKind, Role, Status, TaskStatus
from mstui.domain.targets import WEEKDAYS
from mstui.errors import Invalid
from mstui.identity import Account
from mstui.resources import load_toml
from mstui.store import Store
from mstui.store.batch import one_transaction


class DemoStore(Store):
    """A store whose clock the demo moves between steps."""

    clock: FrozenClock


def _day(spec: Any, today: date) -> date:
    p = pendulum.Date(today.year, today.month, today.day)
    if isinstance(spec, int):
        return today + timedelta(days=spec)
    if spec == "start_of_quarter":
        return p.first_of("quarter")
    if spec == "end_of_quarter":
        return p.last_of("quarter")
    if spec == "start_of_month":
        return p.start_of("month")
    if spec == "end_of_month":
        return p.end_of("month")
    raise ValueError(f"demo.toml: unknown day {spec!r}")


class _Replay:
    def __init__(self, store: Store, today: date, tz: str) -> None:
        self.base = store
        self.today = today
        self.tz = tz
        self.clock = FrozenClock(pendulum.instance(store.now()))
        self.me = store.account.login
        self._stores: dict[str, Store] = {}

    def at(self, offset: Any, hour: int = 10) -> None:
        d = _day(offset, self.today)
        moment = pendulum.datetime(d.year, d.month, d.day, hour, tz=self.tz)
        self.clock.set(min(moment, pendulum.instance(self.base.now())))

    def who(self, login: str) -> str:
        return self.me if login == "@me" else login

    def as_(self, login: str) -> Store:
        """The store acting as `login` (so comments and history name the right person)."""
        login = self.who(login)
        if login not in self._stores:
            replayed = Store(self.base.db, self.clock, self.base.settings, Account(login, login))
            replayed.notices = False  # old history: no news for anyone
            self._stores[login] = replayed
        return self._stores[login]


def load_stories(store: Store, force: bool = False) -> dict[str, int]:
    """Add the four demo stories; refuses a database with data unless `force`.

    With `force`, projects with the demo's keys are deleted and made again;
    everything else in the database stays. All of it is one transaction: a
    failure or a `kill -9` midway leaves the database as it was (the old demo).
    """
    doc = load_toml("demo.toml")
    with one_transaction(store.db) as db:
        loader = Store(db, store.clock, store.settings, store.account)
        loader.notices = False  # the stories' history: no news for anyone
        return _load(loader, doc, force)


def _load(store: Store, doc: dict[str, Any], force: bool) -> dict[str, int]:
    keys = [p["key"] for p in doc["projects"]]
    if not store.is_empty():
        if not force:
            raise Invalid(
                "demo",
                store.db.label,
                "the database already holds data; `mstui demo --force` replaces the demo "
                f"projects ({', '.join(keys)}) and keeps the rest",
            )
        existing = {p.key for p in store.list_projects()}
        for key in keys:
            if key in existing:
                store.delete_project(key)
    tz = store.settings.timezone
    today = store.today(tz)
    replay = _Replay(store, today, tz)
    replay.at(-60, 9)
    me = store.me()
    known = {p.login for p in store.list_people()}
    for person in doc["people"]:
        if person["login"] not in known:
            store.add_person(
                person["login"],
                person["name"],
                person.get("department"),
                department_head=person.get("head", False),
            )
    counts = {"projects": 0, "milestones": 0, "tasks": 0, "targets": 0}
    all_refs: dict[str, dict[str, int]] = {}
    lead = replay.as_("@me")
    for proj in doc["projects"]:
        start = _day(proj["start"], today)
        replay.at(proj["start"] if isinstance(proj["start"], int) else -30, 9)
        lead.add_project(
            proj["key"],
            proj["name"],
            lead=me.login,
            department=proj.get("department"),
            description=proj.get("description", ""),
            start=start,
            end=_day(proj["end"], today),
            budget=proj.get("budget"),
        )
        for login in proj.get("members", []):
            lead.add_member(proj["key"], login, Role.EDITOR)
        for login in proj.get("viewers", []):
            lead.add_member(proj["key"], login, Role.VIEWER)
        counts["projects"] += 1
        targets: dict[str, int] = {}
        for t in proj.get("targets", []):
            targets[t["ref"]] = _add_target(replay, proj["key"], t)
            counts["targets"] += 1
        refs: dict[str, int] = {}
        for m in proj.get("milestones", []):
            refs[m["ref"]] = _add_milestone(replay, proj["key"], m, refs, targets)
            counts["milestones"] += 1
            counts["tasks"] += len(m.get("tasks", []))
        all_refs[proj["key"]] = refs
    _add_resources(replay, doc, all_refs)
    return counts


def _add_resources(replay: _Replay, doc: dict[str, Any], refs: dict[str, dict[str, int]]) -> None:
    """The demo's resources (kept if present) and their bookings, one conflict per kind."""
    lead = replay.as_("@me")
    replay.at(-3, 11)
    have = {r.name for r in lead.list_resources()}
    for r in doc.get("resources", []):
        if r["name"] not in have:
            lead.add_resource(r["name"], r.get("kind", "person"), float(r["capacity"]),
                              person=r.get("person"))  # fmt: skip
    today = replay.today
    for b in doc.get("bookings", []):
        key = b["project"]
        task_id = None
        if "task" in b:
            task_id = next(t.id for t in lead.list_tasks(project=key) if t.title == b["task"])
        lead.book(
            b["resource"],
            task_id=task_id,
            milestone_id=refs[key][b["milestone"]] if "milestone" in b else None,
            start=_day(b["start"], today) if "start" in b else None,
            end=_day(b["end"], today) if "end" in b else None,
            amount=float(b["amount"]),
        )


def _weeks_around(today: date, weeks: int, passed: int, weekday: int) -> tuple[date, date]:
    """A period of `weeks` whole weeks, each ending on `weekday`, of which `passed` are over.

    The latest `weekday` before today (a week ago if today is that day: its
    checkpoint has not passed yet) closes the last week that is over, so on any
    day exactly `passed` weekly checkpoints lie in the past.
    """
    last = today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return last - timedelta(weeks=passed, days=-1), last + timedelta(weeks=weeks - passed)


def _target_period(t: dict[str, Any], today: date) -> tuple[date, date]:
    if t.get("period") == "weeks":
        _, _, day = t["cadence"].partition(":")
        return _weeks_around(today, int(t["weeks"]), int(t["passed"]), WEEKDAYS[day[:3]])
    if t.get("period") == "month":
        return _day("start_of_month", today), _day("end_of_month", today)
    return _day(t["start"], today), _day(t["end"], today)


def _add_target(replay: _Replay, key: str, t: dict[str, Any]) -> int:
    today = replay.today
    start, end = _target_period(t, today)
    replay.at((start - today).days, 9)
    view = replay.as_("@me").add_target(
        t["name"],
        float(t["goal"]),
        start,
        end,
        unit=t.get("unit", ""),
        cadence=t.get("cadence", ""),
        project=key,
        owner=replay.who(t["owner"]),
    )
    owner = replay.as_(t["owner"])
    for cp, share in zip(view.state.checkpoints, t.get("measured", []), strict=False):
        if cp.date >= today:
            break
        replay.at((cp.date - today).days, 17)
        owner.record_measurement(view.id, round(cp.expected * share, 2), cp.date, "weekly figure")
    return view.id


def _add_milestone(
    replay: _Replay,
    key: str,
    m: dict[str, Any],
    refs: dict[str, int],
    targets: dict[str, int],
) -> int:
    today = replay.today
    replay.at(-28 if isinstance(m["due"], str) else min(-5, m["due"] - 30), 9)
    lead = replay.as_("@me")
    owner = replay.who(m["owner"])
    cost = m.get("cost", [])
    effort = m.get("effort", [])
    kpi = m.get("kpi")
    view = lead.add_milestone(
        key,
        m["title"],
        _day(m["due"], today),
        owner=owner,
        depends_on=[refs[r] for r in m.get("depends", [])],
        kpi=(kpi["name"], float(kpi["target"]), kpi.get("unit", "")) if kpi else None,
        cost_estimate=cost[0] if cost else None,
        effort_estimate=effort[0] if effort else None,
        target_id=targets[m["target"]] if "target" in m else None,
    )
    mid = view.id
    actor = replay.as_(m["owner"])
    for t in m.get("tasks", []):
        replay.at(min(t["start"], 0), 9)
        task = actor.add_task(
            key,
            t["title"],
            _day(t["start"], today),
            _day(t["end"], today),
            milestone_id=mid,
            assignee=replay.who(t["assignee"]),
            estimate_hours=t.get("estimate"),
        )
        if t.get("status") == "done":
            replay.at(min(t["end"], 0), 16)
            replay.as_(t["assignee"]).edit_task(task.id, None, status=TaskStatus.DONE)
    status = Status(m.get("status", "planned"))
    if status in (Status.IN_PROGRESS, Status.DONE, Status.BLOCKED):
        replay.at(min(-3, m["due"] - 10) if isinstance(m["due"], int) else -20, 9)
        actor.move_milestone(mid, Status.IN_PROGRESS)
    if status is Status.BLOCKED:
        replay.at(m.get("blocked_at", -1), 11)
        actor.move_milestone(mid, Status.BLOCKED, reason=m["blocked"])
    extra: dict[str, Any] = {}
    if len(cost) > 1:
        extra["cost_actual"] = cost[1]
    if len(effort) > 1:
        extra["effort_actual"] = effort[1]
    if kpi and kpi.get("actual"):
        extra["kpi_actual"] = float(kpi["actual"])
    if extra:
        replay.at(-1, 15)
        actor.edit_milestone(mid, None, **extra)
    for c in m.get("comments", []):
        replay.at(c["at"], 14)
        replay.as_(c["author"]).add_comment(mid, c["body"], CommentKind(c["kind"]))
    if status is Status.DONE:
        replay.at(m["done_at"], 16)
        actor.complete_milestone(mid)
    return mid
