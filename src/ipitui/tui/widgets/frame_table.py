"""A virtual table over a polars frame: only the rows on screen are ever formatted.

``FrameTable`` is a Line-API ``ScrollView``: its virtual height is the row count plus the
fixed header line, and ``render_line`` formats one row from a small cached window of the
frame. The frame itself is never copied: a filter and a sort produce an *order* (the row
indexes shown, in the order shown, as a ``UInt32`` series) computed with polars in a thread
worker that posts it back. Measuring columns and selecting many rows run in workers too, so
no keypress ever touches the whole frame. The first column shows ``*`` for a selected row
and the decision letter (R, D, L, P, S, F, X, Z), never colour alone. The cursor keeps its
key (the SKU) across sort, filter and new data whenever that key is still shown.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker

from ipitui.core.decisions import Decision
from ipitui.format import MoneyFormat, money_format
from ipitui.tui import keymap
from ipitui.tui.text import clean
from ipitui.tui.widgets.columns import TEXT, Column, columns_for, fit, format_value, measure

if TYPE_CHECKING:
    import polars as pl

MARK_WIDTH = 2  # "*" when selected, then the decision letter
SEPARATOR = " "
INLINE_SELECT_LIMIT = 20_000  # larger ranges are gathered in a worker

log = logging.getLogger(__name__)

FilterParser = Callable[[str, Sequence[str] | None], "pl.Expr"]  # (text, the list's columns)
# Rows of the source as shown: a list may put some columns (a reason in words) together only
# for the rows on screen, and keep columns it shows none of.
Explain = Callable[["pl.DataFrame"], "pl.DataFrame"]


def _explained(rows: pl.DataFrame, explain: Explain | None) -> pl.DataFrame:
    """``rows`` as shown; as they are kept when the list's data cannot be read so (the cells
    it adds show "-": the table never fails on a list's data). That is logged; any other
    error is a bug, and raised."""
    if explain is None:
        return rows
    from ipitui.tui.widgets.table_rows import ROW_ERRORS

    try:
        return explain(rows)
    except ROW_ERRORS as exc:
        log.warning("rows shown without the columns put together for them: %s", exc, exc_info=True)
        return rows


def _default_parser(text: str, columns: Sequence[str] | None) -> pl.Expr:
    from ipitui.core import parse_filter

    return parse_filter(text, columns)


@dataclass
class _Window:
    """Rows around the screen, as Python values; cells are formatted (money in ``fmt``) when
    first drawn."""

    top: int
    size: int
    values: list[list[object]]  # per column, in column order
    keys: list[str]
    cells: dict[tuple[int, int], str]  # (row, column) -> formatted, fitted text
    fmt: MoneyFormat

    def cell(self, row: int, column: int, col: Column) -> str:
        text = self.cells.get((row, column))
        if text is None:
            value = self.values[column][row - self.top]
            text = self.cells[row, column] = fit(
                format_value(value, col.kind, self.fmt), col.width, col.right
            )
        return text


class FrameTable(ScrollView, can_focus=True):
    """Rows of a polars frame, a row cursor, a column cursor and a selection of keys."""

    BINDINGS = keymap.bindings(keymap.TABLE)

    COMPONENT_CLASSES = {
        "frame-table--header",
        "frame-table--header-cursor",
        "frame-table--cursor",
        "frame-table--cursor-cell",
        "frame-table--selected",
        "frame-table--message",
    }

    DEFAULT_CSS = """
    FrameTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
    }
    FrameTable > .frame-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    FrameTable > .frame-table--header-cursor {
        text-style: bold underline;
        background: $panel;
        color: $accent;
    }
    FrameTable > .frame-table--cursor { background: $block-cursor-blurred-background; }
    FrameTable:focus > .frame-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    FrameTable > .frame-table--cursor-cell { text-style: none; }
    FrameTable:focus > .frame-table--cursor-cell { text-style: underline; }
    FrameTable > .frame-table--selected { text-style: bold; background: $secondary 20%; }
    FrameTable > .frame-table--message { color: $text-muted; text-style: italic; }
    """

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

    class _ViewReady(Message, bubble=False):
        def __init__(
            self,
            generation: int,
            source: pl.DataFrame,
            order: pl.Series | None,
            cursor: int | None,
            columns: list[Column] | None,
            filter_dropped: bool = False,
            ranks: dict[str, pl.Series] | None = None,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.source = source
            self.order = order
            self.cursor = cursor
            self.columns = columns
            self.filter_dropped = filter_dropped
            self.ranks = ranks

    class _RanksReady(Message, bubble=False):
        def __init__(self, source: pl.DataFrame, ranks: dict[str, pl.Series]) -> None:
            super().__init__()
            self.source = source
            self.ranks = ranks

    class _KeysReady(Message, bubble=False):
        def __init__(self, generation: int, purpose: str, keys: list, extra: object) -> None:
            super().__init__()
            self.generation = generation
            self.purpose = purpose
            self.keys = keys
            self.extra = extra

    def __init__(
        self,
        *,
        key: str = "sku",
        hidden: Sequence[str] = (),
        empty_message: str = "No rows.",
        filter_parser: FilterParser | None = None,
        money: MoneyFormat | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.key = key
        # how the money columns are written: the account's (``set_money_format``)
        self._money = money or money_format("US", "USD")
        self.hidden = tuple(hidden)
        self.empty_message = empty_message
        self._parse = filter_parser or _default_parser
        self._source: pl.DataFrame | None = None
        # new rows coming: the frame, its columns, how its rows are shown
        self._loading: tuple[pl.DataFrame, list[Column], Explain | None] | None = None
        self._explain: Explain | None = None  # the source's
        self._keys: pl.Series | None = None  # the source's key column
        self._order: pl.Series | None = None  # rows shown, in order; None: all, as they come
        self._shown = 0
        self._ready = False  # the order for the current source has arrived
        self._columns: list[Column] = []
        self._window: _Window | None = None
        self._generation = 0
        self._message = "Loading..."
        self.cursor_row = 0
        self.cursor_col = 0
        self._col_offset = 1
        self.selection: set[str] = set()
        self._anchor: int | None = None
        self.sort_state: tuple[str, bool] | None = None
        self.filter_text = ""
        self._filter_expr: pl.Expr | None = None
        self.match_text = ""  # the last filter, kept for n / N after the filter is cleared
        self._match_expr: pl.Expr | None = None
        self._matches: pl.Series | None = None  # rows shown that match, for this order
        self.busy = ""
        self.marks: Mapping[str, Decision] = {}
        self._styles: dict[str, Style] = {}
        self._visible_cache: tuple[tuple[int, int] | None, list[int]] = (None, [])
        # text columns' sort ranks (``table_rows.text_ranks``), for the frame they came from
        self._ranks: tuple[pl.DataFrame | None, dict[str, pl.Series]] = (None, {})
        self._ranking: pl.DataFrame | None = None  # the frame whose texts are being ranked

    # ----------------------------------------------------------------- public state

    @property
    def total(self) -> int:
        """Rows in the list before the filter."""
        return 0 if self._source is None else self._source.height

    @property
    def shown(self) -> int:
        """Rows shown (after the filter)."""
        return self._shown

    @property
    def ready(self) -> bool:
        """Rows are shown (not loading, not a message)."""
        return self._ready

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def money_format(self) -> MoneyFormat:
        return self._money

    @property
    def current_column(self) -> Column | None:
        return self._columns[self.cursor_col] if self._columns else None

    @property
    def _latest(self) -> pl.DataFrame | None:
        """The rows coming when new ones are, else the rows shown."""
        return self._loading[0] if self._loading else self._source

    def _source_row(self, row: int) -> int | None:
        if not self._ready or not 0 <= row < self._shown:
            return None
        return row if self._order is None else int(self._order[row])

    @property
    def cursor_key(self) -> str | None:
        index = self._source_row(self.cursor_row)
        if index is None or self._keys is None:
            return None
        value = self._keys[index]
        return None if value is None else str(value)

    def cursor_values(self) -> dict[str, object]:
        """Every column of the cursor row (one row: cheap)."""
        index = self._source_row(self.cursor_row)
        if index is None or self._source is None:
            return {}
        return self._source.row(index, named=True)

    def targets(self) -> list[str]:
        """What an action applies to: the selected keys, else the cursor row's key."""
        if self.selection:
            return sorted(self.selection)
        key = self.cursor_key
        return [] if key is None else [key]

    def keys_like(self, text: str, limit: int) -> list[str]:
        """Up to ``limit`` keys of the list containing ``text`` (any case), exact match
        first. Reads the whole list: call it from a thread, never on a keypress."""
        keys = self._keys
        if keys is None or not text:
            return []
        from ipitui.tui.widgets.table_rows import keys_like

        return keys_like(keys, text, limit)

    # ----------------------------------------------------------------- data in

    def load(
        self, source: pl.DataFrame | None, *, message: str = "", explain: Explain | None = None
    ) -> None:
        """Show ``source`` (``None``: show ``message`` instead, e.g. while loading), its rows
        on screen as ``explain`` gives them when given.

        Filter and sort are kept when their columns still exist; widths are re-measured;
        the cursor stays on its key when that key is still shown. The rows shown before stay
        until the new ones are ready, so a refresh never flashes an empty table."""
        self._message = message
        self._generation += 1
        if source is None:
            self._loading = None
            self._set_view(None, None, None, [])
            return
        if self.sort_state and self.sort_state[0] not in source.columns:
            self.sort_state = None
        columns = columns_for(_explained(source.clear(), explain).schema, self.hidden)
        columns.sort(key=lambda c: c.name != self.key)  # the key column first (frozen)
        self._loading = (source, columns, explain)
        self._recompute("loading")

    def set_money_format(self, fmt: MoneyFormat) -> None:
        """Write the money columns in ``fmt`` (the account's currency): the rows on screen are
        written again, and the widths measured again for the rows shown."""
        if fmt == self._money:
            return
        self._money = fmt
        self._window = None
        if self._loading is None and self._source is not None and self._columns:
            # measure again: the same rows and columns, the widths of the new writing
            self._loading = (self._source, self._columns, self._explain)
            self._recompute("")
        self.refresh()

    def show_message(self, message: str) -> None:
        """Replace the rows by a message (an error, "no data yet" ...)."""
        self.load(None, message=message)

    def set_marks(self, marks: Mapping[str, Decision]) -> None:
        """The current decisions (shown as letters): only the visible rows are redrawn."""
        self.marks = marks
        self.refresh()

    def apply_filter(self, text: str) -> bool:
        """Filter the rows by ``text`` (``core.parse_filter``). On a bad filter the rows shown
        stay as they are, a ``FilterFailed`` is posted and False is returned."""
        text = text.strip()
        if not text:
            self.clear_filter()
            return True
        if text == self.filter_text and self._filter_expr is not None:
            return True  # already applied (the typing pause): enter only closes the bar
        try:
            source = self._latest
            expr = self._parse(text, None if source is None else source.columns)
        except ValueError as exc:
            self.post_message(self.FilterFailed(self, clean(exc)))
            return False
        self.filter_text, self._filter_expr = text, expr
        self.match_text, self._match_expr = text, expr
        self._recompute("filtering")
        return True

    def clear_filter(self) -> None:
        if self._filter_expr is None and not self.filter_text:
            return
        self.filter_text, self._filter_expr = "", None
        self._recompute("filtering")

    def sort_by(self, column: str, descending: bool) -> None:
        source = self._latest
        if source is not None and column not in source.columns:
            label = next((c.label for c in self._columns if c.name == column), column)
            self.post_message(
                self.FilterFailed(
                    self, f"{label} cannot be sorted: it is worked out for the rows on screen only"
                )
            )
            return
        self.sort_state = (column, descending)
        self._recompute("sorting")

    def go_to_key(self, key: str) -> None:
        """Move the cursor to ``key`` if it is shown (found in a worker)."""
        if self._ready and self._keys is not None:
            self._find_key(self._generation, self._keys, self._order, key)

    # ----------------------------------------------------------------- workers

    def _recompute(self, busy: str) -> None:
        source, columns, explain = self._loading or (self._source, None, self._explain)
        if source is None:
            return
        self._generation += 1
        # the cursor's row in the frame shown (numbers, quick), unless new rows are coming
        keep_row = None if self._loading else self._source_row(self.cursor_row)
        self._compute(
            self._generation,
            source,
            self._filter_expr,
            self.filter_text if self._filter_expr is not None else "",
            self.sort_state,
            (self.cursor_key, keep_row),
            self._ranks_of(source),
            columns,
            explain,
            self._money,
        )
        self._set_busy(busy)

    def _ranks_of(self, source: pl.DataFrame) -> dict[str, pl.Series]:
        """The ranks known for ``source`` (a copy: workers add to it), and its search text
        (under ``core.filters.SEARCH_COLUMN``) once computed."""
        frame, ranks = self._ranks
        return dict(ranks) if frame is source else {}

    def _keep_ranks(self, source: pl.DataFrame, ranks: dict[str, pl.Series] | None) -> None:
        if not ranks:
            return
        frame, known = self._ranks
        if frame is not source:
            self._ranks = (source, dict(ranks))
        else:
            known.update(ranks)

    def _rank_texts_soon(self) -> None:
        """While the seller looks at this list, compute its search text (so that a filter
        matches each row once, not each text column) and rank its text columns (so that
        sorting by one is as quick as sorting by a number)."""
        source = self._source
        if source is None or source is self._ranking or not self.has_focus or self._loading:
            return
        from ipitui.core.filters import SEARCH_COLUMN

        known = self._ranks_of(source)
        names = [c.name for c in self._columns if c.kind == TEXT and c.name not in known]
        if SEARCH_COLUMN not in known:
            names.insert(0, SEARCH_COLUMN)
        if names:
            self._ranking = source
            self._rank_texts(source, names)

    @work(thread=True, exclusive=True, group="ranks", exit_on_error=False)
    def _rank_texts(self, source: pl.DataFrame, names: list[str]) -> None:
        from ipitui.core.filters import SEARCH_COLUMN
        from ipitui.tui.widgets.table_rows import text_ranks, text_to_search

        worker = get_current_worker()
        if names and names[0] == SEARCH_COLUMN:
            names = names[1:]
            search = text_to_search(source)
            if search is not None and not worker.is_cancelled:
                self.post_message(self._RanksReady(source, {SEARCH_COLUMN: search}))
        for name in names:
            if worker.is_cancelled:
                return
            ranks = text_ranks(source, name)
            if ranks is not None:
                self.post_message(self._RanksReady(source, {name: ranks}))

    def on_frame_table__ranks_ready(self, message: _RanksReady) -> None:
        if message.source is self._source:
            self._keep_ranks(message.source, message.ranks)

    def on_focus(self) -> None:
        self._rank_texts_soon()

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _compute(
        self,
        generation: int,
        source: pl.DataFrame,
        expr: pl.Expr | None,
        text: str,
        sort: tuple[str, bool] | None,
        keep: tuple[str | None, int | None],
        ranks: dict[str, pl.Series],
        measure_columns: list[Column] | None = None,
        explain: Explain | None = None,
        fmt: MoneyFormat | None = None,
    ) -> None:
        from ipitui.core.filters import SEARCH_COLUMN
        from ipitui.tui.widgets import table_rows as rows
        from ipitui.tui.widgets.table_rows import ROW_ERRORS, polars_message

        worker = get_current_worker()
        dropped = False
        keep_key, keep_row = keep
        try:
            if sort is not None and sort[0] not in ranks:
                rank = rows.text_ranks(source, sort[0])
                if rank is not None:
                    ranks[sort[0]] = rank
            frame = source
            if expr is not None and text and SEARCH_COLUMN in ranks:
                # the same filter, its free text matched once per row in the search text
                frame = rows.with_search_text(source, ranks[SEARCH_COLUMN])
                expr = self._parse(text, frame.columns)
            try:
                order = rows.row_order(frame, expr, sort, ranks)
            except ROW_ERRORS:
                if measure_columns is None or expr is None:
                    raise
                # New rows the kept filter cannot read: show them all, say why below.
                order, dropped = rows.row_order(source, None, sort, ranks), True
            cursor = None
            if keep_row is not None:  # the same rows: the cursor's row, found by number
                cursor = rows.position_of_row(order, keep_row) or 0
            elif keep_key is not None and self.key in source.columns:
                # a key no longer shown sends the cursor to the first row
                cursor = rows.position_of(source.get_column(self.key), order, keep_key) or 0
            columns = None
            if measure_columns:
                shown = functools.partial(_explained, explain=explain)
                columns = measure(source, measure_columns, fmt or self._money, self.key, shown)
        except ROW_ERRORS as exc:
            if not worker.is_cancelled:
                self.post_message(self.FilterFailed(self, polars_message(exc)))
                self.post_message(self._KeysReady(generation, "failed", [], None))
            return
        if worker.is_cancelled:
            return
        if dropped:
            self.post_message(self.FilterFailed(self, "the filter was cleared: it does not fit"))
        self.post_message(
            self._ViewReady(generation, source, order, cursor, columns, dropped, ranks)
        )

    @work(thread=True, exclusive=True, group="keys", exit_on_error=False)
    def _gather(
        self, generation: int, keys: pl.Series, order: pl.Series | None, start: int, stop: int
    ) -> None:
        from ipitui.tui.widgets.table_rows import shown_keys

        chosen = shown_keys(keys, order, start, stop)
        if not get_current_worker().is_cancelled:
            self.post_message(self._KeysReady(generation, "select", chosen, None))

    @work(thread=True, exclusive=True, group="keys", exit_on_error=False)
    def _find_key(
        self, generation: int, keys: pl.Series, order: pl.Series | None, key: str
    ) -> None:
        from ipitui.tui.widgets.table_rows import position_of

        position = position_of(keys, order, key)
        self.post_message(
            self._KeysReady(generation, "goto", [], -1 if position is None else position)
        )

    @work(thread=True, exclusive=True, group="keys", exit_on_error=False)
    def _find_matches(
        self,
        generation: int,
        source: pl.DataFrame,
        order: pl.Series | None,
        expr: pl.Expr,
        forward: bool,
    ) -> None:
        from ipitui.tui.widgets.table_rows import ROW_ERRORS, matching_rows, polars_message

        try:
            matches = matching_rows(source, order, expr)
        except ROW_ERRORS as exc:
            self.post_message(self.FilterFailed(self, polars_message(exc)))
            self.post_message(self._KeysReady(generation, "failed", [], None))
            return
        self.post_message(self._KeysReady(generation, "matches", [], (matches, forward)))

    def on_frame_table__view_ready(self, message: _ViewReady) -> None:
        if message.source is self._latest:
            self._keep_ranks(message.source, message.ranks)
        if message.generation == self._generation:
            if self._loading is not None:
                self._explain = self._loading[2]
            self._loading = None
            if message.filter_dropped:
                self.filter_text, self._filter_expr = "", None
            self._set_view(message.source, message.order, message.cursor, message.columns)

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
            self._loading = None
            if self._source is None:
                self._message = f"These rows could not be shown: {error!r}"
                self._ready = False
        self._set_busy("")
        self.refresh()

    def on_frame_table__keys_ready(self, message: _KeysReady) -> None:
        if message.generation != self._generation:
            return
        if message.purpose == "select":
            self.selection.update(message.keys)
            self.refresh()
        elif message.purpose == "goto" and isinstance(message.extra, int) and message.extra >= 0:
            self._move_cursor(message.extra, center=True)
        elif message.purpose == "matches":
            matches, forward = message.extra  # type: ignore[misc]
            self._matches = matches
            self._jump_to_match(forward)
        self._set_busy("")

    def _set_view(
        self,
        source: pl.DataFrame | None,
        order: pl.Series | None,
        cursor: int | None,
        columns: list[Column] | None,
    ) -> None:
        if self._ranks[0] is not source:
            self._ranks = (None, {})  # never keep an old frame alive through its ranks
        if self._ranking is not source:
            self._ranking = None
        self._source = source
        self._keys = None
        if source is not None and self.key in source.columns:
            self._keys = source.get_column(self.key)
        self._order = order
        self._ready = source is not None
        if source is None:
            self._shown = 0
        else:
            self._shown = source.height if order is None else len(order)
        self._window = None
        self._matches = None
        if columns is not None:
            self._columns = columns
            self._visible_cache = (None, [])
            self.cursor_col = min(self.cursor_col, max(0, len(columns) - 1))
            self._col_offset = 1
            self._fit_columns()
        self.virtual_size = Size(0, self._shown + 1)
        if cursor is None:
            cursor = min(self.cursor_row, max(0, self._shown - 1))
        self.cursor_row = -1  # nothing to un-draw
        self._move_cursor(cursor, center=True)
        self.busy = ""
        self.refresh()
        self.post_message(self.ViewChanged(self))
        self._rank_texts_soon()

    def _set_busy(self, what: str) -> None:
        self.busy = what
        self.post_message(self.ViewChanged(self))

    # ----------------------------------------------------------------- cursor

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_cursor(self, row: int, *, center: bool = False) -> None:
        height = self.shown
        row = max(0, min(row, height - 1)) if height else 0
        old = self.cursor_row
        self.cursor_row = row
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
        if not self._columns:
            return
        self.cursor_col = max(0, min(self.cursor_col + delta, len(self._columns) - 1))
        self._fit_columns()
        self.refresh()
        self.post_message(self.ViewChanged(self))

    def _fit_columns(self) -> None:
        """Scroll columns so that the cursor's column is fully in view."""
        if self.cursor_col == 0:
            return
        self._col_offset = min(self._col_offset, self.cursor_col)
        width = self.scrollable_content_region.width
        frozen = MARK_WIDTH + len(SEPARATOR) + self._columns[0].width + len(SEPARATOR)
        while self._col_offset < self.cursor_col:
            span = sum(
                c.width + len(SEPARATOR)
                for c in self._columns[self._col_offset : self.cursor_col + 1]
            )
            if frozen + span <= width:
                break
            self._col_offset += 1

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1 and self.shown:
            self._move_cursor(round(self.scroll_offset.y) + event.y - 1)

    # ----------------------------------------------------------------- selection

    def action_toggle_select(self) -> None:
        key = self.cursor_key
        if key is None:
            return
        if key in self.selection:
            self.selection.discard(key)
        else:
            self.selection.add(key)
        self._anchor = self.cursor_row
        self.refresh_line(self.cursor_row + 1)
        self._move_cursor(self.cursor_row + 1)
        self.post_message(self.ViewChanged(self))

    def action_extend_select(self) -> None:
        """Select every row from the anchor (the last row toggled) to the cursor."""
        if not self.shown:
            return
        anchor = self.cursor_row if self._anchor is None else min(self._anchor, self.shown - 1)
        start, stop = min(anchor, self.cursor_row), max(anchor, self.cursor_row) + 1
        self._select_range(start, stop)
        self._anchor = self.cursor_row

    def action_select_all(self) -> None:
        """Select every row shown (after the filter)."""
        self._select_range(0, self.shown)

    def _select_range(self, start: int, stop: int) -> None:
        if self._keys is None or not self._ready:
            return
        if stop - start <= INLINE_SELECT_LIMIT:
            from ipitui.tui.widgets.table_rows import shown_keys

            self.selection.update(shown_keys(self._keys, self._order, start, stop))
            self.refresh()
            self.post_message(self.ViewChanged(self))
        else:
            self._set_busy("selecting")
            self._gather(self._generation, self._keys, self._order, start, stop)

    def clear_selection(self) -> None:
        self.selection.clear()
        self._anchor = None
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
        if self._match_expr is None or self._source is None or not self._ready:
            self.post_message(self.FilterFailed(self, "no filter yet: press / to type one"))
            return
        if self._matches is not None:
            self._jump_to_match(forward)
        else:
            self._set_busy("searching")
            self._find_matches(
                self._generation, self._source, self._order, self._match_expr, forward
            )

    def _jump_to_match(self, forward: bool) -> None:
        matches = self._matches
        if matches is None or not len(matches):
            self.post_message(self.FilterFailed(self, f"no row matches {self.match_text!r}"))
            return
        pos = matches.search_sorted(self.cursor_row, side="right" if forward else "left")
        if forward:
            target = matches[pos] if pos < len(matches) else matches[0]
        else:
            target = matches[pos - 1] if pos > 0 else matches[len(matches) - 1]
        self._move_cursor(int(target), center=True)

    # ----------------------------------------------------------------- drawing

    def on_resize(self) -> None:
        self._window = None
        self._fit_columns()
        self._move_cursor(self.cursor_row)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _base_style(self) -> Style:
        style = self._styles.get("")
        if style is None:
            style = self._styles[""] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _visible(self, width: int) -> list[int]:
        """Indexes of the columns drawn: the key column, then from the horizontal offset."""
        if not self._columns:
            return []
        key = (width, self._col_offset)
        if self._visible_cache[0] != key:
            self._visible_cache = (key, self._visible_columns(width))
        return self._visible_cache[1]

    def _visible_columns(self, width: int) -> list[int]:
        out, used = [0], MARK_WIDTH + len(SEPARATOR) + self._columns[0].width
        for i in range(max(1, self._col_offset), len(self._columns)):
            if used >= width:
                break
            out.append(i)
            used += len(SEPARATOR) + self._columns[i].width
        return out

    def _window_for(self, row: int) -> _Window:
        """The cached window holding ``row``; a new one (a slice of the frame, about three
        screens around ``row``) when it is outside."""
        window = self._window
        if window is None or not window.top <= row < window.top + window.size:
            assert self._source is not None
            span = max(self.size.height, 8)
            top = max(0, row - span)
            if self._order is None:
                chunk = self._source.slice(top, span * 3)
            else:
                chunk = self._source[self._order.slice(top, span * 3)]
            chunk = _explained(chunk, self._explain)
            values = [
                chunk.get_column(c.name).to_list()
                if c.name in chunk.columns
                else [None] * chunk.height
                for c in self._columns
            ]
            if self.key in chunk.columns:
                keys = ["" if k is None else str(k) for k in chunk.get_column(self.key).to_list()]
            else:  # rows without a key are shown all the same (none selected, none marked)
                keys = [""] * chunk.height
            window = self._window = _Window(top, chunk.height, values, keys, {}, self._money)
        return window

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style()
        if not self._columns:
            return self._message_line(y, width, base)
        if y == 0:
            return self._header(width, base)
        if not self._ready or not self._shown:
            return self._message_line(y, width, base)
        row = round(self.scroll_offset.y) + y - 1
        if row >= self._shown:
            return Strip.blank(width, base)
        window = self._window_for(row)
        key = window.keys[row - window.top]
        is_cursor = row == self.cursor_row
        selected = key in self.selection
        style = base
        if selected:
            style += self._style("frame-table--selected")
        if is_cursor:
            style += self._style("frame-table--cursor")
        decision = self.marks.get(key)
        mark = ("*" if selected else " ") + (decision.action.letter if decision else " ")
        # Few, long segments: one run of text per style (the cursor's cell has its own).
        runs: list[Segment] = []
        run: list[str] = [mark]
        room = width - MARK_WIDTH
        columns = self._columns
        for i in self._visible(width):
            special = is_cursor and i == self.cursor_col
            for text, own_style in ((SEPARATOR, False), (window.cell(row, i, columns[i]), special)):
                if room <= 0:
                    break
                size = len(text) if text.isascii() else cell_len(text)
                if size > room:
                    text, size = set_cell_size(text, room), room
                room -= size
                if own_style:
                    runs.append(Segment("".join(run), style))
                    runs.append(Segment(text, style + self._style("frame-table--cursor-cell")))
                    run = []
                else:
                    run.append(text)
        if room > 0:
            run.append(" " * room)
        runs.append(Segment("".join(run), style))
        return Strip(runs, width)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self._style("frame-table--header")
        cursor_style = base + self._style("frame-table--header-cursor")
        segments = [Segment(" " * MARK_WIDTH, style)]
        visible = self._visible(width)
        for n, i in enumerate(visible):
            col = self._columns[i]
            label = col.label
            if self.sort_state and self.sort_state[0] == col.name:
                label = label + (" ▼" if self.sort_state[1] else " ▲")
            more_left = n == 1 and i > 1
            segments.append(Segment("<" if more_left else SEPARATOR, style))
            text = fit(label, col.width, col.right)
            segments.append(Segment(text, cursor_style if i == self.cursor_col else style))
        used = MARK_WIDTH + sum(len(SEPARATOR) + self._columns[i].width for i in visible)
        strip = Strip(segments).crop_extend(0, width, style)
        if visible[-1] < len(self._columns) - 1 or used > width:
            strip = Strip([*strip.crop(0, width - 1), Segment(">", style)])
        return strip

    def _message_line(self, y: int, width: int, base: Style) -> Strip:
        text = self._message if not self._ready else self.empty_message
        if self._ready and self.filter_text:
            text = f"No rows match the filter {self.filter_text!r} (esc clears it)."
        if y != 2 or not text:
            return Strip.blank(width, base)
        style = base + self._style("frame-table--message")
        segments = [Segment("  ", base), Segment(fit(clean(text), max(1, width - 2)), style)]
        return Strip(segments).crop_extend(0, width, base)
