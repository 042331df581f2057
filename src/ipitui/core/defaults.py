"""The defaults of a decision's numbers, as the what-if, the TUI's form and ``ipitui mark``
use them:

* remove, dispose, liquidate: the SKU's excess units plus its stranded units;
* fix listing: all its stranded units;
* restock: the reorder quantity of the stock-risk list;
* promote: the suggested discount and duration (``core.promotion``), the account's uplift;
* snooze: a SKU held for its season (``core.season``), until the season ends.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from ipitui.core import promotion, season, stock_risk
from ipitui.core.decisions import Action
from ipitui.core.settings import AccountSettings

if TYPE_CHECKING:
    from ipitui.core.prepared import Prepared

CLEAR_OUT = (Action.REMOVE.value, Action.DISPOSE.value, Action.LIQUIDATE.value)


def default_quantity_expr(settings: AccountSettings) -> pl.Expr:
    """The default quantity for the row's ``action`` (0 for actions without one)."""
    action = pl.col("action")
    stranded_units = pl.col("stranded_units").fill_null(0)
    return (
        pl.when(action.is_in(CLEAR_OUT))
        .then(pl.col("excess_units").fill_null(0) + stranded_units)
        .when(action == Action.FIX.value)
        .then(stranded_units)
        .when(action == Action.RESTOCK.value)
        .then(stock_risk.reorder_qty_expr(settings.stock).fill_null(0))
        .otherwise(0)
        .cast(pl.Int64)
    )


def _row(prepared: Prepared, sku: str) -> pl.DataFrame:
    return prepared.rows_of([sku]).head(1)


def default_quantity(prepared: Prepared, sku: str, action: Action | str) -> int:
    """What the quantity of ``action`` on ``sku`` is when the seller gives none."""
    row = _row(prepared, sku)
    if row.is_empty():
        return 0
    value = row.with_columns(action=pl.lit(Action(action).value)).select(
        default_quantity_expr(prepared.settings)
    )
    return int(value.item() or 0)


def suggested_discount(prepared: Prepared, sku: str) -> float:
    """The suggested promotion discount in percent for ``sku``."""
    row = _row(prepared, sku)
    if row.is_empty():
        return float(prepared.settings.promotion.default_discount_pct)
    return float(row.select(promotion.discount_expr(prepared.settings.promotion)).item())


def suggested_days(prepared: Prepared, sku: str) -> int:
    """The suggested promotion duration in days for ``sku``."""
    row = _row(prepared, sku)
    if row.is_empty():
        return int(prepared.settings.promotion.default_days)
    return int(row.select(promotion.days_expr(prepared.settings.promotion)).item())


def suggested_until(prepared: Prepared, sku: str) -> date | None:
    """The date to snooze ``sku`` until when it is held for its season (None: it is not)."""
    for name in ("excess", "aging"):
        rows = prepared.lists[name]
        if season.HELD not in rows.columns:
            continue
        row = rows.filter((pl.col("sku") == sku) & pl.col(season.HELD)).head(1)
        if row.height:
            return row.select(season.until_expr(prepared.snapshot_date)).item()
    return None
