"""Derived dates and the dependency graph: cycles are found and named, end to end."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mstui.domain.schedule import derived_due, find_cycle

PINNED = date(2026, 12, 1)


def test_derived_due_is_the_latest_task_end() -> None:
    ends = [date(2026, 11, 20), date(2026, 12, 9), date(2026, 11, 30)]
    assert derived_due(ends, PINNED) == date(2026, 12, 9)


def test_derived_due_may_be_earlier_than_the_pinned_date() -> None:
    assert derived_due([date(2026, 11, 20)], PINNED) == date(2026, 11, 20)


def test_derived_due_without_tasks_keeps_the_pinned_date() -> None:
    assert derived_due([], PINNED) == PINNED
    assert derived_due(iter(()), PINNED) == PINNED


def test_derived_due_reads_a_generator_once() -> None:
    ends = (d for d in [date(2026, 11, 20), date(2026, 11, 21)])
    assert derived_due(ends, PINNED) == date(2026, 11, 21)


# -- cycles --------------------------------------------------------------------------------


def test_no_cycle_in_a_chain() -> None:
    assert find_cycle([(1, 2), (2, 3)], (3, 4)) is None
    assert find_cycle([(1, 2), (2, 3)], (1, 3)) is None  # a shortcut is not a cycle


def test_no_cycle_in_a_diamond() -> None:
    assert find_cycle([(1, 2), (1, 3), (2, 4)], (3, 4)) is None


def test_self_dependency_is_a_cycle() -> None:
    assert find_cycle([], (5, 5)) == [5, 5]


def test_two_cycle_names_both() -> None:
    assert find_cycle([(1, 2)], (2, 1)) == [2, 1, 2]


def test_long_cycle_names_every_milestone_in_order() -> None:
    # 1 → 2 → 3 → 4 exists; 4 → 1 would close it.
    assert find_cycle([(1, 2), (2, 3), (3, 4)], (4, 1)) == [4, 1, 2, 3, 4]


def test_cycle_through_one_branch_of_many() -> None:
    edges = [(1, 2), (1, 3), (3, 5), (2, 6), (5, 7)]
    assert find_cycle(edges, (7, 1)) == [7, 1, 3, 5, 7]
    assert find_cycle(edges, (6, 3)) is None


def _is_cycle_through(path: list[int], edges: set[tuple[int, int]], new: tuple[int, int]) -> bool:
    pairs = set(itertools.pairwise(path))
    return path[0] == path[-1] == new[0] and new in pairs and pairs <= edges | {new}


@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12)).filter(lambda e: e[0] < e[1]),
        max_size=40,
    ),
    st.integers(0, 12),
    st.integers(0, 12),
)
def test_find_cycle_agrees_with_reachability(
    dag: list[tuple[int, int]], pred: int, succ: int
) -> None:
    # Edges that only go from a smaller to a larger id form a DAG.
    edges = set(dag)
    reach: dict[int, set[int]] = {}

    def reachable(start: int) -> set[int]:
        if start not in reach:
            seen, todo = {start}, [start]
            while todo:
                node = todo.pop()
                for a, b in edges:
                    if a == node and b not in seen:
                        seen.add(b)
                        todo.append(b)
            reach[start] = seen
        return reach[start]

    cycle = find_cycle(sorted(edges), (pred, succ))
    closes = pred in reachable(succ)
    assert (cycle is not None) == closes
    if cycle is not None:
        assert _is_cycle_through(cycle, edges, (pred, succ))
        assert len(set(cycle)) == len(cycle) - 1  # a simple cycle: no id twice


@pytest.mark.parametrize("n", [2, 50, 2000])
def test_long_chains_do_not_recurse(n: int) -> None:
    chain = [(i, i + 1) for i in range(n)]
    cycle = find_cycle(chain, (n, 0))
    assert cycle == [n, *range(n + 1)]
