"""Actual IPI readings a seller copies from Seller Central: one score (0–1000) per date, in
SQLite at ``home.readings(slug)`` (WAL, a 5 s busy timeout, one transaction per write).

Recording a second score for the same date replaces the first. Reading never creates the
file; a file that cannot be read is reported and left as it is.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from ipitui.errors import UserError, fault
from ipitui.store.paths import Home
from ipitui.store.sqlite import connect

SCHEMA_VERSION = 1

MIN_SCORE, MAX_SCORE = 0, 1000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS readings (
    day         TEXT PRIMARY KEY,
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
    recorded_at TEXT NOT NULL
)
"""


class Reading(NamedTuple):
    day: date
    score: int


def parse_reading(day: str, score: int | str, today: date | None = None) -> Reading:
    """A reading from what the seller typed, or a UserError saying what is wrong."""
    try:
        when = date.fromisoformat(str(day).strip())
    except ValueError:
        raise UserError(
            f"{day!r} is not a date: write it as YYYY-MM-DD (nothing recorded)"
        ) from None
    if when > (today or date.today()):
        raise UserError(
            f"{when} is in the future: an IPI reading is from a past day (nothing recorded)"
        )
    try:
        value = int(str(score).strip())
    except ValueError:
        raise UserError(f"{score!r} is not a whole number (nothing recorded)") from None
    if not MIN_SCORE <= value <= MAX_SCORE:
        raise UserError(f"an IPI score is between 0 and 1000, not {value} (nothing recorded)")
    return Reading(when, value)


@contextlib.contextmanager
def _connect(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    try:
        con = connect(path)
    except sqlite3.OperationalError as exc:
        why = fault(exc, path, doing="open for writing")
        if create and not existed:  # an empty file this call made (e.g. on a full disk)
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
        if create or why is None:
            raise why or _unreadable(path, exc) from exc
        con = _read_only(path, why)  # a read-only disk: the readings are still listed
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    try:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise UserError(f"{path}: written by a newer ipitui (schema {version}); not changed")
        if create and version < SCHEMA_VERSION:
            con.execute("BEGIN IMMEDIATE")
            con.execute(_SCHEMA)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute("COMMIT")
        yield con
    except sqlite3.OperationalError as exc:
        raise fault(exc, path) or _unreadable(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        con.close()


def _read_only(path: Path, why: Exception) -> sqlite3.Connection:
    """``path`` opened only to read it (``immutable`` when even its WAL index cannot be made)."""
    for query in ("mode=ro", "immutable=1"):
        con = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
        try:
            con.execute("PRAGMA user_version").fetchone()
            return con
        except sqlite3.OperationalError:
            con.close()
    raise why


def _unreadable(path: Path, exc: Exception) -> UserError:
    return UserError(
        f"{path}: the IPI readings cannot be read ({exc}); the file was not changed. "
        "Move it aside to start again."
    )


def list_readings(home: Home, slug: str) -> list[Reading]:
    """Every recorded reading, oldest first."""
    path = home.readings(slug)
    if not path.exists():
        return []
    with _connect(path, create=False) as con:
        if int(con.execute("PRAGMA user_version").fetchone()[0]) < SCHEMA_VERSION:
            return []
        rows = con.execute("SELECT day, score FROM readings ORDER BY day").fetchall()
    return [Reading(date.fromisoformat(day), int(score)) for day, score in rows]


def add_reading(home: Home, slug: str, reading: Reading) -> bool:
    """Record ``reading``; True when it replaced a reading of the same date."""
    with _connect(home.readings(slug), create=True) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            old = con.execute(
                "SELECT 1 FROM readings WHERE day = ?", (reading.day.isoformat(),)
            ).fetchone()
            con.execute(
                "INSERT INTO readings (day, score, recorded_at) VALUES (?, ?, ?) "
                "ON CONFLICT (day) DO UPDATE SET score = excluded.score, "
                "recorded_at = excluded.recorded_at",
                (
                    reading.day.isoformat(),
                    int(reading.score),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return old is not None


def remove_reading(home: Home, slug: str, day: date) -> bool:
    """Forget the reading of ``day``; False when there was none."""
    path = home.readings(slug)
    if not path.exists():
        return False
    with _connect(path, create=True) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            gone = con.execute("DELETE FROM readings WHERE day = ?", (day.isoformat(),)).rowcount
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return gone > 0
