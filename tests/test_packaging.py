"""`pip install .` makes a real wheel: the demo data and the migrations travel inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_data_and_migrations_and_runs_outside_the_checkout(
    tmp_path: Path,
) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    wheel = next(tmp_path.glob("mstui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mstui/data/demo.toml" in names
    shipped = {p.name for p in (ROOT / "data" / "templates").glob("*.toml")}
    assert len(shipped) == 5
    assert {f"mstui/data/templates/{name}" for name in shipped} <= names
    assert "mstui/app.tcss" in names
    assert "mstui/store/migrations/env.py" in names
    # Every package (a subprocess below would still find a missing one through the
    # editable install of the checkout).
    assert {"mstui/store/engine.py", "mstui/views/__init__.py"} <= names
    assert any(n.startswith("mstui/store/migrations/versions/0001_") for n in names)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(target), HOME=str(tmp_path))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-m", "mstui", "--db", str(tmp_path / "w.db"), "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "4 projects" in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "mstui", "--db", str(tmp_path / "w.db"), "template", "list"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "(shipped) sales-quarter.toml" in listed.stdout  # read from the installed wheel
    where = subprocess.run(
        [sys.executable, "-c", "import mstui; print(mstui.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(target))
