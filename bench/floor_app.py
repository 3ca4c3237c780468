"""The "stack floor": what any app on mstui's stack pays before it can show data.

    python bench/floor_app.py DB

Imports Textual, SQLModel and pendulum, opens DB (a SQLite file) through SQLAlchemy,
reads one number from it (the milestone count) and shows it with a ready marker.
bench/run.py compares the time to mstui's "dashboard with data" and "board filled".
"""

from __future__ import annotations

import sys

import pendulum
from sqlmodel import create_engine, text
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Floor(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db: str) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        yield Static("Floor: opening the database…", id="floor")
        yield Footer()

    def on_mount(self) -> None:
        engine = create_engine(f"sqlite:///{self.db}")
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM milestone")).scalar_one()
        today = pendulum.now().format("ddd DD MMM")
        self.query_one("#floor", Static).update(f"{today} · Floor ready: {count} milestones")


if __name__ == "__main__":
    Floor(sys.argv[1]).run()
