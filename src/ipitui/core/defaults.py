"""The defaults of a decision's numbers, as the what-if, the TUI's form and ``ipitui mark``
use them:

* remove, dispose, liquidate: the SKU's excess units plus its stranded units;
* fix listing: all its stranded units;
* restock: the reorder quantity of the stock-risk list;
* promote: the suggested discount and duration (``core.promotion``), the account's uplift;
* snooze: a SKU held for its season (``core.season``), until the season ends; any other
  SKU for :data:`SNOOZE_DAYS`.

:func:`form_defaults` gathers them into what the decision form opens with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from ipitui.core import promotion, season, stock_risk
from ipitui.core.decisions import QUANTITY_ACTIONS, Action, Decision
from ipitui.core.settings import AccountSettings

if TYPE_CHECKING:
    from ipitui.core.prepared import Prepared

SNOOZE_DAYS = 30  # how long a snooze lasts by default (a SKU not held for its season)
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


def form_defaults(
    prepared: Prepared,
    action: Action,
    skus: Sequence[str],
    today: date,
    decisions: Mapping[str, Decision],
) -> dict[str, Any]:
    """What the decision form for ``action`` on ``skus`` opens with: ``count`` and ``today``,
    the account's promotion terms or the snooze date, and for one SKU its own numbers (its
    default quantity, suggested discount, duration and season end) with its current decision's
    quantity and note. Reads the SKU's rows (a scan): call it from a thread."""
    promotion_settings = prepared.settings.promotion
    defaults: dict[str, Any] = {"count": len(skus), "today": today}
    if action is Action.PROMOTE:
        defaults["discount_pct"] = promotion_settings.default_discount_pct
        defaults["uplift_pct"] = promotion_settings.default_uplift_pct
        defaults["days"] = promotion_settings.default_days
    if action is Action.SNOOZE:
        defaults["until"] = today + timedelta(days=SNOOZE_DAYS)
    if len(skus) == 1:
        sku = skus[0]
        defaults["sku"] = sku
        current = decisions.get(sku)
        if action in QUANTITY_ACTIONS:
            quantity = default_quantity(prepared, sku, action)
            if current is not None and current.action is action and current.quantity:
                quantity = current.quantity
            defaults["quantity"] = quantity
        if action is Action.PROMOTE:
            defaults["discount_pct"] = suggested_discount(prepared, sku)
            defaults["days"] = suggested_days(prepared, sku)
        if action is Action.SNOOZE and (until := suggested_until(prepared, sku)):
            defaults["until"] = until  # held for its season: until the season ends
        if current is not None and current.note:
            defaults["note"] = current.note
    return defaults
