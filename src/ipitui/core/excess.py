"""The excess list: SKUs with excess units, dearest to hold first, and what to do with them.

Suggested action:

* no units shipped (``d = 0``) or units unsold for 6 months (``no-sale-last-6-months``):
  **liquidate** when liquidation's net recovery beats the removal fee (loses less money),
  else **remove**; dangerous goods and SKUs without a price cannot be liquidated;
* still selling but over ``excess_days`` of supply: **promote**, with the suggested discount
  and duration (``core.promotion``).
"""

from __future__ import annotations

import polars as pl

from ipitui.core import fees, promotion, surcharge
from ipitui.core.columns import Case, number, rows_in_order
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings
from ipitui.format import MoneyFormat, account_format, money_expr

# The excess and aging lists' reasons are put in words for the rows shown or written out
# (``core.triage.reasons``), not kept for every row: the lists keep what they read besides the
# per-SKU frame's numbers (``row``: the SKU's row there), as their last columns.
REASON_INPUTS = ("row", "no_sale_6_months")
COLUMNS = (
    "sku", "asin", "product_name", "available", "excess_units", "days_of_supply",
    "daily_demand", "sell_through", "excess_cost_month", "points_at_stake",
    "suggested_action", "season", "removal_cost", "disposal_cost", "liquidation_net", "inbound",
    "price", "volume_ft3", "storage_type", "aged_units", "surcharge_next", "amazon_action",
    "season_start", "season_end", "season_held", *REASON_INPUTS,
)  # fmt: skip


def clear_out_exprs(units: pl.Expr, fmt: MoneyFormat) -> tuple[pl.Expr, pl.Expr]:
    """Remove or liquidate ``units``, whichever loses less money; and the reason's words.
    When a fee's rate is not known, removal is suggested and the reason says that which
    loses less is not known (it never claims one is cheaper)."""
    fee = pl.col("removal_fee_unit") * units
    net = pl.col("liquidation_net_unit") * units
    possible = fees.liquidation_possible()
    liquidate = (net > -fee).fill_null(False)
    action = pl.when(liquidate).then(pl.lit("liquidate")).otherwise(pl.lit("remove"))
    unknown = pl.lit("not known (no rate table)")
    reason = pl.concat_str(
        action,
        pl.lit(" "),
        number(units),
        pl.lit(" units: removing them costs "),
        pl.when(fee.is_null()).then(unknown).otherwise(money_expr(fee, fmt)),
        pl.lit(", liquidating them "),
        pl.when(~possible)
        .then(pl.lit("is not possible (dangerous goods or no price)"))
        .when(net.is_null())
        .then(pl.concat_str(pl.lit("nets an amount "), unknown))
        .otherwise(pl.concat_str(pl.lit("nets "), money_expr(net, fmt))),
        pl.when(possible & (fee.is_null() | net.is_null()))
        .then(pl.lit(": which loses less is not known"))
        .otherwise(pl.lit("")),
    )
    return action, reason


def not_selling() -> pl.Expr:
    return ((pl.col("daily_demand") == 0) | (pl.col("no_sale_6_months") > 0)).fill_null(False)


def suggestion_cases(settings: AccountSettings, units: pl.Expr) -> list[Case]:
    """The suggested action for ``units`` of a SKU and its reason in plain words, per case."""
    clear_action, clear_reason = clear_out_exprs(units, account_format(settings))
    why = (
        pl.when(pl.col("no_sale_6_months") > 0)
        .then(pl.lit("No sale in 6 months: "))
        .otherwise(pl.lit("No units shipped in 90 days: "))
    )
    promote_reason = pl.concat_str(
        pl.lit("Sells "),
        number(pl.col("daily_demand"), 2),
        pl.lit(" a day but holds "),
        number(pl.col("days_of_supply")),
        pl.lit(f" days of supply (over {settings.excess.excess_days}): "),
        number(promotion.discount_expr(settings.promotion), 1),
        pl.lit("% off for "),
        promotion.days_expr(settings.promotion).cast(pl.String),
        pl.lit(" days"),
    )
    return [
        (
            not_selling(),
            {"suggested_action": clear_action, "reason": pl.concat_str(why, clear_reason)},
        ),
        (pl.lit(True), {"suggested_action": pl.lit("promote"), "reason": promote_reason}),
    ]


def fix_change() -> dict[str, pl.Expr]:
    """What fixing a row means for its points at stake (``core.changes``): its excess units
    removed."""
    return {"rm_avail": pl.col("excess_units").fill_null(0)}


def in_list() -> pl.Expr:
    return (pl.col("excess_units") > 0).fill_null(False)


def money_exprs(card: RateCard, surcharge_per_ft3: float) -> dict[str, pl.Expr]:
    """The cost of holding the excess a month, and what clearing it out costs or recovers."""
    e = pl.col("excess_units")
    return {
        "excess_cost_month": fees.storage_saving_expr(e, surcharge_per_ft3)
        + surcharge.saving_expr(card, e),
        "removal_cost": e * pl.col("removal_fee_unit"),
        "disposal_cost": e * pl.col("disposal_fee_unit"),
        "liquidation_net": e * pl.col("liquidation_net_unit"),
    }


def excess_list(skus: pl.DataFrame, triage: pl.DataFrame) -> pl.DataFrame:
    """The list, from the triage rows (``core.triage``) and the per-SKU numbers ``skus``,
    dearest excess first."""
    columns = [pl.col("points_excess").alias(c) if c == "points_at_stake" else c for c in COLUMNS]
    return rows_in_order(triage, pl.col("in_excess"), "excess_cost_month", columns, more=skus)
