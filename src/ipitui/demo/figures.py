"""Amazon's own figures for a SKU on a day, derived from the stock numbers.

These are what Seller Central would print beside the raw counts (reserved units, its
demand forecast, days of supply, excess, aged-inventory surcharge estimates, restock
advice). Every report of the day reads them from here, so the planning, restock and
Manage FBA Inventory files always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl

from ipitui.demo.words import SEASON_KEYS, SEASONS

C = pl.col

# US aged-inventory surcharge from 15 Jan 2026: (lowest age, highest age or None, report
# label, $ per cubic foot, minimum $ per unit).
AIS_TIERS: tuple[tuple[int, int | None, str, float, float], ...] = (
    (181, 210, "181-210", 0.50, 0.0),
    (211, 240, "211-240", 1.00, 0.0),
    (241, 270, "241-270", 1.50, 0.0),
    (271, 300, "271-300", 5.45, 0.0),
    (301, 330, "301-330", 5.70, 0.0),
    (331, 365, "331-365", 5.90, 0.0),
    (366, 455, "366-455", 6.90, 0.30),
    (456, None, "456-plus", 7.90, 0.35),
)
# US monthly storage, $ per cubic foot from 1 Apr 2024: (Jan-Sep, Oct-Dec).
STANDARD_STORAGE, OVERSIZE_STORAGE = (0.78, 2.40), (0.56, 1.40)
EXCESS_DAYS = 90  # Amazon calls units beyond 90 days of forecast demand excess
LEAD_DAYS, TARGET_DAYS = 30, 45  # restock advice: cover the lead time plus 45 days
LOW_INVENTORY_DAYS = 28  # low-inventory-level fee below 28 days of historical supply
FEE_EXEMPT_WEEKLY_UNITS = 20  # exempt when fewer units sold in the past 7 days


def next_charge_date(day: date) -> date:
    """The next aged-inventory surcharge date: the 15th of this month or the next."""
    if day.day <= 15:
        return day.replace(day=15)
    return (day.replace(day=1) + timedelta(days=32)).replace(day=15)


def _storage_rate(day: date) -> pl.Expr:
    """The monthly storage rate for the month after ``day``."""
    peak = 1 if day.month % 12 + 1 >= 10 else 0
    return pl.when(C("oversize")).then(OVERSIZE_STORAGE[peak]).otherwise(STANDARD_STORAGE[peak])


def _season_columns(day: date) -> dict[str, pl.Expr]:
    """Whether the SKU's season starts within three months of ``day``, its name and dates
    (blank unless it does)."""
    soon: list[str] = ["No"]
    names: list[str | None] = [None]
    starts: list[str | None] = [None]
    ends: list[str | None] = [None]
    for key in SEASON_KEYS[1:]:
        name, peak, before, after = SEASONS[key]
        for year in (day.year - 1, day.year, day.year + 1):
            peak_day = date(year, 1, 1) + timedelta(days=peak - 1)
            start, end = peak_day - timedelta(days=before), peak_day + timedelta(days=after)
            if end >= day:
                break
        upcoming = start <= day + timedelta(days=90)
        soon.append("Yes" if upcoming else "No")
        names.append(name if upcoming else None)
        starts.append(start.isoformat() if upcoming else None)
        ends.append(end.isoformat() if upcoming else None)
    values: dict[str, Sequence[str | None]] = {
        "seasonal_soon": soon,
        "season_name": names,
        "season_start": starts,
    }
    values["season_end"] = ends
    return {
        column: pl.lit(pl.Series(items, dtype=pl.String)).gather(C("season"))
        for column, items in values.items()
    }


def figures(frame: pl.LazyFrame, day: date) -> pl.LazyFrame:
    """Add Amazon's figures for ``day`` to a frame of catalog and stock columns."""
    units, shipped_7 = C("available"), C("shipped_7")
    stock = frame.with_columns(
        (C("transfer_share") * units).floor().cast(pl.Int64).alias("fc_transfer"),
        (C("processing_share") * units).floor().cast(pl.Int64).alias("fc_processing"),
        pl.when(units > 0)
        .then(
            pl.min_horizontal(
                units, (shipped_7 / 7 * C("order_days")).round(0).cast(pl.Int64, strict=False)
            )
        )
        .otherwise(0)
        .alias("customer_order"),
        pl.lit(0, dtype=pl.Int64).alias("staging"),
        # Amazon's demand forecast: the t30, t60 and t90 rates blended (per day).
        (
            C("shipped_30") / 30 * 0.5 + C("shipped_60") / 60 * 0.25 + C("shipped_90") / 90 * 0.25
        ).alias("daily"),
        ((units + C("available_30") + C("available_60") + C("available_90")) / 4).alias(
            "average_units"
        ),
        pl.when(C("arrives_in") <= 3).then(C("inbound")).otherwise(0).alias("inbound_received"),
        pl.when((C("arrives_in") > 3) & (C("arrives_in") <= 12))
        .then(C("inbound"))
        .otherwise(0)
        .alias("inbound_shipped"),
        pl.when(C("arrives_in") > 12).then(C("inbound")).otherwise(0).alias("inbound_working"),
    )
    daily, selling = C("daily"), C("daily") > 0
    stock = stock.with_columns(
        (C("fc_transfer") + C("fc_processing") + C("customer_order") + C("staging")).alias(
            "reserved"
        ),
        (units + C("fc_transfer") + C("fc_processing")).alias("supply"),
        pl.when(selling)
        .then((units / daily).round(0).cast(pl.Int64, strict=False))
        .alias("days_of_supply"),
        pl.when(selling)
        .then((units - (daily * EXCESS_DAYS).ceil().cast(pl.Int64, strict=False)).clip(0, None))
        .otherwise(units)
        .alias("excess"),
        pl.when(selling & (C("shipped_60") > 0))
        .then(
            (
                (daily * (LEAD_DAYS + TARGET_DAYS)).ceil().cast(pl.Int64, strict=False)
                - units
                - C("inbound")
            ).clip(0, None)
        )
        .otherwise(0)
        .alias("ship_in"),
        pl.when(C("shipped_30") > 0)
        .then(units / (C("shipped_30") / 30))
        .alias("short_supply_days"),
        pl.when(C("shipped_90") > 0)
        .then(C("average_units") / (C("shipped_90") / 90))
        .alias("long_supply_days"),
        pl.when(C("shipped_180") == 0).then(C("older_180")).otherwise(0).alias("unsold_6_months"),
    )
    stock = _ais(stock)
    storage_cost = (units + C("reserved")) * C("volume") * _storage_rate(day) + C("ais_total")
    exempt = (shipped_7 < FEE_EXEMPT_WEEKLY_UNITS) | C("oversize")
    low = (C("short_supply_days") < LOW_INVENTORY_DAYS) & (
        C("long_supply_days") < LOW_INVENTORY_DAYS
    )
    stock = stock.with_columns(
        storage_cost.alias("storage_cost"),
        exempt.alias("fee_exempt"),
        (~exempt & low.fill_null(False)).alias("fee_applied"),
        # Ship now, or once the units on hand fall to the lead time's worth.
        pl.when(C("ship_in") > 0)
        .then(
            pl.lit(day)
            + pl.duration(days=(C("days_of_supply").fill_null(0) - LEAD_DAYS).clip(0, 60))
        )
        .alias("ship_in_date"),
        _recommended_action().alias("recommended_action"),
        **_season_columns(day),
    )
    return stock


def _ais(stock: pl.LazyFrame) -> pl.LazyFrame:
    """Units in each surcharge tier on the next charge date, and Amazon's estimate (blank
    without an item volume)."""
    columns = {}
    for low, high, label, per_cubic_foot, per_unit in AIS_TIERS:
        units = C(f"charged_{low - 1}") - (C(f"charged_{high}") if high else 0)
        per_item = C("volume") * per_cubic_foot
        if per_unit:  # the greater of the volume rate and the unit rate
            per_item = pl.when(per_item.is_not_null()).then(pl.max_horizontal(per_item, per_unit))
        columns[f"ais_units_{label}"] = units
        columns[f"ais_cents_{label}"] = (units * per_item * 100).round(0).cast(pl.Int64)
    stock = stock.with_columns(**columns)
    return stock.with_columns(
        (pl.sum_horizontal(C(f"ais_cents_{t[2]}") for t in AIS_TIERS) / 100).alias("ais_total")
    )


def _recommended_action() -> pl.Expr:
    units, excess = C("available"), C("excess")
    return (
        pl.when((C("kind") == "stranded") & (units == 0))
        .then(pl.lit("Edit listing"))
        .when((units == 0) & (C("shipped_60") > 0))
        .then(pl.lit("Restock"))
        .when((units > 0) & (C("shipped_180") == 0))
        .then(pl.lit("Create removal order"))
        .when((excess > 0) & (C("shipped_30") == 0))
        .then(pl.lit("Create removal order"))
        .when((excess > 0) & (C("rank") % 2 == 0))
        .then(pl.lit("Create Outlet deal"))
        .when(excess > 0)
        .then(pl.lit("Lower price"))
        .when(C("ship_in") > 0)
        .then(pl.lit("Restock"))
        .when(C("alert") == "Low traffic")
        .then(pl.lit("Advertise listing"))
        .when(C("alert") == "Low conversion")
        .then(pl.lit("Improve keywords"))
        .otherwise(pl.lit("NoRestockExcessActionRequired"))
    )


def sales_rank(daily: pl.Expr) -> pl.Expr:
    """A best-seller rank that falls as sales rise (1 is the best)."""
    return (25_000 * C("rank_noise") / (daily + 0.05) ** 0.9).round(0).cast(
        pl.Int64, strict=False
    ) + 1
