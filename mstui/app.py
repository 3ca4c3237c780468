"""The Textual app (built in the Kanban issue)."""

from __future__ import annotations

from typing import Any


def run_app(store: Any) -> int:
    """Run the TUI on `store`."""
    raise NotImplementedError
