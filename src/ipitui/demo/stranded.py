"""The Stranded Inventory report: units at Amazon that no sellable listing offers."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from ipitui.demo.catalog import AUTO_REMOVAL_DAYS, STRANDED_REASONS
from ipitui.demo.cells import money
from ipitui.demo.dice import choose
from ipitui.reports.layouts import STRANDED, canon

C = pl.col
_OFFSET_FORMAT = "%Y-%m-%dT%H:%M:%S%:z"  # ISO 8601 with the UTC offset, as Amazon writes it


def _reason(field: int) -> pl.Expr:
    return choose([r[field] for r in STRANDED_REASONS], C("stranded_reason"))


def stranded_report(figures: pl.LazyFrame, day: date) -> pl.LazyFrame:
    """One row per stranded SKU, from the figures of ``day``."""
    # Stranded at a time of day in Seller Central's (Pacific) time zone; between 8 am and
    # 8 pm, a clock time that exists exactly once even on the days clocks change.
    stranded_at = pl.lit(datetime(day.year, day.month, day.day)) + pl.duration(
        days=C("stop"), seconds=C("stranded_second")
    )
    stranded_at = stranded_at.dt.replace_time_zone("America/Los_Angeles")
    removal_at = stranded_at.dt.offset_by(f"{AUTO_REMOVAL_DAYS}d")  # same clock time
    columns = {
        "primary_action": _reason(1),
        "date_stranded": stranded_at.dt.strftime(_OFFSET_FORMAT),
        # Some rows carry no removal date (none scheduled yet).
        "date_to_take_auto_removal": pl.when(C("k") % 10 != 9).then(
            removal_at.dt.strftime(_OFFSET_FORMAT)
        ),
        "status_primary": _reason(2),
        "status_secondary": _reason(3),
        "error_message": _reason(4),
        "stranded_reason": _reason(0),
        "asin": C("asin"),
        "sku": C("sku"),
        "fnsku": C("fnsku"),
        "product_name": C("title"),
        "condition": pl.lit("New"),
        "fulfilled_by": _reason(5),
        "fulfillable_qty": C("on_hand"),
        "your_price": money(C("price_cents")),
        "unfulfillable_qty": C("unsellable"),
        "reserved_quantity": pl.lit(0),
        "inbound_shipped_qty": pl.lit(0),
    }
    rows = figures.filter((C("kind") == "stranded") & (C("stop") <= 0) & (C("on_hand") > 0))
    return rows.select(columns[canon(h)].alias(h) for h in STRANDED)
