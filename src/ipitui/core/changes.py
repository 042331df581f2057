"""How a change to one SKU moves the account sums the factors are made of.

Both the what-if (a seller's decisions) and "points at stake" (a list row's problem fixed
alone) describe a change per SKU with the same columns, and this module turns them into
deltas of ``Totals`` (subtracted from today's sums) and into points of the estimate:

* ``rm_avail``: units leaving ``available`` (removal, disposal, liquidation);
* ``rm_stranded``: stranded units removed; ``fixed``: stranded units relisted;
* ``demand_after``: the daily demand the forward-looking excess uses (promotion);
* ``discontinued``: the SKU leaves the in-stock rate; ``share_after``: its in-stock share
  before today's units change;
* ``restocked``: units added to ``inbound``.

The sums after a change are those of the report with the change carried out in its rows
(see docs/numbers.md, "What-if"): the units that leave ``available`` leave U everywhere (E,
ΣU of excess and of the stranded base, Ū, and today's in-stock day when none are left);
relisted stranded units leave S and join U (a SKU whose U the planning report leaves blank
keeps it blank, so there they leave the stranded base too); restocked units join I. Nothing
is held at today's value: removing units while stranded ones wait makes those a larger share
of the inventory.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from ipitui.core import demand
from ipitui.core.estimate import with_estimate
from ipitui.core.factors import TOTAL_FIELDS, Totals
from ipitui.core.marketplaces import NEW_ASIN_DAYS, scoring_ipi
from ipitui.core.settings import AccountSettings, IpiSettings

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


CHANGE_COLUMNS = (
    "rm_avail", "rm_stranded", "fixed", "demand_after", "discontinued", "share_after", "restocked",
)  # fmt: skip
_AFTER = "_after_"  # prefix of the helper columns of the points computation
# The per-SKU numbers ``delta_exprs`` reads besides the change columns and ``new_asin`` (a
# stranded row carries its own): a row of a list joins them to work out its points.
SKU_READS = (
    "in_planning", "available", "inbound", "t90", "daily_demand", "excess_units",
    "avg_available", "avg_count", "in_stock_share", "share_count", "replenishable",
)  # fmt: skip


def change_columns(change: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """The change columns: ``change`` over "nothing happens"."""
    unchanged = {
        "rm_avail": pl.lit(0, dtype=pl.Int64),
        "rm_stranded": pl.lit(0, dtype=pl.Int64),
        "fixed": pl.lit(0, dtype=pl.Int64),
        "demand_after": pl.col("daily_demand"),
        "discontinued": pl.lit(False),
        "share_after": pl.col("in_stock_share"),
        "restocked": pl.lit(0, dtype=pl.Int64),
    }
    return {**unchanged, **change}


def delta_exprs(settings: AccountSettings) -> dict[str, pl.Expr]:
    """``Totals`` field -> how much the change (the change columns) takes off it."""
    u, e = pl.col("available"), pl.col("excess_units")
    rm, fixed = pl.col("rm_avail").fill_null(0), pl.col("fixed").fill_null(0)
    rm_stranded = pl.col("rm_stranded").fill_null(0)
    leaving = rm - fixed  # units that leave U (negative: relisted units join it)
    u_after = u - leaving  # null where U is unknown
    inbound = pl.col("inbound") + pl.col("restocked").fill_null(0)
    e_after = demand.excess_units(u_after, inbound, pl.col("demand_after"), settings.excess)
    sell_through_known = (
        pl.col("t90").is_not_null() & pl.col("avg_available").is_not_null() & u.is_not_null()
    )
    d = pl.col("daily_demand")
    repl = pl.col("replenishable")
    off = pl.col("discontinued")
    # today is one of the days of the in-stock share: it changes when the last units leave
    # or relisted units end a stock-out
    today_changes = ((u_after > 0).cast(pl.Float64) - (u > 0).cast(pl.Float64)).fill_null(0.0)
    share_after = pl.col("share_after") + today_changes / pl.col("share_count")
    share_after = pl.when(off).then(0.0).otherwise(share_after)
    deltas = {
        "excess_units": pl.when(e.is_not_null()).then(e - e_after.fill_null(e)).otherwise(0),
        "excess_base": pl.when(e.is_not_null()).then(leaving).otherwise(0),
        "shipped_t90": pl.lit(0.0),
        "avg_available": pl.when(sell_through_known)
        .then(leaving / pl.col("avg_count"))
        .otherwise(0.0),
        "stranded_units": rm_stranded + fixed,
        # ΣU + S: units leaving U or S leave it; relisted units move from S to U (a SKU only
        # the stranded report lists gets them as its U), unless the planning report leaves
        # the SKU's U blank
        "stranded_base": rm
        + rm_stranded
        + pl.when(u.is_null() & pl.col("in_planning")).then(fixed).otherwise(0),
        "in_stock_weighted": pl.when(repl)
        .then(d * (pl.col("in_stock_share") - share_after))
        .otherwise(0.0),
        "in_stock_demand": pl.when(repl & off).then(d).otherwise(0.0),
    }
    # a SKU whose ASIN is in its first 90 days is in none of the sums (``core.measure``)
    counts = ~pl.col("new_asin").fill_null(False)
    return {k: pl.when(counts).then(v).otherwise(0) for k, v in deltas.items()}


def new_asin_note() -> pl.Expr:
    """The words a reason ends with for a SKU whose ASIN is in its first 90 days (it is in none
    of the sums, so its points at stake are 0), else nothing."""
    note = f"; its ASIN is in its first {NEW_ASIN_DAYS} days: not in the IPI yet (no points)"
    return pl.when(pl.col("new_asin").fill_null(False)).then(pl.lit(note)).otherwise(pl.lit(""))


def after_exprs(deltas: dict[str, pl.Expr], base: Totals, prefix: str = "") -> dict[str, pl.Expr]:
    """Today's sums minus the deltas, as columns ``prefix`` + field (a field the deltas do not
    name is unchanged; a missing stranded report stays missing)."""
    out = {}
    for name in TOTAL_FIELDS:
        value = getattr(base, name)
        if value is None:
            out[prefix + name] = pl.lit(None, dtype=pl.Float64)
        else:
            delta = deltas.get(name, pl.lit(0.0)).cast(pl.Float64).fill_null(0.0)
            out[prefix + name] = pl.lit(float(value)) - delta
    return out


def with_points(
    frame: FrameT,
    deltas: dict[str, pl.Expr],
    base: Totals,
    base_raw: float | None,
    ipi: IpiSettings,
    name: str = "points_at_stake",
) -> FrameT:
    """Add ``name``: how much the estimate (unrounded) rises with each row's deltas alone."""
    if base_raw is None:
        return frame.with_columns(pl.lit(0.0).alias(name))
    after = after_exprs(deltas, base, _AFTER)
    scored = with_estimate(frame.with_columns(**after), ipi, _AFTER)
    helpers = [c for c in scored.collect_schema().names() if c.startswith(_AFTER)]
    return scored.with_columns(
        (pl.col(f"{_AFTER}ipi_raw") - base_raw).fill_null(0.0).alias(name)
    ).drop(helpers)


def with_change_points(
    frame: FrameT,
    change: dict[str, pl.Expr],
    base: Totals,
    base_raw: float | None,
    settings: AccountSettings,
    name: str = "points_at_stake",
) -> FrameT:
    """``with_points`` of a change given as change columns over per-SKU rows."""
    framed = frame.with_columns(**change_columns(change))
    scored = with_points(framed, delta_exprs(settings), base, base_raw, scoring_ipi(settings), name)
    return scored.drop(CHANGE_COLUMNS)
