"""What a screen needs from the app it runs in, and what it tells the app.

Screens never import the app: they see it through `Host`, a protocol of the
few things they use (the store, who is logged in, toasts, opening a
milestone, the board filter). They report a change they made with a
`ChangeMade` message posted to the app, which remembers its undo step and
broadcasts "the data changed" on `Host.data_changed_signal`; every data
screen subscribes to that signal and reloads when it is the one shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from mstui.screens.state import BoardFilter

if TYPE_CHECKING:
    from mstui.store import Store
    from mstui.views.people import ProjectView

T = TypeVar("T")

Undo = Callable[["Store"], object]
"""A store call that takes a change back (`u` runs it in a thread)."""


@dataclass(frozen=True)
class UndoStep:
    """How to take back one change: a description and the store call that does it."""

    description: str
    run: Undo


class ChangeMade(Message):
    """A change went through the store: remember its undo step, say it, show it everywhere.

    `said` is the toast (None: no toast); `result` is what the store call
    returned (a versioned row is remembered as written by this session).
    """

    def __init__(self, said: str | None, undo: UndoStep | None = None, result: object = None):
        super().__init__()
        self.said = said
        self.undo = undo
        self.result = result


class WorkerFailed(Message):
    """A thread worker raised: the app's one handler shows it (and logs a fault of ours)."""

    def __init__(self, worker: str, error: BaseException) -> None:
        super().__init__()
        self.worker = worker
        self.error = error


def report_failure(node: MessagePump, event: Worker.StateChanged) -> None:
    """Pass a worker's failure on to the app (`Worker.StateChanged` does not bubble)."""
    if event.state is WorkerState.ERROR and event.worker.error is not None:
        node.app.post_message(WorkerFailed(event.worker.name, event.worker.error))


class Host(Protocol):
    """The app as the screens see it."""

    store: Store | None
    """The store, once opened (screens load nothing before)."""
    login: str
    db_label: str

    @property
    def unread(self) -> int:
        """My unread alerts (the header's badge)."""
        ...

    @property
    def data_version(self) -> int:
        """The version of the data the app last saw (moves with every change)."""
        ...

    @property
    def data_changed_signal(self) -> Signal[int]:
        """Published with the new data version when anyone's change lands."""
        ...

    @property
    def header_signal(self) -> Signal[None]:
        """Published when what the header shows (login, database, unread count) changes."""
        ...

    @property
    def board_filter(self) -> BoardFilter:
        """What the board and the lists that follow it show."""
        ...

    @board_filter.setter
    def board_filter(self, value: BoardFilter) -> None: ...

    def say(self, message: str, severity: str = "information", timeout: float = 4) -> None:
        """A toast with text that may hold user text: cleaned, never markup."""
        ...

    def open_milestone(self, mid: int) -> None:
        """Open the detail of milestone `mid` over the current screen."""
        ...

    def new_project(
        self, then: Callable[[ProjectView], object] | None = None, intro: str = ""
    ) -> None:
        """The new-project form; `then` runs with the project once it is saved."""
        ...

    def edit_project(self, key: str, then: Callable[[ProjectView], object] | None = None) -> None:
        """The form of project `key` (read-only when I may not change it)."""
        ...

    def action_show(self, name: str) -> None:
        """Switch to a top-level screen."""
        ...

    def toggle_mine(self) -> None:
        """Show only my milestones, or everyone's."""
        ...

    def refresh_unread(self) -> None:
        """Count my unread alerts again (off the UI thread)."""
        ...
