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

from ipitui.core import changes, excess, surcharge
from ipitui.core.columns import money, number, per_case
from ipitui.core.factors import Totals
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings

COLUMNS = (
    "sku", "asin", "product_name", "available",
    *(b.name for b in surcharge.BUCKETS),
    "aged_units", "next_charge_date", "surcharge_next", "amazon_surcharge", "units_crossing",
    "points_at_stake", "suggested_action", "reason", "daily_demand", "excess_units",
    "volume_ft3", "storage_type",
)  # fmt: skip


def aging_list(
    skus: pl.DataFrame,
    settings: AccountSettings,
    card: RateCard,
    charge_date: date,
    base: Totals,
    base_raw: float | None,
) -> pl.DataFrame:
    to_charge = pl.sum_horizontal([pl.col(f"ais_q_{k}") for k in surcharge.tier_keys(card)])
    aged = pl.min_horizontal(pl.col("aged_units").fill_null(0), pl.col("available").fill_null(0))
    has_excess = (pl.col("excess_units") > 0).fill_null(False)
    clear_action, clear_reason = excess.clear_out_exprs(aged)
    due = (pl.col("surcharge_next") > 0).fill_null(False)
    surcharge_text = pl.concat_str(
        number(pl.col("aged_units").fill_null(0)),
        pl.lit(f" units over 180 days; surcharge on {charge_date.isoformat()}: "),
        money(pl.col("surcharge_next").fill_null(0)),
    )
    cases = [
        (has_excess & condition, exprs)
        for condition, exprs in excess.suggestion_cases(settings, pl.col("excess_units"))
    ]
    cases += [
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
    rows = changes.with_change_points(
        skus.lazy().filter((pl.col("aged_units") > 0) | (to_charge > 0)),
        {"rm_avail": aged},
        base,
        base_raw,
        settings,
    ).with_columns(next_charge_date=pl.lit(charge_date))
    return per_case(rows, cases, COLUMNS).sort(
        "surcharge_next", descending=True, nulls_last=True, maintain_order=True
    )
