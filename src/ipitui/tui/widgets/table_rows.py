"""Which rows a table shows, in what order: the polars side of ``FrameTable``.

Everything here reads whole lists and runs in the table's workers, never on a keypress.
The table imports this module only when it has rows to order, so that the TUI paints its
first frame before polars is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from ipitui.core.filters import SEARCH_COLUMN, contains, search_text
from ipitui.tui.text import clean

# Errors a filter or a sort can raise on a list's rows (shown as a message, never a crash).
ROW_ERRORS = (pl.exceptions.PolarsError, ValueError, TypeError)


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
