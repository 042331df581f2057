"""The decisions journal: every decision a seller makes, kept as events in SQLite.

Nothing is ever deleted or edited in place except the ``undone`` state. Each user command
(one ``ipitui mark``, one key press in the TUI) is one *batch* of events written in one
transaction; undo and redo work per batch, like an editor's:

* undo marks the newest batch that is not undone as undone;
* redo re-applies the batch undone most recently, as long as no new batch was recorded
  since (recording a new batch marks every undone batch as dropped; it can no longer be
  redone, and its events stay in the file).

The current decision of a SKU is its newest event that is not undone; a ``clear`` event
means "no decision". Every method reads the database afresh, so two sessions on the same
account (two SSH logins) see each other's marks; SQLite's locking (WAL, a 5 s busy timeout,
``BEGIN IMMEDIATE`` for every write) keeps concurrent writers from losing events.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ipitui.core.decisions import Action, Decision
from ipitui.errors import Fault, UserError, fault
from ipitui.store.paths import Home
from ipitui.store.sqlite import BUSY_TIMEOUT_MS, connect

SCHEMA_VERSION = 1
CLEAR = "clear"  # the action of an event that removes a SKU's decision


_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    time   TEXT NOT NULL,
    state  TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped'))
);
CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    batch        INTEGER NOT NULL REFERENCES batches(id),
    time         TEXT NOT NULL,
    sku          TEXT NOT NULL,
    action       TEXT NOT NULL,
    quantity     INTEGER,
    discount_pct REAL,
    uplift_pct   REAL,
    days         INTEGER,
    until        TEXT,
    note         TEXT NOT NULL DEFAULT '',
    undone       INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
CREATE INDEX IF NOT EXISTS events_live ON events (undone, sku, id);
CREATE INDEX IF NOT EXISTS events_batch ON events (batch);
CREATE INDEX IF NOT EXISTS batches_state ON batches (state, id);
"""

_COLUMNS = "id, batch, time, sku, action, quantity, discount_pct, uplift_pct, days, until, note"
_ACTIONS = {a.value: a for a in Action}


@dataclass(frozen=True)
class Event:
    """One line of the journal."""

    id: int
    batch: int
    time: str  # UTC, ISO 8601
    sku: str
    action: str  # an Action value, or "clear"
    quantity: int | None
    discount_pct: float | None
    uplift_pct: float | None
    days: int | None
    until: date | None
    note: str
    undone: bool = False

    def decision(self) -> Decision | None:
        """The decision this event sets (None for a clear)."""
        action = _ACTIONS.get(self.action)
        if action is None:
            return None
        return Decision(
            self.sku,
            action,
            self.quantity,
            self.discount_pct,
            self.uplift_pct,
            self.days,
            self.until,
            self.note,
        )


def _event(row: Sequence[Any], undone: bool = False) -> Event:
    """The event of a row of ``_COLUMNS``."""
    id_, batch, time, sku, action, quantity, discount_pct, uplift_pct, days, until, note = row
    return Event(
        id_,
        batch,
        time,
        sku,
        action,
        quantity,
        discount_pct,
        uplift_pct,
        days,
        date.fromisoformat(until) if until else None,
        note,
        undone,
    )


def _damaged(exc: BaseException) -> bool:
    """SQLite found the file itself wrong (not a database, malformed), not the disk."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Journal:
    """The decisions journal of one account (``home.journal(slug)``)."""

    def __init__(self, home: Home, slug: str) -> None:
        self.path = home.journal(slug)
        self._lock = threading.Lock()
        # Why nothing can be recorded (a read-only or full disk, no permission): the journal
        # is then read as it is, and each write says why it cannot be made.
        self.cannot_write: Fault | None = None
        con = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = connect(self.path, check_same_thread=False)
            con.execute("PRAGMA synchronous = FULL")
            self._con = con
            self._create()
        except (OSError, sqlite3.Error) as exc:
            if con is not None:
                con.close()
            if _damaged(exc):
                raise self._unreadable(exc) from exc
            why = fault(exc, self.path, doing="open for writing")
            if why is None:
                raise
            self.cannot_write = why
            self._con = self._open_read_only()
        except BaseException:
            if con is not None:
                con.close()
            raise

    def _open_read_only(self) -> sqlite3.Connection:
        """The journal opened only to read it (an empty one if there is no file yet)."""
        if self.path.exists():
            uri = self.path.resolve().as_uri()
            # mode=ro needs the WAL's shared-memory file; on a read-only disk, where no
            # writer can be, immutable=1 reads the file as it stands.
            for query in ("mode=ro", "immutable=1"):
                try:
                    con = sqlite3.connect(f"{uri}?{query}", uri=True, check_same_thread=False)
                except sqlite3.Error:
                    continue
                try:
                    version = int(con.execute("PRAGMA user_version").fetchone()[0])
                except sqlite3.OperationalError:
                    con.close()
                    continue
                except sqlite3.DatabaseError as exc:
                    con.close()
                    raise self._unreadable(exc) from exc
                if version == SCHEMA_VERSION:
                    return con
                con.close()
                if version > SCHEMA_VERSION:
                    self._newer(version)
                break
            else:
                assert self.cannot_write is not None
                raise self.cannot_write
        con = sqlite3.connect(":memory:", check_same_thread=False)
        con.executescript(_SCHEMA)  # no journal yet: no decisions
        return con

    def _unreadable(self, exc: Exception) -> UserError:
        return UserError(
            f"{self.path}: the decisions journal is damaged and cannot be read ({exc}); it "
            "was not changed. Move the file aside to start an empty journal."
        )

    def _newer(self, version: int) -> None:
        raise UserError(
            f"{self.path}: this journal was written by a newer ipitui (schema "
            f"{version}, this one knows {SCHEMA_VERSION}); it was not changed"
        )

    def _create(self) -> None:
        # Reading the version needs no lock, so opening never waits for another writer.
        if self._version() == SCHEMA_VERSION:
            return
        with self._write() as con:
            if self._version() < SCHEMA_VERSION:  # still, now that this process holds the lock
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _version(self) -> int:
        version = int(self._con.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            self._newer(version)
        return version

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it."""
        if self.cannot_write is not None:
            raise self.cannot_write
        with self._lock:
            try:
                self._con.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                    raise UserError(
                        f"{self.path}: another ipitui kept the journal busy for more than "
                        f"{BUSY_TIMEOUT_MS / 1000:g} s; nothing was recorded, try again"
                    ) from exc
                raise self._failed(exc) from exc
            try:
                yield self._con
                self._con.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._con.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise self._failed(exc) from exc
                raise

    def _failed(self, exc: sqlite3.DatabaseError, doing: str = "write") -> UserError:
        """A damaged journal, or the machine's refusal (a full disk...) named as such."""
        if _damaged(exc):
            return self._unreadable(exc)
        return fault(exc, self.path, doing=doing) or self._unreadable(exc)

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._con.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise self._failed(exc, "read") from exc

    # -- writing ------------------------------------------------------------------------------

    def _append(self, rows: Iterable[tuple]) -> int:
        with self._write() as con:
            now = _now()
            con.execute("UPDATE batches SET state = 'dropped' WHERE state = 'undone'")
            batch = con.execute("INSERT INTO batches (time) VALUES (?)", (now,)).lastrowid
            assert batch is not None  # set by the INSERT
            con.executemany(
                "INSERT INTO events (batch, time, sku, action, quantity, discount_pct,"
                " uplift_pct, days, until, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((batch, now, *row) for row in rows),
            )
            return batch

    def record(self, decisions: Sequence[Decision], today: date | None = None) -> int:
        """Record ``decisions`` as one batch and return its id. Nothing is recorded if any
        of them is invalid (``UserError`` lists every problem)."""
        if not decisions:
            raise ValueError("record() needs at least one decision")
        today = today or date.today()
        problems = [f"{d.sku}: {p}" for d in decisions for p in d.problems(today)]
        if problems:
            raise UserError("nothing recorded: " + "; ".join(problems))
        return self._append(
            (
                d.sku, d.action.value, d.quantity, d.discount_pct, d.uplift_pct, d.days,
                d.until.isoformat() if d.until else None, d.note or "",
            )
            for d in decisions
        )  # fmt: skip

    def clear(self, skus: Iterable[str]) -> int:
        """Record that ``skus`` have no decision (one batch); returns the batch id."""
        rows = [(sku, CLEAR, None, None, None, None, None, "") for sku in dict.fromkeys(skus)]
        if not rows:
            raise ValueError("clear() needs at least one SKU")
        return self._append(rows)

    def _flip(self, find: str, to_state: str, undone: int) -> list[str] | None:
        with self._write() as con:
            row = con.execute(find).fetchone()
            if row is None:
                return None
            con.execute("UPDATE batches SET state = ? WHERE id = ?", (to_state, row[0]))
            con.execute("UPDATE events SET undone = ? WHERE batch = ?", (undone, row[0]))
            skus = con.execute("SELECT sku FROM events WHERE batch = ? ORDER BY id", row)
            return list(dict.fromkeys(sku for (sku,) in skus))

    def undo(self) -> list[str] | None:
        """Undo the newest batch; returns its SKUs, or None when there is nothing to undo."""
        return self._flip(
            "SELECT id FROM batches WHERE state = 'done' ORDER BY id DESC LIMIT 1", "undone", 1
        )

    def redo(self) -> list[str] | None:
        """Re-apply the batch undone most recently; None when there is nothing to redo."""
        # Undone batches always sit above every done one (undo takes the newest done batch,
        # a new batch drops every undone one), so the most recently undone is the oldest.
        return self._flip(
            "SELECT id FROM batches WHERE state = 'undone' ORDER BY id ASC LIMIT 1", "done", 0
        )

    # -- reading ------------------------------------------------------------------------------

    _LIVE = (
        " FROM events e JOIN (SELECT MAX(id) AS id FROM events WHERE undone = 0 GROUP BY sku)"
        " AS live ON e.id = live.id WHERE e.action != 'clear'"
    )

    def current_events(self) -> dict[str, Event]:
        """The event behind each SKU's current decision, by SKU."""
        columns = ", ".join("e." + c.strip() for c in _COLUMNS.split(","))
        return {row[3]: _event(row) for row in self._read(f"SELECT {columns}{self._LIVE}")}

    def current(self) -> dict[str, Decision]:
        """Each SKU's current decision, by SKU (one query; 100k decisions in well under 1 s)."""
        rows = self._read(
            "SELECT e.sku, e.action, e.quantity, e.discount_pct, e.uplift_pct, e.days, e.until,"
            f" e.note{self._LIVE}"
        )
        actions, day = _ACTIONS, date.fromisoformat
        return {
            sku: Decision(sku, actions[a], q, disc, up, days, day(until) if until else None, note)
            for sku, a, q, disc, up, days, until, note in rows
        }

    def history(self, limit: int = 100) -> list[Event]:
        """The newest ``limit`` events, newest first (undone ones included)."""
        rows = self._read(
            f"SELECT {_COLUMNS}, undone FROM events ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_event(row[:11], bool(row[11])) for row in rows]

    def can_undo(self) -> bool:
        return bool(self._read("SELECT 1 FROM batches WHERE state = 'done' LIMIT 1"))

    def can_redo(self) -> bool:
        return bool(self._read("SELECT 1 FROM batches WHERE state = 'undone' LIMIT 1"))
