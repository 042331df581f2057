"""What a ``FrameTable`` shows, kept apart from the drawing: no Textual here.

``TableState`` holds the list (the source frame, the rows coming to replace it), the
*order* of the rows shown (source row indexes, in the order shown, as a ``UInt32`` series;
``None``: every row as it comes), the cursor, the selection of keys, the filter and the sort,
the matches of the last filter, the marks, and the *generation*: the number of the
computation whose result is current (a result of an older one is dropped); the computation
itself is ``table_rows.compute_view``. ``Window`` is the cached slice of rows around the
screen. polars is loaded only once there are rows to order (see
``table_rows``), so the TUI paints its first frame before it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, overload

from ipitui.core.decisions import Decision
from ipitui.format import MoneyFormat, money_format
from ipitui.tui.widgets.columns import (
    RANKED_WHEN_SORTED,
    TEXT,
    Column,
    columns_for,
    fit,
    format_value,
)

if TYPE_CHECKING:
    import polars as pl

    from ipitui.tui.widgets.table_rows import ViewRequest, ViewResult

FilterParser = Callable[[str, Sequence[str] | None], "pl.Expr"]  # (text, the list's columns)
# Rows of the source as shown: a list may put some columns (a reason in words) together only
# for the rows on screen, and keep columns it shows none of.
Explain = Callable[["pl.DataFrame"], "pl.DataFrame"]


def default_parser(text: str, columns: Sequence[str] | None) -> pl.Expr:
    from ipitui.core import parse_filter

    return parse_filter(text, columns)


@dataclass
class Window:
    """Rows around the screen, as Python values; cells are formatted (money in ``fmt``) when
    first drawn."""

    top: int
    size: int
    values: Sequence[Sequence[object]]  # per column, in column order
    keys: list[str]
    cells: dict[tuple[int, int, int], str]  # (row, column, width) -> formatted, fitted text
    fmt: MoneyFormat

    def cell(self, row: int, column: int, col: Column) -> str:
        text = self.cells.get((row, column, col.width))
        if text is None:
            value = self.values[column][row - self.top]
            text = self.cells[row, column, col.width] = fit(
                format_value(value, col.kind, self.fmt), col.width, col.right
            )
        return text


class TableState:
    """The rows of a list, their order, the cursor, the selection, the filter and the sort.

    The attributes are read by the table and its status line; the methods are the changes
    the table makes (each keeps the state consistent). Nothing here reads the whole list
    except ``compute_view`` and ``keys_like`` (both run in workers)."""

    def __init__(
        self,
        *,
        key: str = "sku",
        hidden: Sequence[str] = (),
        priority: Sequence[str] = (),
        parse: FilterParser | None = None,
        money: MoneyFormat | None = None,
    ) -> None:
        self.key = key
        self.hidden = tuple(hidden)
        # the columns drawn first when not all fit, most important first (the others follow)
        self.priority = tuple(priority)
        self.parse: FilterParser = parse or default_parser
        # how the money columns are written: the account's
        self.money = money or money_format("US", "USD")
        self.source: pl.DataFrame | None = None
        # new rows coming: the frame, its columns, how its rows are shown
        self.loading: tuple[pl.DataFrame, list[Column], Explain | None] | None = None
        self.explain: Explain | None = None  # the source's
        self.keys: pl.Series | None = None  # the source's key column
        self.order: pl.Series | None = None  # rows shown, in order; None: all, as they come
        self.shown = 0  # rows shown (after the filter)
        self.ready = False  # the order for the current source has arrived
        self.columns: list[Column] = []
        self.window: Window | None = None
        self.generation = 0  # the computation whose result is current
        self.message = "Loading..."
        self.cursor_row = 0
        self.cursor_col = 0
        self.selection: set[str] = set()
        self.anchor: int | None = None  # the row last toggled, where a range starts
        self.sort_state: tuple[str, bool] | None = None
        self.filter_text = ""
        self.filter_expr: pl.Expr | None = None
        self.match_text = ""  # the last filter, kept for n / N after the filter is cleared
        self.match_expr: pl.Expr | None = None
        self.matches: pl.Series | None = None  # rows shown that match, for this order
        self.busy = ""
        self.marks: Mapping[str, Decision | None] = {}  # None: a decision being cleared
        # text columns' sort ranks (``table_rows.text_ranks``), for the frame they came from
        self._ranks: tuple[pl.DataFrame | None, dict[str, pl.Series]] = (None, {})
        self.ranking: pl.DataFrame | None = None  # the frame whose texts are being ranked

    # ----------------------------------------------------------------- reading

    @property
    def total(self) -> int:
        """Rows in the list before the filter."""
        return 0 if self.source is None else self.source.height

    @property
    def latest(self) -> pl.DataFrame | None:
        """The rows coming when new ones are, else the rows shown."""
        return self.loading[0] if self.loading else self.source

    @property
    def current_column(self) -> Column | None:
        return self.columns[self.cursor_col] if self.columns else None

    def source_row(self, row: int) -> int | None:
        """The source row shown at ``row``, if any."""
        if not self.ready or not 0 <= row < self.shown:
            return None
        return row if self.order is None else int(self.order[row])

    @property
    def cursor_key(self) -> str | None:
        index = self.source_row(self.cursor_row)
        if index is None or self.keys is None:
            return None
        value = self.keys[index]
        return None if value is None else str(value)

    def cursor_values(self) -> dict[str, object]:
        """Every column of the cursor row (one row: cheap)."""
        index = self.source_row(self.cursor_row)
        if index is None or self.source is None:
            return {}
        return self.source.row(index, named=True)

    def targets(self) -> list[str]:
        """What an action applies to: the selected keys, else the cursor row's key."""
        if self.selection:
            return sorted(self.selection)
        key = self.cursor_key
        return [] if key is None else [key]

    def shown_keys(self, start: int, stop: int) -> list[str]:
        """The keys of the rows shown from ``start`` to ``stop`` (none without rows)."""
        if self.keys is None or not self.ready:
            return []
        from ipitui.tui.widgets.table_rows import shown_keys

        return shown_keys(self.keys, self.order, start, stop)

    def keys_like(self, text: str, limit: int) -> list[str]:
        """Up to ``limit`` keys of the list containing ``text`` (any case), exact match
        first. Reads the whole list: call it from a thread, never on a keypress."""
        keys = self.keys
        if keys is None or not text:
            return []
        from ipitui.tui.widgets.table_rows import keys_like

        return keys_like(keys, text, limit)

    def is_current(self, generation: int) -> bool:
        """A result computed for ``generation`` is for the rows and order asked last."""
        return generation == self.generation

    # ----------------------------------------------------------------- data in

    def load(self, source: pl.DataFrame | None, message: str, explain: Explain | None) -> bool:
        """New rows (``None``: ``message`` instead); True when they are to be computed. The
        sort is kept when its column still exists."""
        self.message = message
        self.generation += 1
        if source is None:
            self.loading = None
            return False
        if self.sort_state and self.sort_state[0] not in source.columns:
            self.sort_state = None
        from ipitui.tui.widgets.table_rows import explained

        columns = columns_for(explained(source.clear(), explain).schema, self.hidden)
        columns.sort(key=lambda c: c.name != self.key)  # the key column first (frozen)
        self.loading = (source, columns, explain)
        return True

    def set_money(self, fmt: MoneyFormat) -> bool:
        """Write money in ``fmt``; True when the columns shown are to be measured again."""
        self.money = fmt
        self.window = None
        if self.loading is None and self.source is not None and self.columns:
            # measure again: the same rows and columns, the widths of the new writing
            self.loading = (self.source, self.columns, self.explain)
            return True
        return False

    def set_filter(self, text: str, expr: pl.Expr) -> None:
        self.filter_text, self.filter_expr = text, expr
        self.match_text, self.match_expr = text, expr

    def filter_applied(self, text: str) -> bool:
        """``text`` is the filter already applied."""
        return text == self.filter_text and self.filter_expr is not None

    def clear_filter(self) -> bool:
        """No filter; False when there was none."""
        if self.filter_expr is None and not self.filter_text:
            return False
        self.filter_text, self.filter_expr = "", None
        return True

    def unsortable(self, column: str) -> str | None:
        """The label of ``column`` when the rows cannot be sorted by it (it is put together
        for the rows on screen only), else None."""
        source = self.latest
        if source is not None and column not in source.columns:
            return next((c.label for c in self.columns if c.name == column), column)
        return None

    def request(self) -> ViewRequest | None:
        """The computation of the rows shown (the rows coming, else those shown) as they are
        asked now, as the current generation; None without rows."""
        source, columns, explain = self.loading or (self.source, None, self.explain)
        if source is None:
            return None
        self.generation += 1
        # the cursor's row in the frame shown (numbers, quick), unless new rows are coming
        keep_row = None if self.loading else self.source_row(self.cursor_row)
        from ipitui.tui.widgets.table_rows import ViewRequest

        return ViewRequest(
            generation=self.generation,
            source=source,
            expr=self.filter_expr,
            text=self.filter_text if self.filter_expr is not None else "",
            sort=self.sort_state,
            keep_key=self.cursor_key,
            keep_row=keep_row,
            ranks=self.ranks_of(source),
            measure_columns=columns,
            explain=explain,
            fmt=self.money,
            key=self.key,
            parse=self.parse,
        )

    def view_ready(self, result: ViewResult) -> bool:
        """Take a computation's result; True when it is current (to be shown)."""
        if result.source is self.latest:
            self.keep_ranks(result.source, result.ranks)
        if not self.is_current(result.generation):
            return False
        if self.loading is not None:
            self.explain = self.loading[2]
        self.loading = None
        if result.filter_dropped:
            self.filter_text, self.filter_expr = "", None
        return True

    def set_view(
        self, source: pl.DataFrame | None, order: pl.Series | None, columns: list[Column] | None
    ) -> None:
        """Show ``source`` in ``order`` (and ``columns``, when new ones); the cursor is the
        table's to place."""
        if self._ranks[0] is not source:
            self._ranks = (None, {})  # never keep an old frame alive through its ranks
        if self.ranking is not source:
            self.ranking = None
        self.source = source
        self.keys = None
        if source is not None and self.key in source.columns:
            self.keys = source.get_column(self.key)
        self.order = order
        self.ready = source is not None
        if source is None:
            self.shown = 0
        else:
            self.shown = source.height if order is None else len(order)
        self.window = None
        self.matches = None
        if columns is not None:
            self.columns = columns
            self.cursor_col = min(self.cursor_col, max(0, len(columns) - 1))

    def view_failed(self, error: BaseException | None) -> None:
        """The computation of the rows failed (a bug): nothing is coming; with no rows to
        keep showing, the table says so."""
        self.loading = None
        if self.source is None:
            self.message = f"These rows could not be shown: {error!r}"
            self.ready = False

    # ----------------------------------------------------------------- text ranks

    def ranks_of(self, source: pl.DataFrame | None) -> dict[str, pl.Series]:
        """The ranks known for ``source`` (a copy: workers add to it), and its search text
        (under ``core.filters.SEARCH_COLUMN``) once computed."""
        frame, ranks = self._ranks
        return dict(ranks) if frame is source else {}

    @property
    def ranked(self) -> frozenset[str]:
        """The columns of the rows shown whose ranks are known (and ``SEARCH_COLUMN`` once
        their search text is)."""
        return frozenset(self.ranks_of(self.source))

    @property
    def search_text(self) -> pl.Series | None:
        """The search text of the rows shown, once computed."""
        from ipitui.core.filters import SEARCH_COLUMN

        return self.ranks_of(self.source).get(SEARCH_COLUMN)

    def keep_ranks(self, source: pl.DataFrame, ranks: dict[str, pl.Series] | None) -> None:
        if not ranks:
            return
        frame, known = self._ranks
        if frame is not source:
            self._ranks = (source, dict(ranks))
        else:
            known.update(ranks)

    def ranks_ready(self, source: pl.DataFrame, ranks: dict[str, pl.Series]) -> None:
        """Ranks computed for ``source``: kept while it is the frame shown."""
        if source is self.source:
            self.keep_ranks(source, ranks)

    def texts_to_rank(self) -> list[str]:
        """The text columns of the rows shown to rank ahead of a sort (the search text first;
        not ``RANKED_WHEN_SORTED``), when none are being ranked and no rows are coming; they
        are then being ranked."""
        source = self.source
        if source is None or source is self.ranking or self.loading:
            return []
        from ipitui.core.filters import SEARCH_COLUMN

        known = self.ranks_of(source)
        names = [
            c.name
            for c in self.columns
            if c.kind == TEXT and c.name not in known and c.name not in RANKED_WHEN_SORTED
        ]
        if SEARCH_COLUMN not in known:
            names.insert(0, SEARCH_COLUMN)
        if names:
            self.ranking = source
        return names

    # ----------------------------------------------------------------- cursor, selection

    def clamp(self, row: int) -> int:
        """``row`` within the rows shown."""
        return max(0, min(row, self.shown - 1)) if self.shown else 0

    def toggle_selected(self) -> bool:
        """Select the cursor's key, or unselect it; the range anchor is the cursor's row.
        False without a key."""
        key = self.cursor_key
        if key is None:
            return False
        if key in self.selection:
            self.selection.discard(key)
        else:
            self.selection.add(key)
        self.anchor = self.cursor_row
        return True

    def extend_range(self) -> tuple[int, int]:
        """The rows from the anchor (the last row toggled) to the cursor, as (start, stop);
        the cursor is the next anchor. Only with rows shown."""
        anchor = self.cursor_row if self.anchor is None else min(self.anchor, self.shown - 1)
        start, stop = min(anchor, self.cursor_row), max(anchor, self.cursor_row) + 1
        self.anchor = self.cursor_row
        return start, stop

    def can_select(self) -> bool:
        return self.keys is not None and self.ready

    def select(self, keys: Sequence[str]) -> None:
        self.selection.update(keys)

    def clear_selection(self) -> None:
        self.selection.clear()
        self.anchor = None

    # ----------------------------------------------------------------- matches

    def can_match(self) -> bool:
        """There is a last filter, and rows shown to look for it in."""
        return self.match_expr is not None and self.source is not None and self.ready

    def match_target(self, forward: bool) -> int | None:
        """The next matching row after the cursor (before it when not ``forward``), round
        the end; None when no row matches."""
        matches = self.matches
        if matches is None or not len(matches):
            return None
        pos = matches.search_sorted(self.cursor_row, side="right" if forward else "left")
        if forward:
            target = matches[pos] if pos < len(matches) else matches[0]
        else:
            target = matches[pos - 1] if pos > 0 else matches[len(matches) - 1]
        return int(target)

    # ----------------------------------------------------------------- window

    def window_for(self, row: int, height: int) -> Window:
        """The cached window holding ``row``; a new one (a slice of the frame, about three
        screens of ``height`` around ``row``) when it is outside."""
        window = self.window
        if window is None or not window.top <= row < window.top + window.size:
            assert self.source is not None
            span = max(height, 8)
            top = max(0, row - span)
            if self.order is None:
                chunk = self.source.slice(top, span * 3)
            else:
                chunk = self.source[self.order.slice(top, span * 3)]
            from ipitui.tui.widgets.table_rows import explained

            chunk = explained(chunk, self.explain)
            values = [
                chunk.get_column(c.name).to_list()
                if c.name in chunk.columns
                else [None] * chunk.height
                for c in self.columns
            ]
            if self.key in chunk.columns:
                keys = ["" if k is None else str(k) for k in chunk.get_column(self.key).to_list()]
            else:  # rows without a key are shown all the same (none selected, none marked)
                keys = [""] * chunk.height
            window = self.window = Window(top, chunk.height, values, keys, {}, self.money)
        return window


T = TypeVar("T")


class _HasState(Protocol):
    state: TableState


class Shared(Generic[T]):
    """An attribute of a table kept in its ``state`` (a ``TableState``): the widget's
    attribute ``name`` is the state's."""

    def __init__(self, doc: str, *, writable: bool = True) -> None:
        self.__doc__ = doc
        self.writable = writable

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, table: None, owner: type) -> Shared[T]: ...
    @overload
    def __get__(self, table: _HasState, owner: type) -> T: ...
    def __get__(self, table: _HasState | None, owner: type) -> T | Shared[T]:
        return self if table is None else getattr(table.state, self.name)

    def __set__(self, table: _HasState, value: T) -> None:
        if not self.writable:
            raise AttributeError(f"{self.name} is read-only")
        setattr(table.state, self.name, value)
