"""Seasons: a SKU held for its coming season is never suggested for clearing out.

The planning report (2026) carries ``is-seasonal-in-next-3-months``, ``season-name``,
``season-start-date`` and ``season-end-date``. A SKU is **held** for its season when

* its season starts within three months of the snapshot date or is under way (start on or
  before the snapshot date plus three calendar months, end on or after the snapshot date);
  with a start but no end, when the start falls in those three months; or
* the report says ``is-seasonal-in-next-3-months`` = Yes, unless its season end is known and
  already past. A Yes without dates holds it until three months after the snapshot date,
  when a newer report says more.

A season that ends before it starts is not a season: those dates are ignored (the import
names such SKUs) and only the Yes/No column counts. A SKU whose season has ended is treated
as any other.

A held SKU's suggestion is **snooze** until its season ends (or three months on when the end
is not given), whatever else it would be; its points at stake still show what holding costs.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date, timedelta

import polars as pl

from ipitui.core.columns import TEXT, col, date_col, lookup
from ipitui.format import MoneyFormat, money_expr

HORIZON_MONTHS = 3  # "in the next 3 months"
YES_WORDS = ("y", "true", "1")  # how the report says Yes (any case)
# The per-SKU columns (``metrics``) and the list columns: the season's name, its dates and
# whether the SKU is held for it (``held_expr``; worked out in ``core.measure``).
NAME, START, END, FLAG, HELD = "season", "season_start", "season_end", "season_flag", "season_held"
LIST_COLUMNS = (NAME, START, END, HELD)
# The report's columns scoring reads.
INPUTS = ("is_seasonal_in_next_3_months", "season_name", "season_start_date", "season_end_date")
FLAG_INPUT = INPUTS[0]


def _is_yes(text: str | None) -> bool:
    return (text or "").strip().lower().startswith(YES_WORDS)


def input_exprs(c: Collection[str], flags: list[str | None]) -> dict[str, pl.Expr]:
    """The season columns of a planning frame with columns ``c`` (``flags``: the distinct
    texts of its Yes/No column). The name is categorical (a handful of names, a million
    rows); dates that end before they start are left out (null)."""
    start, end = date_col(c, "season_start_date"), date_col(c, "season_end_date")
    inverted = (end < start).fill_null(False)
    return {
        NAME: col(c, "season_name", TEXT).str.strip_chars().cast(pl.Categorical),
        START: pl.when(inverted).then(None).otherwise(start),
        END: pl.when(inverted).then(None).otherwise(end),
        FLAG: lookup(col(c, FLAG_INPUT, TEXT), flags, _is_yes, pl.Boolean),
    }


def horizon(today: date) -> date:
    """Three calendar months after ``today`` (the 31st becomes the month's last day)."""
    month = today.month - 1 + HORIZON_MONTHS
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def held_expr(today: date) -> pl.Expr:
    """Whether the SKU is held for its season on ``today`` (see the module's rule)."""
    start, end, flag = pl.col(START), pl.col(END), pl.col(FLAG).fill_null(False)
    soon = horizon(today)
    dated = start.is_not_null() & end.is_not_null() & (start <= soon) & (end >= today)
    start_only = start.is_not_null() & end.is_null() & (start >= today) & (start <= soon)
    ended = (end < today).fill_null(False)
    return (dated | start_only | (flag & ~ended)).fill_null(False)


def until_expr(today: date) -> pl.Expr:
    """The date a held SKU is snoozed until: its season's end (a day after ``today`` when the
    season ends today), else three months on."""
    end = pl.col(END)
    return (
        pl.when(end > today)
        .then(end)
        .when(end == today)
        .then(pl.lit(today + timedelta(days=1)))
        .otherwise(pl.lit(horizon(today)))
    )


def _dates_text() -> pl.Expr:
    start, end = pl.col(START).cast(TEXT), pl.col(END).cast(TEXT)
    return (
        pl.when(start.is_not_null() & end.is_not_null())
        .then(pl.concat_str(start, pl.lit(" to "), end))
        .when(start.is_not_null())
        .then(pl.concat_str(pl.lit("from "), start))
        .when(end.is_not_null())
        .then(pl.concat_str(pl.lit("until "), end))
        .otherwise(pl.lit("dates not given"))
    )


def label_expr() -> pl.Expr:
    """``Seasonal (Halloween, 2026-09-01 to 2026-10-31)``."""
    name = pl.col(NAME).cast(TEXT).fill_null("season not named")
    return pl.concat_str(pl.lit("Seasonal ("), name, pl.lit(", "), _dates_text(), pl.lit(")"))


def hold_reason_expr(
    today: date, storage_month: pl.Expr, charge_date: date, fmt: MoneyFormat
) -> pl.Expr:
    """The reason of a held SKU's snooze, with what holding costs: ``storage_month`` (the
    units at stake's storage next month) and the SKU's surcharge at ``charge_date``."""
    until = until_expr(today).cast(TEXT)
    then = pl.when(pl.col(END) > today).then(pl.lit("; then promote what is left. "))
    then = then.otherwise(pl.lit("; then look again with a newer report. "))
    return pl.concat_str(
        label_expr(),
        pl.lit(": hold for the season, snooze until "),
        until,
        then,
        pl.lit("Holding costs "),
        pl.when(storage_month.is_null())
        .then(pl.lit("unknown (no item volume)"))
        .otherwise(money_expr(storage_month, fmt)),
        pl.lit(" storage a month and "),
        pl.when(pl.col("surcharge_next").is_null())
        .then(pl.lit("an unknown (no rate table)"))
        .otherwise(money_expr(pl.col("surcharge_next"), fmt)),
        pl.lit(f" surcharge on {charge_date.isoformat()}"),
    )
