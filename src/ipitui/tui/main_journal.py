"""The main screen's link to the account's journal: decisions queued, written, picked up.

Every decision goes to the account's ``DecisionWriter``, which a thread of its own drains (it
records the decisions and scores the account again); the screen shows a decision's letter at
once (``pending``, an overlay over the journal's ``decisions``) and the scorecard when the
writer reports back (:class:`~ipitui.tui.main_messages.Written`). A timer looks for marks
another session made.
"""

from __future__ import annotations

import threading
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from textual.screen import Screen

from ipitui.account import Clear, Record, Redo, Refresh, Undo
from ipitui.core.decisions import Decision
from ipitui.store.paths import Home
from ipitui.tui.main_messages import Written
from ipitui.tui.panes.list_pane import ListPane
from ipitui.tui.text import clean
from ipitui.tui.widgets.header import IpiHeader

if TYPE_CHECKING:  # the scoring core loads with the account, in a worker
    from ipitui.account import Account, DecisionWriter
    from ipitui.core.prepared import Prepared

POLL_S = 2.0  # how often to look for marks made by another session


class JournalScreen(Screen):
    """A screen of one account whose decisions go through the account's journal. The screen
    draws the scorecard in :meth:`_show_card`."""

    def __init__(self, home: Home, slug: str, today: date) -> None:
        super().__init__()
        self.home = home
        self.slug = slug
        self.today = today
        self.account: Account | None = None
        self.writer: DecisionWriter | None = None
        self.decisions: dict[str, Decision] = {}
        self.pending: dict[str, Decision | None] = {}  # shown before the journal confirms

    @property
    def marks(self) -> Mapping[str, Decision | None]:
        return ChainMap(self.pending, self.decisions) if self.pending else self.decisions

    def _show_card(self) -> None:
        """Show the account's scorecard and decisions (each screen draws its own)."""
        raise NotImplementedError

    def _open_journal(self, prepared: Prepared) -> None:
        """Start the writer on the first load (and the timer that looks for other sessions'
        marks); a later load gives it the newly prepared account."""
        if self.writer is None:
            from ipitui.account import DecisionWriter

            self.writer = DecisionWriter(self.home, self.slug, prepared, self.today)
            self.set_interval(POLL_S, self._poll)
        else:
            self.writer.prepared = prepared

    def _drain(self, writer: DecisionWriter) -> None:
        """Write what is queued in a thread of its own. A plain thread, not a worker: it
        starts at once rather than on the event loop's next turn, while the screen repaints
        as the decision form closes. The app's exit waits for it (``flush``)."""

        def write() -> None:
            outcome = writer.drain()
            if outcome is not None:
                self.post_message(Written(outcome))

        threading.Thread(target=write, name="journal", daemon=True).start()

    def _poll(self) -> None:
        """Cheap (a stat): did another session change the journal?"""
        if self.writer is not None and self.writer.pending == 0 and self.writer.changed_elsewhere():
            self.refresh_decisions()

    def on_unmount(self) -> None:
        if self.writer is not None:
            self.writer.flush()

    def on_written(self, message: Written) -> None:
        outcome = message.outcome
        if self.writer is not None and self.writer.pending == 0:
            self.pending = {}
        self.decisions = outcome.decisions
        if self.account is not None and outcome.card is not None:
            self.account.card = outcome.card
            self.account.decisions = outcome.decisions
        self._show_card()
        for note in outcome.notes:
            self.notify(clean(note), markup=False)
        for error in outcome.errors:
            self.notify(clean(error), severity="error", markup=False, timeout=8)

    def submit(self, op: Record | Clear | Undo | Redo | Refresh) -> None:
        if self.writer is None:
            self.notify("Still loading: try again in a moment.", markup=False)
            return
        if isinstance(op, Record):
            self.pending.update({d.sku: d for d in op.decisions})
        elif isinstance(op, Clear):
            self.pending.update(dict.fromkeys(op.skus))
        if self.writer.submit(op):
            self._drain(self.writer)
        for pane in self.query(ListPane):
            pane.set_marks(self.marks)
        if isinstance(op, Record | Clear):
            header = self.query_one(IpiHeader)
            header.show(replace(header.state, busy="updating"))

    def refresh_decisions(self) -> None:
        """Pick up marks another session made (the writer re-reads the journal)."""
        if self.writer is not None and self.writer.submit(Refresh()):
            self._drain(self.writer)
