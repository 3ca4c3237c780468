"""Run `mstui ARGS` as its own process, forked from a warm server (tests/warm_server.py)
instead of a fresh interpreter: the same command, argv, environment, working directory,
umask, account, exit status and output, without paying the imports each time.

`MSTUI_TEST_EXEC=1` runs every command as `python -m mstui` instead (the two must agree;
tests/cli/test_warm.py checks a few commands both ways).
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_lock = threading.Lock()
_server: tuple[subprocess.Popen[bytes], str] | None = None


def _socket_path() -> str:
    """The server of this test process, started on first use and stopped at exit."""
    global _server
    with _lock:
        if _server is None or _server[0].poll() is not None:
            path = os.path.join(tempfile.mkdtemp(prefix="mstui-warm-"), "s")
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.warm_server", path],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
            )
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != b"ready":
                raise RuntimeError("the warm mstui server did not start")
            atexit.register(proc.kill)
            _server = (proc, path)
        return _server[1]


def exec_only() -> bool:
    return os.environ.get("MSTUI_TEST_EXEC", "") not in ("", "0")


def fresh(
    argv: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | str,
    timeout: float = 120,
    umask: int = 0o022,
    text: bool = True,
) -> subprocess.CompletedProcess[Any]:
    """`python -m mstui ARGV` in a fresh interpreter (what `run` stands in for)."""
    return subprocess.run(
        [sys.executable, "-m", "mstui", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=text,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
        preexec_fn=lambda: os.umask(umask),
    )


def run(
    args: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path | str,
    timeout: float = 120,
    umask: int | None = None,
    login: str | None = None,
    text: bool = True,
) -> subprocess.CompletedProcess[Any]:
    """`mstui ARGS` in its own process; like `subprocess.run(..., capture_output=True)`."""
    argv = [str(a) for a in args]
    if umask is None:  # the caller's, as a child of this process would inherit it
        umask = os.umask(0o022)
        os.umask(umask)
    if exec_only() and login is None:
        return fresh(argv, env=env, cwd=cwd, timeout=timeout, umask=umask, text=text)
    request = {"argv": argv, "env": dict(env), "cwd": str(cwd), "umask": umask, "login": login}
    with (
        open(os.devnull, "rb") as stdin,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as conn,
    ):
        conn.connect(_socket_path())
        socket.send_fds(conn, [pickle.dumps(request)], [stdin.fileno(), out.fileno(), err.fileno()])
        conn.settimeout(timeout)
        pid: int = pickle.loads(conn.recv(1 << 16))
        try:
            status: int = pickle.loads(conn.recv(1 << 16))
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired(["mstui", *argv], timeout) from None
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    code = os.waitstatus_to_exitcode(status)
    if text:
        return subprocess.CompletedProcess(["mstui", *argv], code, _decode(stdout), _decode(stderr))
    return subprocess.CompletedProcess(["mstui", *argv], code, stdout, stderr)


def _decode(data: bytes) -> str:
    """As `subprocess.run(text=True)` decodes: the locale's encoding, universal newlines."""
    return io.TextIOWrapper(io.BytesIO(data)).read()
