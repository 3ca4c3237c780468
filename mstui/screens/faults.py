"""Faults of ours in the app, written down: a traceback in a log file in the state directory.

The terminal belongs to the app while it runs, so a traceback cannot be
printed: it goes to `mstui.log` in `mstui.config.state_dir()`, and the person
sees one line (a toast) that says where.
"""

from __future__ import annotations

import threading
import traceback
from datetime import datetime
from pathlib import Path

from mstui.config import state_dir

LOG_NAME = "mstui.log"

_lock = threading.Lock()  # workers of several threads may write at once


def log_path() -> Path:
    """The log file (it may not exist yet)."""
    return state_dir() / LOG_NAME


def log_fault(what: str, exc: BaseException) -> Path | None:
    """Append `exc` with its traceback to the log; its path, or None if it cannot be written."""
    path = log_path()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"{stamp} {what}\n{''.join(traceback.format_exception(exc))}\n"
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(text)
    except OSError:
        return None  # a read-only home: the toast still says what failed
    return path
