"""Helpers the app tests share: finding milestones, driving the board, reading tables.

Test modules import these from here, never from one another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from mstui.app import SCREENS, MstuiApp, screen_class
from mstui.domain.enums import Status
from mstui.screens.base import DataScreen
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.kanban import KanbanScreen
from mstui.store import Store
from mstui.views.milestones import MilestoneView
from mstui.widgets.cards import CardColumn
from tests.ui.conftest import settle

# -- the board -----------------------------------------------------------------------------


def mstui_app(pilot: Pilot[Any]) -> MstuiApp:
    """The app a pilot drives, as the `MstuiApp` it is (`Pilot.app` is typed `App`)."""
    app = pilot.app
    assert isinstance(app, MstuiApp)
    return app


def column(app: App[Any], status: Status) -> CardColumn:
    """The Kanban column of `status` on the screen shown."""
    return app.screen.query_one(f"#col-{status.value}", CardColumn)


def titles(app: App[Any], status: Status) -> list[str]:
    """The titles of the cards the column of `status` holds (its window), top to bottom."""
    return [c.milestone.title for c in column(app, status).cards]


def by_title(store: Store, title: str) -> MilestoneView:
    """The milestone called `title` (the demo's titles are unique)."""
    found = [m for m in store.list_milestones() if m.title == title]
    assert found, title
    return found[0]


async def select(pilot: Pilot[Any], status: Status, title: str) -> None:
    """Put the board's selection on the card `title` in the column of `status`."""
    screen = pilot.app.screen
    assert isinstance(screen, KanbanScreen)
    statuses = [c.status for c in screen.columns()]
    screen.pinned = None  # as the arrow keys do
    screen.col = statuses.index(status)
    col = column(pilot.app, status)
    col.select(col.first + [c.milestone.title for c in col.cards].index(title))
    screen._activate()
    await pilot.pause()


# -- tables --------------------------------------------------------------------------------


def table_rows(screen: DOMNode, ident: str) -> list[list[str]]:
    """The cells of the table `#ident` as text, row by row."""
    table = screen.query_one(f"#{ident}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def first_column(screen: DOMNode, ident: str) -> list[str]:
    return [row[0] for row in table_rows(screen, ident)]


async def focus_row(pilot: Pilot[Any], ident: str, label: str) -> None:
    """Focus a table and put its cursor on the row whose first cell starts with `label`."""
    screen = pilot.app.screen
    table = screen.query_one(f"#{ident}", DataTable)
    table.focus()
    table.move_cursor(row=[c.startswith(label) for c in first_column(screen, ident)].index(True))
    await settle(pilot)


# -- the milestone detail ------------------------------------------------------------------


async def open_detail(pilot: Pilot[Any], store: Store, title: str) -> MilestoneScreen:
    """Open the detail of the milestone `title` (as enter on its card does)."""
    mstui_app(pilot).open_milestone(by_title(store, title).id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MilestoneScreen)
    return screen


def error_of(screen: DOMNode, name: str) -> str:
    """What the error line under field `name` of a form says."""
    return str(screen.query_one(f"#{name}-error", Label).render())


# -- hostile text --------------------------------------------------------------------------

HOSTILE = {
    "markup": "[bold]x[/]",
    "closing": "[/b] unbalanced",
    "action": "[@click=app.quit]quit[/]",
    "osc52": "copy\x1b]52;c;SGVsbG8=\x07me",
    "osc8": "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "csi": "\x1b[2J\x1b[31mred",
    "c1": "c1\x9b31mgreen",
    "bidi": "abc\u202edcba",
}
# The sequences themselves must never reach the terminal; the words may (shown literally,
# e.g. "␛]8;;http://evil.example" in the dashboard's list of what is due soon).
BAD_BYTES = [b"\x1b]52", b"\x1b]8;;http", b"\x1b[31mred", b"\xc2\x9b", b"\x9b31m"]


def poison(db: Path) -> dict[str, int]:
    """Write the hostile titles, a comment, a reason and a name into the file directly."""
    conn = sqlite3.connect(db)
    with conn:
        ids = {}
        project = conn.execute("SELECT id FROM project WHERE key = 'MKT'").fetchone()[0]
        owner = conn.execute("SELECT id FROM person WHERE login = 'ben'").fetchone()[0]
        for i, (name, title) in enumerate(HOSTILE.items()):
            cur = conn.execute(
                "INSERT INTO milestone (project_id, title, description, owner_id, due,"
                " due_from_tasks, status, blocked_reason, kpi_name, kpi_unit, position, version,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, '2026-12-01', 0, 'planned', ?,"
                " '', '', ?, 1, '2026-11-20 10:00:00', '2026-11-20 10:00:00')",
                (project, title, f"desc {title}", owner, title, i - 100),  # top of the column
            )
            ids[name] = int(cur.lastrowid or 0)
        conn.execute(
            "INSERT INTO comment (milestone_id, author_id, kind, body, created_at)"
            " VALUES (?, ?, 'note', ?, '2026-11-21 10:00:00')",
            (ids["action"], owner, "\n".join(HOSTILE.values())),
        )
        conn.execute("UPDATE person SET name = ? WHERE login = 'ben'", (HOSTILE["osc52"],))
    conn.close()
    return ids


def strip_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


def assert_inert(text: str) -> None:
    """No control character, C1 control or bidi override in `text`."""
    for ch in text:
        code = ord(ch)
        assert code >= 0x20 or ch in "\n\t", repr(text)
        assert not 0x7F <= code <= 0x9F, repr(text)
        assert ch != "\u202e", repr(text)


# -- snapshots -----------------------------------------------------------------------------


async def steady(pilot: Pilot[Any]) -> None:
    """Settle the app for a snapshot: a fixed database label, no toasts."""
    await settle(pilot)
    app = mstui_app(pilot)
    app.db_label = "demo.db"  # the temporary path differs on every run
    app.screen_changed()
    await settle(pilot)
    app.clear_notifications()  # toasts come and go with time; the screen is the subject
    await settle(pilot)


def every_subclass(cls: type[DataScreen]) -> list[type[DataScreen]]:
    """Each subclass once (a class with two screen bases is reached by both)."""
    subs = cls.__subclasses__()
    found = subs + [s for sub in subs for s in every_subclass(sub)]
    return list(dict.fromkeys(found))


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the screens whose data is read, in order, from now on (every
    screen's `reload` counted where it is defined)."""
    loads: list[str] = []
    for path in SCREENS.values():
        screen_class(path)  # every screen's module imported: its classes can be counted
    for cls in every_subclass(DataScreen):
        if "reload" not in vars(cls):  # inherited: counted where it is defined
            continue
        original = cls.reload

        def counting(self: DataScreen, _orig: Callable[[DataScreen], None] = original) -> None:
            loads.append(type(self).__name__)
            _orig(self)

        monkeypatch.setattr(cls, "reload", counting)
    return loads
