"""The Manage FBA Inventory report (2026 download: 26 columns, no date column)."""

from __future__ import annotations

import polars as pl

from ipitui.demo.catalog import STRANDED_REASONS
from ipitui.demo.cells import four_places, money
from ipitui.reports.layouts import MYI_2026, canon

C = pl.col
# Stranded listings that no longer exist on Amazon's side.
_NO_LISTING = [
    i for i, r in enumerate(STRANDED_REASONS) if r[0] in ("Listing closed", "No listing exists")
]


def manage_inventory_report(figures: pl.LazyFrame) -> pl.LazyFrame:
    """One row per SKU; the counts are the planning report's of the same day."""
    warehouse = C("available") + C("unsellable") + C("reserved")
    inbound = C("inbound_working") + C("inbound_shipped") + C("inbound_received")
    delisted = (C("kind") == "stranded") & C("stranded_reason").is_in(_NO_LISTING)
    columns = {
        "sku": C("sku"),
        "fnsku": C("fnsku"),
        "asin": C("asin"),
        "product_name": C("title"),
        "condition": pl.lit("New"),
        "your_price": money(C("price_cents")),
        "mfn_listing_exists": pl.lit("No"),
        "mfn_fulfillable_quantity": pl.lit(None, dtype=pl.String),
        "afn_listing_exists": pl.when(delisted).then(pl.lit("No")).otherwise(pl.lit("Yes")),
        "afn_warehouse_quantity": warehouse,
        "afn_fulfillable_quantity": C("available"),
        "afn_unsellable_quantity": C("unsellable"),
        "afn_reserved_quantity": C("reserved"),
        "afn_total_quantity": warehouse + inbound,
        "per_unit_volume": four_places(C("volume")),
        "afn_inbound_working_quantity": C("inbound_working"),
        "afn_inbound_shipped_quantity": C("inbound_shipped"),
        "afn_inbound_receiving_quantity": C("inbound_received"),
        "afn_researching_quantity": pl.lit(0),
        "afn_reserved_future_supply": pl.lit(0),
        "afn_future_supply_buyable": pl.lit(0),
        # The local/remote split is a Pan-European figure: blank in the US.
        "afn_fulfillable_quantity_local": pl.lit(None, dtype=pl.String),
        "afn_fulfillable_quantity_remote": pl.lit(None, dtype=pl.String),
        "afn_fc_transfer_quantity": C("fc_transfer"),
        "afn_onhand_buyable_quantity": C("available"),
        "store": pl.lit(None, dtype=pl.String),
    }
    return figures.select(columns[canon(h)].alias(h) for h in MYI_2026)
