"""The app fixtures (a demo database, the app on it) for the reliability tests too."""

from tests.ui.conftest import (
    demo_store,
    demo_template,
    make_app,
    state_dir,
    ui_clock,
    ui_settings,
)

__all__ = ["demo_store", "demo_template", "make_app", "state_dir", "ui_clock", "ui_settings"]
