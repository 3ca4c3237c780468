"""Baselines, slips and variance: the plan as it was agreed against the plan as it is.

Pure. A plan is a set of `PlanItem`s (each milestone's due date and each
task's dates, with estimates). A baseline is a plan someone saved; the plan
as it stood at a past moment is rebuilt from the history (`as_of`): every
change mstui makes is an Activity row with the old value, so undoing the
changes made after the moment, newest first, gives the values at it.

A slip is a move of a milestone's due date *later*; a move earlier is not one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from statistics import median
from typing import Any

FIELDS: dict[str, dict[str, str]] = {
    "m": {
        "title": "title",
        "due": "end",
        "status": "status",
        "cost_estimate": "cost",
        "effort_estimate": "effort",
    },
    "t": {
        "title": "title",
        "start_date": "start",
        "end_date": "end",
        "status": "status",
        "estimate_hours": "effort",
        "milestone_id": "milestone_id",
    },
}
"""Per kind, the history's field name → the `PlanItem` attribute it sets."""


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A milestone (`kind` "m") or a task ("t") as a plan holds it."""

    kind: str
    id: int
    title: str
    end: date
    """A milestone's due date, a task's last day."""
    start: date | None = None
    """A task's first day (None for a milestone)."""
    status: str = ""
    cost: float | None = None
    effort: float | None = None
    """A milestone's effort estimate, a task's estimated hours."""
    milestone_id: int | None = None
    """A task's milestone."""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": "milestone" if self.kind == "m" else "task",
            "id": self.id,
            "title": self.title,
        }
        if self.kind == "m":
            out["due"] = self.end.isoformat()
            out["cost_estimate"] = self.cost
            out["effort_estimate"] = self.effort
        else:
            out["start"] = self.start.isoformat() if self.start else None
            out["end"] = self.end.isoformat()
            out["estimate_hours"] = self.effort
            out["milestone_id"] = self.milestone_id
        out["status"] = self.status
        return out


@dataclass(frozen=True, slots=True)
class Change:
    """One row of the history about a milestone or a task of the project."""

    kind: str
    id: int
    at: datetime
    action: str
    """"create", "delete", or a change ("edit", "shift", "move", …)."""
    field: str
    old: str | None


def _parse(attr: str, text: str | None, current: Any) -> Any:
    """A value as the history keeps it (text) back as the type the plan holds; the
    current value where the text is unreadable (another program wrote it)."""
    if text is None:
        return None if attr in ("cost", "effort", "milestone_id", "start") else current
    try:
        if attr in ("end", "start"):
            return date.fromisoformat(text[:10])
        if attr in ("cost", "effort"):
            value = float(text)
            return value if math.isfinite(value) else current
        if attr == "milestone_id":
            return int(text.lstrip("#"))
    except ValueError:
        return current
    return text


def as_of(
    items: Iterable[PlanItem],
    created: Mapping[tuple[str, int], datetime],
    changes: Sequence[Change],
    moment: datetime,
) -> list[PlanItem]:
    """The plan as it stood at `moment`, from today's `items`, when each was created,
    and the history rows made after `moment` (any order).

    Items created after the moment are left out. Items deleted since are not in
    `items` and cannot be rebuilt (the history keeps their titles, not their dates).
    """
    later = sorted(
        (c for c in changes if c.at > moment), key=lambda c: c.at, reverse=True
    )  # newest first: undo them in turn
    out: dict[tuple[str, int], PlanItem] = {}
    for item in items:
        born = created.get(item.key)
        if born is not None and born > moment:
            continue
        out[item.key] = item
    for c in later:
        held = out.get((c.kind, c.id))
        attr = FIELDS.get(c.kind, {}).get(c.field)
        if held is None or attr is None or c.action in ("create", "delete"):
            continue
        value = _parse(attr, c.old, getattr(held, attr))
        if attr in ("end", "title", "status") and value is None:
            continue  # a required value: keep what is known
        out[held.key] = replace(held, **{attr: value})
    return sorted(out.values(), key=lambda i: (i.kind, i.end, i.id))


@dataclass(frozen=True, slots=True)
class Slip:
    """A milestone's due date moved later."""

    milestone_id: int
    at: datetime
    who: str | None
    old: date
    new: date
    reason: str = ""
    title: str = ""
    project: str = ""

    @property
    def days(self) -> int:
        return (self.new - self.old).days

    def to_json(self) -> dict[str, Any]:
        return {
            "milestone_id": self.milestone_id,
            "at": self.at.isoformat(),
            "by": self.who,
            "from": self.old.isoformat(),
            "to": self.new.isoformat(),
            "days": self.days,
            "reason": self.reason,
        }


def slip_of(
    mid: int, at: datetime, who: str | None, old: str | None, new: str | None, reason: str | None
) -> Slip | None:
    """The slip a change of due date is, or None (earlier, the same, unreadable)."""
    if old is None or new is None:
        return None
    try:
        before, after = date.fromisoformat(old[:10]), date.fromisoformat(new[:10])
    except ValueError:
        return None
    if after <= before:
        return None
    return Slip(mid, at, who, before, after, reason or "")


def net_slips(
    changes: Iterable[tuple[int, datetime, str | None, str | None, str | None, str | None]],
) -> list[Slip]:
    """The slips among due-date changes given oldest first, as (milestone, at, who, old,
    new, reason): each move later, unless a move straight back to where it was (an
    undo) took it back. Oldest first."""
    stacks: dict[int, list[Slip]] = {}
    order: list[Slip] = []
    for mid, at, who, old, new, reason in changes:
        stack = stacks.setdefault(mid, [])
        slip = slip_of(mid, at, who, old, new, reason)
        if slip is not None:
            stack.append(slip)
            order.append(slip)
        elif stack and (old, new) == (stack[-1].new.isoformat(), stack[-1].old.isoformat()):
            undone = stack.pop()
            order = [x for x in order if x is not undone]
    return order


def days_label(days: int | None) -> str:
    """ "+5d", "−2d" (a true minus sign), "0d"; "" when unknown."""
    if days is None:
        return ""
    if days > 0:
        return f"+{days}d"
    if days < 0:
        return f"\u2212{-days}d"
    return "0d"


def _diff(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else (b - a).days


@dataclass(frozen=True, slots=True)
class VarianceRow:
    """One milestone: the baseline, today's plan and what happened."""

    id: int
    title: str
    baseline_due: date | None
    """None: added since the baseline."""
    due: date | None
    """None: deleted since the baseline."""
    done: date | None
    """The day it was done (None while open)."""
    status: str
    cost: tuple[float | None, float | None, float | None] = (None, None, None)
    """Estimate at the baseline, estimate now, actual."""
    effort: tuple[float | None, float | None, float | None] = (None, None, None)

    @property
    def days(self) -> int | None:
        """Today's due date against the baseline's (positive: later)."""
        return _diff(self.baseline_due, self.due)

    @property
    def finish_days(self) -> int | None:
        """The day it was done against the baseline's due date."""
        return _diff(self.baseline_due, self.done)

    @property
    def change(self) -> str:
        if self.baseline_due is None:
            return "added"
        if self.due is None:
            return "deleted"
        return "kept"

    def to_json(self) -> dict[str, Any]:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "title": self.title,
            "change": self.change,
            "status": self.status,
            "baseline_due": iso(self.baseline_due),
            "due": iso(self.due),
            "done": iso(self.done),
            "days": self.days,
            "finish_days": self.finish_days,
            "cost": dict(zip(("baseline", "now", "actual"), self.cost, strict=True)),
            "effort": dict(zip(("baseline", "now", "actual"), self.effort, strict=True)),
        }


@dataclass(frozen=True, slots=True)
class Now:
    """A milestone as it is today, for the variance report."""

    id: int
    title: str
    due: date
    status: str
    done: date | None
    cost_estimate: float | None
    cost_actual: float | None
    effort_estimate: float | None
    effort_actual: float | None


def _total(values: Iterable[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return sum(got) if got else None


@dataclass(frozen=True)
class Variance:
    """Per milestone and for the whole project."""

    rows: tuple[VarianceRow, ...]

    @property
    def moved(self) -> list[VarianceRow]:
        return [r for r in self.rows if r.days]

    def totals(self) -> dict[str, Any]:
        kept = [r for r in self.rows if r.change == "kept"]
        days = [r.days for r in kept if r.days is not None]
        late = [d for d in days if d > 0]
        ends_base = [r.baseline_due for r in self.rows if r.baseline_due]
        ends_now = [r.due for r in self.rows if r.due]
        return {
            "milestones": len(self.rows),
            "added": sum(r.change == "added" for r in self.rows),
            "deleted": sum(r.change == "deleted" for r in self.rows),
            "later": len(late),
            "earlier": sum(d < 0 for d in days),
            "days_later": sum(late),
            "median_days": median(days) if days else None,
            "baseline_end": max(ends_base).isoformat() if ends_base else None,
            "end": max(ends_now).isoformat() if ends_now else None,
            "end_days": _diff(max(ends_base), max(ends_now)) if ends_base and ends_now else None,
            "cost": {
                k: _total(r.cost[i] for r in self.rows)
                for i, k in enumerate(("baseline", "now", "actual"))
            },
            "effort": {
                k: _total(r.effort[i] for r in self.rows)
                for i, k in enumerate(("baseline", "now", "actual"))
            },
        }


def variance(baseline: Iterable[PlanItem], now: Iterable[Now]) -> Variance:
    """Milestones of the baseline against today's, in today's order (then the deleted)."""
    base = {i.id: i for i in baseline if i.kind == "m"}
    rows: list[VarianceRow] = []
    seen: set[int] = set()
    for m in sorted(now, key=lambda m: (m.due, m.id)):
        b = base.get(m.id)
        seen.add(m.id)
        rows.append(
            VarianceRow(
                m.id, m.title, b.end if b else None, m.due, m.done, m.status,
                (b.cost if b else None, m.cost_estimate, m.cost_actual),
                (b.effort if b else None, m.effort_estimate, m.effort_actual),
            )
        )  # fmt: skip
    for b in sorted(base.values(), key=lambda b: (b.end, b.id)):
        if b.id not in seen:
            rows.append(
                VarianceRow(b.id, b.title, b.end, None, None, "deleted", (b.cost, None, None),
                            (b.effort, None, None))
            )  # fmt: skip
    return Variance(tuple(rows))
