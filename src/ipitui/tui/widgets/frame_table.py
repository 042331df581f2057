"""A virtual table over a polars frame: only the rows on screen are ever formatted.

``FrameTable`` is a Line-API ``ScrollView``: its virtual height is the row count plus the
fixed header line, and ``render_line`` formats one row from a small cached window of the
frame. The frame itself is never copied: a filter and a sort produce an *order* (the row
indexes shown, in the order shown, as a ``UInt32`` series) computed with polars in a thread
worker that posts it back. Measuring columns and selecting many rows run in workers too, so
no keypress ever touches the whole frame. The first column shows ``*`` for a selected row
and the decision letter (R, D, L, P, S, F, X, Z), never colour alone. The cursor keeps its
key (the SKU) across sort, filter and new data whenever that key is still shown.
What it shows is kept in ``table_state``, drawn by ``table_render``, and computed by
``table_work`` (in threads) with ``table_rows`` (polars).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from ipitui.core.decisions import Decision
from ipitui.format import MoneyFormat
from ipitui.tui import keymap
from ipitui.tui.text import clean
from ipitui.tui.widgets import table_work
from ipitui.tui.widgets.columns import Column
from ipitui.tui.widgets.table_render import (
    COMPONENT_CLASSES,
    DEFAULT_CSS,
    Painter,
)
from ipitui.tui.widgets.table_state import Explain, FilterParser, Shared, TableState

if TYPE_CHECKING:
    import polars as pl

INLINE_SELECT_LIMIT = 20_000  # larger ranges are gathered in a worker

log = logging.getLogger(__name__)


class FrameTable(ScrollView, can_focus=True):
    """Rows of a polars frame, a row cursor, a column cursor and a selection of keys."""

    BINDINGS = keymap.bindings(keymap.TABLE)

    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = DEFAULT_CSS

    class ViewChanged(Message):
        """Rows shown, selection, sort, filter or busy state changed (for the status line)."""

        def __init__(self, table: FrameTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FrameTable:
            return self.table

    class FilterFailed(Message):
        """A filter or a search could not be used; the rows shown did not change."""

        def __init__(self, table: FrameTable, error: str) -> None:
            super().__init__()
            self.table = table
            self.error = error

        @property
        def control(self) -> FrameTable:
            return self.table

    def __init__(
        self,
        *,
        key: str = "sku",
        hidden: Sequence[str] = (),
        priority: Sequence[str] = (),
        empty_message: str = "No rows.",
        filter_parser: FilterParser | None = None,
        money: MoneyFormat | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.state = TableState(
            key=key, hidden=hidden, priority=priority, parse=filter_parser, money=money
        )
        self.empty_message = empty_message
        self._styles: dict[str, Style] = {}
        self._painter = Painter(self.state, self._style)

    # ----------------------------------------------------------------- public state

    # kept in the state (``TableState``), read (and some written) by the panes
    key = Shared[str]("the key column (the SKU): what the cursor, selection and marks name")
    hidden = Shared[tuple[str, ...]]("columns never shown")
    total = Shared[int]("rows in the list before the filter", writable=False)
    shown = Shared[int]("rows shown (after the filter)", writable=False)
    ready = Shared[bool]("rows are shown (not loading, not a message)", writable=False)
    busy = Shared[str]('what the table is computing ("sorting", "filtering" ...), or ""')
    current_column = Shared["Column | None"]("the cursor's column", writable=False)
    cursor_row = Shared[int]("the cursor's row, as shown")
    cursor_col = Shared[int]("the cursor's column")
    selection = Shared[set[str]]("the keys selected")
    sort_state = Shared["tuple[str, bool] | None"]("the column sorted by, and whether descending")
    filter_text = Shared[str]("the filter applied")
    match_text = Shared[str]("the last filter, kept for n / N after the filter is cleared")
    marks = Shared["Mapping[str, Decision]"]("the decisions, shown as letters")

    priority = Shared[tuple[str, ...]]("the columns drawn first when not all fit, in order")

    @property
    def columns(self) -> list[Column]:
        return list(self.state.columns)

    @property
    def visible_columns(self) -> list[Column]:
        """The columns drawn now, left to right, each at the width it is drawn."""
        return [col for _, col in self._painter.visible(self.scrollable_content_region.width)]

    @property
    def money_format(self) -> MoneyFormat:
        return self.state.money

    cursor_key = Shared["str | None"]("the key of the cursor's row", writable=False)

    def cursor_values(self) -> dict[str, object]:
        """Every column of the cursor row (one row: cheap)."""
        return self.state.cursor_values()

    def targets(self) -> list[str]:
        """What an action applies to: the selected keys, else the cursor row's key."""
        return self.state.targets()

    def keys_like(self, text: str, limit: int) -> list[str]:
        """Up to ``limit`` keys of the list containing ``text`` (any case), exact match
        first. Reads the whole list: call it from a thread, never on a keypress."""
        return self.state.keys_like(text, limit)

    # ----------------------------------------------------------------- data in

    def load(
        self, source: pl.DataFrame | None, *, message: str = "", explain: Explain | None = None
    ) -> None:
        """Show ``source`` (``None``: show ``message`` instead, e.g. while loading), its rows
        on screen as ``explain`` gives them when given.

        Filter and sort are kept when their columns still exist; widths are re-measured;
        the cursor stays on its key when that key is still shown. The rows shown before stay
        until the new ones are ready, so a refresh never flashes an empty table."""
        if self.state.load(source, message, explain):
            self._recompute("loading")
        else:
            self._set_view(None, None, None, [])

    def set_money_format(self, fmt: MoneyFormat) -> None:
        """Write the money columns in ``fmt`` (the account's currency): the rows on screen are
        written again, and the widths measured again for the rows shown."""
        if fmt == self.state.money:
            return
        if self.state.set_money(fmt):
            self._recompute("")
        self.refresh()

    def show_message(self, message: str) -> None:
        """Replace the rows by a message (an error, "no data yet" ...)."""
        self.load(None, message=message)

    def set_marks(self, marks: Mapping[str, Decision | None]) -> None:
        """The current decisions (shown as letters): only the visible rows are redrawn."""
        self.state.marks = marks
        self.refresh()

    def apply_filter(self, text: str) -> bool:
        """Filter the rows by ``text`` (``core.parse_filter``). On a bad filter the rows shown
        stay as they are, a ``FilterFailed`` is posted and False is returned."""
        text = text.strip()
        if not text:
            self.clear_filter()
            return True
        if self.state.filter_applied(text):
            return True  # already applied (the typing pause): enter only closes the bar
        try:
            source = self.state.latest
            expr = self.state.parse(text, None if source is None else source.columns)
        except ValueError as exc:
            self.post_message(self.FilterFailed(self, clean(exc)))
            return False
        self.state.set_filter(text, expr)
        self._recompute("filtering")
        return True

    def clear_filter(self) -> None:
        if self.state.clear_filter():
            self._recompute("filtering")

    def sort_by(self, column: str, descending: bool) -> None:
        label = self.state.unsortable(column)
        if label is not None:
            self.post_message(
                self.FilterFailed(
                    self, f"{label} cannot be sorted: it is worked out for the rows on screen only"
                )
            )
            return
        self.state.sort_state = (column, descending)
        self._recompute("sorting")

    def go_to_key(self, key: str) -> None:
        """Move the cursor to ``key`` if it is shown (found in a worker)."""
        state = self.state
        if state.ready and state.keys is not None:
            args = (self.post_message, state.generation, state.keys, state.order, key)
            self._run(table_work.find_key, "keys", *args)

    # ----------------------------------------------------------------- workers

    def _recompute(self, busy: str) -> None:
        request = self.state.request()
        if request is None:
            return
        self._run(table_work.compute, "view", self.post_message, self._failed, request)
        self._set_busy(busy)

    def _rank_texts_soon(self) -> None:
        """While the seller looks at this list, compute its search text (so that a filter
        matches each row once, not each text column) and rank its text columns (so that
        sorting by one is as quick as sorting by a number)."""
        if not self.has_focus:
            return
        names = self.state.texts_to_rank()
        if names:
            assert self.state.source is not None
            self._run(table_work.rank_texts, "ranks", self.post_message, self.state.source, names)

    def on_frame_table_ranks_ready(self, message: table_work.RanksReady) -> None:
        self.state.ranks_ready(message.source, message.ranks)

    def on_focus(self) -> None:
        self._rank_texts_soon()

    def _run(self, work: Callable[..., None], group: str, *args: object) -> None:
        """Run ``work(*args)`` in a thread, cancelling the group's work before."""
        self.run_worker(
            functools.partial(work, *args),
            name=f"_{work.__name__}",
            group=group,
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _failed(self, error: str) -> FrameTable.FilterFailed:
        return self.FilterFailed(self, error)

    def on_frame_table_view_ready(self, message: table_work.ViewReady) -> None:
        result = message.result
        if self.state.view_ready(result):
            self._set_view(result.source, result.order, result.cursor, result.columns)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of the table that failed (a bug: the errors of the data are caught and
        said) is logged with its traceback; the table stops saying it is busy, and says
        so when it had no rows to keep showing."""
        worker = event.worker
        if event.state != WorkerState.ERROR or worker.node is not self:
            return
        error = worker.error
        log.error("table worker %r failed", worker.name, exc_info=error)
        if worker.is_cancelled:
            return
        if worker.group == "view":
            self.state.view_failed(error)
        self._set_busy("")
        self.refresh()

    def on_frame_table_rows_gathered(self, message: table_work.RowsGathered) -> None:
        if self.state.is_current(message.generation):
            self.state.select(message.keys)
            self.refresh()
            self._set_busy("")

    def on_frame_table_key_found(self, message: table_work.KeyFound) -> None:
        if self.state.is_current(message.generation):
            if message.position is not None:
                self._move_cursor(message.position, center=True)
            self._set_busy("")

    def on_frame_table_matches_found(self, message: table_work.MatchesFound) -> None:
        if self.state.is_current(message.generation):
            self.state.matches = message.matches
            self._jump_to_match(message.forward)
            self._set_busy("")

    def on_frame_table_work_failed(self, message: table_work.WorkFailed) -> None:
        if self.state.is_current(message.generation):
            self._set_busy("")

    def _set_view(
        self,
        source: pl.DataFrame | None,
        order: pl.Series | None,
        cursor: int | None,
        columns: list[Column] | None,
    ) -> None:
        state = self.state
        state.set_view(source, order, columns)
        if columns is not None:
            self._painter.forget_columns()
        self.virtual_size = Size(0, state.shown + 1)
        if cursor is None:
            cursor = min(state.cursor_row, max(0, state.shown - 1))
        state.cursor_row = -1  # nothing to un-draw
        self._move_cursor(cursor, center=True)
        state.busy = ""
        self.refresh()
        self.post_message(self.ViewChanged(self))
        self._rank_texts_soon()

    def _set_busy(self, what: str) -> None:
        self.state.busy = what
        self.post_message(self.ViewChanged(self))

    # ----------------------------------------------------------------- cursor

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_cursor(self, row: int, *, center: bool = False) -> None:
        state = self.state
        height = state.shown
        row = state.clamp(row)
        old = state.cursor_row
        state.cursor_row = row
        top = round(self.scroll_offset.y)
        page = self._page
        if row < top or row >= top + page:
            target = row - page // 2 if center else (row if row < top else row - page + 1)
            self.scroll_to(y=max(0, target), animate=False, immediate=True)
            self.refresh()
        else:
            if 0 <= old < height:
                self.refresh_line(old + 1)
            self.refresh_line(row + 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self._move_cursor(self.cursor_row - 1)

    def action_cursor_top(self) -> None:
        self._move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self._move_cursor(self.shown - 1)

    def action_half_page(self, direction: int) -> None:
        self._move_cursor(self.cursor_row + direction * max(1, self._page // 2))

    def action_page(self, direction: int) -> None:
        self._move_cursor(self.cursor_row + direction * self._page)

    def action_column(self, delta: int) -> None:
        state = self.state
        if not state.columns:
            return
        state.cursor_col = max(0, min(state.cursor_col + delta, len(state.columns) - 1))
        self.refresh()
        self.post_message(self.ViewChanged(self))

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1 and self.shown:
            self._move_cursor(round(self.scroll_offset.y) + event.y - 1)

    # ----------------------------------------------------------------- selection

    def action_toggle_select(self) -> None:
        if not self.state.toggle_selected():
            return
        self.refresh_line(self.cursor_row + 1)
        self._move_cursor(self.cursor_row + 1)
        self.post_message(self.ViewChanged(self))

    def action_extend_select(self) -> None:
        """Select every row from the anchor (the last row toggled) to the cursor."""
        if not self.shown:
            return
        self._select_range(*self.state.extend_range())

    def action_select_all(self) -> None:
        """Select every row shown (after the filter)."""
        self._select_range(0, self.shown)

    def _select_range(self, start: int, stop: int) -> None:
        state = self.state
        if not state.can_select():
            return
        if stop - start <= INLINE_SELECT_LIMIT:
            state.select(state.shown_keys(start, stop))
            self.refresh()
            self.post_message(self.ViewChanged(self))
        else:
            self._set_busy("selecting")
            assert state.keys is not None
            args = (self.post_message, state.generation, state.keys, state.order, start, stop)
            self._run(table_work.gather, "keys", *args)

    def clear_selection(self) -> None:
        self.state.clear_selection()
        self.refresh()
        self.post_message(self.ViewChanged(self))

    def action_clear(self) -> None:
        """esc: clear the selection; with none, clear the filter; else let esc go on."""
        if self.selection:
            self.clear_selection()
        elif self.filter_text:
            self.clear_filter()
        else:
            raise SkipAction()

    # ----------------------------------------------------------------- sort, matches

    def action_sort(self, descending: bool) -> None:
        column = self.current_column
        if column is not None:
            self.sort_by(column.name, descending)

    def action_next_match(self) -> None:
        self._match(forward=True)

    def action_previous_match(self) -> None:
        self._match(forward=False)

    def _match(self, *, forward: bool) -> None:
        state = self.state
        if not state.can_match():
            self.post_message(self.FilterFailed(self, "no filter yet: press / to type one"))
            return
        if state.matches is not None:
            self._jump_to_match(forward)
        else:
            self._set_busy("searching")
            assert state.source is not None and state.match_expr is not None
            args = (state.generation, state.source, state.order, state.match_expr, forward)
            self._run(table_work.find_matches, "keys", self.post_message, self._failed, *args)

    def _jump_to_match(self, forward: bool) -> None:
        target = self.state.match_target(forward)
        if target is None:
            self.post_message(self.FilterFailed(self, f"no row matches {self.match_text!r}"))
            return
        self._move_cursor(target, center=True)

    # ----------------------------------------------------------------- drawing

    def on_resize(self) -> None:
        self.state.window = None
        self._move_cursor(self.cursor_row)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """A component class's style (``""``: the widget's own), kept until the styles
        change."""
        style = self._styles.get(name)
        if style is None:
            own = name == ""
            style = self.rich_style if own else self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        return self._painter.line(
            y,
            round(self.scroll_offset.y),
            self.scrollable_content_region.width,
            self.size.height,
            self.empty_message,
        )
