"""The main screen of one account: header, pane tabs, the six panes, and triage.

Nothing heavy runs here: loading and scoring run in a worker (the header, the tabs and an
empty table paint first), every decision goes to the account's ``DecisionWriter`` thread,
and the panes' tables sort and filter in their own workers. A decision shows its letter at
once (an overlay over the journal's decisions); the estimate, the factors, the fees and the
Decisions pane follow when the writer has recorded it and re-scored.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from ipitui.account import Clear, Record, Redo, Undo
from ipitui.core.decisions import Action, Decision, decision_from
from ipitui.core.list_totals import decision_totals, list_count, list_total
from ipitui.errors import UserError, described
from ipitui.format import account_format
from ipitui.reports.progress import count
from ipitui.store.paths import Home
from ipitui.tui import keymap
from ipitui.tui.main_journal import JournalScreen
from ipitui.tui.main_messages import DetailReady, FormReady, Loaded, LoadFailed
from ipitui.tui.panes.list_pane import ListPane
from ipitui.tui.panes.lists import DECISIONS, LISTS
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.mark_form import ACTION_FIELDS, MarkForm
from ipitui.tui.text import clean, literal
from ipitui.tui.widgets.footer import KeyFooter
from ipitui.tui.widgets.frame_table import FrameTable
from ipitui.tui.widgets.header import HeaderState, IpiHeader, PaneTabs, Tab
from ipitui.tui.widgets.overview import Overview

PANES = ("overview", *(spec.id for spec in LISTS), DECISIONS.id)
TABS = [
    Tab("overview", "1", "Overview"),
    *(Tab(spec.id, str(n), spec.title) for n, spec in enumerate(LISTS, start=2)),
    Tab(DECISIONS.id, "6", DECISIONS.title),
]
HISTORY_AUTO_SKUS = 200_000  # larger catalogs compute the IPI history only on request
FORM_REMOVAL_S = 0.5  # after the decision form closed (see ``on_form_ready``)


class TriageScreen(JournalScreen):
    """Everything about one account."""

    BINDINGS = keymap.bindings(keymap.APP)

    def __init__(self, home: Home, slug: str, *, today: date | None = None, name: str = "") -> None:
        super().__init__(home, slug, today or date.today())
        self.account_name = name or slug  # shown while the account loads
        self.active = "overview"
        self._lists_asked: set[str] = set()  # the lists shown (or being read) this load

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield IpiHeader(id="ipi-header")
        yield PaneTabs(TABS, id="tabs")
        with ContentSwitcher(initial="overview", id="panes"):
            yield Overview(id="overview")
            for spec in LISTS:
                yield ListPane(spec)
            yield ListPane(DECISIONS)
        yield Static("", id="problem", markup=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(IpiHeader).show(HeaderState(account=self.account_name, busy="loading"))
        self.query_one(PaneTabs).show("overview")
        for pane in self.query(ListPane):
            pane.show_message("Loading...")
        self.query_one("#problem").display = False
        # The first frame paints before the worker starts importing the scoring core.
        self.call_after_refresh(self.load)

    def list_pane(self, pane_id: str | None = None) -> ListPane | None:
        pane_id = pane_id or self.active
        return None if pane_id == "overview" else self.query_one(f"#{pane_id}", ListPane)

    # ----------------------------------------------------------------- loading

    def load(self) -> None:
        header = self.query_one(IpiHeader)
        header.show(replace(header.state, busy="loading"))
        self._load(self.home, self.slug, stale=True)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, home: Home, slug: str, stale: bool) -> None:
        """Load the account: with ``stale``, numbers stored before the snapshots, settings
        or code changed are shown at once, marked "updating", while it is scored again."""
        from ipitui.account import NoData, load_account

        doing = "loading" if stale else "updating"

        def progress(phase: str, done: int, total: int | None) -> None:
            told = count(phase, done, total)
            busy = f"{doing}: {phase}" + (f" ({told})" if told else "")
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._busy, busy)

        try:
            account = load_account(home, slug, stale=stale, progress=progress)
        except NoData as exc:
            self.post_message(LoadFailed(str(exc), no_data=True))
            return
        except UserError as exc:
            self.post_message(LoadFailed(str(exc), no_data=False))
            return
        except Exception as exc:  # a fault or a broken snapshot: a message, not a crash
            said = described(exc, home.account_data(slug), doing="read")
            self.post_message(LoadFailed(said, no_data=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(Loaded(account))

    def _busy(self, busy: str) -> None:
        """The header says what the load is doing now (the phases of ``reports.progress``)."""
        header = self.query_one(IpiHeader)
        header.show(replace(header.state, busy=busy))

    def on_loaded(self, message: Loaded) -> None:
        from ipitui.store.scored import is_read  # polars: loaded by now

        account = self.account = message.account
        self.decisions = account.decisions
        self.pending = {}
        self.query_one("#problem").display = False
        fmt = account_format(account.settings)
        for pane in self.query(ListPane):
            pane.money_format = fmt
        self._show_card()  # the header and the Overview first; each list when it is ready
        # a list stored on disk is read when first shown (in a thread; the pane says
        # "Loading..." meanwhile): the open one now, and those shown before this load
        asked, self._lists_asked = self._lists_asked | {self.active}, set()
        for spec in sorted(LISTS, key=lambda spec: spec.id != self.active):
            if is_read(account.card.lists, spec.id) or spec.id in asked:
                self._show_list(spec.id)
            else:
                self.query_one(f"#{spec.id}", ListPane).show_message("Loading...")
        data, account.data = account.data, None  # the Overview's worker keeps what it needs
        if data is not None and account.skus <= HISTORY_AUTO_SKUS:
            self.query_one(Overview).load_history(data, account.settings)
        elif data is not None:
            self.notify(
                f"The IPI history is not computed at start for {account.skus:,} SKUs (it "
                "scores every stored report and takes minutes): ctrl+p, 'Compute the IPI "
                "history'.",
                markup=False,
                timeout=10,
            )
        self._open_journal(account.prepared)
        # the per-SKU tables beside the open list: its reasons in words read them
        self._warm(account)
        if account.updating:  # the stored numbers are of other data: score them again
            self._load(self.home, self.slug, stale=False)

    def _show_list(self, list_id: str) -> None:
        """Show the list ``list_id`` of the account loaded: at once when it is in memory,
        else once a thread has read it from disk (each list is asked for once a load)."""
        from ipitui.store.scored import is_read

        account = self.account
        if account is None or list_id in self._lists_asked or list_id not in account.card.lists:
            return
        self._lists_asked.add(list_id)
        if is_read(account.card.lists, list_id):
            self._list_read(account, list_id)
        else:
            self.run_worker(
                functools.partial(self._read_list, account, list_id),
                thread=True,
                group=f"list-{list_id}",
                exit_on_error=False,
            )

    def _read_list(self, account: Any, list_id: str) -> None:
        try:
            account.card.lists[list_id]  # read from disk, on this thread
        except Exception as exc:  # a stored file gone bad: said in the pane, never a crash
            said = clean(described(exc, self.home.account_data(self.slug), doing="read"))
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._list_failed, account, list_id, said)
            return
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._list_read, account, list_id)

    def _list_read(self, account: Any, list_id: str) -> None:
        current = self.account
        if current is None or account is not current:  # loaded again: that load shows it
            return
        card = current.card
        self.query_one(f"#{list_id}", ListPane).show_rows(
            card.lists.get(list_id),
            list_total(card, list_id),
            functools.partial(card.explained, list_id),
        )

    def _warm(self, account: Any) -> None:
        """Read the per-SKU tables a stored build leaves on disk (``Prepared.DEFERRED``)
        in a thread, so that the first decision does not wait for them (a decision made
        meanwhile waits for the same read); once a load."""
        from ipitui.core.prepared import DEFERRED

        prepared = account.prepared
        if not any(prepared.is_deferred(name) for name in DEFERRED):
            return

        def read() -> None:
            for name in DEFERRED:
                with contextlib.suppress(Exception):  # said by whatever needs it, if it fails
                    getattr(prepared, name)

        self.run_worker(read, thread=True, group="warm", exclusive=True, exit_on_error=False)

    def _list_failed(self, account: Any, list_id: str, said: str) -> None:
        if account is self.account:
            self._lists_asked.discard(list_id)  # asked again when shown again
            self.query_one(f"#{list_id}", ListPane).show_message(
                f"The list could not be read: {said}. Open it again to try again."
            )

    def compute_history(self) -> None:
        """The Overview's IPI history on request (large catalogs skip it at start)."""
        if self.account is not None:
            self.notify("Computing the IPI history in the background...", markup=False)
            self._history_on_request(self.account.settings)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _history_on_request(self, settings: Any) -> None:
        from ipitui.store.snapshots import load_account_data

        try:
            data = load_account_data(self.home, self.slug)
        except Exception as exc:  # the chart stays empty; everything else works
            self.app.call_from_thread(
                self.notify,
                clean(f"IPI history: {described(exc, self.home.account_data(self.slug))}"),
                severity="warning",
                markup=False,
            )
            return
        if data is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one(Overview).load_history, data, settings)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.account = None
        problem = self.query_one("#problem", Static)
        text = Text("No data to show\n" if message.no_data else "The account could not be loaded\n")
        text.stylize("bold")
        text.append_text(literal(message.error))
        problem.update(text)
        problem.display = True
        for pane in self.query(ListPane):
            pane.show_message(clean(message.error))
        self.query_one(IpiHeader).show(HeaderState(account=self.account_name))

    def _show_card(self) -> None:
        account = self.account
        if account is None:
            return
        card = account.card
        self.query_one(IpiHeader).show(
            HeaderState(
                account=account.name,
                estimate_now=card.estimate_now.score,
                estimate_after=card.estimate_after.score,
                decisions=len(self.decisions),
                report_date=account.snapshot_date,
                today=self.today,
                busy="updating" if self.pending or account.updating else "",
                uncertainty=card.mapping.uncertainty,
            )
        )
        counts: dict[str, int | None] = {s.id: list_count(card, s.id) for s in LISTS}
        counts[DECISIONS.id] = len(self.decisions)
        self.query_one(PaneTabs).show(counts=counts)
        self.query_one(f"#{DECISIONS.id}", ListPane).show_rows(
            card.effects, decision_totals(card.effects)
        )
        for pane in self.query(ListPane):
            pane.set_marks(self.marks)
        self.query_one(Overview).update_card(
            card,
            account.readings,
            account.warnings,
            account.snapshot_date,
            self.today,
            money_format=account_format(account.settings),
        )

    # ----------------------------------------------------------------- panes

    def action_pane(self, pane_id: str) -> None:
        self.show_pane(pane_id)

    def show_pane(self, pane_id: str) -> None:
        if pane_id not in PANES:
            return
        self.active = pane_id
        self.query_one(ContentSwitcher).current = pane_id
        self.query_one(PaneTabs).show(pane_id)
        pane = self.list_pane()
        if pane is not None:
            self._show_list(pane_id)
            pane.table.focus()
        else:
            self.query_one(Overview).focus()

    def action_next_pane(self) -> None:
        self.show_pane(PANES[(PANES.index(self.active) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.show_pane(PANES[(PANES.index(self.active) - 1) % len(PANES)])

    def on_pane_tabs_clicked(self, message: PaneTabs.Clicked) -> None:
        self.show_pane(message.pane)

    def go_to_sku(self, sku: str, pane_id: str | None = None) -> None:
        """Open ``pane_id`` (default: the list open, else Excess) with the cursor on ``sku``."""
        pane = self.list_pane(pane_id) or self.query_one(f"#{LISTS[0].id}", ListPane)
        self.show_pane(pane.id or LISTS[0].id)
        pane.table.go_to_key(sku)

    def list_tables(self) -> list[tuple[str, FrameTable, Mapping[str, Any] | None]]:
        """(pane id, table, the account's lists) of every list, the one open first (a list
        not shown yet is searched in the account's lists)."""
        order = [p for p in (self.active, *PANES) if p != "overview"]
        lists = None if self.account is None else self.account.card.lists
        return [(p, self.query_one(f"#{p}", ListPane).table, lists) for p in dict.fromkeys(order)]

    # ----------------------------------------------------------------- triage

    def on_list_pane_mark_requested(self, message: ListPane.MarkRequested) -> None:
        skus, action, table = message.skus, message.action, message.pane.table
        if self.account is None or self.writer is None:
            self.notify("Nothing loaded yet.", markup=False)
            return
        if not skus:
            self.app.bell()
            return
        if action is None:
            clear = Clear(tuple(skus))
            if len(skus) == 1:
                self._decide(clear, table)
            else:
                question = f"Clear the decisions of {len(skus):,} SKUs?"
                self._confirm(question, lambda: self._decide(clear, table))
        elif any(f != "note" for f in ACTION_FIELDS[action]):
            self._form_defaults(action, skus, table)  # the form opens when they are ready
        elif len(skus) > 1:
            record = Record(tuple(Decision(s, action) for s in skus))
            question = f"Mark {len(skus):,} SKUs: {action.value}?"
            self._confirm(question, lambda: self._decide(record, table))
        else:
            self._decide(Record((Decision(skus[0], action),)), table)

    def _decide(self, op: Record | Clear, table: FrameTable) -> None:
        self.submit(op)
        table.clear_selection()

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _form_defaults(self, action: Action, skus: list[str], table: FrameTable) -> None:
        """The form's defaults read the SKU's rows (a scan): never on the event loop."""
        try:
            defaults = self._defaults(action, skus)
        except Exception as exc:  # a default that cannot be computed: the form opens blank
            defaults = {"count": len(skus), "today": self.today}
            self.app.call_from_thread(
                self.notify, clean(f"no default values: {exc}"), severity="warning", markup=False
            )
        if not get_current_worker().is_cancelled:
            self.post_message(FormReady(action, skus, table, defaults))

    def on_form_ready(self, message: FormReady) -> None:
        if self.app.screen is not self:  # something else opened meanwhile
            return
        action, skus, table = message.action, message.skus, message.table

        def chosen(params: dict[str, Any]) -> None:
            self._decide(Record(tuple(decision_from(s, action, params) for s in skus)), table)

        form = MarkForm(action, message.defaults, decide=chosen)

        # Installed, the form is not taken apart as it closes: Textual lays the whole screen
        # out again when a dialog's widgets go, and that work would run beside the mark's
        # what-if. It is taken apart a moment later.
        def form_gone() -> None:
            self.app.uninstall_screen(form)
            form.remove()

        self.app.install_screen(form, f"mark-form-{id(form)}")

        def closed(_: object) -> None:
            self.app.set_timer(FORM_REMOVAL_S, form_gone)

        self.app.push_screen(form, closed)

    def _confirm(self, question: str, then) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(question), answered)

    def _defaults(self, action: Action, skus: list[str]) -> dict[str, Any]:
        """What the decision form opens with: the SKU's own numbers when there is one."""
        from ipitui.core.defaults import form_defaults

        account = self.account
        assert account is not None
        return form_defaults(account.prepared, action, skus, self.today, self.decisions)

    def action_undo(self) -> None:
        self.submit(Undo())

    def action_redo(self) -> None:
        self.submit(Redo())

    # ----------------------------------------------------------------- screens

    def on_list_pane_detail_requested(self, message: ListPane.DetailRequested) -> None:
        if self.account is None:
            return
        effects = self.account.card.effects
        self._detail(self.account.prepared, message.sku, effects)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _detail(self, prepared: Any, sku: str, effects: Any) -> None:
        from ipitui.core import sku_detail

        try:
            detail = sku_detail(prepared, sku)
        except Exception as exc:
            self.post_message(DetailReady({"error": f"{type(exc).__name__}: {exc}"}, None))
            return
        effect = None
        if effects is not None and "sku" in effects.columns:
            rows = effects.filter(effects["sku"] == sku)
            effect = rows.row(0, named=True) if rows.height else None
        self.post_message(DetailReady(detail, effect))

    def on_detail_ready(self, message: DetailReady) -> None:
        from ipitui.tui.screens.detail import DetailScreen

        if "error" in message.detail and len(message.detail) == 1:
            self.notify(clean(message.detail["error"]), severity="error", markup=False)
            return
        if self.app.screen is self:  # not over a form or a dialog opened meanwhile
            fmt = account_format(self.account.settings) if self.account else None
            self.app.push_screen(DetailScreen(message.detail, message.effect, fmt))

    def action_help(self) -> None:
        from ipitui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.live_keys()))  # type: ignore[attr-defined]

    def action_plan(self) -> None:
        """Ask for a target, show the plan (worked out in its screen's thread); the rows
        accepted are recorded as one batch (one undo step)."""
        from ipitui.tui.screens.plan_screen import PlanScreen, PlanTarget, candidates_ahead

        account = self.account
        if account is None:
            self.notify("Still loading: try again in a moment.", markup=False)
            return
        decided = {s: d for s, d in self.marks.items() if d is not None}
        ready = candidates_ahead(account.prepared, decided)  # while the target is typed

        def accepted(chosen: tuple[Decision, ...] | None) -> None:
            if chosen:
                self.submit(Record(chosen))

        def asked(answer: tuple[int, float | None] | None) -> None:
            if answer is not None:
                fmt = account_format(account.settings)
                target, budget = answer
                screen = PlanScreen(account.prepared, decided, target, budget, fmt, ready)
                self.app.push_screen(screen, accepted)

        self.app.push_screen(PlanTarget(account.card.estimate_after.score), asked)

    def action_export(self) -> None:
        from ipitui.tui.screens.export_screen import ExportScreen

        if self.account is None:
            self.notify("Nothing to export: no data loaded.", markup=False)
            return
        self.app.push_screen(
            ExportScreen(self.home, self.slug, self.account.card, dict(self.decisions))
        )

    def action_import_files(self) -> None:
        from ipitui.tui.screens.import_screen import ImportScreen

        def imported(summaries: list[Any] | None) -> None:
            if summaries:
                self.load()

        self.app.push_screen(ImportScreen(self.home, self.slug), imported)

    def action_accounts(self) -> None:
        self.app.action_accounts()  # type: ignore[attr-defined]


def find_skus(
    tables: list[tuple[str, FrameTable, Mapping[str, Any] | None]], text: str, limit: int
) -> list[tuple[str, str]]:
    """(SKU, pane id) of up to ``limit`` SKUs containing ``text``, list by list (``list_tables``).
    Reads whole lists (from disk, a list not read yet): call it from a thread."""
    found: dict[str, str] = {}
    for pane_id, table, lists in tables:
        if table.state.keys is None and lists is not None and pane_id in lists:
            from ipitui.tui.widgets.table_rows import keys_like

            skus = keys_like(lists[pane_id].get_column("sku"), text, limit)  # not shown yet
        else:
            skus = table.keys_like(text, limit)
        for sku in skus:
            found.setdefault(sku, pane_id)
        if len(found) >= limit:
            break
    return list(found.items())[:limit]
