"""The stock-risk list: top sellers that may run out before new stock can arrive.

Top sellers are the ``top_sellers`` SKUs (default 50) with the most 30-day revenue
(``sales-shipped-last-30-days``, else ``t30 · P``). One is at risk when its cover with
inbound ``C = (U + I) / d`` is below ``lead_time + safety`` days (30 + 14). Soonest
stock-out (``U / d`` days) first. Suggested action: **restock** the reorder quantity
``max(0, ceil(d · (lead_time + target_cover)) − (U + I))``.

Points at stake: the in-stock rate counts the last 30 days, so a stock-out hurts the
estimate as it happens. ipitui takes the SKU's share of the next 30 days in stock to be
``min(1, C / 30)`` if nothing is done; the points are what the estimate would lose if its
in-stock share fell to that.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import changes, demand, metrics
from ipitui.core.columns import number
from ipitui.core.factors import Totals
from ipitui.core.history import IN_STOCK_WINDOW_DAYS
from ipitui.core.settings import AccountSettings, StockSettings
from ipitui.format import account_format, money_expr

COLUMNS = (
    "sku", "asin", "product_name", "available", "inbound", "daily_demand", "cover_days",
    "days_to_stockout", "stockout_date", "reorder_qty", "revenue_lost_per_day", "revenue_30d",
    "revenue_rank", "low_inventory_fee", "points_at_stake", "suggested_action", "reason",
    "price", "in_stock_share",
)  # fmt: skip


def reorder_qty_expr(stock: StockSettings) -> pl.Expr:
    """``max(0, ceil(d · (lead_time + target_cover)) − (U + I))``."""
    held = pl.col("available") + pl.col("inbound")
    need = demand.ceil_days(stock.lead_time_days + stock.target_cover_days, pl.col("daily_demand"))
    return (need - held).clip(lower_bound=0).cast(pl.Int64)


def stockout_change() -> dict[str, pl.Expr]:
    """The change a stock-out makes (``core.changes``): the SKU's in-stock share falls to
    ``min(1, C / 30)``. Its points at stake are what that change loses."""
    return {
        "share_after": pl.min_horizontal(
            pl.col("in_stock_share"), pl.col("cover_days") / IN_STOCK_WINDOW_DAYS
        )
    }


def stock_risk_list(
    skus: pl.DataFrame,
    settings: AccountSettings,
    today: date,
    base: Totals,
    base_raw: float | None,
) -> pl.DataFrame:
    stock = settings.stock
    d = pl.col("daily_demand")
    revenue = pl.col("revenue_30d")
    # the top sellers' rows are found on two columns, then only they are gathered whole
    selling = skus.select("revenue_30d", "row").filter(revenue > 0)
    if selling.height > stock.top_sellers:  # keep the sort to the few rows that can make it
        cut = selling.get_column("revenue_30d").top_k(stock.top_sellers).min()
        selling = selling.filter(revenue >= cut)
    order = (
        selling.sort(["revenue_30d", "row"], descending=[True, False])
        .head(stock.top_sellers)
        .get_column("row")
    )
    top = (
        skus[order]
        .with_row_index("revenue_rank", offset=1)
        .with_columns(pl.col("revenue_rank").cast(pl.Int64), **metrics.derived())
    )
    rows = top.filter(pl.col("cover_days") < stock.lead_time_days + stock.safety_days)
    days_left = pl.col("days_of_supply")
    rows = rows.with_columns(
        days_to_stockout=days_left,
        stockout_date=pl.when(days_left.is_finite()).then(
            pl.lit(today) + pl.duration(days=days_left.floor().cast(pl.Int64))
        ),
        reorder_qty=reorder_qty_expr(stock),
        revenue_lost_per_day=d * pl.col("price"),
        suggested_action=pl.lit("restock"),
    )
    rows = changes.with_change_points(rows, stockout_change(), base, base_raw, settings, "lost")
    reason = pl.format(
        "Top seller #{}: runs out in {} days ({}); with inbound {} days of cover, under {}; "
        "reorder {} units (loses {} a day out of stock)",
        pl.col("revenue_rank"),
        number(days_left),
        pl.col("stockout_date").cast(pl.String).fill_null("-"),
        number(pl.col("cover_days")),
        pl.lit(stock.lead_time_days + stock.safety_days),
        number(pl.col("reorder_qty")),
        money_expr(pl.col("revenue_lost_per_day").fill_null(0), account_format(settings)),
    )
    return (
        rows.with_columns(
            points_at_stake=-pl.col("lost"), reason=pl.concat_str(reason, changes.new_asin_note())
        )
        .sort(["days_to_stockout", "row"], nulls_last=True)
        .select(COLUMNS)
    )
