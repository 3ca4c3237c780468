"""Text one person typed reaches every other person literally: no markup, no escapes.

The rows are written straight into the SQLite file, the way any group member
who can write the file could (the store cleans text on the way in, so going
through it would test nothing on the way out).
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest

from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.screens.detail.screen import MilestoneScreen
from mstui.screens.kanban import KanbanScreen
from mstui.store import Store
from mstui.widgets.cards import CardColumn
from tests.ui.conftest import UI_NOW, MakeApp, settle
from tests.ui.helpers import BAD_BYTES, HOSTILE, assert_inert, poison, strip_text


async def test_board_and_detail_show_hostile_text_literally(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings
) -> None:
    ids = poison(Path(ui_settings.db))
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        column = app.screen.query_one(f"#col-{Status.PLANNED.value}", CardColumn)
        lines = [strip_text(list(column.render_line(y))) for y in range(column.size.height)]
        board = "\n".join(lines)
        assert_inert(board)
        assert "[@click=app.quit]quit[/]" in board  # shown, not an action
        assert "[bold]x[/]" in board
        assert "␛[31mred" in board  # the escape made visible
        await pilot.click(CardColumn, offset=(5, 1))  # clicking a card does not quit
        await settle(pilot)
        assert app.is_running
        for name, mid in ids.items():
            app.open_milestone(mid)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MilestoneScreen)
            for widget_id in ("#d-title", "#d-summary", "#d-fields", "#d-description"):
                rendered = str(screen.query_one(widget_id).render())
                assert_inert(rendered)
            title = str(screen.query_one("#d-title").render())
            if name in ("markup", "closing", "action"):
                assert HOSTILE[name] in title
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running


async def test_toasts_and_palette_keep_hostile_text_literal(
    make_app: MakeApp, demo_store: Store, ui_settings: Settings
) -> None:
    ids = poison(Path(ui_settings.db))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        app.screen.reload(follow=ids["action"])
        await settle(pilot)
        assert app.screen.current is not None and app.screen.current.id == ids["action"]
        await pilot.press("x")  # the toast names the milestone
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("[@click=app.quit]quit[/]" in m for m in messages)
        for m in messages:
            assert_inert(m)
        for n in app._notifications:
            assert n.markup is False
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"click")
        await pilot.pause(0.5)
        await settle(pilot)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[@click=app.quit]quit[/]" in p for p in prompts), prompts
        for p in prompts:
            assert_inert(p)
        assert app.is_running


@pytest.mark.skipif(sys.platform != "linux", reason="pty and /proc")
def test_raw_terminal_bytes_carry_no_escape_from_user_text(
    demo_store: Store, ui_settings: Settings, tmp_path: Path
) -> None:
    """The real app in a real pseudo-terminal: what the terminal receives is inert."""
    import fcntl
    import termios

    poison(Path(ui_settings.db))
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        TERM="xterm-256color",
        MSTUI_NOW=UI_NOW.isoformat(),
        TZ="UTC",
        TEXTUAL_ANIMATION="none",
    )
    for name in ("CI", "COLUMNS", "LINES"):  # the pty's own size must decide (160x40)
        env.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is 160x40 before the real command starts
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        os.execvpe(
            sys.executable, [sys.executable, "-m", "mstui", "--db", str(ui_settings.db)], env
        )
    raw = bytearray()

    def read_until(marker: bytes, timeout: float, since: int = 0) -> bool:
        """Read the terminal's bytes until `marker` shows after offset `since`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and marker not in raw[since:]:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    raw.extend(os.read(fd, 65536))
                except OSError:
                    break
        return marker in raw[since:]

    title = b"[@click=app.quit]quit[/]"
    try:
        # The app opens on the dashboard; `2` shows the board, enter the selected card.
        assert read_until(b"By project", 60), raw[-2000:]
        mark = len(raw)
        os.write(fd, b"2")
        assert read_until(b"Planned", 30, mark), raw[-2000:]
        assert read_until(title, 30, mark), raw[-2000:]
        mark = len(raw)
        os.write(fd, b"\r")  # open the selected card's detail
        read_until(b"Tasks (", 30, mark)
        os.write(fd, b"\x1b")
        read_until(b"\x00never", 1.0)
        os.write(fd, b"q")
        read_until(b"\x00never", 3.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"[@click=app.quit]quit[/]" in raw  # the hostile card was drawn…
    for bad in BAD_BYTES:
        assert bad not in raw, bad  # …and none of its sequences reached the terminal
