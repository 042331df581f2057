"""A list pane: a status line (counts, totals, "showing X of Y"), the table and a filter bar.

The pane turns decision keys into requests for the screen (``MarkRequested``, with the SKUs
they apply to: the selection, else the cursor row) and opens the filter bar on ``/``. The
filter applies as it is typed (after a short pause) and on enter; esc in the bar puts the
previous filter back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from ipitui.core.decisions import Action, Decision
from ipitui.format import MoneyFormat, money, money_format, plural
from ipitui.tui import keymap
from ipitui.tui.panes.lists import PaneSpec
from ipitui.tui.text import literal
from ipitui.tui.widgets.frame_table import Explain, FilterParser, FrameTable

if TYPE_CHECKING:
    import polars as pl

FILTER_PAUSE_S = 0.3


class FilterInput(Input):
    # Not in the footer: the bar says it itself, and the footer keeps its keys (no rebuild)
    # when the focus goes from the bar back to the table.
    BINDINGS = [Binding("escape", "cancel", "Cancel the filter", show=False, id="filter.cancel")]

    class Cancelled(Message):
        pass

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())


def totals_text(totals: Mapping[str, Any] | None, fmt: MoneyFormat) -> Text:
    """A list's totals in words: "1,234 SKUs  45,678 units", "2 decisions  saves per month"
    and the amount in ``fmt``, "cash" and the amount ..."""
    out = Text(end="")
    for name, value in (totals or {}).items():
        if value is None:
            continue
        if out:
            out.append("  ")
        if name in ("count", "decisions"):
            out.append(plural(value, "SKU" if name == "count" else "decision"), style="bold")
        elif name == "units":
            out.append(plural(value, "unit"))
        elif isinstance(value, float):
            out.append(f"{name.replace('_', ' ')} {money(value, fmt)}")
        elif isinstance(value, str):
            out.append(f"{name.replace('_', ' ')} {value}")
        else:
            out.append(f"{name.replace('_', ' ')} {value:,}")
    return out


class ListPane(Vertical):
    """One list (excess, stranded, aging, stock risk) or the decisions."""

    BINDINGS = keymap.bindings(keymap.PANE)

    DEFAULT_CSS = """
    ListPane { height: 1fr; }
    ListPane > .pane-status { height: 1; padding: 0 1; background: $boost; }
    ListPane > .filter-bar { height: 1; display: none; }
    ListPane.-filtering > .filter-bar { display: block; }
    ListPane > .filter-bar > Label { width: auto; padding: 0 1; text-style: bold; }
    ListPane > .filter-bar > FilterInput { width: 1fr; border: none; height: 1; padding: 0; }
    ListPane > .filter-bar > .filter-keys { text-style: dim; }
    ListPane > .filter-error { height: auto; max-height: 2; padding: 0 1; display: none; }
    ListPane.-filter-error > .filter-error { display: block; color: $text-error; }
    """

    class MarkRequested(Message):
        """Decide ``action`` (``None``: clear the decision) for ``skus``."""

        def __init__(self, pane: ListPane, action: Action | None, skus: list[str]) -> None:
            super().__init__()
            self.pane = pane
            self.action = action
            self.skus = skus

    class DetailRequested(Message):
        def __init__(self, pane: ListPane, sku: str) -> None:
            super().__init__()
            self.pane = pane
            self.sku = sku

    def __init__(
        self,
        spec: PaneSpec,
        *,
        filter_parser: FilterParser | None = None,
        hidden: tuple[str, ...] = (),
    ) -> None:
        super().__init__(id=spec.id)
        self.spec = spec
        self._parser = filter_parser
        self._hidden = hidden
        self._totals: Mapping[str, Any] | None = None
        self._money = money_format("US", "USD")  # the account's, once loaded
        self._before_filter = ""
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="pane-status")
        yield FrameTable(
            empty_message=self.spec.empty,
            filter_parser=self._parser,
            hidden=self._hidden,
            priority=self.spec.priority,
            money=self._money,
            id=f"{self.spec.id}-table",
        )
        with Horizontal(classes="filter-bar"):
            yield Label("/")
            yield FilterInput(
                placeholder="text in SKU, ASIN or title, or  dos>365  excess>100 ...",
                compact=True,
                select_on_focus=False,
            )
            yield Label("enter apply  esc cancel", classes="filter-keys")
        yield Label("", classes="filter-error", markup=False)

    @property
    def table(self) -> FrameTable:
        return self.query_one(FrameTable)

    @property
    def money_format(self) -> MoneyFormat:
        """How the pane writes money (its totals and its table's money columns)."""
        return self._money

    @money_format.setter
    def money_format(self, fmt: MoneyFormat) -> None:
        self._money = fmt
        if self.is_mounted:
            self.table.set_money_format(fmt)
            self.update_status()

    def on_mount(self) -> None:
        self.update_status()

    def on_resize(self) -> None:
        self.update_status()

    # ----------------------------------------------------------------- data in

    def show_rows(
        self,
        frame: pl.DataFrame | None,
        totals: Mapping[str, Any] | None,
        explain: Explain | None = None,
    ) -> None:
        self._totals = totals
        self.table.load(frame, explain=explain)
        self.update_status()

    def show_message(self, message: str) -> None:
        self._totals = None
        self.table.show_message(message)
        self.update_status()

    def set_marks(self, marks: Mapping[str, Decision | None]) -> None:
        self.table.set_marks(marks)

    # ----------------------------------------------------------------- status

    def status_text(self) -> Text:
        table = self.table
        out = Text(self.spec.title, style="bold", end="")
        totals = totals_text(self._totals, self.money_format)
        if totals:
            out.append("  ")
            out.append_text(totals)
        if table.ready:
            out.append(f"  showing {table.shown:,} of {table.total:,}")
        if table.selection:
            out.append(f"  {len(table.selection):,} selected", style="bold")
        if table.sort_state:
            column = next((c for c in table.columns if c.name == table.sort_state[0]), None)
            label = column.label if column else table.sort_state[0]
            out.append(f"  by {label} {'▼' if table.sort_state[1] else '▲'}")
        if table.filter_text:
            out.append("  /")
            out.append_text(literal(table.filter_text, style="bold"))
        if table.busy:
            out.append(f"  {table.busy}...", style="italic")
        room = (self.size.width or 80) - 2 - out.cell_len - len(self.spec.hint) - 2
        if table.ready and room >= 0:
            out.append(" " * (room + 2))
            out.append(self.spec.hint, style="dim")
        return out

    def update_status(self) -> None:
        # One line whatever it says: no layout pass (which would repaint the whole screen)
        self.query_one(".pane-status", Static).update(self.status_text(), layout=False)

    def on_frame_table_view_changed(self, event: FrameTable.ViewChanged) -> None:
        event.stop()
        self.update_status()

    def on_frame_table_filter_failed(self, event: FrameTable.FilterFailed) -> None:
        event.stop()
        self.show_error(event.error)

    def show_error(self, error: str) -> None:
        self.query_one(".filter-error", Label).update(literal(error))
        self.add_class("-filter-error")

    def clear_error(self) -> None:
        self.remove_class("-filter-error")

    # ----------------------------------------------------------------- filter bar

    def action_filter(self) -> None:
        bar = self.query_one(FilterInput)
        self._before_filter = self.table.filter_text
        bar.value = self.table.filter_text
        bar.cursor_position = len(bar.value)
        self.add_class("-filtering")
        bar.focus()

    def _close_filter(self) -> None:
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        self.remove_class("-filtering")
        self.table.focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(FILTER_PAUSE_S, self._apply_typed)

    def _apply_typed(self) -> None:
        self._typing = None
        self.clear_error()
        self.table.apply_filter(self.query_one(FilterInput).value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.clear_error()
        if self.table.apply_filter(event.value):
            self._close_filter()

    @on(FilterInput.Cancelled)
    def _cancelled(self, event: FilterInput.Cancelled) -> None:
        event.stop()
        self.clear_error()
        self._close_filter()
        if self.table.filter_text != self._before_filter:
            self.table.apply_filter(self._before_filter)

    # ----------------------------------------------------------------- decisions

    def action_mark(self, action: str) -> None:
        self.clear_error()
        self.post_message(self.MarkRequested(self, Action(action), self.table.targets()))

    def action_clear_marks(self) -> None:
        self.clear_error()
        self.post_message(self.MarkRequested(self, None, self.table.targets()))

    def action_detail(self) -> None:
        sku = self.table.cursor_key
        if sku is not None:
            self.post_message(self.DetailRequested(self, sku))
