"""Which rows a table shows, in what order: the polars side of ``FrameTable``.

Everything here but ``explained`` (the rows on screen) reads whole lists and runs in the
table's workers, never on a keypress: ``compute_view`` is the filter, the sort and the
measuring of the columns, from a ``ViewRequest`` the table's state makes.
The table imports this module only when it has rows to order, so that the TUI paints its
first frame before polars is loaded.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from ipitui.core.filters import SEARCH_COLUMN, contains, search_text
from ipitui.format import MoneyFormat
from ipitui.tui.text import clean
from ipitui.tui.widgets.columns import Column, measure

# Errors a filter or a sort can raise on a list's rows (shown as a message, never a crash).
ROW_ERRORS = (pl.exceptions.PolarsError, ValueError, TypeError)

# The table's one logger (a list's rows that cannot be explained, a failed worker).
log = logging.getLogger("ipitui.tui.widgets.frame_table")

# How a list shows its rows, and reads a filter (``frame_table.Explain``, ``FilterParser``).
_Explain = Callable[[pl.DataFrame], pl.DataFrame]
_Parse = Callable[[str, Sequence[str] | None], pl.Expr]


def explained(rows: pl.DataFrame, explain: _Explain | None) -> pl.DataFrame:
    """``rows`` as shown; as they are kept when the list's data cannot be read so (the cells
    it adds show "-": the table never fails on a list's data). That is logged; any other
    error is a bug, and raised."""
    if explain is None:
        return rows
    try:
        return explain(rows)
    except ROW_ERRORS as exc:
        log.warning("rows shown without the columns put together for them: %s", exc, exc_info=True)
        return rows


def row_order(
    source: pl.DataFrame,
    expr: pl.Expr | None,
    sort: tuple[str, bool] | None,
    ranks: Mapping[str, pl.Series] | None = None,
) -> pl.Series | None:
    """The source row indexes shown, in the order shown; ``None`` when that is every row
    as it comes. Ties keep the list's own order, so a sort is stable and repeatable.
    A text column with its ``ranks`` (see :func:`text_ranks`) sorts by them: the same
    order, found by comparing numbers instead of texts."""
    if expr is None and sort is None:
        return None
    index = pl.int_range(pl.len(), dtype=pl.UInt32)
    mask = None if expr is None else expr.fill_null(False)
    if mask is not None:
        index = index.filter(mask)
    rank = None if sort is None else (ranks or {}).get(sort[0])
    if sort is not None and rank is None:
        by = pl.col(sort[0]) if mask is None else pl.col(sort[0]).filter(mask)
        index = index.sort_by(by, descending=sort[1], nulls_last=True, maintain_order=True)
    rows = source.select(index.alias("row")).to_series()
    if sort is None or rank is None:
        return rows
    # the rows kept, then their ranks: a filter leaves few numbers to sort
    ranked = pl.DataFrame({"row": rows, "rank": rank.gather(rows)})
    ranked = ranked.sort("rank", descending=sort[1], nulls_last=True, maintain_order=True)
    return ranked.get_column("row")


def text_ranks(source: pl.DataFrame, name: str) -> pl.Series | None:
    """Each row's place among the texts of column ``name`` (equal texts share one, null
    stays null), or None when the column is not text. Sorting a million texts takes a few
    tenths of a second; once ranked, every later sort of the column takes a few hundredths."""
    if name not in source.columns or source.schema[name] != pl.String:
        return None
    return source.get_column(name).rank("dense")


def text_to_search(source: pl.DataFrame) -> pl.Series | None:
    """The list's search text (``core.filters.search_text``), or None when it has no text
    columns to search."""
    expr = search_text(source.columns)
    return None if expr is None else source.select(expr).to_series()


def with_search_text(source: pl.DataFrame, search: pl.Series | None) -> pl.DataFrame:
    """``source`` with its search text as one more column (the others are shared, not
    copied), for a filter parsed with that column."""
    if search is None or SEARCH_COLUMN in source.columns or len(search) != source.height:
        return source
    return source.hstack([search.alias(SEARCH_COLUMN)])


def position_of_row(order: pl.Series | None, row: int) -> int | None:
    """Where source row ``row`` is shown, or None when it is not shown (numbers only: far
    quicker than finding a key among a list's texts)."""
    if order is None:
        return row
    found = order.eq(row).arg_true()
    return int(found[0]) if len(found) else None


def position_of(keys: pl.Series, order: pl.Series | None, key: str) -> int | None:
    """Where ``key`` is shown (its first row), or None when it is not shown."""
    hits = keys.eq(key).arg_true()
    if not len(hits):
        return None
    if order is None:
        return int(hits[0])
    found = order.is_in(hits.cast(order.dtype).implode()).arg_true()
    return int(found[0]) if len(found) else None


def shown_keys(keys: pl.Series, order: pl.Series | None, start: int, stop: int) -> list[str]:
    """The keys of the rows shown from ``start`` to ``stop`` (exclusive)."""
    if order is None:
        rows = keys.slice(start, stop - start)
    else:
        rows = keys.gather(order.slice(start, stop - start))
    return [str(k) for k in rows.drop_nulls().to_list()]


def matching_rows(source: pl.DataFrame, order: pl.Series | None, expr: pl.Expr) -> pl.Series:
    """The positions (as shown) of the rows that ``expr`` matches, in ascending order."""
    mask = source.select(expr.fill_null(False)).to_series()
    if order is not None:
        mask = mask.gather(order)
    return mask.arg_true()


def keys_like(keys: pl.Series, text: str, limit: int) -> list[str]:
    """Up to ``limit`` keys containing ``text`` (any case), an exact match first."""
    exact = keys.filter(keys == text).head(1).to_list()
    found = keys.filter(keys.to_frame().select(contains(pl.col(keys.name), text)).to_series())
    found_keys = found.head(limit).to_list()
    return list(dict.fromkeys(str(k) for k in [*exact, *found_keys] if k is not None))[:limit]


def polars_message(exc: Exception) -> str:
    """A polars error as one readable line."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, pl.exceptions.ColumnNotFoundError):
        name = re.search(r'column "([^"]*)"', first)
        return f"this list has no column {name.group(1) if name else first}"
    return clean(first)


@dataclass(frozen=True)
class ViewRequest:
    """What a computation of the rows shown reads: taken on the UI thread, read in a worker."""

    generation: int
    source: pl.DataFrame
    expr: pl.Expr | None
    text: str  # the filter's text, when there is a filter
    sort: tuple[str, bool] | None
    keep_key: str | None  # the cursor's key, to find again in new rows
    keep_row: int | None  # the cursor's source row, when the rows are the same
    ranks: dict[str, pl.Series]  # a copy: the computation adds the sorted column's
    measure_columns: list[Column] | None  # new columns, to measure
    explain: _Explain | None
    fmt: MoneyFormat
    key: str
    parse: _Parse


@dataclass(frozen=True)
class ViewResult:
    """The rows shown computed for ``generation``: their order, where the cursor goes,
    the columns measured (when asked), whether the kept filter was dropped."""

    generation: int
    source: pl.DataFrame
    order: pl.Series | None
    cursor: int | None
    columns: list[Column] | None
    filter_dropped: bool
    ranks: dict[str, pl.Series]


def compute_view(request: ViewRequest) -> ViewResult:
    """Filter, sort and measure ``request.source``; raises ``ROW_ERRORS`` when the filter or
    the sort cannot be used on these rows. Reads the whole list: a worker's job."""
    source, expr, sort, ranks = request.source, request.expr, request.sort, request.ranks
    dropped = False
    if sort is not None and sort[0] not in ranks:
        rank = text_ranks(source, sort[0])
        if rank is not None:
            ranks[sort[0]] = rank
    frame = source
    if expr is not None and request.text and SEARCH_COLUMN in ranks:
        # the same filter, its free text matched once per row in the search text
        frame = with_search_text(source, ranks[SEARCH_COLUMN])
        expr = request.parse(request.text, frame.columns)
    try:
        order = row_order(frame, expr, sort, ranks)
    except ROW_ERRORS:
        if request.measure_columns is None or expr is None:
            raise
        # New rows the kept filter cannot read: show them all, say why.
        order, dropped = row_order(source, None, sort, ranks), True
    cursor = None
    if request.keep_row is not None:  # the same rows: the cursor's row, found by number
        cursor = position_of_row(order, request.keep_row) or 0
    elif request.keep_key is not None and request.key in source.columns:
        # a key no longer shown sends the cursor to the first row
        cursor = position_of(source.get_column(request.key), order, request.keep_key) or 0
    columns = None
    if request.measure_columns:
        shown = functools.partial(explained, explain=request.explain)
        columns = measure(source, request.measure_columns, request.fmt, request.key, shown)
    return ViewResult(request.generation, source, order, cursor, columns, dropped, ranks)
