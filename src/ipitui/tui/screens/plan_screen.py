"""Plan to reach a target IPI: ask for the target (and a budget), then show the plan.

``PlanTarget`` asks; ``PlanScreen`` works the plan out in a thread (``core.plan.make_plan``:
the screen stays responsive and says so meanwhile) and shows its summary, its cost curve and
its rows (SKU, action, points, cost, why). The rows are proposals: the screen dismisses with
the decisions the seller accepts (all, or the selected rows) or with ``None``; the caller
records them as one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Footer, Input, Label, Static

from ipitui.format import MoneyFormat, money, plain_money, plural
from ipitui.tui.screens.dialog import Dialog
from ipitui.tui.widgets.charts import ChartStyles, cost_curve_chart

if TYPE_CHECKING:  # the scoring core is loaded with the account
    import polars as pl

    from ipitui.core.decisions import Decision
    from ipitui.core.plan import Candidates, Plan
    from ipitui.core.prepared import Prepared

SHOWN_ROWS = 1_000  # the plan's rows in the table (accepting all takes every one)
SELECTED = "*"


def candidates_ahead(prepared: Prepared, decisions: Mapping[str, Decision]) -> Future[Candidates]:
    """Start working out the plan's candidates (the part the same for every target) in a
    thread of its own, while the seller types the target."""
    future: Future[Candidates] = Future()
    decided = dict(decisions)

    def run() -> None:
        from ipitui.core.plan import candidates

        try:
            future.set_result(candidates(prepared, decided))
        except Exception as exc:  # told when the plan is asked for
            future.set_exception(exc)

    threading.Thread(target=run, name="plan-candidates", daemon=True).start()
    return future


def parse_target(target: str, budget: str) -> tuple[int, float | None]:
    """The target and budget as typed, or ``ValueError`` saying what is expected."""
    text = target.strip()
    if not text.isdigit() or not 0 <= int(text) <= 1000:
        raise ValueError("target: a whole number from 0 to 1000")
    spend = budget.strip().replace(",", "")
    if not spend:
        return int(text), None
    try:
        amount = float(spend)
    except ValueError:
        raise ValueError("budget: an amount of 0 or more, or empty for none") from None
    if not 0 <= amount < float("inf"):
        raise ValueError("budget: an amount of 0 or more, or empty for none")
    return int(text), amount


class PlanTarget(Dialog[tuple[int, float | None] | None]):
    """Ask for the target estimate and an optional budget; enter plans, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="plan-target.cancel")]

    def __init__(self, now: int | None) -> None:
        super().__init__()
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Plan to reach IPI ..."
            now = "unknown" if self.now is None else str(self.now)
            yield Static(
                f"The estimate with your decisions is {now}. The plan proposes the "
                "decisions that reach the target at the least cost; nothing is recorded "
                "until you accept it.",
                classes="hint",
                markup=False,
            )
            with Grid(id="plan-fields"):
                yield Label("Target IPI")
                start = "" if self.now is None else str(min(1000, self.now + 10))
                yield Input(start, id="target", placeholder="0 to 1000")
                yield Label("Budget")
                yield Input("", id="budget", placeholder="none")
            yield Static("", id="plan-problem", classes="problem", markup=False)
            yield Static("enter: plan   esc: cancel", classes="hint", markup=False)
        yield Footer()

    DEFAULT_CSS = """
    PlanTarget #plan-fields {
        grid-size: 2;
        grid-columns: 12 1fr;
        grid-rows: 3;
        height: auto;
    }
    PlanTarget #plan-fields Label {
        padding: 1 0;
    }
    """

    @on(Input.Submitted)
    def submitted(self) -> None:
        try:
            answer = parse_target(
                self.query_one("#target", Input).value, self.query_one("#budget", Input).value
            )
        except ValueError as exc:
            self.query_one("#plan-problem", Static).update(str(exc))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


def summary(plan: Plan, fmt: MoneyFormat) -> str:
    """The plan in a sentence: reached or how far it gets, decisions, cost."""
    now = "unknown" if plan.score_now is None else plan.score_now
    after = "unknown" if plan.score_after is None else plan.score_after
    n = plural(plan.size, "decision")
    budget = "" if plan.budget is None else f" within {money(plan.budget, fmt)}"
    if plan.reached:
        head = f"Target {plan.target} reached: {now} -> {after} with {n}"
    else:
        head = f"Target {plan.target} out of reach{budget}: best {now} -> {after} with {n}"
    return (
        f"{head}, net cost {money(plan.cost, fmt)} (spend minus storage saved over "
        f"{plan.horizon_months} months; {plan.candidates:,} candidates)."
    )


class PlanScreen(Dialog["tuple[Decision, ...] | None"]):
    """The plan for ``target``: summary, cost curve, rows; accept all (a), accept the
    selected rows (enter; the cursor row when none is selected), close (esc)."""

    BINDINGS = [
        Binding("a", "accept_all", "Accept all", id="plan.accept-all"),
        # before the table's own enter
        Binding("enter", "accept_selected", "Accept selected", id="plan.accept", priority=True),
        Binding("space", "select_row", "Select", id="plan.select"),
        Binding("escape", "close", "Close", id="plan.close"),
    ]

    DEFAULT_CSS = """
    PlanScreen #dialog {
        width: 100%;
        height: 100%;
    }
    PlanScreen #plan-rows {
        height: 1fr;
    }
    PlanScreen #plan-curve {
        height: auto;
    }
    """

    def __init__(
        self,
        prepared: Prepared,
        decisions: Mapping[str, Decision],
        target: int,
        budget: float | None,
        fmt: MoneyFormat,
        ready: Future[Candidates] | None = None,
    ) -> None:
        super().__init__()
        self.ready = ready
        self.prepared = prepared
        self.decided = dict(decisions)
        self.target = target
        self.budget = budget
        self.fmt = fmt
        self.plan: Plan | None = None
        self.selected: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = f"Plan to reach IPI {self.target}"
            yield Static("Working out the plan ...", id="plan-summary", markup=False)
            yield Static("", id="plan-curve", markup=False)
            yield DataTable(id="plan-rows", cursor_type="row", zebra_stripes=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(" ", key="mark", width=1)
        table.add_column("SKU", key="sku", width=18)
        table.add_column("Action", key="action", width=9)
        table.add_column("Points", key="points", width=6)
        table.add_column("Cost", key="cost", width=11)
        table.add_column("Why", key="why")
        table.focus()
        self._work(self.prepared, self.decided, self.target, self.budget, self.ready)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _work(
        self,
        prepared: Prepared,
        decisions: dict[str, Decision],
        target: int,
        budget: float | None,
        ready: Future[Candidates] | None,
    ) -> None:
        from ipitui.core.plan import make_plan

        try:
            early = None if ready is None else ready.result()
            made = make_plan(prepared, decisions, target, budget, early)
            # the curve (a point per decision) and the rows shown, worked out here too: the
            # screen only puts them up
            chart = self._chart(made)
            shown = made.explained(SHOWN_ROWS).select("sku", "action", "points", "cost", "why")
        except Exception as exc:  # a message on the screen, not a crash
            self.app.call_from_thread(self._show, f"No plan: {exc}", None, None)
            return
        self.app.call_from_thread(self._show, made, chart, shown)

    def _chart(self, plan: Plan) -> Text | None:
        if not plan.size or plan.raw_now is None:
            return None
        return cost_curve_chart(
            plan.rows.select("spent", "raw").rows(),
            plan.raw_now,
            self.target,
            lambda v: plain_money(v, self.fmt),
            width=max(24, self.size.width - 4),
            height=6,
            styles=ChartStyles(threshold="dim", axis="dim"),
        )

    def _show(
        self, plan: Plan | str, chart: Text | None = None, shown: pl.DataFrame | None = None
    ) -> None:
        said = self.query_one("#plan-summary", Static)
        if isinstance(plan, str) or shown is None:
            said.update(str(plan))
            return
        self.plan = plan
        said.update(summary(plan, self.fmt))
        if chart is not None:
            self.query_one("#plan-curve", Static).update(chart)
        table = self.query_one(DataTable)
        for sku, action, points, cost, why in shown.iter_rows():
            table.add_row(
                " ",
                Text(sku),
                action,
                Text(f"{points:+.1f}", justify="right"),
                Text(money(cost, self.fmt), justify="right"),
                Text(why),
                key=sku,
            )
        if plan.size > SHOWN_ROWS:
            more = plan.size - SHOWN_ROWS
            said.update(f"{summary(plan, self.fmt)} The first {SHOWN_ROWS:,} rows shown "
                        f"({more:,} more: a accepts them all).")  # fmt: skip

    def action_select_row(self) -> None:
        table = self.query_one(DataTable)
        if self.plan is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        sku = str(key.value)
        if sku in self.selected:
            self.selected.discard(sku)
        else:
            self.selected.add(sku)
        table.update_cell(key, "mark", SELECTED if sku in self.selected else " ")
        table.move_cursor(row=table.cursor_row + 1)

    def _accept(self, skus: set[str] | None) -> None:
        if self.plan is None:
            return
        chosen = tuple(d for d in self.plan.decisions if skus is None or d.sku in skus)
        self.dismiss(chosen or None)

    def action_accept_all(self) -> None:
        self._accept(None)

    def action_accept_selected(self) -> None:
        table = self.query_one(DataTable)
        if self.selected:
            self._accept(set(self.selected))
        elif table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._accept({str(key.value)})

    def action_close(self) -> None:
        self.dismiss(None)
