"""The DataTable floor: a Textual DataTable holding the rows the Kanban would show.

    python bench/datatable_floor.py DB

Reads id, title, owner and due of every milestone that is not cancelled (what the
Kanban shows with no filter) from DB with the standard sqlite3 module, fills one
DataTable with them and shows a ready marker. j/k (and the other keys bench/run.py
sends the Kanban: h/l, > and u, PageDown/PageUp) move its cursor: the floor for key
latency, memory and CPU.
"""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

ROWS = """
SELECT m.id, m.title, p.login, m.due FROM milestone m JOIN person p ON p.id = m.owner_id
WHERE m.status != 'cancelled' ORDER BY m.status, m.project_id, m.position
"""


class Floor(App[None]):
    BINDINGS = [
        ("q", "quit", "Quit"),
        ("j", "move(0, 1)", "Down"),
        ("k", "move(0, -1)", "Up"),
        ("l,greater_than_sign", "move(1, 0)", "Right"),
        ("h,u", "move(-1, 0)", "Left"),
    ]

    def __init__(self, db: str) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        yield Static("DataTable floor: loading…", id="marker")
        yield DataTable(id="rows")

    def on_mount(self) -> None:
        conn = sqlite3.connect(self.db)
        rows = conn.execute(ROWS).fetchall()
        conn.close()
        table = self.query_one(DataTable)
        table.add_columns("id", "title", "owner", "due")
        table.add_rows(rows)
        table.focus()
        self.query_one("#marker", Static).update(f"DataTable floor ready: {len(rows)} rows")

    def action_move(self, dx: int, dy: int) -> None:
        table = self.query_one(DataTable)
        row, col = table.cursor_coordinate
        table.move_cursor(row=max(0, row + dy), column=min(3, max(0, col + dx)))


if __name__ == "__main__":
    Floor(sys.argv[1]).run()
