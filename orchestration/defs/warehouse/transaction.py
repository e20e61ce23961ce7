"""One warehouse write as one transaction, with DataFrames registered for its SQL: all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn, **frames) -> Iterator:
    """`with transaction(conn, incoming=frame): conn.execute(...)` commits on success, rolls back on error."""
    for name, frame in frames.items():
        conn.register(name, frame)
    try:
        conn.execute("begin transaction")
        yield conn
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    finally:
        for name in frames:
            conn.unregister(name)
