"""What older planning snapshots add: the average units available for sell-through, the
in-stock share of the last 30 days, and weekly shipped units.

* Sell-through averages ``available`` over the snapshots nearest today, −30, −60 and −90 days,
  each taken only if one lies within 7 days of that point (the nearest; on a tie the later).
* The in-stock share is the fraction of the snapshots of the last 30 days (today and the 29
  days before) in which the SKU had units available.

A SKU that is absent from an older snapshot, or whose ``available`` is blank there, is unknown
in that snapshot: it is left out of that snapshot's average and share, never counted as zero.

New ASINs: Amazon says ASINs in their first 90 days do not affect the IPI. A SKU of today's
snapshot is *new* when neither it nor its ASIN is listed in any stored snapshot dated 90 or
more days before today (then the ASIN was not listed 90 days ago). Without a snapshot that
old nothing can be told, and no SKU is taken for new (``seen_old`` is null).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from ipitui.core.marketplaces import NEW_ASIN_DAYS

ANCHOR_DAYS = (30, 60, 90)
ANCHOR_TOLERANCE_DAYS = 7
IN_STOCK_WINDOW_DAYS = 30


@dataclass(frozen=True)
class HistoryDates:
    """The older snapshots a computation uses (today's snapshot is always used)."""

    today: date
    anchors: dict[int, date | None] = field(default_factory=dict)  # days back -> date used
    window: tuple[date, ...] = ()  # older snapshots inside the in-stock window
    old: tuple[date, ...] = ()  # snapshots NEW_ASIN_DAYS or more before today (new ASINs)

    @property
    def anchor_dates(self) -> list[date]:
        return [d for d in self.anchors.values() if d is not None]


def snapshot_dates(history: pl.LazyFrame) -> list[date]:
    if "snapshot_date" not in history.collect_schema().names():
        return []
    frame = history.select(pl.col("snapshot_date").cast(pl.Date).unique()).collect()
    return sorted(d for d in frame.to_series() if d is not None)


def nearest(dates: list[date], target: date, tolerance_days: int) -> date | None:
    """The date nearest ``target`` within the tolerance (the later one on a tie)."""
    near = [d for d in dates if abs((d - target).days) <= tolerance_days]
    return max(near, key=lambda d: (-abs((d - target).days), d)) if near else None


def choose_dates(dates: list[date], today: date) -> HistoryDates:
    older = [d for d in dates if d < today]
    anchors = {
        back: nearest(older, today - timedelta(days=back), ANCHOR_TOLERANCE_DAYS)
        for back in ANCHOR_DAYS
    }
    first = today - timedelta(days=IN_STOCK_WINDOW_DAYS - 1)
    window = tuple(d for d in older if d >= first)
    old = tuple(d for d in older if (today - d).days >= NEW_ASIN_DAYS)
    return HistoryDates(today=today, anchors=anchors, window=window, old=old)


# units summed (64-bit), and counts of snapshots (32-bit: half the room at a million SKUs)
_COUNTS = {"hist_sum": pl.Int64, "hist_known": pl.Int32, "win_in": pl.Int32,
           "win_known": pl.Int32}  # fmt: skip
# and whether the SKU or its ASIN is listed in a snapshot NEW_ASIN_DAYS or more old (null:
# the account has no snapshot that old)
SUMS_SCHEMA = {**_COUNTS, "seen_old": pl.Boolean}
SUMS = tuple(SUMS_SCHEMA)


def history_aggregates(history: pl.LazyFrame, dates: HistoryDates) -> pl.DataFrame | None:
    """Per SKU over the older snapshots used: ``hist_sum``/``hist_known`` (anchors) and
    ``win_in``/``win_known`` (in-stock window). None when no older snapshot is used."""
    used = sorted(set(dates.anchor_dates) | set(dates.window))
    names = history.collect_schema().names()
    if not used or not {"sku", "available", "snapshot_date"} <= set(names):
        return None
    day = pl.col("snapshot_date").cast(pl.Date)
    units = pl.col("available").cast(pl.Int64)
    is_anchor = day.is_in(dates.anchor_dates)
    in_window = day.is_in(list(dates.window))
    known = units.is_not_null()
    # plain sums per SKU (a filter inside each group would be many times slower); streamed,
    # so that the older snapshots' rows are never all in memory at once
    return (
        history.select("sku", "snapshot_date", "available")
        .filter(day.is_in(used) & pl.col("sku").is_not_null())
        .select(
            "sku",
            hist_sum=pl.when(is_anchor).then(units),
            hist_known=(is_anchor & known).cast(pl.Int64),
            win_in=(in_window & (units > 0)).fill_null(False).cast(pl.Int64),
            win_known=(in_window & known).cast(pl.Int64),
        )
        .group_by("sku")
        .agg(pl.col(n).sum().cast(t) for n, t in _COUNTS.items())
        .collect(engine="streaming")
    )


def old_listings(history: pl.LazyFrame, dates: HistoryDates) -> pl.DataFrame | None:
    """The distinct ``sku`` and ``asin`` pairs the snapshots of ``dates.old`` list (streamed:
    only those two columns are read). None without such a snapshot."""
    names = history.collect_schema().names()
    if not dates.old or not {"sku", "snapshot_date"} <= set(names):
        return None
    asin = pl.col("asin").cast(pl.String) if "asin" in names else pl.lit(None, pl.String)
    return (
        history.filter(pl.col("snapshot_date").cast(pl.Date).is_in(list(dates.old)))
        .select(pl.col("sku").cast(pl.String), asin.alias("asin"))
        .unique()
        .collect(engine="streaming")
    )


def _seen_old(old: pl.DataFrame | None, with_asin: bool) -> pl.Expr:
    """Whether a row's ``sku`` (or, ``with_asin``, its ``asin``) is listed in ``old``."""
    if old is None:
        return pl.lit(None, pl.Boolean)
    seen = pl.col("sku").is_in(old["sku"].drop_nulls().implode()).fill_null(False)
    if with_asin:
        asins = old["asin"].drop_nulls().unique().implode()
        seen = seen | pl.col("asin").is_in(asins).fill_null(False)
    return seen


@dataclass(frozen=True)
class HistorySums:
    """The history sums (``SUMS``) of a planning snapshot's SKUs, computed once per set of
    stored snapshots: ``rows`` has one row per row of the snapshot, in its order (nulls where
    the SKU is in no older snapshot used); ``others`` has ``sku`` and the sums of the SKUs
    that only older snapshots list (a SKU only the stranded report lists may be one)."""

    rows: pl.DataFrame
    others: pl.DataFrame


def history_sums(
    history: pl.LazyFrame, planning: pl.LazyFrame, dates: HistoryDates
) -> HistorySums | None:
    """``history_aggregates`` and ``seen_old`` lined up with the rows of the snapshot
    ``planning`` (only its ``sku`` and ``asin`` columns are read). None when no older
    snapshot is used."""
    per_sku = history_aggregates(history, dates)
    old = old_listings(history, dates)
    if per_sku is None and old is None:
        return None
    if per_sku is None:
        per_sku = pl.DataFrame(schema={"sku": pl.String, **_COUNTS})
    names = planning.collect_schema().names()
    none = pl.repeat(None, pl.len(), dtype=pl.String)
    today = planning.select(
        sku=pl.col("sku").cast(pl.String) if "sku" in names else none,
        asin=pl.col("asin").cast(pl.String) if "asin" in names else none,
    ).collect()
    rows = (
        today.join(per_sku, on="sku", how="left", maintain_order="left")
        .with_columns(seen_old=_seen_old(old, with_asin=True))
        .select(SUMS)
    )
    others = (
        per_sku.join(today.select("sku").drop_nulls(), on="sku", how="anti")
        .sort("sku")
        .with_columns(seen_old=_seen_old(old, with_asin=False))
    )
    return HistorySums(rows=rows, others=others)


def sums_at(history: pl.LazyFrame, planning: pl.LazyFrame, today: date) -> HistorySums | None:
    """``history_sums`` of the snapshot ``planning`` of ``today`` over the older snapshots it
    uses."""
    return history_sums(history, planning, choose_dates(snapshot_dates(history), today))


def average_and_share(units: pl.Expr) -> dict[str, pl.Expr]:
    """Ū, how many snapshots it averages, and the in-stock share and how many snapshots it
    counts, given today's ``units`` and the (possibly absent, then null) aggregate columns
    joined on."""
    known_today = units.is_not_null().cast(pl.Int64)
    count = known_today + pl.col("hist_known").fill_null(0)
    total = units.fill_null(0) + pl.col("hist_sum").fill_null(0)
    seen = known_today + pl.col("win_known").fill_null(0)
    in_stock = (units > 0).fill_null(False).cast(pl.Int64) + pl.col("win_in").fill_null(0)
    return {
        "avg_available": pl.when(count > 0).then(total / count),
        "avg_count": count,
        "in_stock_share": pl.when(seen > 0).then(in_stock / seen),
        "share_count": seen.cast(pl.Int32),
    }


def weekly_shipped(history: pl.LazyFrame, sku: str, today: date) -> list[tuple[date, int]]:
    """Units shipped per week, from each older snapshot's ``units_shipped_t7`` taken one
    week apart (the snapshot nearest each week back, within 3 days), oldest first."""
    names = history.collect_schema().names()
    if not {"sku", "snapshot_date", "units_shipped_t7"} <= set(names):
        return []
    rows = (
        history.filter(pl.col("sku") == sku)
        .select(pl.col("snapshot_date").cast(pl.Date), pl.col("units_shipped_t7").cast(pl.Int64))
        .drop_nulls()
        .collect()
    )
    by_date = dict(zip(rows["snapshot_date"], rows["units_shipped_t7"], strict=True))
    if not by_date:
        return []
    out: list[tuple[date, int]] = []
    oldest = min(by_date)
    week = 0
    while (target := today - timedelta(days=7 * week)) >= oldest - timedelta(days=3):
        found = nearest(list(by_date), target, 3)
        if found is not None and (not out or out[-1][0] != found):
            out.append((found, int(by_date[found])))
        week += 1
    return sorted(out)
