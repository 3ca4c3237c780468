"""Start-up cost of a command: nothing of the app (Textual, Rich, mstui.app, the screens)
is imported by a command that prints a listing. Each case runs in a fresh interpreter,
since this test process may have imported anything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from mstui.cli import main
code = main(sys.argv[1:])
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("textual", "rich")
    or name == "mstui.app" or name.startswith(("mstui.screens", "mstui.widgets"))
)
print(json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["person", "list"],
        ["milestone", "list"],
        ["alerts"],
        ["timeline"],
        ["export", "--format", "ics"],
    ],
    ids=lambda c: " ".join(c),
)
def test_a_command_loads_nothing_of_the_app(
    command: list[str], tmp_path: Path, cli_env: dict[str, str]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(tmp_path / "x.db"), *command],
        env=cli_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
