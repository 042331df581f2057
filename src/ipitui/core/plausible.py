"""The values ipitui can compute with: the bounds every stored value lies within.

The import refuses a cell outside them (``reports.columns.Type.bounds`` reads them from here,
with the line and column, like a cell that is not a number). Scoring keeps to them too, for
snapshots an older ipitui stored without these checks: a value outside is read as blank
(unknown), as a blank cell is, so that one row cannot stop the whole account.

Why these bounds:

* **Quantities and other whole numbers** (units, ranks, durations): at most 1e9 in size. The
  largest FBA catalogs hold tens of millions of units in all; one SKU with a billion units is
  no real report. It keeps every sum over a million SKUs (1e15) exact in a float and far
  from the 64-bit integer limit (9.2e18), where a cast would fail.
* **A price per unit**: at most 1e7 in any currency. Amazon's most expensive listings are
  in the tens of thousands of dollars; 1e7 is about 67,000 US dollars in yen and 120,000 in
  rupees, the currencies with the largest figures, and above anything sold through FBA.
* **Other numbers** (money totals, volumes, days of supply, ratios): at most 1e12 in size.
  A quarter's sales of one SKU in yen or rupees stays below 1e11; 1e12 times a billion units
  is still a finite float, so no product of two stored values overflows.
* **Dates**: from 1990 to 2100. Amazon's reports began long after 1990 and a recommended
  ship date or a season lies years ahead at most; the window keeps every day, month and year
  computed from a date (the next month, a 15th, a season moved to this year) inside Python's
  calendar (years 1 to 9999), which a date in year 0, 9999 or a negative year breaks.
* **The snapshot date** of a report (the day Amazon made it): from 2015, when the reports
  this app reads existed already, to two days after today (a report made today in a time
  zone ahead of the seller's, with a margin). A later date is a wrong cell, and as the newest
  snapshot it would stand in for today in every later score.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypeVar

import polars as pl

WHOLE_MAX = 10**9
PRICE_MAX = 1e7
NUMBER_MAX = 1e12
FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)
FIRST_SNAPSHOT = date(2015, 1, 1)
SNAPSHOT_AHEAD_DAYS = 2


def last_snapshot(today: date | None = None) -> date:
    """The latest snapshot date accepted on ``today`` (default: the computer's date)."""
    return (today or date.today()) + timedelta(days=SNAPSHOT_AHEAD_DAYS)


def computable_date(day: date) -> bool:
    """True if scoring can compute with ``day`` (a stored snapshot's date included)."""
    return FIRST_DATE <= day <= LAST_DATE


_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)


def _keep(name: str, dtype: pl.DataType) -> pl.Expr | None:
    """True where the value of column ``name`` lies within the bounds (None: no bounds)."""
    c = pl.col(name)
    if dtype == pl.Int64:
        return c.abs() <= WHOLE_MAX
    if dtype == pl.Float64:
        return c.is_finite() & (c.abs() <= NUMBER_MAX)
    if dtype == pl.Date:
        return c.is_between(FIRST_DATE, LAST_DATE)
    return None


def computable(frame: _Frame) -> _Frame:
    """``frame`` with every value outside the bounds above read as blank (null): what a
    snapshot stored without these checks holds, scored like a blank cell, never failing the
    account. Lazy frames stay lazy; only the columns a computation reads are checked."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    checks = [
        pl.when(keep).then(pl.col(name)).alias(name)
        for name, dtype in schema.items()
        if (keep := _keep(name, dtype)) is not None
    ]
    return frame.with_columns(checks) if checks else frame


def left_out(
    frame: pl.LazyFrame | pl.DataFrame, columns: Iterable[str] | None = None
) -> dict[str, int]:
    """How many values of each of ``columns`` (default: all) of ``frame``, as stored,
    ``computable`` reads as blank; columns with none are not listed. One pass over those
    columns (a lazy scan reads only them)."""
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    counts = [
        (pl.col(name).is_not_null() & ~keep).sum().alias(name)
        for name in (schema.names() if columns is None else dict.fromkeys(columns))
        if name in schema and (keep := _keep(name, schema[name])) is not None
    ]
    if not counts:
        return {}
    row = frame.lazy().select(counts).collect().row(0, named=True)
    return {name: int(n) for name, n in row.items() if n}
