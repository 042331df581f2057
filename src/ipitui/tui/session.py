"""One open account behind the TUI: loading it and writing its decisions, without a screen.

``load_account`` reads the newest snapshot, prepares it and scores it with the journal's
current decisions; it is heavy (seconds at a million SKUs) and runs in a worker.

``DecisionWriter`` is the only writer of the journal in a TUI session. Every mark, clear,
undo and redo goes onto its queue and is applied in order by one thread at a time (a thread
started when the queue goes from empty to busy), so "mark, undo, mark" can never be
reordered. After each burst it re-reads the journal (the truth, including marks another
ipitui made meanwhile on the same account) and re-scores. ``flush`` writes whatever is still
queued, on the caller's thread: the app calls it on the way out so that a key pressed just
before quitting is never lost.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipitui.core import Prepared, Scorecard, evaluate, prepare
from ipitui.core.decisions import Decision
from ipitui.core.inputs import AccountData
from ipitui.core.settings import AccountSettings
from ipitui.errors import UserError
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings
from ipitui.store.snapshots import latest_import_warnings, load_account_data
from ipitui.tui.changes import Clear, Op, Record, Redo, Undo


@dataclass
class Account:
    """Everything the screen shows for one account, as loaded."""

    slug: str
    name: str
    settings: AccountSettings
    snapshot_date: date  # the newest planning report's date
    skus: int  # rows of the newest planning report
    data: AccountData | None  # handed to the Overview's history, then let go
    prepared: Prepared
    card: Scorecard
    decisions: dict[str, Decision]
    readings: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class NoData(UserError):
    """The account has no imported planning report yet."""


def load_account(home: Home, slug: str) -> Account:
    """Load, prepare and score ``slug``. Raises ``NoData`` or a ``UserError`` to show."""
    settings, problems = load_account_settings(home, slug)
    data = load_account_data(home, slug)
    if data is None:
        raise NoData(
            "No reports imported yet. Press i to import your FBA Inventory report (and the "
            "stranded report), or run: ipitui import FILE"
        )
    prepared = prepare(data, settings)
    with Journal(home, slug) as journal:
        decisions = journal.current()
    card = evaluate(prepared, decisions)
    return Account(
        slug=slug,
        name=settings.display_name or slug,
        settings=settings,
        snapshot_date=data.snapshot_date,
        skus=prepared.sku_count,
        data=data,
        prepared=prepared,
        card=card,
        decisions=decisions,
        readings=_readings(home, slug),
        warnings=[*problems, *latest_import_warnings(home, slug)],
    )


def _readings(home: Home, slug: str) -> list[Any]:
    from ipitui.store import readings

    return list(readings.list_readings(home, slug))


# -- the writer ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one burst of changes did: the journal's decisions now and their scorecard."""

    decisions: dict[str, Decision]
    card: Scorecard | None
    notes: list[str]
    errors: list[str]


class DecisionWriter:
    """Writes decisions in order; see the module docstring."""

    def __init__(
        self, home: Home, slug: str, prepared: Prepared, today: date | None = None
    ) -> None:
        self.home = home
        self.slug = slug
        self.prepared = prepared
        self.today = today
        self._queue: deque[Op] = deque()
        self._lock = threading.Lock()  # guards the queue and ``_running``
        self._work = threading.Lock()  # one burst at a time
        self._running = False
        self._journal: Journal | None = None
        self._stamp = self._journal_stamp()

    def submit(self, op: Op) -> bool:
        """Queue ``op``; True when the caller must start a thread that calls ``drain``."""
        with self._lock:
            self._queue.append(op)
            if self._running:
                return False
            self._running = True
            return True

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + (1 if self._running else 0)

    def drain(self, *, score: bool = True) -> Outcome | None:
        """Apply everything queued, then re-read the journal and (with ``score``) re-score.
        Returns None when there was nothing to do."""
        with self._work:
            done: list[Op] = []
            notes: list[str] = []
            errors: list[str] = []
            journal = self._open()
            while True:
                with self._lock:
                    if not self._queue:
                        self._running = False
                        break
                    ops = list(self._queue)
                    self._queue.clear()
                for op in ops:
                    try:
                        notes.extend(self._one(journal, op))
                    except UserError as exc:
                        errors.append(str(exc))
                    except Exception as exc:  # e.g. a full disk: said, and the queue goes on
                        errors.append(f"{journal.path}: not recorded: {exc}")
                done.extend(ops)
            self._stamp = self._journal_stamp()
            if not done:
                return None
            try:
                decisions = journal.current()
            except UserError as exc:
                return Outcome({}, None, notes, [*errors, str(exc)])
            card = None
            if score:
                try:
                    card = evaluate(self.prepared, decisions)
                except Exception as exc:  # a scoring bug must not stop the journal
                    errors.append(f"the estimate could not be updated: {exc}")
            return Outcome(decisions, card, notes, errors)

    def flush(self) -> None:
        """Write what is still queued (on this thread) and close the journal."""
        with self._lock:
            if self._queue:
                self._running = True
        self.drain(score=False)
        with self._work:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    def changed_elsewhere(self) -> bool:
        """The journal file changed since this writer last wrote or read it (cheap: stat)."""
        return self._journal_stamp() != self._stamp

    def _open(self) -> Journal:
        if self._journal is None:
            self._journal = Journal(self.home, self.slug)
        return self._journal

    def _journal_stamp(self) -> tuple[int, int, int]:
        path = self.home.journal(self.slug)
        stamp = [0, 0, 0]
        for n, p in enumerate((path, path.with_name(path.name + "-wal"))):
            try:
                st = p.stat()
            except OSError:
                continue
            stamp[0] += st.st_size
            stamp[1 + n] = st.st_mtime_ns
        return stamp[0], stamp[1], stamp[2]

    def _one(self, journal: Journal, op: Op) -> list[str]:
        if isinstance(op, Record):
            journal.record(op.decisions, today=self.today)
            return []
        if isinstance(op, Clear):
            journal.clear(op.skus)
            return []
        if isinstance(op, Undo):
            skus = journal.undo()
            return ["Nothing to undo." if skus is None else f"Undone: {_skus(skus)}."]
        if isinstance(op, Redo):
            skus = journal.redo()
            return ["Nothing to redo." if skus is None else f"Redone: {_skus(skus)}."]
        return []


def _skus(skus: Sequence[str]) -> str:
    if len(skus) == 1:
        return skus[0]
    return f"{len(skus):,} SKUs"
