"""Files shipped in `data/`: package data in a wheel, the folder in a checkout."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def data_dir() -> Traversable:
    """The data folder: `mstui.data` when installed, `data/` beside the source otherwise."""
    try:
        return resources.files("mstui.data")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "data"


def load_toml(name: str) -> dict[str, Any]:
    """A TOML file from the data folder."""
    return tomllib.loads((data_dir() / name).read_text(encoding="utf-8"))
