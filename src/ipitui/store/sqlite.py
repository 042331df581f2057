"""Opening the account's SQLite files (journal, IPI readings) the same way everywhere.

WAL lets readers go on while one process writes; the busy timeout makes a writer wait for
another instead of failing at once. Switching a new file to WAL needs the file to itself,
and SQLite answers "locked" at once, without waiting, when two processes create the same
file together; that one step is retried here until the busy timeout runs out.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

BUSY_TIMEOUT_MS = 5000
_RETRY_PAUSE_S = 0.01


def connect(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with WAL switched on.

    Raises ``sqlite3.Error`` for the caller to word; the connection is closed then.
    """
    con = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=check_same_thread,
    )
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    con.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(_RETRY_PAUSE_S)
    except BaseException:
        con.close()
        raise
    return con
