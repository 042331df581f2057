"""The demo seller's catalog: who every SKU is and how it behaves over time.

One row per SKU, built for all rows at once from seeded draws (no Python loop over rows).
Every SKU has a *kind* (best seller, steady seller, dead stock …) that fixes its demand,
how it is replenished and what happens to it (a stock-out, a stranded listing). Times are
whole days relative to the newest snapshot (0 = today, negative = the past); ``NEVER`` is a
day that never comes. ``stock.py`` turns these parameters into the numbers of any day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from ipitui.demo.dice import ROW, Dice, choose
from ipitui.demo.words import (
    BRANDS,
    DESCRIPTORS,
    PRODUCTS,
    SEASON_KEYS,
    SEASONAL_PRODUCTS,
    SEASONS,
    SUPPLIERS,
    VARIANTS,
)

MAX_SKUS = 10_000_000
NEVER = 1_000_000
ORIGIN = -3000  # replenished SKUs have sold since this day
DEAD_DAYS = 181  # dead stock has not sold for at least this many days
LEFTOVER_EVERY = 3  # one dead SKU in this many is a seasonal product left from its season


@dataclass(frozen=True)
class Habit:
    """How one kind of SKU behaves; each SKU draws its own values from these ranges."""

    share: float  # of the catalog
    rate: tuple[float, float]  # demand, units a day (drawn log-uniformly)
    cycle: tuple[int, int] = (1, 1)  # days between shipments (replenished kinds)
    cover: tuple[int, int] = (0, 0)  # days of demand each shipment adds beyond the next one
    lot_age: tuple[int, int] = (0, 0)  # days since the first lot arrived (the other kinds)


# Replenished kinds first, then the ones sold off lots.
HABITS: dict[str, Habit] = {
    # best sellers; a third of them stocked out in the last month
    "best": Habit(0.03, (8, 120), (14, 35), (7, 30)),
    # steady sellers, replenished on a cycle; one in seven missed a shipment lately
    "steady": Habit(0.34, (0.3, 8), (21, 60), (10, 45)),
    # selling, but shipped months of cover at a time
    "overstock": Habit(0.08, (0.2, 3), (30, 90), (120, 420)),
    # demand swings with a season
    "seasonal": Habit(0.08, (0.5, 12), (30, 30), (20, 60)),
    # days away from stocking out; half have no shipment planned
    "low_stock": Habit(0.05, (3, 60), (21, 45), (0, 3)),
    # units at Amazon without a sellable listing
    "stranded": Habit(0.05, (0.2, 6), (30, 60), (10, 40)),
    # a trickle of sales off one or two old lots
    "slow": Habit(0.20, (0.005, 0.25), lot_age=(60, 800)),
    # no sale in over six months; one in three is a seasonal product left from its season
    "dead": Habit(0.10, (0.01, 0.3), lot_age=(211, 900)),
    # launched in the last three months
    "new": Habit(0.07, (0.2, 5), lot_age=(7, 85)),
}
KIND = pl.Enum(list(HABITS))
REPLENISHED = ("best", "steady", "overstock", "seasonal", "low_stock", "stranded")

# Model families, in catalog order: each is computed with its own (simpler) expressions.
PLAIN, WINDOW, LOTS = 0, 1, 2

# stranded-reason, primary-action, status-primary, status-secondary, error-message,
# fulfilled-by
STRANDED_REASONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Listing closed", "Relist", "inactive", "Closed",
     "The listing was closed by the seller.", "Amazon"),
    ("No listing exists", "Create a new listing", "inactive", "Deleted",
     "There is no listing for this SKU.", "Amazon"),
    ("Pricing error", "Relist", "inactive", "Pricing error",
     "Potential pricing error: the price is far from the recent average price.", "Amazon"),
    ("Incomplete listing", "Relist", "incomplete", "Missing information",
     "Required attribute 'item_type_keyword' is missing.", "Amazon"),
    ("Fulfilled by merchant", "Change to Fulfilled by Amazon", "active", "Merchant fulfilled",
     "The offer is merchant fulfilled but the units are at an Amazon fulfillment center.",
     "Merchant"),
    ("Listing suppressed", "Relist", "inactive", "Search suppressed",
     "The main image does not meet the image requirements.", "Amazon"),
    ("ASIN not eligible for FBA", "Create removal order", "inactive", "Restricted",
     "This product is not eligible for Fulfillment by Amazon.", "Amazon"),
    ("Listing blocked", "Create removal order", "inactive", "Blocked",
     "The listing is blocked pending a product safety review.", "Amazon"),
)  # fmt: skip
AUTO_REMOVAL_DAYS = 90  # after date-stranded

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = {1: list(_ALPHABET), 2: [a + b for a in _ALPHABET for b in _ALPHABET]}


def _base36(value: pl.Expr, width: int) -> pl.Expr:
    """``value`` (UInt64, below 36**width) as ``width`` upper-case base-36 digits."""
    # Two digits at a time from a table of all 1,296 pairs (a leading single if odd).
    parts, left = [], width
    while left:
        size = 2 if left % 2 == 0 else 1
        left -= size
        digits = ((value // (36**left)) % (36**size)).cast(pl.UInt32)
        parts.append(choose(_DIGITS[size], digits))
    return pl.concat_str(parts)


def _unique_code(row: pl.Expr, width: int, seed: int, salt: int) -> pl.Expr:
    """A code unique per row: an affine bijection of the row index modulo 36**width."""
    space = 36**width
    # A multiplier prime to 36 (odd, not a multiple of 3) makes i -> (a*i + b) mod 36**w a
    # bijection. Near 0.6 * 36**w it scatters neighbouring rows over the whole range, and
    # with at most MAX_SKUS rows the product stays below 2**64.
    a = int(space * (0.5 + ((seed * 0.6180339887 + salt * 0.7548776662) % 1) * 0.14)) | 1
    while a % 3 == 0:
        a += 2
    b = (seed * 2_654_435_761 + salt * 40_503) % space
    return _base36((row * a + b) % space, width)


def _by_kind(kind: pl.Expr, values: dict[str, pl.Expr | float | int], default=None) -> pl.Expr:
    expr = pl.lit(default)
    for name, value in reversed(list(values.items())):
        expr = pl.when(kind == name).then(value).otherwise(expr)
    return expr


def _per_kind(unit: pl.Expr, ranges: list[tuple[float, float]], *, log: bool = False) -> pl.Expr:
    """A draw in each SKU's kind's range, from one uniform ``unit`` in [0, 1).

    ``log``: log-uniform (many small values, a few large); otherwise a whole number from
    the inclusive range.
    """

    def per_kind(values: list[float]) -> pl.Expr:
        return pl.lit(pl.Series(values, dtype=pl.Float64)).gather(pl.col("kind_index"))

    low = per_kind([math.log(lo) if log else lo for lo, _ in ranges])
    high = per_kind([math.log(hi) if log else hi + 1 for _, hi in ranges])
    value = low + unit * (high - low)
    return value.exp() if log else value.floor().cast(pl.Int64)


def build_catalog(skus: int, seed: int) -> pl.DataFrame:
    """Every SKU with its identity, price, volume and behaviour, in model-family order."""
    dice = Dice(seed)
    frame = pl.DataFrame({ROW: pl.int_range(0, skus, dtype=pl.UInt64, eager=True)})
    # A seeded permutation deals the kinds out in exact shares, so that even a small
    # catalog has every kind; ``k`` numbers the SKUs of a kind for their sub-variants.
    starts, total = [], 0.0
    for habit in HABITS.values():
        starts.append(math.floor(total * skus + 1e-9))
        total += habit.share
    frame = frame.with_columns(
        (dice.bits("order").rank("ordinal") - 1).cast(pl.Int64).alias("rank")
    ).sort("rank")
    kind_index = pl.sum_horizontal([(pl.col("rank") >= s).cast(pl.Int32) for s in starts]) - 1
    frame = frame.with_columns(kind_index.alias("kind_index")).with_columns(
        choose(list(HABITS), pl.col("kind_index")).cast(KIND).alias("kind"),
        (
            pl.col("rank") - pl.lit(pl.Series(starts, dtype=pl.Int64)).gather(pl.col("kind_index"))
        ).alias("k"),
    )
    frame = _identity(frame, dice, seed)
    frame = _behaviour(frame, dice)
    return frame.sort("family", "rank")


def _identity(frame: pl.DataFrame, dice: Dice, seed: int) -> pl.DataFrame:
    kind, k = pl.col("kind"), pl.col("k")
    seasonal = kind == "seasonal"
    # A third of the dead stock is last season's leftovers: seasonal products in turn, so
    # that even a small catalog has some whose season is near (held for it) and some whose
    # season is far away (cleared out).
    leftover = (kind == "dead") & (k % LEFTOVER_EVERY == LEFTOVER_EVERY - 1)
    turn = (k // LEFTOVER_EVERY) % len(SEASONAL_PRODUCTS)
    product = (
        pl.when(seasonal)
        .then(dice.pick("seasonal product", len(SEASONAL_PRODUCTS)) + len(PRODUCTS))
        .when(leftover)
        .then(turn.cast(pl.UInt32) + len(PRODUCTS))
    )
    products = PRODUCTS + SEASONAL_PRODUCTS
    frame = frame.with_columns(
        product.otherwise(dice.pick("product", len(PRODUCTS))).alias("product"),
        dice.pick("brand", len(BRANDS)).alias("brand"),
        dice.pick("variant", len(VARIANTS)).alias("variant"),
        dice.pick("descriptor", len(DESCRIPTORS)).alias("descriptor"),
    )
    descriptor = choose(DESCRIPTORS, pl.col("descriptor"))
    title = pl.concat_str(
        choose([b for b, _ in BRANDS], pl.col("brand")),
        pl.lit(" "),
        choose([p.name for p in products], pl.col("product")),
        pl.when(descriptor == "").then(pl.lit("")).otherwise(pl.lit(" ") + descriptor),
        pl.lit(", "),
        choose([v for v, _ in VARIANTS], pl.col("variant")),
    )
    row = pl.col(ROW)
    sku = pl.concat_str(
        choose([c for _, c in BRANDS], pl.col("brand")),
        choose([p.code for p in products], pl.col("product")),
        _unique_code(row, 6, seed, 1),
        choose([c for _, c in VARIANTS], pl.col("variant")),
        separator="-",
    )
    oversize = pl.lit(pl.Series([p.oversize for p in products])).gather(pl.col("product"))
    cents = (
        pl.when(oversize)
        .then(dice.log_uniform("price", 30, 250))
        .otherwise(dice.log_uniform("price", 6, 80))
        .floor()
        .cast(pl.Int64)
        * 100
    )
    cents = cents + choose(["99", "49", "95", "00", "99"], dice.pick("cents", 5)).cast(pl.Int64)
    volume = (
        pl.when(oversize)
        .then(dice.log_uniform("volume", 1.2, 5.0))
        .otherwise(dice.log_uniform("volume", 0.01, 1.0))
        .round(4)
    )
    has_supplier = dice.chance("has supplier", 0.4)
    return frame.with_columns(
        sku.alias("sku"),
        pl.concat_str(pl.lit("X00"), _unique_code(row, 7, seed, 2)).alias("fnsku"),
        pl.concat_str(pl.lit("B0"), _unique_code(row, 8, seed, 3)).alias("asin"),
        title.alias("title"),
        choose([p.group for p in products], pl.col("product")).alias("product_group"),
        pl.lit(pl.Series([SEASON_KEYS.index(p.season) for p in products], dtype=pl.UInt32))
        .gather(pl.col("product"))
        .alias("season"),
        oversize.alias("oversize"),
        # A few listings have no price or no volume: those cells are blank in every report.
        pl.when(pl.col("rank") % 97 == 13).then(None).otherwise(cents).alias("price_cents"),
        pl.when(pl.col("rank") % 89 == 7).then(None).otherwise(volume).alias("volume"),
        pl.when(has_supplier)
        .then(choose(SUPPLIERS, dice.pick("supplier", len(SUPPLIERS))))
        .alias("supplier"),
        pl.when(has_supplier)
        .then(pl.concat_str(pl.lit("SP-"), dice.integer("part", 10000, 99999).cast(pl.String)))
        .alias("supplier_part"),
    )


def _behaviour(frame: pl.DataFrame, dice: Dice) -> pl.DataFrame:
    kind, k = pl.col("kind"), pl.col("k")
    habits = list(HABITS.values())
    rate = _per_kind(dice.uniform("rate"), [h.rate for h in habits], log=True)
    cycle = _per_kind(dice.uniform("cycle"), [h.cycle for h in habits])
    cover = _per_kind(dice.uniform("cover"), [h.cover for h in habits])
    # Sales stop on ``stop`` and resume on ``resume``; arrivals due from ``missed`` until
    # ``resume`` do not come (a missed shipment), so stock runs out ``cover`` days later.
    stop = _by_kind(
        kind,
        {
            "best": pl.when(k % 3 == 0).then(-dice.integer("stop", 3, 30)),
            "steady": pl.when(k % 7 == 3).then(-dice.integer("stop", 0, 91)),
            "low_stock": dice.integer("stop", 2, 14),
            # Stranded for 1 to 82 days, or 83 to 89: days away from automatic removal.
            "stranded": pl.when(k % 3 == 0)
            .then(-dice.integer("stop", AUTO_REMOVAL_DAYS - 7, AUTO_REMOVAL_DAYS - 1))
            .otherwise(-dice.integer("stop", 1, AUTO_REMOVAL_DAYS - 8)),
        },
    )
    outage = _by_kind(
        kind,
        {
            "best": dice.integer("outage", 5, 25),
            "steady": dice.integer("outage", 4, 15),
            "low_stock": dice.integer("outage", 10, 40),
        },
        default=NEVER,
    )
    frame = frame.with_columns(
        rate.alias("rate"),
        cycle.cast(pl.Int64).alias("cycle"),
        cover.cast(pl.Int64).alias("cover"),
        stop.cast(pl.Int64).fill_null(NEVER).alias("stop"),
        outage.cast(pl.Int64).alias("outage"),
        kind.is_in(list(REPLENISHED)).alias("replenished"),
    )
    stop = pl.col("stop")
    missed = pl.when(kind == "stranded").then(stop).otherwise(stop - pl.col("cover"))
    resume = (
        pl.when(stop >= NEVER).then(NEVER).otherwise((stop + pl.col("outage")).clip(None, NEVER))
    )
    family = (
        pl.when(~pl.col("replenished")).then(LOTS).when(stop < NEVER).then(WINDOW).otherwise(PLAIN)
    )
    frame = frame.with_columns(
        missed.alias("missed"),
        resume.alias("resume"),
        family.cast(pl.Int8).alias("family"),
    )
    # A missed shipment is one that was due: put the replenishment cycle through it.
    phase = (
        pl.when((pl.col("family") == WINDOW) & (kind != "stranded"))
        .then(pl.col("missed") % pl.col("cycle"))
        .otherwise(dice.integer("phase", 0, 10_000) % pl.col("cycle"))
    )

    peaks = [SEASONS[key][1] if key else 0 for key in SEASON_KEYS]
    season_peak = pl.lit(pl.Series(peaks, dtype=pl.Int64)).gather(pl.col("season"))
    seasonal = kind == "seasonal"
    # Lots: sold from one or two lots received ``lot1``/``lot2`` days ago (never restocked).
    lot1 = _per_kind(dice.uniform("lot1"), [h.lot_age for h in habits])
    lot1 = pl.when(pl.col("replenished")).then(ORIGIN).otherwise(-lot1)
    frame = frame.with_columns(
        phase.cast(pl.Int64).alias("phase"),
        pl.when(seasonal).then(0.85).otherwise(0.1).alias("season_amp"),
        pl.when(seasonal)
        .then(season_peak)
        .otherwise(dice.integer("peak", 1, 365))
        .cast(pl.Int64)
        .alias("peak_day"),
        dice.uniform("fraction").alias("phi"),
        lot1.cast(pl.Int64).alias("lot1"),
        # Replenished SKUs see a shipment this many days before it arrives.
        pl.when(kind == "low_stock")
        .then(pl.when(k % 2 == 0).then(60).otherwise(-1))
        .otherwise(dice.integer("visible", 7, 28))
        .alias("visible"),
    )
    lot1 = pl.col("lot1")
    # Dead stock stopped selling 181+ days ago (before that it sold a little).
    span = -DEAD_DAYS - lot1  # at least 30 days: dead lots are over 210 days old
    demand_end = pl.when(kind == "dead").then(
        lot1 + 1 + (dice.uniform("demand end") * (span - 1)).floor().cast(pl.Int64)
    )
    lot2_share = pl.when(kind == "new").then(0.0).otherwise(dice.uniform("lot2 share", 0, 0.7))
    units_now = _by_kind(
        kind,
        {
            "slow": dice.log_uniform("units", 5, 400),
            "dead": dice.log_uniform("units", 3, 600),
            "new": pl.col("rate") * dice.integer("units", 30, 250),
        },
        default=0,
    )
    return frame.with_columns(
        pl.when(demand_end.is_null()).then(NEVER).otherwise(demand_end).alias("demand_end"),
        (lot1 + (dice.uniform("lot2") * (-lot1)).floor().cast(pl.Int64)).alias("lot2"),
        lot2_share.alias("lot2_share"),
        units_now.floor().cast(pl.Int64).alias("units_now"),
        # Per-SKU habits for the reserved and unsellable columns.
        pl.when(dice.chance("transfer", 0.2))
        .then(dice.uniform("transfer share", 0.02, 0.15))
        .otherwise(0.0)
        .alias("transfer_share"),
        pl.when(dice.chance("processing", 0.1))
        .then(dice.uniform("processing share", 0.01, 0.08))
        .otherwise(0.0)
        .alias("processing_share"),
        dice.uniform("order days", 0.5, 2.0).alias("order_days"),
        pl.when(dice.chance("unsellable", 0.12))
        .then(dice.integer("unsellable units", 1, 12))
        .otherwise(0)
        .alias("unsellable"),
        pl.when((kind == "dead") & (k % 4 == 0))
        .then(dice.integer("pending removal", 1, 20))
        .otherwise(0)
        .alias("pending_removal"),
        pl.when(kind.is_in(["slow", "dead"]) & (k % 5 == 0))
        .then(pl.lit("Low traffic"))
        .when(kind.is_in(["slow", "overstock"]) & (k % 5 == 1))
        .then(pl.lit("Low conversion"))
        .alias("alert"),
        (k % len(STRANDED_REASONS)).alias("stranded_reason"),
        dice.integer("stranded second", 8 * 3600, 20 * 3600 - 1).alias("stranded_second"),
        dice.log_uniform("rank noise", 0.7, 1.4).alias("rank_noise"),
        # Other sellers' offers on the same ASIN (0: none).
        pl.when(dice.chance("rival", 0.7))
        .then(dice.uniform("rival share", 0.92, 1.08))
        .otherwise(0.0)
        .alias("rival_share"),
        dice.chance("used offer", 0.05).alias("used_offer"),
    )
