"""The rows of the excess and aging lists, scored and explained once.

A SKU is often in both lists and gets one suggestion (with excess, the excess list's; without,
the aging list's), so its words are built once for both. Each list then takes its rows, its
own points at stake (excess: its excess units removed; aging: its units aged over 180 days
removed) and its order.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import aging, changes, excess, metrics
from ipitui.core.columns import per_case
from ipitui.core.factors import Totals
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings

POINTS = ("points_excess", "points_aging")


def triage_rows(
    skus: pl.DataFrame,
    settings: AccountSettings,
    card: RateCard,
    charge_date: date,
    surcharge_per_ft3: float,
    base: Totals,
    base_raw: float | None,
) -> pl.DataFrame:
    rows = (
        skus.lazy().filter(excess.in_list() | aging.in_list(card)).with_columns(**metrics.derived())
    )
    for name, units in zip(
        POINTS, (pl.col("excess_units").fill_null(0), aging.aged_units_on_hand()), strict=True
    ):
        rows = changes.with_change_points(rows, {"rm_avail": units}, base, base_raw, settings, name)
    rows = rows.with_columns(
        **excess.money_exprs(card, surcharge_per_ft3),
        next_charge_date=pl.lit(charge_date),
        in_excess=excess.in_list(),
        in_aging=aging.in_list(card),
    )
    has_excess = excess.in_list()
    cases = [
        (has_excess & condition, exprs)
        for condition, exprs in excess.suggestion_cases(settings, pl.col("excess_units"))
    ]
    cases += aging.suggestion_cases(charge_date)
    keep = dict.fromkeys([c for c in (*excess.COLUMNS, *aging.COLUMNS) if c != "points_at_stake"])
    return per_case(rows, cases, [*keep, *POINTS, "in_excess", "in_aging", "row"])
