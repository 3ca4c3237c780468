"""The lines under the Gantt canvas about the selected row: what, when, slack, links.

Plain functions of the row and its plan (no database); the screen puts the
lines into a `GanttPanel` through `mstui.widgets.safe` (titles, names and
resource names are user text).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from mstui.domain.baselines import PlanItem, days_label
from mstui.domain.dates import relative
from mstui.domain.text import counted
from mstui.domain.timescale import Zoom
from mstui.views.timeline import PlanRow, ProjectPlan, TimelineProject
from mstui.widgets.gantt_model import Row


def day(d: date) -> str:
    return f"{d:%a %d %b %Y}"


def short(d: date) -> str:
    return f"{d:%d %b}"


def slack_words(slack: int | None) -> str:
    if slack is None:
        return ""
    if slack < 0:
        return f"slack {slack}d (the plan's end slips {-slack}d)"
    return f"slack {slack}d"


Baseline = tuple[str, PlanItem | None]
"""The name of the baseline shown, and the selected item as it held it (None: not in it)."""


def panel_lines(row: Row | None, today: date, baseline: Baseline | None = None) -> list[str]:
    """Four lines about `row` (fewer when there is less to say), and with a baseline
    shown, one more: what changed since."""
    if row is None:
        return ["Nothing here yet: add milestones on the Kanban (2) or with `mstui milestone add`."]
    plan = row.plan
    p = row.project
    if row.heading:
        return _project_lines(row, plan)
    item = row.item
    if item is None or plan is None:
        return [f"{p.key} {p.name}: loading…"]
    if item.kind == "g":
        return [f"{p.key}: tasks that lead to no milestone"]
    lines = _item_lines(item, plan, today)
    if baseline is not None:
        lines.insert(2, since_baseline(item, *baseline))
    return lines


def since_baseline(item: PlanRow, name: str, ghost: PlanItem | None) -> str:
    """One line: what changed on `item` since the baseline `name`."""
    if ghost is None:
        return f"Baseline {name}: not in it (added since)"
    assert item.end is not None
    changes: list[str] = []
    if item.kind == "m":
        if ghost.end != item.end:
            moved = days_label((item.end - ghost.end).days)
            changes.append(f"due {day(ghost.end)} → {day(item.end)} ({moved})")
    else:
        if (ghost.start, ghost.end) != (item.start, item.end):
            assert ghost.start is not None and item.start is not None
            moved = days_label((item.end - ghost.end).days)
            changes.append(
                f"{short(ghost.start)}–{short(ghost.end)} → "
                f"{short(item.start)}–{short(item.end)} (end {moved})"
            )
    if ghost.title != item.title:
        changes.append(f"was called {ghost.title}")
    if not changes:
        return f"Baseline {name}: as planned then"
    return f"Baseline {name}: " + "; ".join(changes)


def _project_lines(row: Row, plan: ProjectPlan | None) -> list[str]:
    p = row.project
    fold = "space unfolds" if row.folded else "space folds"
    lines = [f"{p.key} {p.name} · {p.milestones:,} milestones · {p.tasks:,} tasks · {fold}"]
    if plan is None or plan.planned_end is None:
        if p.first and p.last:
            lines.append(f"From {day(p.first)} to {day(p.last)}")
        return lines
    end = f"Plan ends {day(plan.planned_end)}"
    if plan.projected_end and plan.projected_end > plan.planned_end:
        late = (plan.projected_end - plan.planned_end).days
        end += f", projected {day(plan.projected_end)} ({late}d late)"
    if p.end:
        spare = (p.end - (plan.projected_end or plan.planned_end)).days
        end += f" · project end date {day(p.end)}"
        end += f" ({spare}d to spare)" if spare >= 0 else f" ({-spare}d past it)"
    lines.append(end)
    if plan.path:
        names = [plan.rows[plan.index[k]].title for k in plan.path if k in plan.index]
        lines.append("Critical path (c): " + " → ".join(names))
    return lines


def _item_lines(item: PlanRow, plan: ProjectPlan, today: date) -> list[str]:
    p = plan.project
    assert item.start is not None and item.end is not None
    health = f"{item.health.symbol} {item.health.label}"
    lines: list[str] = []
    if item.kind == "m":
        owner = f"owner {item.who}" if item.who else "no owner"
        lines.append(f"◆ #{item.id} {item.title} · {p.key} · {owner} · {health} · {item.status}")
        when = f"Due {day(item.end)} ({relative(item.end, today)})"
        if item.derived:
            when += ", from its tasks"
    else:
        who = f"assignee {item.who}" if item.who else "unassigned"
        lines.append(f"━ task #{item.id} {item.title} · {p.key} · {who} · {health} · {item.status}")
        length = (item.end - item.start).days + 1
        when = f"{day(item.start)} → {day(item.end)} ({length} day{'s' if length != 1 else ''})"
    if item.projected_end and item.projected_end > item.end:
        when += (
            f" · projected {short(item.projected_end)} (+{(item.projected_end - item.end).days}d)"
        )
    if item.slack is not None:
        when += f" · {slack_words(item.slack)}"
    if item.critical:
        when += " · on the critical path"
    lines.append(when)
    lines.append(_links(item, plan))
    notes = [f"{o.resource} booked {o.load:g}/{o.capacity:g} a day {short(o.first)}–{short(o.last)}"
             + (f" with {', '.join(o.others)}" if o.others else "")
             for o in plan.overbooked.get(item.key, ())]  # fmt: skip
    if notes:
        lines.append("! Over capacity: " + "; ".join(notes))
    elif item.reasons:
        lines.append(f"{item.health.label.capitalize()}: " + "; ".join(item.reasons))
    return [line for line in lines if line]


def _name(plan: ProjectPlan, mid: int) -> str:
    title, due, key = plan.milestone(mid)
    where = f"{key} " if key and key != plan.project.key else ""
    return f"#{mid} {where}{title}" + (f" ({short(due)})" if due else "")


def _links(item: PlanRow, plan: ProjectPlan) -> str:
    if item.kind == "t":
        if item.milestone_id is None:
            return "Leads to no milestone"
        text = f"Leads to {_name(plan, item.milestone_id)}"
        waits = plan.preds.get(item.milestone_id, ())
        if waits:
            text += " · starts after ‹ " + ", ".join(_name(plan, m) for m in waits)
        return text
    parts = []
    preds = plan.preds.get(item.id, ())
    succs = plan.succs.get(item.id, ())
    if preds:
        parts.append("Depends on ‹ " + ", ".join(_name(plan, m) for m in preds))
    if succs:
        parts.append("unlocks › " + ", ".join(_name(plan, m) for m in succs))
    return " · ".join(parts) if parts else "No dependencies"


def info_text(
    zoom: Zoom, projects: Sequence[TimelineProject], critical: bool, baselines: Sequence[str]
) -> str:
    """The line over the canvas: the zoom, the sizes, what is shown beside, the keys."""
    n_ms = sum(p.milestones for p in projects)
    n_tasks = sum(p.tasks for p in projects)
    crit = "on" if critical else "off"
    base = f"beside {', '.join(baselines)} (b)" if baselines else "b baseline"
    return (
        f"{zoom.value.capitalize()} · {counted(len(projects), 'project')} · "
        f"{counted(n_ms, 'milestone')} · {counted(n_tasks, 'task')} · "
        f"critical path {crit} (c) · {base} · "
        "+ - zoom · h l scroll · [ ] move · { } length · p project · / find"
    )


class FixedText(Static):
    """A Static of a fixed height whose text is set often (on each key): an update
    that changes nothing is skipped, and one that does repaints it alone, with no
    layout of the screen (its size does not follow its text)."""

    _shown: str | None = None

    def show(self, text: str) -> None:
        """Show `text` (already cleaned by the caller: it is not markup)."""
        if text != self._shown:
            self._shown = text
            self.update(Content(text), layout=False)


class GanttInfo(FixedText):
    """The line over the canvas: zoom, sizes, and the keys to remember."""

    DEFAULT_CSS = """
    GanttInfo {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $boost;
    }
    """


class GanttPanel(FixedText):
    """The selected row's details, under the canvas."""

    DEFAULT_CSS = """
    GanttPanel {
        height: 4;
        padding: 0 1;
        background: $boost;
        color: $text;
        &.-baseline { height: 5; }
    }
    """
