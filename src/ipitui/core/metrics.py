"""Per-SKU numbers: one row per SKU of the newest planning snapshot (plus one per SKU that
only the stranded report lists), with everything the factors, lists, fees and what-if need.

Column names (``U`` … in the definitions): ``available`` (U), ``inbound`` (I), ``t7 … t90``,
``price`` (P: your-price, else sales-price), ``volume_ft3`` (V), ``daily_demand`` (d),
``days_of_supply``, ``cover_days`` (C), ``excess_units`` (E), ``avg_available`` (Ū) over
``avg_count`` snapshots, ``sell_through`` (t90 / Ū), ``in_stock_share``, ``stranded_units``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import demand, fees, history, surcharge
from ipitui.core.columns import FLOAT, INT, TEXT, col, first_of, lookup
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings

EXEMPT_WORDS = ("y", "true", "exempt")  # how the report says a SKU is exempt


def _texts(frame: pl.DataFrame, name: str) -> list[str | None]:
    """The distinct texts of a column (none when it is absent)."""
    if name not in frame.columns:
        return []
    return frame.get_column(name).cast(TEXT).unique().to_list()


def _is_exempt(text: str | None) -> bool:
    return (text or "").strip().lower().startswith(EXEMPT_WORDS)


def _inputs(planning: pl.DataFrame, card: RateCard) -> dict[str, pl.Expr]:
    c = planning.columns
    t30 = col(c, "units_shipped_t30", INT)
    price = first_of(c, ("your_price", "sales_price"), FLOAT)
    units = _texts(planning, "volume_unit_measurement")
    item_volume = col(c, "item_volume", FLOAT) * lookup(
        col(c, "volume_unit_measurement", TEXT), units, fees.unit_factor, FLOAT
    )
    lil = "exempted_from_low_inventory_level_fee"
    storage_type = col(c, "storage_type", TEXT)
    types = _texts(planning, "storage_type")
    return {
        "in_planning": pl.lit(True),
        "sku": col(c, "sku", TEXT),
        "asin": col(c, "asin", TEXT),
        "product_name": col(c, "product_name", TEXT),
        "available": col(c, "available", INT),
        "inbound": col(c, "inbound_quantity", INT),
        "t7": col(c, "units_shipped_t7", INT),
        "t30": t30,
        "t60": col(c, "units_shipped_t60", INT),
        "t90": col(c, "units_shipped_t90", INT),
        "price": price,
        "volume_ft3": pl.coalesce(item_volume, col(c, "cubic_feet", FLOAT)),
        "storage_type": col(c, "storage_type", TEXT),
        "young_units": col(c, "inv_age_0_to_30_days", INT),
        "revenue_30d": pl.coalesce(col(c, "sales_shipped_last_30_days", FLOAT), t30 * price),
        "no_sale_6_months": col(c, "no_sale_last_6_months", INT),
        "amazon_action": col(c, "recommended_action", TEXT),
        "amazon_sale_price": col(c, "recommended_sales_price", FLOAT),
        "amazon_sale_days": col(c, "recommended_sale_duration_days", INT),
        "amazon_storage": col(c, "estimated_storage_cost_next_month", FLOAT),
        "hds_short": col(c, "short_term_historical_days_of_supply", FLOAT),
        "hds_long": col(c, "long_term_historical_days_of_supply", FLOAT),
        "lil_exempt": lookup(col(c, lil, TEXT), _texts(planning, lil), _is_exempt, pl.Boolean),
        "storage_class": fees.storage_class_expr(storage_type, types, card.ais_exempt_types),
        "reserved": col(c, "total_reserved_quantity", INT),
        "unfulfillable": col(c, "unfulfillable_quantity", INT),
        "pending_removal": col(c, "pending_removal_quantity", INT),
        **surcharge.bucket_exprs(c),
    }


def sku_frame(
    planning: pl.DataFrame,
    stranded_by_sku: pl.DataFrame | None,
    hist: pl.DataFrame | None,
    settings: AccountSettings,
    card: RateCard,
    storage_month: date,
    days_to_charge: int,
) -> pl.DataFrame:
    """Every per-SKU number except those that need account-level sums (storage surcharge)."""
    columns = planning.columns
    amazon_ais = [c for c in columns if surcharge.AIS_QTY.match(c) or surcharge.AIS_EST.match(c)]
    frame = (
        planning.lazy()
        .select(
            **_inputs(planning, card),
            **{c: pl.col(c).cast(FLOAT, strict=False) for c in amazon_ais},
        )
        .unnest("storage_class")
    )
    if stranded_by_sku is not None and stranded_by_sku.height:
        # a lookup, not a join: the stranded SKUs are few and the planning rows keep their order
        units = pl.col("sku").replace_strict(
            stranded_by_sku["sku"], stranded_by_sku["stranded_units"], default=0, return_dtype=INT
        )
        listed = planning.get_column("sku") if "sku" in columns else pl.Series([], dtype=TEXT)
        only = stranded_by_sku.filter(~pl.col("sku").is_in(listed.implode()))
        frame = frame.with_columns(stranded_units=units)
        if only.height:
            frame = pl.concat([frame, only.lazy()], how="diagonal_relaxed")
    else:
        frame = frame.with_columns(stranded_units=pl.lit(0, dtype=INT))
    if hist is not None:
        frame = frame.join(hist.lazy(), on="sku", how="left", maintain_order="left")
    else:
        frame = frame.with_columns(
            **{
                n: pl.lit(None, dtype=INT)
                for n in ("hist_sum", "hist_known", "win_in", "win_known")
            }
        )
    d = pl.col("daily_demand")
    u = pl.col("available")
    frame = (
        frame.with_columns(
            in_planning=pl.col("in_planning").fill_null(False),
            stranded_units=pl.col("stranded_units").fill_null(0),
            daily_demand=demand.daily_demand(settings.demand),
            size=pl.col("size").fill_null("standard"),
            dangerous=pl.col("dangerous").fill_null(False),
            capacity_type=pl.col("capacity_type").fill_null("standard"),
            ais_exempt=pl.col("ais_exempt").fill_null(False),
            **history.average_and_share(u),
        )
        .with_columns(
            days_of_supply=demand.days_of(u, d),
            cover_days=demand.days_of(u + pl.col("inbound"), d),
            excess_units=demand.excess_units(u, pl.col("inbound"), d, settings.excess),
            sell_through=pl.when(pl.col("avg_available") > 0).then(
                pl.col("t90") / pl.col("avg_available")
            ),
            aged_units=surcharge.aged_units_expr(),
            replenishable=(
                (pl.col("t60") > 0) & d.is_not_null() & pl.col("in_stock_share").is_not_null()
            ).fill_null(False),
            surcharge_units=(u - pl.col("young_units").fill_null(0)).clip(lower_bound=0),
            base_rate=fees.base_rate_expr(card, storage_month),
            **fees.per_unit_fee_exprs(card, settings.liquidation),
        )
        .with_columns(
            low_inventory_fee=fees.low_inventory_fee_expr(card, settings.fees, pl.col("lil_exempt"))
        )
    )
    stages, helpers = surcharge.projection_stages(card, columns, days_to_charge)
    for stage in stages:
        frame = frame.with_columns(**stage)
    frame = frame.with_columns(surcharge_next=surcharge.surcharge_expr(card)).drop(
        "hist_sum", "hist_known", "win_in", "win_known", *amazon_ais, *helpers
    )
    return frame.with_row_index("row").collect()
