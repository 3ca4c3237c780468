"""Dates derived from tasks, and the dependency graph between milestones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date


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
