"""A viewer on the board: the keys that write are not offered for a card of that project,
the board and `?` say "read-only: viewer on KEY", and a key pressed anyway gets the
store's refusal and writes nothing."""

from __future__ import annotations

from textual.widgets import Static

from mstui.app import MstuiApp
from mstui.clock import FrozenClock
from mstui.config import Settings
from mstui.domain.enums import Status
from mstui.identity import Account
from mstui.store import Store, open_store
from tests.ui.conftest import ViewerApp, settle
from tests.ui.helpers import column, select


async def test_a_viewer_is_not_offered_the_keys_that_write(
    demo_store: Store, viewer_app: ViewerApp
) -> None:
    m = next(x for x in demo_store.list_milestones() if x.status is Status.PLANNED)
    app = viewer_app(m.project, mode="kanban")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, m.title)
        assert column(app, Status.PLANNED).current == m
        note = f"read-only: viewer on {m.project}"
        assert note in str(app.screen.query_one("#filters", Static).render())
        offered = {b.binding.action for b in app.screen.active_bindings.values()}
        for action in ("move(1)", "done", "block", "edit"):
            assert action not in offered, action
        assert "open" in offered
        await pilot.press("shift+right")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert f"needs editor on {m.project} (you are viewer)" in said, said
        assert demo_store.milestone(m.id).status is Status.PLANNED
        await pilot.press("question_mark")
        await settle(pilot)
        assert note in str(app.screen.query_one(".dialog--question", Static).render())


async def test_an_undo_refused_after_a_demotion_says_why_and_writes_nothing(
    demo_store: Store, other_store: Store, ui_settings: Settings, ui_clock: FrozenClock
) -> None:
    bob = Account("bob", "Bob Baker")
    m = next(x for x in demo_store.list_milestones() if x.status is Status.PLANNED)
    app = MstuiApp(lambda: open_store(ui_settings, ui_clock, bob), watch_interval=3600,
                   mode="kanban")  # fmt: skip
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await select(pilot, Status.PLANNED, m.title)
        await pilot.press("shift+right")
        await settle(pilot)
        assert demo_store.milestone(m.id).status is Status.IN_PROGRESS
        demo_store.add_member(m.project, "bob", "viewer")  # the lead demotes Bob meanwhile
        await pilot.press("u")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any(f"needs editor on {m.project} (you are viewer)" in s for s in said), said
        assert demo_store.milestone(m.id).status is Status.IN_PROGRESS


async def test_a_viewer_opens_the_project_form_read_only(
    demo_store: Store, viewer_app: ViewerApp
) -> None:
    from textual.widgets import Button, Input

    from mstui.screens.forms.project import ProjectForm

    app = viewer_app("MKT", mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit_project("MKT")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProjectForm)
        assert "read-only: viewer on MKT" in str(form.query_one("#read-only", Static).render())
        assert form.query_one("#name", Input).disabled
        assert not form.query_one("#save", Button).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectForm)


async def test_a_viewer_reads_a_milestone_form_and_cannot_add_to_their_project(
    demo_store: Store, viewer_app: ViewerApp
) -> None:
    from textual.widgets import Button, Input

    from mstui.screens.forms.milestone import MilestoneForm
    from tests.ui.helpers import open_detail

    m = next(x for x in demo_store.list_milestones() if x.project == "MKT")
    app = viewer_app(mode="kanban")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MilestoneForm)
        assert "you are a viewer" in " ".join(str(s.render()) for s in form.query(Static))
        await pilot.press("escape")
        await settle(pilot)
        await open_detail(pilot, demo_store, m.title)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MilestoneForm)
        assert "read-only: viewer on MKT" in str(form.query_one("#read-only", Static).render())
        assert form.query_one("#title", Input).disabled
        assert not form.query_one("#save", Button).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
    assert demo_store.milestone(m.id).version == m.version
