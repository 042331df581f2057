"""The aging list: SKUs with units aged over 180 days or units to be charged the aged-inventory
surcharge, largest surcharge at the next charge date first.

Suggested action: a SKU that also has excess units gets the excess list's suggestion. Otherwise,
when a surcharge is due: remove or liquidate the aged units if the SKU does not sell, else
promote; when none is due (the aged units sell first, or the storage type is exempt): snooze
until the charge date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import excess, surcharge
from ipitui.core.columns import Case, number, rows_in_order
from ipitui.core.rates import RateCard
from ipitui.format import MoneyFormat, money_expr

COLUMNS = (
    "sku", "asin", "product_name", "available",
    *(b.name for b in surcharge.BUCKETS),
    "aged_units", "next_charge_date", "surcharge_next", "amazon_surcharge", "units_crossing",
    "points_at_stake", "suggested_action", "season", "daily_demand", "excess_units",
    "volume_ft3", "storage_type", "season_start", "season_end", "season_held",
    *excess.REASON_INPUTS,
)  # fmt: skip


def in_list(card: RateCard) -> pl.Expr:
    to_charge = pl.sum_horizontal([pl.col(f"ais_q_{k}") for k in surcharge.tier_keys(card)])
    return ((pl.col("aged_units") > 0) | (to_charge > 0)).fill_null(False)


def aged_units_on_hand() -> pl.Expr:
    """The units over 180 days that removing would take (at most those available)."""
    return pl.min_horizontal(pl.col("aged_units").fill_null(0), pl.col("available").fill_null(0))


def fix_change() -> dict[str, pl.Expr]:
    """What fixing a row means for its points at stake (``core.changes``): its units aged
    over 180 days removed."""
    return {"rm_avail": aged_units_on_hand()}


def suggestion_cases(charge_date: date, fmt: MoneyFormat) -> list[Case]:
    """The suggestion of an aged SKU without excess (those with excess get the excess list's)."""
    aged = aged_units_on_hand()
    clear_action, clear_reason = excess.clear_out_exprs(aged, fmt)
    due = (pl.col("surcharge_next") > 0).fill_null(False)
    surcharge_text = pl.concat_str(
        number(pl.col("aged_units").fill_null(0)),
        pl.lit(f" units over 180 days; surcharge on {charge_date.isoformat()}: "),
        money_expr(pl.col("surcharge_next").fill_null(0), fmt),
    )
    return [
        (
            due & excess.not_selling(),
            {
                "suggested_action": clear_action,
                "reason": pl.concat_str(surcharge_text, pl.lit("; not selling: "), clear_reason),
            },
        ),
        (
            due,
            {
                "suggested_action": pl.lit("promote"),
                "reason": pl.concat_str(
                    surcharge_text, pl.lit("; a promotion sells them before they age further")
                ),
            },
        ),
        (
            pl.lit(True),
            {
                "suggested_action": pl.lit("snooze"),
                "reason": pl.concat_str(
                    surcharge_text,
                    pl.lit("; no surcharge expected: the aged units sell first or are exempt"),
                ),
            },
        ),
    ]


def aging_list(skus: pl.DataFrame, triage: pl.DataFrame) -> pl.DataFrame:
    """The list, from the triage rows (``core.triage``) and the per-SKU numbers ``skus``,
    largest surcharge first."""
    columns = [pl.col("points_aging").alias(c) if c == "points_at_stake" else c for c in COLUMNS]
    return rows_in_order(triage, pl.col("in_aging"), "surcharge_next", columns, more=skus)
