"""Alembic environment: always run in-process by `mstui.store.engine` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import mstui.store.tables  # noqa: F401  (registers the tables on the metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("mstui migrations run through mstui.store.engine, with a connection")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
