"""Money per SKU and per account: next month's storage (base rate plus the storage utilization
surcharge), removal, disposal and liquidation per unit, and the low-inventory-level fee.

Rates come only from a resolved ``RateCard`` (``core.rates``). Storage is estimated on the
units available in the newest snapshot, at the rate of the month after it; the aged-inventory
surcharge is in ``core.aging``. A rate the card does not know gives null per SKU, and a fee
none of whose rates is known (``RateCard.missing``) gives ``None`` in ``Fees``: no amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from ipitui.core.columns import lookup
from ipitui.core.rates import RateCard
from ipitui.core.settings import FeeSettings, LiquidationSettings

PEAK_MONTHS = frozenset({10, 11, 12})
CUBIC_FEET_PER_CUBIC_METRE = 35.3147
# volume-unit-measurement text -> cubic feet per unit of it (blank: cubic feet)
_VOLUME_UNITS = (
    ("centi", 1 / 28316.846592),  # cubic centimeters (before "met": centimeters)
    ("met", CUBIC_FEET_PER_CUBIC_METRE),  # cubic meters / metres
    ("inch", 1 / 1728),
    ("lit", 0.0353147),  # litres
    ("feet", 1.0),
    ("foot", 1.0),
    ("ft", 1.0),
)
CAPACITY_TYPES = ("standard", "oversize", "apparel", "footwear", "flammable", "aerosol")


@dataclass
class Fees:
    """The account's fees; None: no rate table is known for that fee (no amount to show)."""

    storage_next_month: float | None = 0.0
    surcharge_next_charge: float | None = 0.0
    surcharge_by_tier: dict[str, float | None] = field(default_factory=dict)
    next_charge_date: date | None = None
    low_inventory_fee_risk: float | None = 0.0  # per month, at today's demand
    amazon_storage_next_month: float | None = None
    amazon_surcharge_next_charge: float | None = None
    storage_month: date | None = None  # the month the storage estimate is for
    utilization_weeks: float | None = None  # standard-size storage utilization ratio
    utilization_surcharge_per_ft3: float | None = 0.0
    notes: list[str] = field(default_factory=list)


def next_charge_date(snapshot: date) -> date:
    """The first 15th after the snapshot date (the surcharge is assessed on the 15th)."""
    this_month = snapshot.replace(day=15)
    if snapshot < this_month:
        return this_month
    return (snapshot.replace(day=1) + timedelta(days=32)).replace(day=15)


def next_month(snapshot: date) -> date:
    return (snapshot.replace(day=1) + timedelta(days=32)).replace(day=1)


def unit_factor(unit: str | None) -> float | None:
    """Cubic feet per unit of a ``volume-unit-measurement`` text (blank: cubic feet;
    unknown: None)."""
    text = (unit or "").strip().lower()
    if not text:
        return 1.0
    return next((factor for needle, factor in _VOLUME_UNITS if needle in text), None)


def storage_class(storage_type: str | None) -> tuple[str, bool, str]:
    """(size, dangerous goods?, capacity type) of a ``storage-type`` text."""
    t = (storage_type or "").lower()
    oversize = any(w in t for w in ("oversize", "extra", "bulky"))
    dangerous = any(w in t for w in ("flammable", "aerosol", "hazmat", "dangerous"))
    capacity = (
        "oversize"
        if oversize
        else next(
            (kind for kind in ("apparel", "footwear", "flammable", "aerosol") if kind in t),
            "standard",
        )
    )
    return ("oversize" if oversize else "standard"), dangerous, capacity


# size and capacity type as a few known words (a byte a row, not a sixteen-byte text)
CLASS_FIELDS: dict[str, pl.DataType] = {
    "size": pl.Enum(["standard", "oversize"]),
    "dangerous": pl.Boolean(),
    "capacity_type": pl.Enum(CAPACITY_TYPES),
    "ais_exempt": pl.Boolean(),
}


def storage_class_expr(
    storage_type: pl.Expr, values: Iterable[str | None], ais_exempt_types: frozenset[str]
) -> pl.Expr:
    """A struct column of ``size`` (standard/oversize), ``dangerous``, ``capacity_type`` and
    ``ais_exempt`` (no surcharge below 271 days) from storage-type, looked up once per
    distinct text in ``values``."""

    def classify(text: str | None) -> dict[str, object]:
        size, dangerous, capacity = storage_class(text)
        exempt = (text or "").strip().lower() in ais_exempt_types
        return {
            "size": size,
            "dangerous": dangerous,
            "capacity_type": capacity,
            "ais_exempt": exempt,
        }

    return lookup(storage_type, values, classify, pl.Struct(CLASS_FIELDS))


def rate(card: RateCard, key: str) -> pl.Expr:
    """A rate as a Float64 literal (null when the card does not know it)."""
    return pl.lit(card.get(key), dtype=pl.Float64)


def base_rate_expr(card: RateCard, month: date) -> pl.Expr:
    """Storage per cubic foot for the month, by ``size``, ``dangerous`` and, where the table
    prices apparel apart (``storage.apparel``: clothing, shoes, bags), ``capacity_type``; null
    where the rate is not known."""
    peak = "_peak" if month.month in PEAK_MONTHS else ""
    size, dangerous = pl.col("size"), pl.col("dangerous")
    rates = (
        pl.when(dangerous & (size == "oversize"))
        .then(rate(card, f"storage.dangerous_oversize{peak}"))
        .when(dangerous)
        .then(rate(card, f"storage.dangerous_standard{peak}"))
        .when(size == "oversize")
        .then(rate(card, f"storage.oversize{peak}"))
    )
    if f"storage.apparel{peak}" in card.rates:
        apparel = pl.col("capacity_type").is_in(["apparel", "footwear"])
        rates = rates.when(apparel).then(rate(card, f"storage.apparel{peak}"))
    return rates.otherwise(rate(card, f"storage.standard{peak}"))


def utilization_surcharge(
    card: RateCard, volume_ft3: float, shipped_ft3_per_day: float, fees: FeeSettings
) -> tuple[float | None, float | None]:
    """(ratio in weeks, surcharge per cubic foot) for the standard-size units; the surcharge
    is None when the rates that would apply are not known.

    Ratio = inventory volume ÷ average daily shipped volume (over 90 days) ÷ 7.
    """
    if volume_ft3 <= 0:
        return None, 0.0
    weeks = volume_ft3 / shipped_ft3_per_day / 7 if shipped_ft3_per_day > 0 else float("inf")
    if fees.utilization_surcharge_exempt:
        return weeks, 0.0
    if "utilization" in card.missing:
        return weeks, None
    if not card.utilization:
        return weeks, 0.0
    exempt = card.get("utilization.exempt_volume_ft3")
    if exempt is None:
        return weeks, None
    if volume_ft3 <= exempt:
        return weeks, 0.0
    surcharge: float | None = 0.0
    for above, amount in card.utilization:
        if weeks > above:
            surcharge = amount
    return weeks, surcharge


def liquidation_possible() -> pl.Expr:
    """FBA Liquidations takes the SKU: not dangerous goods, and it has a price."""
    return (~pl.col("dangerous") & pl.col("price").is_not_null()).fill_null(False)


def per_unit_fee_exprs(card: RateCard, liquidation: LiquidationSettings) -> dict[str, pl.Expr]:
    """Removal and disposal fee per unit, and liquidation's net recovery per unit (null for
    dangerous goods, which FBA Liquidations does not take, and for SKUs without a price); null
    too where the rate is not known (``liquidation_possible`` tells the two nulls apart)."""
    oversize = pl.col("size") == "oversize"
    gross = pl.col("price") * (liquidation.gross_recovery_pct / 100)
    processing = (
        pl.when(oversize)
        .then(rate(card, "liquidation.processing_oversize"))
        .otherwise(rate(card, "liquidation.processing_standard"))
    )
    return {
        "removal_fee_unit": pl.when(oversize)
        .then(rate(card, "removal.oversize"))
        .otherwise(rate(card, "removal.standard")),
        "disposal_fee_unit": pl.when(oversize)
        .then(rate(card, "disposal.oversize"))
        .otherwise(rate(card, "disposal.standard")),
        "liquidation_net_unit": pl.when(~pl.col("dangerous")).then(
            gross * (1 - liquidation.referral_pct / 100) - processing
        ),
    }


def low_inventory_fee_expr(card: RateCard, fees: FeeSettings, exempt: pl.Expr) -> pl.Expr:
    """The low-inventory-level fee a SKU would pay over the next 30 days at today's demand.

    Historical days of supply: Amazon's short- and long-term columns when present, else
    ``U / (t30 / 30)`` and ``U / (t90 / 90)``. The fee applies to standard-size SKUs when both
    are below the table's limit; the band follows the greater of the two. Null for every SKU
    when the fee's rates are not known.
    """
    if fees.low_inventory_fee_exempt:
        return pl.lit(0.0)
    max_days, min_t7 = card.get("low_inventory.max_days"), card.get("low_inventory.min_units_t7")
    if "low_inventory" in card.missing or max_days is None or min_t7 is None:
        return pl.lit(None, dtype=pl.Float64)
    if not card.low_inventory_bands:
        return pl.lit(0.0)
    short = pl.coalesce(pl.col("hds_short"), pl.col("available") * 30 / pl.col("t30"))
    long = pl.coalesce(pl.col("hds_long"), pl.col("available") * 90 / pl.col("t90"))
    worst = pl.max_horizontal(short, long)
    band = pl.lit(0.0)
    for lo, hi, fee in reversed(card.low_inventory_bands):
        band = (
            pl.when((worst >= lo) & (worst < hi))
            .then(pl.lit(fee, dtype=pl.Float64))
            .otherwise(band)
        )
    selling = (pl.col("t7") >= min_t7).fill_null(False) if min_t7 > 0 else pl.lit(True)
    applies = (
        (pl.col("size") == "standard") & ~exempt & selling & (short < max_days) & (long < max_days)
    ).fill_null(False)
    return pl.when(applies).then(band * pl.col("daily_demand") * 30).otherwise(0.0)


def storage_saving_expr(units: pl.Expr, surcharge_per_ft3: float) -> pl.Expr:
    """Next month's storage saved by ``units`` fewer units of the SKU: the base rate on all of
    them, the utilization surcharge on those older than 30 days (the oldest go first)."""
    surcharged = pl.min_horizontal(units, pl.col("surcharge_units")).clip(lower_bound=0)
    surcharge = pl.when(pl.col("size") == "standard").then(surcharged * surcharge_per_ft3)
    return pl.col("volume_ft3") * (units * pl.col("base_rate") + surcharge.otherwise(0.0))
