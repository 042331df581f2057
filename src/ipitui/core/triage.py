"""The rows of the excess and aging lists, scored once, and their reasons in words.

A SKU is often in both lists and gets one suggestion (with excess, the excess list's; without,
the aging list's), worked out once for both. Each list then takes its rows, its own points at
stake (excess: its excess units removed; aging: its units aged over 180 days removed) and its
order. The reason for a suggestion is put in words only for the rows asked for
(``reasons``): the rows on screen, a SKU's detail, what ``ipitui score`` writes; at a million
SKUs the words of every row would hold about a hundred megabytes.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import aging, changes, excess, fees, metrics, season, surcharge
from ipitui.core.columns import Case, per_case
from ipitui.core.factors import Totals
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings
from ipitui.format import account_format

POINTS = ("points_excess", "points_aging")
# The columns the triage works out for each row, and the per-SKU columns only the lists
# read: the lists gather the others from the per-SKU frame (``WHATIF_COLUMNS``), so that those
# are never copied twice and the list-only ones are held for the lists' rows alone.
WORKED = (
    "excess_cost_month", "removal_cost", "disposal_cost", "liquidation_net", "next_charge_date",
    "sell_through", "suggested_action", "no_sale_6_months", *POINTS, "in_excess", "in_aging",
    "surcharge_next", "aged_units", "storage_type", "amazon_action", "amazon_surcharge",
    "units_crossing", *(b.name for b in surcharge.BUCKETS), *season.LIST_COLUMNS, "row",
)  # fmt: skip


def triage_rows(
    skus: pl.DataFrame,
    tiers: pl.DataFrame,
    settings: AccountSettings,
    card: RateCard,
    charge_date: date,
    surcharge_per_ft3: float,
    base: Totals,
    base_raw: float | None,
    *,
    today: date,
) -> pl.DataFrame:
    """The ``WORKED`` columns of the SKUs in the excess or aging list, in their order (worked
    out a piece of ``skus`` at a time, so that the working columns stay small; the surcharge
    tier columns are those of ``tiers``, ``surcharge.charged_tiers`` of ``skus``)."""
    cases = _suggestion_cases(settings, today, charge_date, surcharge_per_ft3, "suggested_action")

    def worked(piece: pl.DataFrame) -> pl.DataFrame:
        rows = surcharge.with_tiers(tiers, piece, "row").lazy()
        rows = rows.filter(excess.in_list() | aging.in_list(card))
        rows = rows.with_columns(sell_through=metrics.derived()["sell_through"])
        for name, change in zip(POINTS, (excess.fix_change(), aging.fix_change()), strict=True):
            rows = changes.with_change_points(rows, change, base, base_raw, settings, name)
        rows = rows.with_columns(
            **excess.money_exprs(card, surcharge_per_ft3),
            next_charge_date=pl.lit(charge_date),
            in_excess=excess.in_list(),
            in_aging=aging.in_list(card),
        )
        return per_case(rows, cases, WORKED)

    pieces = [
        worked(skus.slice(start, metrics.PIECE_ROWS))
        for start in range(0, max(skus.height, 1), metrics.PIECE_ROWS)
    ]
    return pl.concat(pieces, how="vertical", rechunk=False)


def _suggestion_cases(
    settings: AccountSettings,
    today: date,
    charge_date: date,
    surcharge_per_ft3: float,
    column: str,
) -> list[Case]:
    """One ``column`` of the suggestion cases (the action, or the reason in words). A SKU held
    for its season (``core.season``) is snoozed, whatever else it would be."""
    has_excess = excess.in_list()
    held_units = (
        pl.when(has_excess).then(pl.col("excess_units")).otherwise(aging.aged_units_on_hand())
    )
    storage = fees.storage_saving_expr(held_units, surcharge_per_ft3)
    cases: list[Case] = [
        (
            pl.col(season.HELD),
            {
                "suggested_action": pl.lit("snooze"),
                "reason": season.hold_reason_expr(
                    today, storage, charge_date, account_format(settings)
                ),
            },
        )
    ]
    cases += [
        (has_excess & condition, exprs)
        for condition, exprs in excess.suggestion_cases(settings, pl.col("excess_units"))
    ]
    cases += aging.suggestion_cases(charge_date, account_format(settings))
    if column == "reason":
        return [(c, {column: pl.concat_str(e[column], changes.new_asin_note())}) for c, e in cases]
    return [(condition, {column: exprs[column]}) for condition, exprs in cases]


def reasons(
    rows: pl.DataFrame,
    skus: pl.DataFrame,
    settings: AccountSettings,
    charge_date: date,
    *,
    today: date,
    surcharge_per_ft3: float,
) -> pl.Series:
    """The reason for the suggestion of each of ``rows`` (rows of the excess or aging list,
    with ``excess.REASON_INPUTS`` and the season's columns), from their numbers in the per-SKU
    frame ``skus``."""
    cases = _suggestion_cases(settings, today, charge_date, surcharge_per_ft3, "reason")
    read = {r for condition, exprs in cases for e in (condition, *exprs.values())
            for r in e.meta.root_names()}  # fmt: skip
    own = sorted(read - set(skus.columns))  # the list's own columns (aged units, surcharge)
    at = rows.get_column("row")
    frame = pl.concat(
        [skus.select(sorted(read - set(own)))[at], rows.select(own)], how="horizontal"
    )
    words = per_case(frame.with_row_index("row").lazy(), cases, ["reason"])
    return words.get_column("reason")
