"""The Kanban board driven as a person would: keys in, what is on screen and in the database out."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.message import Message
from textual.widgets import DataTable, Input, Label, OptionList

from mstui.domain.enums import Status
from mstui.screens.dialogs.simple import AskText, ConfirmDialog, PickOne
from mstui.screens.forms.milestone import MilestoneForm
from mstui.screens.host import ChangeMade
from mstui.screens.kanban import KanbanScreen
from mstui.store import MilestoneFilter, Store
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import by_title, column, select, titles


async def test_board_shows_the_demo_in_four_columns(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert len(titles(app, Status.PLANNED)) == 7
        assert titles(app, Status.IN_PROGRESS)[0] == "Assets Created"
        assert titles(app, Status.BLOCKED) == ["Pricing approved"]
        assert len(titles(app, Status.DONE)) == 4
        assert column(app, Status.PLANNED).border_title == "Planned 7"
        header = str(app.screen.query_one("#header-right").render())
        assert "lead" in header and "demo.db" in header


def border_colours(app: App[Any]) -> dict[Status, str]:
    """Each shown column's border colour (top edge), as hex."""
    return {
        st: column(app, st).styles.border_top[1].hex
        for st in (Status.PLANNED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)
    }


async def test_the_active_column_is_drawn_in_the_accent_through_moves_and_themes(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        planned = column(app, Status.PLANNED)
        accent = planned.get_component_styles("card--border-active").color.hex
        plain = planned.get_component_styles("card--border").color.hex
        assert accent != plain
        assert border_colours(app) == {
            Status.PLANNED: accent, Status.IN_PROGRESS: plain,
            Status.BLOCKED: plain, Status.DONE: plain,
        }  # fmt: skip
        await pilot.press("l", "l")
        await settle(pilot)
        assert border_colours(app)[Status.BLOCKED] == accent
        assert list(border_colours(app).values()).count(accent) == 1
        app.theme = "nord"
        await settle(pilot)
        light = planned.get_component_styles("card--border-active").color.hex
        assert light != accent  # the new theme's accent, not the old one's kept
        assert border_colours(app)[Status.BLOCKED] == light
        assert border_colours(app)[Status.PLANNED] == (
            planned.get_component_styles("card--border").color.hex
        )


async def test_create_a_milestone_from_the_board(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MilestoneForm)
        form.query_one("#title", Input).value = "Press release"
        form.query_one("#due", Input).value = "fri"
        form.query_one("#owner", Input).value = "ben"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        m = by_title(demo_store, "Press release")
        assert m.owner == "ben" and m.due.isoformat() == "2026-11-27"
        assert "Press release" in titles(app, Status.PLANNED)
        assert app.screen.current is not None and app.screen.current.id == m.id


async def test_a_card_moves_through_every_column_and_back(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Campaign Live")
        mid = by_title(demo_store, "Campaign Live").id
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert demo_store.milestone(mid).status is Status.IN_PROGRESS
        assert "Campaign Live" in titles(app, Status.IN_PROGRESS)
        await pilot.press("shift+right")
        await settle(pilot)
        assert isinstance(app.screen, AskText)  # blocking asks why
        await pilot.press(*"waiting on legal", "enter")
        await settle(pilot)
        m = demo_store.milestone(mid)
        assert m.status is Status.BLOCKED and m.blocked_reason == "waiting on legal"
        await pilot.press("greater_than_sign")
        await settle(pilot)
        m = demo_store.milestone(mid)
        assert m.status is Status.DONE and m.completed_at is not None
        assert "Campaign Live" in titles(app, Status.DONE)
        for expected in (Status.BLOCKED, Status.IN_PROGRESS):
            await pilot.press("less_than_sign")
            await settle(pilot)
            if isinstance(app.screen, AskText):
                await pilot.press(*"again", "enter")
                await settle(pilot)
            assert demo_store.milestone(mid).status is expected


async def test_reorder_persists(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = titles(app, Status.PLANNED)
        await select(pilot, Status.PLANNED, before[1])
        await pilot.press("shift+up")
        await settle(pilot)
        after = titles(app, Status.PLANNED)
        assert after[:2] == [before[1], before[0]]
    app2 = make_app()
    async with app2.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert titles(app2, Status.PLANNED)[:2] == [before[1], before[0]]


async def test_block_with_reason_then_finish(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.IN_PROGRESS, "Feature Freeze")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")  # an empty reason is refused, the prompt stays
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        await pilot.press(*"build server down", "enter")
        await settle(pilot)
        m = by_title(demo_store, "Feature Freeze")
        assert m.status is Status.BLOCKED and m.blocked_reason == "build server down"
        await select(pilot, Status.BLOCKED, "Feature Freeze")
        await pilot.press("x")
        await settle(pilot)
        assert by_title(demo_store, "Feature Freeze").status is Status.DONE


async def test_undo_takes_back_a_move(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("x")
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.DONE
        await pilot.press("u")
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.PLANNED
        assert "Beta Testing" in titles(app, Status.PLANNED)


async def test_delete_asks_first(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing")
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not demo_store.list_milestones(MilestoneFilter(text="Beta Testing"))
        assert "Beta Testing" not in titles(app, Status.PLANNED)


async def test_filters_show_in_a_line_and_survive_the_detail(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")  # the lead owns Feature Freeze, Walkthrough, Quarter closed, Release
        await settle(pilot)
        shown = {c.milestone.owner for s in Status for c in column(app, s).cards}
        assert shown == {"lead"}
        assert "mine only" in str(app.screen.query_one("#filters").render())
        await pilot.press("m", "p")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        picker = app.screen
        keys = [value for value, _ in picker.choices]
        picker.query_one("OptionList", OptionList).highlighted = keys.index("MKT") + 1
        await pilot.press("enter")
        await settle(pilot)
        shown_projects = {c.milestone.project for s in Status for c in column(app, s).cards}
        assert shown_projects == {"MKT"}
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"asset", "enter")
        await settle(pilot)
        assert titles(app, Status.IN_PROGRESS) == ["Assets Created"]
        assert titles(app, Status.PLANNED) == []
        line = str(app.screen.query_one("#filters").render())
        assert "project MKT" in line and 'title contains "asset"' in line
        await pilot.press("enter")  # open the detail, come back: the filter stays
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert titles(app, Status.IN_PROGRESS) == ["Assets Created"]
        await pilot.press("escape")  # on the board, escape clears every filter
        await settle(pilot)
        assert len(titles(app, Status.PLANNED)) == 7


async def test_owner_and_department_pickers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickOne)
        logins = [value for value, _ in picker.choices]
        picker.query_one("OptionList", OptionList).highlighted = logins.index("carla") + 1
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app, Status.IN_PROGRESS) == ["Top-10 accounts contacted"]
        await pilot.press("escape", "D")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickOne)
        depts = [value for value, _ in picker.choices]
        picker.query_one("OptionList", OptionList).highlighted = depts.index("Operations") + 1
        await pilot.press("enter")
        await settle(pilot)
        shown = {c.milestone.department for s in Status for c in column(app, s).cards}
        assert shown == {"Operations"}


async def test_another_persons_change_reaches_the_board(
    make_app: MakeApp, demo_store: Store, other_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        m = by_title(demo_store, "Campaign Live")
        other_store.edit_milestone(m.id, m.version, title="Campaign Live (moved to January)")
        app._watch_changes()  # what the one-second timer does
        await settle(pilot)
        assert "Campaign Live (moved to January)" in titles(app, Status.PLANNED)


async def test_number_keys_switch_screens_and_the_board_keeps_its_filter(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        for key, name in (("5", "AlertsScreen"), ("2", "KanbanScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
        assert app.board_filter.mine
        assert "mine only" in str(app.screen.query_one("#filters").render())


async def test_help_lists_the_keys_of_the_board(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        table = app.screen.query_one("DataTable", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        joined = "\n".join(rows)
        for words in ("Move ▶", "Block", "Filter", "Undo", "Mine"):
            assert words in joined, words
        assert any(r.startswith("shift+→ >") for r in rows)


async def test_command_palette_jumps_to_a_milestone(make_app: MakeApp, demo_store: Store) -> None:
    from mstui.screens.detail.screen import MilestoneScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Feature Freeze")
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneScreen)
        assert app.screen.mid == by_title(demo_store, "Feature Freeze").id


@pytest.mark.parametrize("mode", ["dashboard", "kanban"])
async def test_the_palette_opens_the_new_milestone_form_on_the_board(
    make_app: MakeApp, mode: str
) -> None:
    app = make_app(mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"new milestone")
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneForm)
        assert app.current_mode == "kanban"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)


async def test_a_change_is_posted_to_the_app_with_its_undo_step(
    make_app: MakeApp, demo_store: Store
) -> None:
    posted: list[ChangeMade] = []

    def hook(message: Message) -> None:
        if isinstance(message, ChangeMade):
            posted.append(message)

    app = make_app()
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("shift+right")
        await settle(pilot)
    assert len(posted) == 1
    change = posted[0]
    assert change.said is not None and change.said.endswith("→ In progress")
    assert change.undo is not None and change.undo.description == change.said
    assert getattr(change.result, "title", None) == "Beta Testing"


async def test_form_error_label_is_empty_when_all_is_well(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert str(app.screen.query_one("#due-error", Label).render()) == ""


async def test_finishing_with_open_tasks_says_so(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        beta = by_title(demo_store, "Beta Testing")
        still_open = demo_store.open_task_count(beta.id)
        assert still_open > 0
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("x")
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.DONE
        said = [str(n.message) for n in app._notifications]
        assert any(f"({still_open} tasks still open)" in m for m in said), said


async def test_undo_takes_back_several_moves_of_the_same_card(
    make_app: MakeApp, demo_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("shift+right")  # → In progress
        await settle(pilot)
        await pilot.press("x")  # → Done
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.DONE
        await pilot.press("u")
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.IN_PROGRESS
        await pilot.press("u")  # needs the version the first undo left, not a conflict
        await settle(pilot)
        assert by_title(demo_store, "Beta Testing").status is Status.PLANNED
        said = [str(n.message) for n in app._notifications]
        assert not any("Cannot undo" in m for m in said), said


async def test_undo_still_refuses_over_someone_elses_change(
    make_app: MakeApp, demo_store: Store, other_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("x")
        await settle(pilot)
        beta = by_title(other_store, "Beta Testing")
        other_store.edit_milestone(beta.id, beta.version, title="Beta Testing (Bob)")
        await pilot.press("u")
        await settle(pilot)
        after = demo_store.milestone(beta.id)
        assert after.status is Status.DONE and after.title == "Beta Testing (Bob)"
        said = [str(n.message) for n in app._notifications]
        assert any("Cannot undo" in m for m in said), said


async def test_enter_on_a_delete_dialog_cancels(make_app: MakeApp, demo_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert by_title(demo_store, "Beta Testing")


async def test_blocking_without_a_reason_says_why_it_waits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, "Beta Testing")
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AskText)
        assert "Beta Testing" in str(dialog.query_one(".dialog--question", Label).render())
        await pilot.press("enter")
        await settle(pilot)
        error = dialog.query_one("#error", Label)
        assert app.screen is dialog and error.display and error.has_class("-shown")
        assert "write something" in str(error.render())
