"""A fresh account: the data folder does not exist yet, and the quick start still works."""

from __future__ import annotations

from pathlib import Path

import pytest

from mstui.config import default_db_path, load_settings
from mstui.errors import DatabaseUnavailable
from mstui.store import open_store


def test_the_demo_database_opens_on_a_fresh_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("MSTUI_DB", raising=False)
    assert not default_db_path().parent.exists()
    # What `mstui --demo` opens (commands._settings).
    settings = load_settings().with_db(str(default_db_path().with_name("demo.db")))
    store = open_store(settings)
    assert store.db.path == default_db_path().with_name("demo.db")
    assert store.is_empty()
    store.db.close()


def test_a_folder_named_by_the_user_must_exist(tmp_path: Path) -> None:
    settings = load_settings(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        open_store(settings)
