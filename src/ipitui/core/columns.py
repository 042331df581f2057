"""Reading the canonical columns a report frame may or may not carry, and formatting numbers
for the plain-words reasons (money: ``ipitui.format.money_expr``).

A column a report does not carry reads as all-null (unknown), never as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import polars as pl

INT = pl.Int64
FLOAT = pl.Float64
TEXT = pl.String


def col(columns: Collection[str], name: str, dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
    """``name`` cast to ``dtype``, or an all-null column of that type when it is absent."""
    if name in columns:
        return pl.col(name).cast(dtype, strict=False)
    return pl.lit(None, dtype=dtype)


def first_of(
    columns: Collection[str], names: Collection[str], dtype: pl.DataType | type[pl.DataType]
) -> pl.Expr:
    """The first non-null value among the columns ``names`` (in order) that are present."""
    present = [col(columns, n, dtype) for n in names if n in columns]
    return pl.coalesce(present) if present else pl.lit(None, dtype=dtype)


def lookup(
    column: pl.Expr,
    values: Iterable[str | None],
    fn: Callable[[str | None], Any],
    dtype: pl.DataType | type[pl.DataType],
) -> pl.Expr:
    """``fn`` of each text of ``column``, computed once per distinct text in ``values`` (a
    report has a handful of storage types and units, but a million rows)."""
    mapping = {v: fn(v) for v in set(values) if v is not None}
    when_null = pl.lit(fn(None), dtype=dtype)
    if not mapping:
        return when_null
    return (
        pl.when(column.is_null())
        .then(when_null)
        .otherwise(column.replace_strict(mapping, default=None, return_dtype=dtype))
    )


Case = tuple[pl.Expr, dict[str, pl.Expr]]


def per_case(frame: pl.LazyFrame, cases: list[Case], keep: Sequence[str]) -> pl.DataFrame:
    """The ``keep`` columns of ``frame`` plus columns that depend on which case a row is in
    (the first whose condition holds), each computed only on its own rows: text built for
    one case is never built for the others (``when/then`` builds every branch for every
    row). ``frame`` must be in the order of its ``row`` column; every case gives the same
    columns."""
    names = list(cases[0][1])
    exprs = [c for c, _ in cases] + [e for _, given in cases for e in given.values()]
    roots = {r for e in exprs for r in e.meta.root_names()}
    wanted = dict.fromkeys([*(k for k in keep if k not in names), *sorted(roots), "row"])
    base = frame.select(list(wanted)).collect()
    which = pl.lit(None, dtype=pl.Int32)
    for i, (condition, _) in reversed(list(enumerate(cases))):
        which = pl.when(condition.fill_null(False)).then(pl.lit(i, dtype=pl.Int32)).otherwise(which)
    marked = base.with_columns(_case=which)
    present = set(marked.get_column("_case").unique().to_list()) or {0}  # no rows: the columns
    parts = [
        marked.lazy()
        .filter(pl.col("_case") == i)
        .select("row", *(given[n].alias(n) for n in names))
        for i, (_, given) in enumerate(cases)
        if i in present
    ]
    added = pl.concat(parts).sort("row").collect()
    return base.with_columns(added.get_column(n) for n in names).select(keep)


def rows_in_order(
    frame: pl.DataFrame,
    keep: pl.Expr,
    key: str,
    columns: Sequence[str | pl.Expr],
    descending: bool = True,
    more: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``columns`` of the rows where ``keep`` holds, sorted by ``key`` (nulls last, ties in
    the frame's order), gathered once. A column ``frame`` lacks is gathered from ``more`` at
    the position in ``frame``'s ``row`` column."""
    order = frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32)
        .filter(keep)
        .sort_by(
            pl.col(key).filter(keep), descending=descending, nulls_last=True, maintain_order=True
        )
    ).to_series()
    elsewhere = [c for c in columns if isinstance(c, str) and c not in frame.columns]
    if more is None or not elsewhere:
        return frame.select(columns)[order]
    rows = frame.get_column("row").gather(order)
    return pl.concat([frame[order], more.select(elsewhere)[rows]], how="horizontal").select(columns)


def date_col(columns: Collection[str], name: str) -> pl.Expr:
    """A Date column (a Datetime is cut to its date; text is parsed as ISO)."""
    return col(columns, name, pl.Date)


def number(expr: pl.Expr, decimals: int = 0) -> pl.Expr:
    """A number as text, rounded to ``decimals`` (``1.5``, ``200``; ``inf`` for infinity)."""
    if decimals == 0:
        text = expr.round(0).cast(INT, strict=False).cast(TEXT)
    else:
        text = expr.round(decimals).cast(TEXT)
    return pl.when(expr.is_infinite()).then(pl.lit("inf")).otherwise(text)
