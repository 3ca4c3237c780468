"""A warm `mstui` for the tests: one process that has imported the command line and the
store, and forks a child for each command (as a zygote or a forkserver does).

Each child is its own OS process, with the argv, environment, working directory, umask,
OS account and stdin/stdout/stderr of the request, running `mstui.cli.main` exactly as
`python -m mstui` would; only the interpreter's start and the imports are shared. That
is about 1.2 s of every command's 1.5 s here, and the command-line tests run a few
hundred commands. The client side is `tests/warm.py`; `MSTUI_TEST_EXEC=1` makes the
tests start a fresh interpreter for every command instead.

Protocol (one Unix SOCK_SEQPACKET connection per command): the client sends a pickled
request with three file descriptors (stdin, stdout, stderr); the server answers with the
child's pid, then with its wait status when it ends. The loop is single-threaded, so a
fork never copies a lock held by another thread.
"""

from __future__ import annotations

import contextlib
import grp
import importlib
import os
import pickle
import pkgutil
import pwd
import selectors
import signal
import socket
import sys
import time
import traceback
from typing import Any, NoReturn


def preload() -> None:
    """Everything a command imports, imported once here (as tests/accounts.py's RUN_AS)."""
    import mstui.cli
    import mstui.domain
    import mstui.store
    import mstui.views

    for pkg in (mstui.cli, mstui.store, mstui.views, mstui.domain):
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            if info.name != "mstui.cli.tui":  # the TUI is never run through here
                importlib.import_module(info.name)
    names = ("sqlalchemy.dialects.sqlite.pysqlite", "sqlite3", "json", "argparse", "csv",
             "sqlalchemy.dialects.postgresql.psycopg", "psycopg")  # fmt: skip
    for name in names:
        importlib.import_module(name)


def become(login: str) -> dict[str, str]:
    """Drop to another OS account (the server runs as root); its HOME."""
    user = pwd.getpwnam(login)
    groups = [g.gr_gid for g in grp.getgrall() if user.pw_name in g.gr_mem]
    os.setgroups([*groups, user.pw_gid])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)
    return {"HOME": user.pw_dir}


def child(request: dict[str, Any], fds: list[int]) -> NoReturn:
    """In the forked child: take on the request's process state, run the command, and
    leave as `python -m mstui` does: through the interpreter's own shutdown (which
    closes the database connections: SQLite folds its WAL file back then)."""
    code: int | str | None = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        env = dict(request["env"])
        if request.get("login"):
            env.update(become(request["login"]))
        os.environ.clear()
        os.environ.update(env)
        time.tzset()
        os.umask(request["umask"])
        sys.argv = ["mstui", *request["argv"]]
        from mstui.cli import main

        code = main(request["argv"])
    except SystemExit as exc:  # argparse's --help and usage errors
        code = exc.code
    except BaseException:  # the child must never return into the server's loop
        traceback.print_exc()
        code = 1
    raise SystemExit(code)


def serve(path: str) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    parent = os.getppid()
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    print("ready", flush=True)
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.data is None:
                conn, _ = listener.accept()
                message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
                request = pickle.loads(message)
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    conn.close()
                    for other in list(sel.get_map().values()):
                        if other.data is not None:  # another command's connection
                            other.data[0].close()
                            os.close(other.fd)
                    child(request, fds)
                for fd in fds:
                    os.close(fd)
                conn.sendall(pickle.dumps(pid))
                pidfd = os.pidfd_open(pid)
                sel.register(pidfd, selectors.EVENT_READ, (conn, pid))
            else:
                conn, pid = key.data
                sel.unregister(key.fd)
                os.close(key.fd)
                _, status = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):  # the client gave up (a timeout)
                    conn.sendall(pickle.dumps(status))
                conn.close()
        if os.getppid() != parent:  # the test process is gone
            return


if __name__ == "__main__":
    preload()
    serve(sys.argv[1])
