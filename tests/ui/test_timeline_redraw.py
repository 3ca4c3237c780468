"""The Timeline draws again only what changed: a cursor move its two rows (and the ‹ ›
marks), a reload that brings nothing new nothing at all; what is drawn from the kept
lines is what a full redraw draws."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.geometry import Region

from mstui.screens.timeline import TimelineScreen
from mstui.store import Store
from mstui.widgets.gantt import HEADER, GanttCanvas
from tests.ui.conftest import MakeApp, settle


def screen_of(app: App[Any]) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def drawn(canvas: GanttCanvas) -> list[list[tuple[str, str]]]:
    return [
        [(s.text, str(s.style)) for s in canvas.render_line(y) if isinstance(s, Segment)]
        for y in range(canvas.size.height)
    ]


def from_scratch(canvas: GanttCanvas) -> list[list[tuple[str, str]]]:
    """The lines as a canvas with nothing kept draws them."""
    canvas._lines.clear()
    canvas._names_kept.clear()
    canvas._looks.clear()
    canvas._view = ()
    return drawn(canvas)


async def test_a_cursor_move_repaints_the_rows_it_changes_only(make_app: MakeApp) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        canvas = screen.canvas
        drawn(canvas)  # every line on screen drawn once
        calls: list[tuple[Region, ...]] = []
        original = canvas.refresh

        def spy(*regions: Region, **kw: Any) -> Any:
            calls.append(regions)
            return original(*regions, **kw)

        canvas.refresh = spy  # type: ignore[method-assign]
        before = canvas.selected
        marks_before = marked_rows(screen)
        await pilot.press("j")
        await settle(pilot)
        assert canvas.selected == before + 1
        assert calls and all(calls), "a whole-canvas refresh for one step down"
        rows = {r.y for regions in calls for r in regions}
        moved = {before + HEADER, before + 1 + HEADER}
        assert moved <= rows <= moved | marks_before | marked_rows(screen)
        assert drawn(canvas) == from_scratch(canvas)


def marked_rows(screen: TimelineScreen) -> set[int]:
    """The lines on screen that carry a ‹ › mark of the selected milestone."""
    canvas = screen.canvas
    return {
        i - canvas.top + HEADER
        for i in range(canvas.top, canvas.top + canvas.row_count)
        if (row := screen.outline.row(i)) is not None
        and row.item is not None
        and row.item.key in canvas.related
    }


async def test_scrolls_zooms_and_the_critical_path_draw_what_a_full_redraw_draws(
    make_app: MakeApp,
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        canvas = screen_of(app).canvas
        for key in ("j", "j", "j", "l", "l", "h", "+", "-", "-", "c", "j", "k", "c", "h"):
            await pilot.press(key)
            await settle(pilot)
            assert drawn(canvas) == from_scratch(canvas), key


async def test_a_reload_that_brings_nothing_new_redraws_nothing(
    make_app: MakeApp, other_store: Store
) -> None:
    app = make_app(mode="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        canvas = screen.canvas
        spans = {p.key: (p.first, p.last) for p in screen.projects}
        shown: list[int] = []
        original = canvas.show

        def spy(outline: Any, selected: int) -> None:
            shown.append(selected)
            original(outline, selected)

        canvas.show = spy  # type: ignore[method-assign]
        screen.reload()  # as after a write elsewhere that changed none of these plans
        await settle(pilot)
        assert shown == []
        assert {p.key: (p.first, p.last) for p in screen.projects} == spans  # tasks' spans kept
        assert not screen.stale  # the plans were read again all the same
        # A change that does show: drawn.
        other_store.add_milestone("MKT", "Press kit ready", other_store.today())
        screen.reload()
        await settle(pilot)
        assert shown
        text = "\n".join("".join(t for t, _ in line) for line in drawn(canvas))
        assert "Press kit ready" in text
