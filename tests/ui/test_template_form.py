"""The new-project form with a template: preview of its dates, owners, and the save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from mstui.screens.forms.project import ProjectForm
from mstui.store import Store
from mstui.store.templates import create_from_template
from mstui.template_files import load_templates
from tests.ui.conftest import MakeApp, settle
from tests.ui.helpers import error_of
from tests.ui.test_project_form import palette


@pytest.fixture(autouse=True)
def template_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's and the server's template folders in tmp_path, never the real ones."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    return tmp_path / "config" / "mstui" / "templates"


def preview_of(form: ProjectForm) -> str:
    return str(form.query_one("#template-preview", Static).render())


async def test_the_form_previews_a_template_and_makes_the_project(
    make_app: MakeApp, demo_store: Store, template_folders: Path
) -> None:
    # An earlier project from the template, its first milestone done 6 days late
    # (planned Mon 16 Nov, done on the demo's "now", Sun 22 Nov).
    marketing = load_templates().get("marketing-campaign")
    create_from_template(demo_store, "OLD", "Old campaign", marketing, date(2026, 11, 2), {})
    first = next(m for m in demo_store.list_milestones() if m.project == "OLD")
    demo_store.complete_milestone(first.id)
    # A broken file beside the shipped ones: said on the form, the others offered.
    template_folders.mkdir(parents=True)
    (template_folders / "broken.toml").write_text('title = "B"\nmilestones = 1\n')

    app = make_app(mode="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await palette(pilot, "new project")
        form = app.screen
        assert isinstance(form, ProjectForm)
        hint = str(form.query_one("#template-hint").render())
        assert "broken.toml:2: milestones" in hint
        await pilot.press(*"spr")
        form.query_one("#name", Input).value = "Spring campaign"
        select = form.query_one("#template", Select)
        assert "marketing-campaign" in [value for _label, value in select._options]
        select.value = "marketing-campaign"
        await settle(pilot)
        assert "type a start date" in preview_of(form)
        form.query_one("#start", Input).value = "2026-11-28"  # a Saturday
        form.query_one("#assign", Input).value = "painter=vera"
        await settle(pilot)
        shown = preview_of(form)
        assert "Mon 14 Dec 2026  Strategy Approved  (lead: lead)" in shown
        assert "before: 6 days late (1 project)" in shown
        assert "Mon 04 Jan 2027  Assets Created  (designer: lead)" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused inline, what was typed kept
        assert "painter" in error_of(form, "assign")
        assert form.query_one("#name", Input).value == "Spring campaign"
        form.query_one("#assign", Input).value = "designer=lead"
        await settle(pilot)
        assert "designer=lead" in preview_of(form)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProjectForm)
    spr = demo_store.project("SPR")
    assert (spr.name, spr.start, spr.end, spr.milestones) == (
        "Spring campaign", date(2026, 11, 28), date(2027, 1, 11), 3,
    )  # fmt: skip
    assert demo_store.template_of("SPR") == "marketing-campaign"
    dues = sorted(m.due for m in demo_store.list_milestones() if m.project == "SPR")
    assert dues == [date(2026, 12, 14), date(2027, 1, 4), date(2027, 1, 11)]


async def test_a_template_needs_a_start_and_sets_the_end(make_app: MakeApp) -> None:
    app = make_app(mode="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "new project")
        form = app.screen
        assert isinstance(form, ProjectForm)
        await pilot.press(*"evt")
        form.query_one("#name", Input).value = "Launch party"
        form.query_one("#template", Select).value = "event-launch"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "start" in error_of(form, "start")
        form.query_one("#start", Input).value = "2026-12-01"
        form.query_one("#end", Input).value = "2027-06-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "template sets the end" in error_of(form, "end")
