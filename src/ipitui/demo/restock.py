"""The Restock Inventory report: Amazon's replenishment advice for the selling SKUs."""

from __future__ import annotations

import polars as pl

from ipitui.demo.cells import blank_unless, money
from ipitui.reports.layouts import RESTOCK, canon

C = pl.col


def restock_report(figures: pl.LazyFrame) -> pl.LazyFrame:
    """One row per SKU that sold in the last 90 days and has a sellable listing."""
    selling = C("daily") > 0
    columns = {
        "country": pl.lit("United States"),
        "product_name": C("title"),
        "fnsku": C("fnsku"),
        "merchant_sku": C("sku"),
        "asin": C("asin"),
        "condition": pl.lit("New"),
        "supplier": C("supplier"),
        "supplier_part_no": C("supplier_part"),
        "currency_code": pl.lit("USD"),
        "price": money(C("price_cents")),
        "sales_last_30_days": money(C("shipped_30") * C("price_cents")),
        "units_sold_last_30_days": C("shipped_30"),
        "total_units": C("supply") + C("customer_order") + C("inbound"),
        "inbound": C("inbound"),
        "available": C("available"),
        "fc_transfer": C("fc_transfer"),
        "fc_processing": C("fc_processing"),
        "customer_order": C("customer_order"),
        "unfulfillable": C("unsellable"),
        "working": C("inbound_working"),
        "shipped": C("inbound_shipped"),
        "receiving": C("inbound_received"),
        "fulfilled_by": pl.lit("Amazon"),
        "total_days_of_supply_including_units_from_open_shipments": blank_unless(
            selling,
            ((C("supply") + C("inbound")) / C("daily")).round(0).cast(pl.Int64, strict=False),
        ),
        "days_of_supply_at_amazon_fulfillment_network": blank_unless(
            selling, (C("supply") / C("daily")).round(0).cast(pl.Int64, strict=False)
        ),
        "alert": pl.when(C("available") == 0)
        .then(pl.lit("out_of_stock"))
        .when(C("ship_in") > 0)
        .then(pl.lit("reorder_now")),
        "recommended_replenishment_qty": C("ship_in"),
        "recommended_ship_date": C("ship_in_date").dt.strftime("%m/%d/%Y"),
        "recommended_action": pl.when(C("ship_in") > 0)
        .then(pl.lit("Restock"))
        .otherwise(pl.lit("No action required")),
        "unit_storage_size": pl.when(C("oversize"))
        .then(pl.lit("Oversize"))
        .otherwise(pl.lit("Standard-size")),
    }
    rows = figures.filter((C("shipped_90") > 0) & (C("kind") != "stranded"))
    return rows.select(columns[canon(h)].alias(h) for h in RESTOCK)
