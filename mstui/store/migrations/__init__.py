"""Alembic migrations, shipped inside the package.

`REVISIONS` lists every revision oldest first, so that start-up can tell
"up to date", "pending" and "newer than this program" with one cheap query and
without importing Alembic (a test checks it against the scripts).
"""

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
)
HEAD = REVISIONS[-1]
