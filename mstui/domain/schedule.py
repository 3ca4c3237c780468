"""The schedule: derived dates, the dependency graph, projected dates, slack,
the critical path, and the rule for moving things (pure functions of plain values)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mstui.errors import Invalid, MstuiError


def derived_due(task_ends: Iterable[date], pinned: date) -> date:
    """A derived milestone falls on its latest task's end; with no tasks, on `pinned`."""
    ends = list(task_ends)
    return max(ends) if ends else pinned


def find_cycle(edges: Iterable[tuple[int, int]], new_edge: tuple[int, int]) -> list[int] | None:
    """The cycle that adding `new_edge` (predecessor, successor) would close, or None.

    Returns the ids along the cycle, starting and ending with the predecessor,
    so the refusal can name every milestone on it.
    """
    pred, succ = new_edge
    if pred == succ:
        return [pred, pred]
    graph: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    # A cycle exists iff pred is reachable from succ along existing edges.
    parent: dict[int, int] = {succ: succ}
    stack = [succ]
    while stack:
        node = stack.pop()
        if node == pred:
            path = [pred]
            while path[-1] != succ:
                path.append(parent[path[-1]])
            path.reverse()  # succ … pred
            return [pred, *path]
        for nxt in graph[node]:
            if nxt not in parent:
                parent[nxt] = node
                stack.append(nxt)
    return None


# -- the plan as a graph: projected dates, slack, the critical path --------------------------
#
# Items are tasks (a start and an end day, both worked) and milestones (an
# instant at the end of their due day). Time runs in day boundaries: a task
# from day s to day e occupies [s, e + 1); a milestone due on day d sits at
# d + 1. Precedence (an edge a → b) means b cannot start before a finishes:
#
# - a task → the milestone it leads to (the milestone is reached when its tasks end);
# - a milestone → a milestone that depends on it;
# - a milestone → each task of a milestone that depends on it (a phase's work
#   starts once the milestones it waits for are reached: the day after).
#
# Done and cancelled items are fixed history and take no part.

Key = tuple[str, int]
"""("m", milestone id) or ("t", task id)."""


@dataclass(frozen=True, slots=True)
class Work:
    """One open item of a plan: a task (start..end) or a milestone (start == end == due)."""

    key: Key
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Slot:
    """Where an item is projected to fall, and how far it can slip."""

    start: date
    end: date
    slack: int | None
    """Days it can slip before the project's planned end slips; negative: the
    plan already slips by that much. None when it sits on a cycle."""
    critical: bool = False


@dataclass(frozen=True)
class Schedule:
    """The projected plan of one project."""

    slots: dict[Key, Slot]
    path: tuple[Key, ...] = ()
    """The critical path, first item to last."""
    planned_end: date | None = None
    projected_end: date | None = None


def plan_edges(
    task_milestones: Iterable[tuple[int, int | None]], deps: Iterable[tuple[int, int]]
) -> list[tuple[Key, Key]]:
    """The precedence edges of a plan from (task, its milestone) pairs and
    (predecessor, successor) milestone dependencies."""
    tasks_of: dict[int, list[int]] = defaultdict(list)
    edges: list[tuple[Key, Key]] = []
    for tid, mid in task_milestones:
        if mid is not None:
            tasks_of[mid].append(tid)
            edges.append((("t", tid), ("m", mid)))
    for pred, succ in deps:
        edges.append((("m", pred), ("m", succ)))
        edges.extend((("m", pred), ("t", tid)) for tid in tasks_of.get(succ, ()))
    return edges


def _graph(
    items: Iterable[Work], edges: Iterable[tuple[Key, Key]]
) -> tuple[dict[Key, Work], dict[Key, list[Key]], dict[Key, list[Key]], list[Key]]:
    """Nodes, predecessors, successors, and a topological order (Kahn; cycles left out)."""
    nodes = {w.key: w for w in items}
    preds: dict[Key, list[Key]] = defaultdict(list)
    succs: dict[Key, list[Key]] = defaultdict(list)
    for a, b in set(edges):
        if a in nodes and b in nodes and a != b:
            preds[b].append(a)
            succs[a].append(b)
    waiting = {k: len(preds[k]) for k in nodes}
    order = [k for k, n in waiting.items() if n == 0]
    for k in order:  # `order` grows while we walk it
        for nxt in succs[k]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                order.append(nxt)
    return nodes, preds, succs, order


def _bounds(w: Work) -> tuple[int, int]:
    """Planned start and finish as day boundaries."""
    if w.key[0] == "m":
        at = w.end.toordinal() + 1
        return at, at
    return w.start.toordinal(), w.end.toordinal() + 1


def forward(
    items: Iterable[Work], edges: Iterable[tuple[Key, Key]], today: date
) -> dict[Key, tuple[date, date]]:
    """Projected (start, end) of every open item: no earlier than planned, than
    its predecessors allow, nor (for an end) than today."""
    nodes, preds, _succs, order = _graph(items, edges)
    starts, finishes = _forward(nodes, preds, order, today)
    return {k: _dates(nodes[k], starts[k], finishes[k]) for k in nodes}


def _forward(
    nodes: dict[Key, Work], preds: dict[Key, list[Key]], order: list[Key], today: date
) -> tuple[dict[Key, int], dict[Key, int]]:
    floor = today.toordinal() + 1
    starts: dict[Key, int] = {}
    finishes: dict[Key, int] = {}
    for k, w in nodes.items():  # cycles keep their planned dates
        starts[k], finishes[k] = _bounds(w)
    for k in order:
        s, f = _bounds(nodes[k])
        ready = max((finishes[p] for p in preds[k]), default=s)
        if k[0] == "m":
            starts[k] = finishes[k] = max(s, ready, floor)
        else:
            start = max(s, ready)
            starts[k], finishes[k] = start, max(start + f - s, floor)
    return starts, finishes


def _dates(w: Work, start: int, finish: int) -> tuple[date, date]:
    if w.key[0] == "m":
        d = date.fromordinal(finish - 1)
        return d, d
    return date.fromordinal(start), date.fromordinal(finish - 1)


def schedule(items: Iterable[Work], edges: Iterable[tuple[Key, Key]], today: date) -> Schedule:
    """Projected dates, slack and the critical path of one project's open items.

    Slack is total float against the plan's own end (the latest planned
    finish of an open item): latest allowed finish (the project end, or the
    latest start its successors allow) minus projected finish. The critical
    path runs back from the item projected to finish last, each step to the
    predecessor with the least slack (the later finish on a tie) as long as
    that predecessor has no more slack than the item it leads to (one with
    room to spare does not drive the end date): slip any item on it and the
    end date moves.
    """
    nodes, preds, succs, order = _graph(items, edges)
    if not nodes:
        return Schedule({})
    starts, finishes = _forward(nodes, preds, order, today)
    end = max(_bounds(w)[1] for w in nodes.values())
    late: dict[Key, int] = {}
    for k in reversed(order):
        late[k] = min(
            (late[s] - (finishes[s] - starts[s]) for s in succs[k] if s in late), default=end
        )
        late[k] = min(late[k], end)
    slack = {k: late[k] - finishes[k] for k in late}

    def rank(k: Key) -> tuple[int, int, int, int]:
        # least slack, then latest finish, then milestones first, then oldest id
        return (slack[k], -finishes[k], 0 if k[0] == "m" else 1, k[1])

    path: list[Key] = []
    if order:
        last = min(order, key=lambda k: (-finishes[k], 0 if k[0] == "m" else 1, k[1]))
        path.append(last)
        seen = {last}
        while True:
            options = [p for p in preds[path[-1]] if p in slack and p not in seen]
            if not options:
                break
            nxt = min(options, key=rank)
            if slack[nxt] > slack[path[-1]]:
                break  # it has room to slip: it does not decide the end date
            path.append(nxt)
            seen.add(nxt)
    on_path = set(path)
    slots = {}
    for k, w in nodes.items():
        s, e = _dates(w, starts[k], finishes[k])
        slots[k] = Slot(s, e, slack.get(k), k in on_path)
    projected = max(finishes.values())
    return Schedule(
        slots,
        tuple(reversed(path)),
        date.fromordinal(end - 1),
        date.fromordinal(projected - 1),
    )


# -- moving things: the dependency rule -------------------------------------------------------


@dataclass(frozen=True)
class Pred:
    """A milestone something depends on, as the move rule needs it."""

    id: int
    title: str
    due: date


def blocker(preds: Iterable[Pred], new_date: date, *, task: bool) -> Pred | None:
    """The predecessor that forbids putting a milestone (or a task's start) on `new_date`.

    A milestone may fall on the day of a milestone it depends on, not before;
    a task of a dependent milestone starts the day after at the earliest. The
    latest such predecessor is named (moving past it is what would be needed).
    """
    bad = [p for p in preds if (new_date <= p.due if task else new_date < p.due)]
    if not bad:
        return None
    return max(bad, key=lambda p: (p.due, -p.id))


def task_health(
    done: bool,
    end: date,
    projected_end: date,
    milestone_due: date | None,
    today: date,
) -> str:
    """A task's traffic light (a `Health` value): done; overdue (its end passed);
    at risk (projected to end after its planned end or after its milestone's
    due date); else on track."""
    if done:
        return "done"
    if end < today:
        return "overdue"
    if projected_end > end or (milestone_due is not None and projected_end > milestone_due):
        return "at_risk"
    return "on_track"


class Refused(Invalid):
    """A move the schedule's rules do not allow; the message names what is in the way.

    An `Invalid` (nothing was written; the command line exits with status 2),
    worded as a whole sentence rather than "field: reason".
    """

    def __init__(self, message: str, blocking: Pred | None = None) -> None:
        MstuiError.__init__(self, message)
        self.field, self.value, self.reason = "date", None, message
        self.blocking = blocking
