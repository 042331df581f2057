"""How a change to one SKU moves the account sums the factors are made of.

Both the what-if (a seller's decisions) and "points at stake" (a list row's problem fixed
alone) describe a change per SKU with the same columns, and this module turns them into
deltas of ``Totals`` (subtracted from today's sums) and into points of the estimate:

* ``rm_avail``: units leaving ``available`` (removal, disposal, liquidation);
* ``rm_stranded``: stranded units removed; ``fixed``: stranded units relisted;
* ``demand_after``: the daily demand the forward-looking excess uses (promotion);
* ``discontinued``: the SKU leaves the in-stock rate; ``share_after``: its in-stock share.

Choices that keep the estimate monotone (see the README, "What-if"): stranded % keeps
today's base ``ΣU + S``; relisted units count toward cover and days of supply but enter
excess and sell-through only with the next snapshot (a stranded SKU's sales history cannot
say whether they are excess).
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from ipitui.core import demand
from ipitui.core.estimate import with_estimate
from ipitui.core.factors import TOTAL_FIELDS, Totals
from ipitui.core.marketplaces import scoring_ipi
from ipitui.core.settings import AccountSettings, IpiSettings

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


CHANGE_COLUMNS = ("rm_avail", "rm_stranded", "fixed", "demand_after", "discontinued", "share_after")
_AFTER = "_after_"  # prefix of the helper columns of the points computation


def change_columns(change: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """The change columns: ``change`` over "nothing happens"."""
    unchanged = {
        "rm_avail": pl.lit(0, dtype=pl.Int64),
        "rm_stranded": pl.lit(0, dtype=pl.Int64),
        "fixed": pl.lit(0, dtype=pl.Int64),
        "demand_after": pl.col("daily_demand"),
        "discontinued": pl.lit(False),
        "share_after": pl.col("in_stock_share"),
    }
    return {**unchanged, **change}


def delta_exprs(settings: AccountSettings) -> dict[str, pl.Expr]:
    """``Totals`` field -> how much the change (the change columns) takes off it."""
    u, e = pl.col("available"), pl.col("excess_units")
    rm = pl.col("rm_avail").fill_null(0)
    e_after = demand.excess_units(
        u - rm, pl.col("inbound"), pl.col("demand_after"), settings.excess
    )
    sell_through_known = (
        pl.col("t90").is_not_null() & pl.col("avg_available").is_not_null() & u.is_not_null()
    )
    d = pl.col("daily_demand")
    repl = pl.col("replenishable")
    off = pl.col("discontinued")
    share_after = pl.when(off).then(0.0).otherwise(pl.col("share_after"))
    return {
        "excess_units": pl.when(e.is_not_null()).then(e - e_after.fill_null(e)).otherwise(0),
        "excess_base": pl.when(e.is_not_null()).then(rm).otherwise(0),
        "shipped_t90": pl.lit(0.0),
        "avg_available": pl.when(sell_through_known).then(rm / pl.col("avg_count")).otherwise(0.0),
        "stranded_units": pl.col("rm_stranded").fill_null(0) + pl.col("fixed").fill_null(0),
        "stranded_base": pl.lit(0.0),
        "in_stock_weighted": pl.when(repl)
        .then(d * (pl.col("in_stock_share") - share_after))
        .otherwise(0.0),
        "in_stock_demand": pl.when(repl & off).then(d).otherwise(0.0),
    }


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
