"""Opening an account: the one place its settings, data, decisions and scorecard are read.

Every face opens an account here: the TUI (``load_account``, in a worker), ``ipitui score``,
``ipitui export`` and ``ipitui ipi`` (``open_account``). Nothing here imports Textual, and
nothing heavy loads with this module: polars and the scoring core load when the data is
first asked for.

``open_account`` reads the settings at once (and keeps their problems for the caller to
show); the rest is read once, when first asked for, in this order: the newest snapshot
(``data``; ``NoData`` with the caller's message when there is none), the prepared account
(``prepared``), the journal's current decisions (``decisions``) and their scorecard (``card``).
A command that needs only the decisions never loads the data.

``DecisionWriter`` is the only writer of the journal in a TUI session. Every mark, clear,
undo and redo goes onto its queue and is applied in order by one thread at a time (a thread
started when the queue goes from empty to busy), so "mark, undo, mark" can never be
reordered. After each burst it re-reads the journal (the truth, including marks another
ipitui made meanwhile on the same account) and re-scores. ``flush`` writes whatever is still
queued, on the caller's thread: the app calls it on the way out so that a key pressed just
before quitting is never lost. The changes it takes (``Record``, ``Clear``, ``Undo``,
``Redo``, ``Refresh``) are plain values with no polars behind them, so that the screen can
name them before the account is loaded.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ipitui.core.decisions import Decision
from ipitui.core.settings import AccountSettings
from ipitui.errors import UserError, fault
from ipitui.format import plural
from ipitui.reports.progress import Progress, quiet
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings

if TYPE_CHECKING:
    from ipitui.core import Prepared, Scorecard
    from ipitui.core.inputs import AccountData
    from ipitui.store.scored import Stored

log = logging.getLogger(__name__)

NO_DATA = "no reports imported yet; run 'ipitui import FILE' first"
# What the TUI says when the account has no planning report yet.
TUI_NO_DATA = (
    "No reports imported yet. Press i to import your FBA Inventory report (and the "
    "stranded report), or run: ipitui import FILE"
)


class NoData(UserError):
    """The account has no imported planning report yet."""


class OpenAccount:
    """One account's settings, and its data, decisions and scorecard when asked for."""

    def __init__(
        self, home: Home, slug: str, no_data: str, progress: Progress | None = None
    ) -> None:
        self.home = home
        self.slug = slug
        self.no_data = no_data  # the message of ``NoData``: each face says what to do
        # hears the phases of the slow work (reading, scoring, storing the scores)
        self.progress: Progress = progress or quiet
        self.settings, self.problems = load_account_settings(home, slug)

    @cached_property
    def stored_data(self) -> AccountData | None:
        """The newest snapshot and its history; None before the first import."""
        from ipitui.store.snapshots import load_account_data

        self.progress("reading the stored reports", 0, None)
        return load_account_data(self.home, self.slug)

    @property
    def data(self) -> AccountData:
        """``stored_data``, or ``NoData`` (with the face's message) when there is none."""
        data = self.stored_data
        if data is None:
            raise NoData(self.no_data)
        return data

    @cached_property
    def decisions(self) -> dict[str, Decision]:
        """The journal's current decisions, by SKU."""
        with Journal(self.home, self.slug) as journal:
            return journal.current()

    @cached_property
    def key(self) -> str:
        """What the numbers are computed from (``store.scored.key_of``), taken before the
        data is read."""
        from ipitui.store import scored

        return scored.key_of(self.home, self.slug, self.settings)

    def stored(self, *, stale: bool = False) -> Stored | None:
        """The scored account as stored (``store.scored``); with ``stale``, also one
        computed from other snapshots, settings or code."""
        from ipitui.store import scored

        key = self.key
        return scored.read(self.home, self.slug, key, self.data, self.settings, stale=stale)

    @cached_property
    def prepared(self) -> Prepared:
        """The scored account: as stored when it is of these snapshots, settings and code;
        else scored now and stored for the next open."""
        key = self.key
        stored = self.stored()
        if stored is not None:
            return stored.prepared
        from ipitui.core import prepare
        from ipitui.store import scored

        data = self.data
        self.progress("scoring", 0, None)
        prepared = prepare(data, self.settings)
        self.progress("storing the scores", 0, None)
        try:
            scored.write(self.home, self.slug, prepared, key)
        except Exception:  # e.g. a full disk or a read-only home: scored again next time
            log.warning("the scored account could not be stored", exc_info=True)
        return prepared

    @cached_property
    def card(self) -> Scorecard:
        """The scorecard with the current decisions (prepared first, then the journal read)."""
        from ipitui.core import evaluate

        return evaluate(self.prepared, self.decisions)


def open_account(
    home: Home, slug: str, no_data: str = NO_DATA, progress: Progress | None = None
) -> OpenAccount:
    """Open ``slug``: its settings now, the rest when asked for (see the module docstring).
    ``progress`` hears the phases of the work that takes long (reading, scoring)."""
    return OpenAccount(home, slug, no_data, progress)


def keep_scored(home: Home, slug: str, progress: Progress | None = None) -> str | None:
    """Score ``slug`` and store its numbers for the next open, unless they are stored
    already (after an import). Returns what stopped it, if anything: the import stands
    either way, and the next open scores it again and shows the same problem. Nothing is
    scored before a planning report is imported (a stranded report alone, say)."""
    try:
        open_account(home, slug, progress=progress).prepared  # noqa: B018 (read or scored)
    except NoData:
        return None
    except Exception as exc:
        log.warning("the account could not be scored after the import", exc_info=True)
        return str(exc) or type(exc).__name__
    return None


@dataclass
class Account:
    """Everything the TUI's screen shows for one account, as loaded."""

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
    # the numbers are a stored build of other snapshots, settings or code, shown while the
    # account is scored again (``load_account(..., stale=True)``)
    updating: bool = False


def load_account(
    home: Home, slug: str, *, stale: bool = False, progress: Progress | None = None
) -> Account:
    """Load ``slug`` for the TUI, its scored numbers as stored, or scored now (seconds at a
    million SKUs; the TUI runs it in a worker). With ``stale``, a stored build of other
    snapshots, settings or code is taken rather than waited for, marked ``updating``: the
    caller then loads again without ``stale``. Raises ``NoData`` or a ``UserError`` to show."""
    from ipitui.store.snapshots import latest_import_warnings

    account = open_account(home, slug, TUI_NO_DATA, progress)
    updating = False
    if stale and (stored := account.stored(stale=True)) is not None:
        account.prepared = stored.prepared  # read once, fresh or not
        updating = not stored.fresh
        try:
            account.card  # noqa: B018 (a build of older code may not score: then wait)
        except Exception:
            if stored.fresh:
                raise
            log.warning("the stale scored account could not be shown", exc_info=True)
            account, updating = open_account(home, slug, TUI_NO_DATA, progress), False
    card = account.card
    settings = account.settings
    return Account(
        slug=slug,
        name=settings.display_name or slug,
        settings=settings,
        snapshot_date=account.data.snapshot_date,
        skus=account.prepared.sku_count,
        data=account.data,
        prepared=account.prepared,
        card=card,
        decisions=account.decisions,
        readings=_readings(home, slug),
        warnings=[*account.problems, *latest_import_warnings(home, slug)],
        updating=updating,
    )


def _readings(home: Home, slug: str) -> list[Any]:
    from ipitui.store import readings

    return list(readings.list_readings(home, slug))


# -- the changes the writer takes ------------------------------------------------------


@dataclass(frozen=True)
class Record:
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class Clear:
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class Redo:
    pass


@dataclass(frozen=True)
class Refresh:
    """Re-read the journal and re-score (e.g. when the terminal regains focus)."""


Op = Record | Clear | Undo | Redo | Refresh


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
                    except Exception as exc:  # e.g. a full disk: said, and the queue goes on
                        said = fault(exc, journal.path, doing="record the decision in")
                        if isinstance(exc, UserError) or said is not None:
                            errors.append(str(said or exc))
                        else:  # a bug: its type and text, and the queue goes on
                            log.warning("a decision was not recorded", exc_info=True)
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
                    from ipitui.core import evaluate

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
    return plural(len(skus), "SKU")
