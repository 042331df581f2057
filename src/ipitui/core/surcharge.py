"""The aged-inventory surcharge at the next charge date (the 15th), per SKU and tier.

Units per tier on the charge date come from Amazon's ``quantity-to-be-charged-ais-*`` columns
when the SKU's row has them. Otherwise ipitui projects them from the age buckets:

* the units of a bucket are spread evenly over its days (``0–90`` is 91 days, ``456+`` and
  ``365+`` are taken at their first day);
* the units expected to sell before the charge date (``d`` × days to go) leave oldest first,
  as Amazon ages stock first in, first out;
* every remaining unit is that many days older on the charge date and pays its tier's rate:
  per cubic foot, or the tier's per-unit minimum when that is more.

Units of exempt storage types (apparel, footwear) pay nothing in the tiers below day 271.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from ipitui.core.columns import INT, col
from ipitui.core.rates import AisTier, RateCard


@dataclass(frozen=True)
class Bucket:
    column: str  # the canonical planning column
    name: str  # its name in the aging list
    first_day: int
    days: int | None  # None: open-ended, taken at its first day

    @property
    def aged(self) -> bool:
        return self.first_day > 180


BUCKETS = (
    Bucket("inv_age_0_to_90_days", "age_0_90", 0, 91),
    Bucket("inv_age_91_to_180_days", "age_91_180", 91, 90),
    Bucket("inv_age_181_to_270_days", "age_181_270", 181, 90),
    Bucket("inv_age_271_to_365_days", "age_271_365", 271, 95),
    Bucket("inv_age_366_to_455_days", "age_366_455", 366, 90),
    Bucket("inv_age_456_plus_days", "age_456_plus", 456, None),
    # Files before 2026 have one bucket over 365 days instead of the two above.
    Bucket("inv_age_365_plus_days", "age_365_plus", 366, None),
)
SPLIT = ("inv_age_366_to_455_days", "inv_age_456_plus_days")
LEGACY = "inv_age_365_plus_days"
AIS_QTY = re.compile(r"^quantity_to_be_charged_ais_(\d+)_(\d+|plus)_days$")
AIS_EST = re.compile(r"^estimated_ais_(\d+)_(\d+|plus)_days$")
_TINY = 1e-12


def bucket_exprs(columns: Collection[str]) -> dict[str, pl.Expr]:
    """The age bucket columns of the list (``age_*``); the 365+ bucket only on rows without
    the 2026 split, so no unit is counted twice."""
    split_known = pl.any_horizontal([col(columns, c, INT).is_not_null() for c in SPLIT])
    out = {}
    for b in BUCKETS:
        value = col(columns, b.column, INT)
        if b.column == LEGACY:
            value = pl.when(split_known).then(None).otherwise(value)
        out[b.name] = value
    return out


def aged_units_expr() -> pl.Expr:
    """Units aged over 180 days (null when no aged bucket is known)."""
    aged = [pl.col(b.name) for b in BUCKETS if b.aged]
    return pl.when(pl.any_horizontal([a.is_not_null() for a in aged])).then(pl.sum_horizontal(aged))


def _ais_day(match: re.Match[str]) -> int:
    """The first age of a report's AIS column: ``365_plus`` means over 365 days."""
    first = int(match.group(1))
    return first + 1 if match.group(2) == "plus" and first == 365 else first


def _tier_of(tiers: list[AisTier], day: int) -> AisTier | None:
    return next((t for t in tiers if t.from_day <= day < t.end_day), None)


def amazon_columns(columns: Collection[str], pattern: re.Pattern[str]) -> dict[str, int]:
    """Report columns matching ``pattern`` -> the first age they cover."""
    return {c: _ais_day(m) for c in columns if (m := pattern.match(c))}


def _rem(b: Bucket) -> str:
    return f"_rem_{b.name}"


def _len(b: Bucket) -> str:
    return f"_len_{b.name}"


def _remaining_exprs(q: pl.Expr) -> dict[str, pl.Expr]:
    """Units of each bucket left after ``q`` units leave oldest first, and for the buckets
    spread over days, how many days (from their first) the remaining units fill."""
    out: dict[str, pl.Expr] = {}
    older = pl.lit(0.0)
    for b in sorted(BUCKETS, key=lambda b: -b.first_day - (1 if b.days is None else 0)):
        n = pl.col(b.name).fill_null(0).cast(pl.Float64)
        out[_rem(b)] = (n - (q - older).clip(lower_bound=0)).clip(0, None).clip(upper_bound=n)
        older = older + n
    return out


def _length_exprs() -> dict[str, pl.Expr]:
    out = {}
    for b in BUCKETS:
        if b.days is not None:
            n = pl.col(b.name).fill_null(0).cast(pl.Float64)
            out[_len(b)] = pl.when(n > 0).then(pl.col(_rem(b)) * b.days / n).otherwise(0.0)
    return out


def _units_between(b: Bucket, shift: int, lo: float, hi: float) -> pl.Expr | None:
    """Remaining units of bucket ``b`` whose age plus ``shift`` lies in [lo, hi); None when
    none can (so the expression stays small)."""
    start = float(b.first_day + shift)
    if b.days is None:
        return pl.col(_rem(b)) if lo <= start < hi else None
    if start + b.days <= lo or start >= hi:
        return None
    end = start + pl.col(_len(b))
    overlap = (pl.min_horizontal(end, pl.lit(hi)) - max(start, lo)).clip(lower_bound=0)
    return overlap * (pl.col(b.name).fill_null(0).cast(pl.Float64) / b.days)


def _sum(parts: list[pl.Expr | None]) -> pl.Expr:
    kept = [p for p in parts if p is not None]
    return functools.reduce(operator.add, kept) if kept else pl.lit(0.0)


def _merged_windows(starts: list[int], shift: int) -> list[tuple[float, float]]:
    """The ages from which a unit crosses one of the tier starts within ``shift`` days."""
    windows: list[tuple[float, float]] = []
    for s in sorted(starts):
        lo, hi = float(s - shift), float(s)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def projection_stages(
    card: RateCard, columns: Collection[str], days_ahead: int
) -> tuple[list[dict[str, pl.Expr]], list[str]]:
    """Expressions, in stages to apply one after the other, for per tier ``ais_q_<key>``
    (units charged) and ``ais_c_<key>`` (charge per unit), ``units_crossing`` and
    ``amazon_surcharge``; and the helper columns to drop after. Needs the ``age_*`` columns,
    ``daily_demand``, ``volume_ft3`` and ``ais_exempt``."""
    tiers = card.ais_tiers
    remaining = _remaining_exprs(pl.col("daily_demand").fill_null(0) * days_ahead)
    lengths = _length_exprs()
    exempt = pl.col("ais_exempt")
    amazon = amazon_columns(columns, AIS_QTY)
    has_amazon = (
        pl.any_horizontal([pl.col(c).is_not_null() for c in amazon]) if amazon else pl.lit(False)
    )
    out: dict[str, pl.Expr] = {}
    for t in tiers:
        projected = _sum([_units_between(b, days_ahead, t.from_day, t.end_day) for b in BUCKETS])
        if t.from_day < card.ais_exempt_below_day:
            projected = pl.when(exempt).then(0.0).otherwise(projected)
        mine = [pl.col(c).cast(pl.Float64).fill_null(0) for c, day in amazon.items()
                if _tier_of(tiers, day) == t]  # fmt: skip
        reported = pl.sum_horizontal(mine) if mine else pl.lit(0.0)
        out[f"ais_q_{t.key}"] = pl.when(has_amazon).then(reported).otherwise(projected)
        if t.per_ft3 is None or t.per_unit is None:  # a rate not known: no charge to show
            out[f"ais_c_{t.key}"] = pl.lit(None, dtype=pl.Float64)
            continue
        charge = pl.col("volume_ft3") * t.per_ft3
        out[f"ais_c_{t.key}"] = (
            pl.max_horizontal(charge, pl.lit(t.per_unit)) if t.per_unit else charge
        )

    def crossing(starts: list[int]) -> pl.Expr:
        return _sum(
            [
                _units_between(b, 0, lo, hi)
                for lo, hi in _merged_windows(starts, days_ahead)
                for b in BUCKETS
            ]
        )

    starts = [t.from_day for t in tiers]
    kept = [s for s in starts if s >= card.ais_exempt_below_day]
    out["units_crossing"] = pl.when(exempt).then(crossing(kept)).otherwise(crossing(starts))
    estimated = list(amazon_columns(columns, AIS_EST))
    out["amazon_surcharge"] = (
        pl.when(pl.any_horizontal([pl.col(c).is_not_null() for c in estimated])).then(
            pl.sum_horizontal([pl.col(c).cast(pl.Float64) for c in estimated])
        )
        if estimated
        else pl.lit(None, dtype=pl.Float64)
    )
    return [remaining, lengths, out], [*remaining, *lengths]


def tier_keys(card: RateCard) -> list[str]:
    return [t.key for t in card.ais_tiers]


def charged_expr(key: str) -> pl.Expr:
    """A tier's surcharge for the SKU (0 without units there, null when the volume is unknown)."""
    q, c = pl.col(f"ais_q_{key}"), pl.col(f"ais_c_{key}")
    return pl.when(q > 0).then(q * c).otherwise(0.0)


def surcharge_expr(card: RateCard) -> pl.Expr:
    """The SKU's surcharge at the charge date (null when it has aged units of unknown volume)."""
    return functools.reduce(operator.add, [charged_expr(k) for k in tier_keys(card)], pl.lit(0.0))


def saving_by_tier_exprs(card: RateCard, units: pl.Expr) -> dict[str, pl.Expr]:
    """Per tier, the surcharge saved when ``units`` of the SKU's oldest units leave before the
    charge date (they are taken from the oldest tier down)."""
    out = {}
    older = pl.lit(0.0)
    for t in sorted(card.ais_tiers, key=lambda t: -t.from_day):
        q = pl.col(f"ais_q_{t.key}")
        taken = pl.min_horizontal((units - older).clip(lower_bound=0), q)
        out[t.key] = pl.when(taken > 0).then(taken * pl.col(f"ais_c_{t.key}")).otherwise(0.0)
        older = older + q
    return out


def saving_expr(card: RateCard, units: pl.Expr) -> pl.Expr:
    """The surcharge saved when ``units`` of the SKU's oldest units leave before the charge."""
    return functools.reduce(operator.add, saving_by_tier_exprs(card, units).values(), pl.lit(0.0))


def tier_columns(card: RateCard) -> list[str]:
    return [f"ais_{x}_{k}" for k in tier_keys(card) for x in ("q", "c")]


def charged_tiers(skus: pl.DataFrame, card: RateCard) -> pl.DataFrame:
    """The tier columns of the SKUs with units to be charged in some tier (or unknown), by
    their ``row`` (as ``at``, ascending): a SKU's tier columns count only with units there."""
    keys = tier_keys(card)
    at = pl.col("row").alias("at")
    if not keys:
        return skus.select(at).clear()
    none = pl.all_horizontal([(pl.col(f"ais_q_{k}") == 0).fill_null(False) for k in keys])
    return skus.lazy().select(at, *tier_columns(card)).filter(~none).collect()


class TiersApart:
    """Sets the tier columns of each piece of per-SKU rows aside (``metrics.sku_frame``'s
    ``apart``): those of the SKUs with units to be charged, and each tier's charges summed."""

    def __init__(self, card: RateCard) -> None:
        self.card = card
        self.pieces: list[pl.DataFrame] = []
        self.sums: list[dict[str, float | None]] = []

    def __call__(self, piece: pl.DataFrame) -> pl.DataFrame:
        self.pieces.append(charged_tiers(piece, self.card))
        keys = tier_keys(self.card)
        self.sums.append(
            piece.select(charged_expr(k).sum().alias(k) for k in keys).row(0, named=True)
        )
        return piece.drop(tier_columns(self.card))

    def tiers(self) -> pl.DataFrame:
        return pl.concat(self.pieces, how="vertical")

    def charged(self) -> dict[str, float | None]:
        """Each tier's charges over every piece (added in the pieces' order, as a sum over
        the column of all the pieces adds its chunks' sums); None for a tier whose rate is
        not known."""
        out: dict[str, float] = dict.fromkeys(tier_keys(self.card), 0.0)
        for sums in self.sums:
            for k, v in sums.items():
                out[k] += v or 0.0
        unknown = {t.key for t in self.card.ais_tiers if t.per_ft3 is None or t.per_unit is None}
        return {k: None if k in unknown else v for k, v in out.items()}


def tiers_at(tiers: pl.DataFrame, positions: pl.Series) -> pl.LazyFrame:
    """The tier columns from ``tiers`` (``charged_tiers``) of the SKUs at ``positions`` in
    the per-SKU frame, one row each: units 0 in every tier when none are charged."""
    keys = tiers.get_column("at").cast(pl.Int64)  # ascending (``charged_tiers``)
    wanted = positions.cast(pl.Int64)
    # each position's row in ``tiers`` (null: none), by binary search: a few decisions cost
    # microseconds, the plan's hundreds of thousands of candidates a few milliseconds
    found = keys.search_sorted(wanted.fill_null(-1)).cast(pl.Int64)
    last = max(keys.len() - 1, 0)
    hit = (
        keys.gather(found.clip(0, last))
        if keys.len()
        else pl.repeat(None, wanted.len(), eager=True)
    )
    index = pl.select(pl.when(hit == wanted).then(found)).to_series()
    charged = index.is_not_null()
    units = [c for c in tiers.columns if c.startswith("ais_q_")]
    # eager: a few rows gathered from a few hundred thousand (the lazy engine's planning
    # alone took 20 ms a call at a million SKUs)
    picked = tiers.drop("at").select(pl.all().gather(index))
    return picked.with_columns(
        pl.when(charged).then(pl.col(c)).otherwise(0.0) for c in units
    ).lazy()


def with_tiers(tiers: pl.DataFrame, rows: pl.DataFrame, at: str) -> pl.DataFrame:
    """``rows`` (with their position in the per-SKU frame in column ``at``) and their tier
    columns from ``tiers`` (``charged_tiers``, see ``tiers_at``)."""
    return pl.concat([rows, tiers_at(tiers, rows.get_column(at)).collect()], how="horizontal")
