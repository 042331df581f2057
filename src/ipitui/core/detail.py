"""Everything ipitui knows about one SKU, for the TUI's detail view."""

from __future__ import annotations

from typing import Any

import polars as pl

from ipitui.core import fees, history, stranded, surcharge
from ipitui.core.metrics import sku_frame
from ipitui.core.prepared import LIST_NAMES, Prepared

METRICS = (
    "available", "inbound", "t7", "t30", "t60", "t90", "price", "volume_ft3", "storage_type",
    "daily_demand", "days_of_supply", "cover_days", "excess_units", "avg_available",
    "avg_count", "sell_through", "in_stock_share", "replenishable", "stranded_units",
    "aged_units", "units_crossing", "revenue_30d",
)  # fmt: skip
FEES = (
    "storage_month", "surcharge_next", "amazon_surcharge", "removal_fee_unit",
    "disposal_fee_unit", "liquidation_net_unit", "low_inventory_fee",
)  # fmt: skip
# The SKU column of each report kind, by canonical name.
SKU_COLUMNS = {"planning": "sku", "stranded": "sku", "restock": "merchant_sku",
               "inventory": "sku", "removals": "sku"}  # fmt: skip


def _report_rows(
    frame: pl.DataFrame | pl.LazyFrame | None, column: str, sku: str
) -> list[dict[str, Any]]:
    """Every column of the report's rows of ``sku`` (a stored report is scanned, not kept)."""
    if frame is None:
        return []
    lazy = frame.lazy()
    if column not in lazy.collect_schema().names():
        return []
    return lazy.filter(pl.col(column) == sku).collect().to_dicts()


def _rows_of(frame: pl.LazyFrame, same: pl.Expr) -> pl.LazyFrame:
    """The rows of one SKU (none when ``frame`` has no SKU column)."""
    return frame.filter(same) if "sku" in frame.collect_schema().names() else frame.clear()


def _same_or_asin(history: pl.LazyFrame, one: pl.LazyFrame, same: pl.Expr) -> pl.Expr:
    """The rows of the SKU and of its ASIN (whether a SKU is new depends on its ASIN too)."""
    if not {"asin"} <= set(history.collect_schema().names()) & set(one.collect_schema().names()):
        return same
    asin = one.select(pl.col("asin").cast(pl.String)).collect().to_series().drop_nulls()
    return same | (pl.col("asin").cast(pl.String) == asin[0]) if asin.len() else same


def sku_numbers(prepared: Prepared, sku: str) -> dict[str, Any]:
    """Every per-SKU number of ``sku`` (``core.metrics``, and next month's storage), worked
    out again from its rows alone: ``prepare`` keeps only what the what-if reads. Empty when
    no report lists the SKU."""
    data = prepared.data
    same = pl.col("sku") == sku
    one = _rows_of(data.planning, same).head(1).collect().lazy()
    stored = data.history_sums
    if stored is None:  # worked out from the older rows of the SKU and of its ASIN
        mine = _same_or_asin(data.planning_history, one, same)
        hist = history.history_sums(_rows_of(data.planning_history, mine), one, prepared.dates)
    else:  # the stored sums of its row (a lookup, not a scan of every snapshot)
        at = _rows_of(data.planning.with_row_index("_at"), same).select("_at").head(1)
        rows = stored.rows[at.collect().get_column("_at")]
        hist = history.HistorySums(rows=rows, others=stored.others.filter(same))
    by_sku = None
    if prepared.stranded_rows is not None:
        by_sku = stranded.by_sku(prepared.stranded_rows.filter(same))
    days_to_charge = (prepared.charge_date - prepared.snapshot_date).days
    numbers = sku_frame(
        one, by_sku, hist, prepared.settings, prepared.card, prepared.storage_month, days_to_charge
    ).filter(same)
    storage = fees.storage_saving_expr(pl.col("available"), prepared.surcharge_per_ft3)
    numbers = numbers.head(1).with_columns(storage_month=storage)
    return numbers.row(0, named=True) if numbers.height else {}


def sku_detail(prepared: Prepared, sku: str) -> dict[str, Any]:
    """Every field of ``sku`` from every report kind, its metrics, weekly shipped units,
    units per age bucket, fees now, and Amazon's recommended action beside ipitui's."""
    data = prepared.data
    reports = {
        kind: _report_rows(getattr(data, kind), column, sku) for kind, column in SKU_COLUMNS.items()
    }
    found = sku_numbers(prepared, sku)
    lists = []
    for name in LIST_NAMES:
        hit = prepared.explained(name, prepared.lists[name].filter(pl.col("sku") == sku).head(1))
        if hit.height:
            first = hit.row(0, named=True)
            lists.append(
                {
                    "list": name,
                    "points_at_stake": first["points_at_stake"],
                    "suggested_action": first["suggested_action"],
                    "reason": first["reason"],
                }
            )
    suggestion = max(lists, key=lambda x: x["points_at_stake"] or 0.0) if lists else None
    return {
        "sku": sku,
        "found": bool(found) or any(reports.values()),
        "asin": found.get("asin"),
        "product_name": found.get("product_name"),
        "snapshot_date": prepared.snapshot_date,
        "reports": reports,
        "metrics": {k: found.get(k) for k in METRICS},
        "weekly_shipped": history.weekly_shipped(
            data.planning_history, sku, prepared.snapshot_date
        ),
        "age_buckets": {b.name: found.get(b.name) for b in surcharge.BUCKETS},
        "surcharge_by_tier": {
            k: {"units": found.get(f"ais_q_{k}"), "charge_per_unit": found.get(f"ais_c_{k}")}
            for k in surcharge.tier_keys(prepared.card)
        },
        "next_charge_date": prepared.charge_date,
        "fees": {
            **{k: found.get(k) for k in FEES},
            "amazon_storage": next(
                (r.get("estimated_storage_cost_next_month") for r in reports["planning"]), None
            ),
        },
        "amazon_recommended_action": found.get("amazon_action"),
        "suggested_action": suggestion["suggested_action"] if suggestion else None,
        "reason": suggestion["reason"] if suggestion else None,
        "lists": lists,
    }
