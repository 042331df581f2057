"""The FBA Inventory (Manage Inventory Health) report of one day: the 99-column 2026 file."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ipitui.demo.cells import blank_unless, four_places, hundredths, money
from ipitui.demo.figures import AIS_TIERS, sales_rank
from ipitui.reports.layouts import PLANNING_2026_US, canon

C = pl.col


def _text(value: str | None) -> pl.Expr:
    return pl.lit(value, dtype=pl.String)


def _iso(day: date) -> pl.Expr:
    return _text(day.isoformat())


def _with_price(count: pl.Expr) -> pl.Expr:
    """Sales in dollars: units times the listing price (blank when there is no price)."""
    return money(count * C("price_cents"))


def _ais_columns() -> dict[str, pl.Expr]:
    """Blank for a SKU with nothing to charge, like Amazon's file; otherwise per tier."""
    charged = pl.sum_horizontal(C(f"ais_units_{t[2]}") for t in AIS_TIERS) > 0
    columns = {}
    for _, _, label, _, _ in AIS_TIERS:
        tier = label.replace("-", "_")
        columns[f"quantity_to_be_charged_ais_{tier}_days"] = blank_unless(
            charged, C(f"ais_units_{label}")
        )
        columns[f"estimated_ais_{tier}_days"] = blank_unless(
            charged, money(C(f"ais_cents_{label}"))
        )
    return columns


def planning_columns(day: date) -> dict[str, pl.Expr]:
    """Each column of the report by its canonical name, over a frame of ``figures``."""
    units, daily, selling = C("available"), C("daily"), C("daily") > 0
    older = {x: C(f"older_{x}") for x in (30, 60, 90, 180, 270, 330, 365, 455)}
    price = money(C("price_cents"))
    sale_cents = (
        pl.when((C("kind") == "overstock") & (C("k") % 4 == 0))
        .then((C("price_cents") * 0.85).round(0).cast(pl.Int64, strict=False))
        .otherwise(C("price_cents"))
    )
    action = C("recommended_action")
    discount = action.is_in(["Lower price", "Create Outlet deal"])
    removal = action == "Create removal order"
    removal_units = pl.max_horizontal(C("excess"), C("unsold_6_months"))
    health = (
        pl.when((units == 0) & (C("shipped_60") > 0))
        .then(pl.lit("Out of stock"))
        .when(C("days_of_supply") < 28)
        .then(pl.lit("Low inventory"))
        .when(C("excess") > 0)
        .then(pl.lit("Excess"))
        .otherwise(pl.lit("Healthy"))
    )
    last_sunday = day - timedelta(days=(day.weekday() + 1) % 7)
    columns = {
        "snapshot_date": _iso(day),
        "sku": C("sku"),
        "fnsku": C("fnsku"),
        "asin": C("asin"),
        "product_name": C("title"),
        "condition": _text("New"),
        "available": units,
        "fc_transfer": C("fc_transfer"),
        "pending_removal_quantity": C("pending_removal"),
        "inv_age_0_to_90_days": units - older[90],
        "inv_age_91_to_180_days": older[90] - older[180],
        "inv_age_181_to_270_days": older[180] - older[270],
        "inv_age_271_to_365_days": older[270] - older[365],
        "inv_age_366_to_455_days": older[365] - older[455],
        "inv_age_456_plus_days": older[455],
        "currency": _text("USD"),
        "units_shipped_t7": C("shipped_7"),
        "units_shipped_t30": C("shipped_30"),
        "units_shipped_t60": C("shipped_60"),
        "units_shipped_t90": C("shipped_90"),
        "alert": blank_unless(units > 0, C("alert")),
        "your_price": price,
        "sales_price": money(sale_cents),
        "lowest_price_new_plus_shipping": blank_unless(
            C("rival_share") > 0,
            money((C("price_cents") * C("rival_share")).round(0).cast(pl.Int64, strict=False)),
        ),
        "lowest_price_used": blank_unless(
            C("used_offer"), money((C("price_cents") * 0.7).round(0).cast(pl.Int64, strict=False))
        ),
        "recommended_action": action,
        "deprecated_healthy_inventory_level": _text(None),
        "recommended_sales_price": blank_unless(
            discount, money((C("price_cents") * 0.8).round(0).cast(pl.Int64, strict=False))
        ),
        "recommended_sale_duration_days": blank_unless(
            discount, pl.when(action == "Lower price").then(30).otherwise(14)
        ),
        "recommended_removal_quantity": blank_unless(removal, removal_units),
        "estimated_cost_savings_of_recommended_actions": blank_unless(
            removal & (units > 0),
            hundredths(C("storage_cost") * removal_units / pl.max_horizontal(units, 1) * 3),
        ),
        "sell_through": blank_unless(
            C("average_units") > 0, hundredths(C("shipped_90") / C("average_units"))
        ),
        "item_volume": four_places(C("volume")),
        "volume_unit_measurement": _text("cubic feet"),
        "storage_type": pl.when(C("oversize"))
        .then(pl.lit("Oversize"))
        .otherwise(pl.lit("Standard")),
        "storage_volume": four_places((units + C("reserved")) * C("volume")),
        "marketplace": _text("US"),
        "product_group": C("product_group"),
        "sales_rank": sales_rank(daily),
        "days_of_supply": C("days_of_supply"),
        "estimated_excess_quantity": C("excess"),
        "weeks_of_cover_t30": blank_unless(
            C("shipped_30") > 0, hundredths(units / (C("shipped_30") / (30 / 7)))
        ),
        "weeks_of_cover_t90": blank_unless(
            C("shipped_90") > 0, hundredths(units / (C("shipped_90") / (90 / 7)))
        ),
        "featuredoffer_price": blank_unless(units > 0, money(sale_cents)),
        "sales_shipped_last_7_days": _with_price(C("shipped_7")),
        "sales_shipped_last_30_days": _with_price(C("shipped_30")),
        "sales_shipped_last_60_days": _with_price(C("shipped_60")),
        "sales_shipped_last_90_days": _with_price(C("shipped_90")),
        "inv_age_0_to_30_days": units - older[30],
        "inv_age_31_to_60_days": older[30] - older[60],
        "inv_age_61_to_90_days": older[60] - older[90],
        "inv_age_181_to_330_days": older[180] - older[330],
        "inv_age_331_to_365_days": older[330] - older[365],
        "estimated_storage_cost_next_month": hundredths(C("storage_cost")),
        "inbound_quantity": C("inbound"),
        "inbound_working": C("inbound_working"),
        "inbound_shipped": C("inbound_shipped"),
        "inbound_received": C("inbound_received"),
        "no_sale_last_6_months": C("unsold_6_months"),
        "total_reserved_quantity": C("reserved"),
        "unfulfillable_quantity": C("unsellable"),
        **_ais_columns(),
        "historical_days_of_supply": hundredths(C("long_supply_days")),
        "fba_minimum_inventory_level": blank_unless(
            selling, (daily * 21).ceil().cast(pl.Int64, strict=False)
        ),
        "fba_inventory_level_health_status": health,
        "recommended_ship_in_quantity": blank_unless(C("ship_in") > 0, C("ship_in")),
        "recommended_ship_in_date": C("ship_in_date").cast(pl.String),
        "last_updated_date_for_historical_days_of_supply": _iso(last_sunday),
        "exempted_from_low_inventory_level_fee": _yes_no(C("fee_exempt")),
        "low_inventory_level_fee_applied_in_current_week": _yes_no(C("fee_applied")),
        "short_term_historical_days_of_supply": hundredths(C("short_supply_days")),
        "long_term_historical_days_of_supply": hundredths(C("long_supply_days")),
        "inventory_age_snapshot_date": _iso(day - timedelta(days=2)),
        "inventory_supply_at_fba": C("supply"),
        "reserved_fc_processing": C("fc_processing"),
        "reserved_customer_order": C("customer_order"),
        "reserved_staging": C("staging"),
        "total_days_of_supply_including_units_from_open_shipments": blank_unless(
            selling, ((C("supply") + C("inbound")) / daily).round(0).cast(pl.Int64, strict=False)
        ),
        "supplier": C("supplier"),
        "is_seasonal_in_next_3_months": C("seasonal_soon"),
        "season_name": C("season_name"),
        "season_start_date": C("season_start"),
        "season_end_date": C("season_end"),
        "fulfillment_service_and_programs": _text(None),
    }
    return columns


def _yes_no(flag: pl.Expr) -> pl.Expr:
    return pl.when(flag).then(pl.lit("Yes")).otherwise(pl.lit("No"))


def planning_report(figures: pl.LazyFrame, day: date) -> pl.LazyFrame:
    """The report's columns, named and ordered exactly as Amazon's header."""
    columns = planning_columns(day)
    return figures.select(columns[canon(h)].alias(h) for h in PLANNING_2026_US)
