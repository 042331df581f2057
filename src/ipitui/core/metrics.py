"""Per-SKU numbers: one row per SKU of the newest planning snapshot (plus one per SKU that
only the stranded report lists), with everything the factors, lists, fees and what-if need.

Column names (``U`` … in the definitions): ``available`` (U), ``inbound`` (I), ``t7 … t90``,
``price`` (P: your-price, else sales-price), ``volume_ft3`` (V), ``daily_demand`` (d),
``days_of_supply``, ``cover_days`` (C), ``excess_units`` (E), ``avg_available`` (Ū) over
``avg_count`` snapshots, ``sell_through`` (t90 / Ū), ``in_stock_share``, ``stranded_units``,
``new_asin`` (True: neither the SKU nor its ASIN is listed 90 or more days ago, so Amazon leaves
it out of the IPI; False too when no stored snapshot is that old, see ``core.history``); the
season's ``season`` (categorical name), ``season_start``, ``season_end`` (Date) and
``season_flag`` (Amazon's Yes/No), see ``core.season``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

import polars as pl

from ipitui.core import demand, fees, history, season, surcharge
from ipitui.core.columns import FLOAT, INT, TEXT, col, first_of, lookup
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings

EXEMPT_WORDS = ("y", "true", "exempt")  # how the report says a SKU is exempt
TEXT_LOOKUPS = (
    "volume_unit_measurement", "storage_type", "exempted_from_low_inventory_level_fee",
    season.FLAG_INPUT,
)  # fmt: skip


def _texts(planning: pl.LazyFrame, columns: Collection[str]) -> dict[str, list[str | None]]:
    """The distinct texts of each column of ``TEXT_LOOKUPS`` (none when it is absent), read
    in one pass."""
    present = [n for n in TEXT_LOOKUPS if n in columns]
    found: dict[str, list[str | None]] = dict.fromkeys(TEXT_LOOKUPS, [])
    if present:
        distinct = planning.select(pl.col(n).cast(TEXT).unique().implode() for n in present)
        found.update(zip(present, distinct.collect(engine="streaming").row(0), strict=True))
    return found


def _is_exempt(text: str | None) -> bool:
    return (text or "").strip().lower().startswith(EXEMPT_WORDS)


def input_exprs(
    c: Collection[str], texts: dict[str, list[str | None]], card: RateCard
) -> dict[str, pl.Expr]:
    """The per-SKU inputs read from the planning report's columns ``c`` (one rule each:
    30-day units, price, item volume, storage type ...)."""
    t30 = col(c, "units_shipped_t30", INT)
    price = first_of(c, ("your_price", "sales_price"), FLOAT)
    units = texts["volume_unit_measurement"]
    item_volume = col(c, "item_volume", FLOAT) * lookup(
        col(c, "volume_unit_measurement", TEXT), units, fees.unit_factor, FLOAT
    )
    lil = "exempted_from_low_inventory_level_fee"
    storage_type = col(c, "storage_type", TEXT)
    types = texts["storage_type"]
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
        "lil_exempt": lookup(col(c, lil, TEXT), texts[lil], _is_exempt, pl.Boolean),
        "storage_class": fees.storage_class_expr(storage_type, types, card.ais_exempt_types),
        "reserved": col(c, "total_reserved_quantity", INT),
        "unfulfillable": col(c, "unfulfillable_quantity", INT),
        "pending_removal": col(c, "pending_removal_quantity", INT),
        **surcharge.bucket_exprs(c),
        **season.input_exprs(c, texts[season.FLAG_INPUT]),
    }


def planning_reads(columns: Collection[str], card: RateCard) -> list[str]:
    """The columns of a planning snapshot (of ``columns``, those it carries) that scoring
    computes with: the numbers and dates ``sku_frame`` takes in."""
    texts: dict[str, list[str | None]] = dict.fromkeys(TEXT_LOOKUPS, [])
    read = {r for e in input_exprs(columns, texts, card).values() for r in e.meta.root_names()}
    return [name for name in columns if name in read]


def derived() -> dict[str, pl.Expr]:
    """Per-SKU numbers worked out from other per-SKU columns alone: ``prepare`` keeps them
    out of its million-row frame, and the lists and the SKU detail add them on their rows."""
    u, d = pl.col("available"), pl.col("daily_demand")
    return {
        "cover_days": demand.days_of(u + pl.col("inbound"), d),
        "sell_through": pl.when(pl.col("avg_available") > 0).then(
            pl.col("t90") / pl.col("avg_available")
        ),
    }


def capacity_units() -> pl.Expr:
    """The units of a SKU that take storage capacity: available, reserved and unfulfillable,
    less those pending removal."""
    c = pl.col
    held = c("available").fill_null(0) + c("reserved").fill_null(0)
    return (held + c("unfulfillable").fill_null(0) - c("pending_removal").fill_null(0)).clip(
        lower_bound=0
    )


def _no_sums() -> dict[str, pl.Expr]:
    return {n: pl.lit(None, dtype=t) for n, t in history.SUMS_SCHEMA.items()}


def _with_history(frame: pl.LazyFrame, sums: pl.DataFrame | None) -> pl.LazyFrame:
    """The planning rows with their history sums beside them (row for row, no join)."""
    if sums is None:
        return frame.with_columns(**_no_sums())
    return pl.concat([frame, sums.lazy()], how="horizontal")


def _stranded_only(only: pl.DataFrame, others: pl.DataFrame | None) -> pl.LazyFrame:
    """The SKUs only the stranded report lists, with their sums in older snapshots."""
    if others is None:
        return only.lazy().with_columns(**_no_sums())
    return only.lazy().join(others.lazy(), on="sku", how="left", maintain_order="left")


# Planning rows computed at a time: the report columns of a million SKUs are never all in
# memory at once, and each piece's columns are whole (later steps never copy them to join up).
PIECE_ROWS = 1 << 17


def sku_frame(
    planning: pl.LazyFrame,
    stranded_by_sku: pl.DataFrame | None,
    hist: history.HistorySums | None,
    settings: AccountSettings,
    card: RateCard,
    storage_month: date,
    days_to_charge: int,
    drop: Collection[str] = (),
    apart: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Every per-SKU number except those that need account-level sums (storage surcharge),
    less the columns ``drop`` (dropped piece by piece: they never exist for every row at
    once). Each piece of rows (in order) goes through ``apart``, when given, which may set
    columns aside and returns the piece to keep. Of ``planning`` only the columns scoring
    reads are read (polars reads no other column of a scan)."""
    columns = planning.collect_schema().names()
    amazon_ais = [c for c in columns if surcharge.AIS_QTY.match(c) or surcharge.AIS_EST.match(c)]
    inputs = planning.select(
        **input_exprs(columns, _texts(planning, columns), card),
        **{c: pl.col(c).cast(FLOAT, strict=False) for c in amazon_ais},
    ).unnest("storage_class")
    height = planning.select(pl.len()).collect().item()
    sums = hist.rows if hist is not None else None
    if sums is not None and (sums.height != height or sums.columns != list(history.SUMS)):
        raise ValueError(f"history sums of {sums.height} rows for a snapshot of {height}")
    only = None
    stranded_units = pl.lit(0, dtype=INT)
    if stranded_by_sku is not None and stranded_by_sku.height:
        # a lookup, not a join: the stranded SKUs are few and the planning rows keep their order
        stranded_units = pl.col("sku").replace_strict(
            stranded_by_sku["sku"], stranded_by_sku["stranded_units"], default=0, return_dtype=INT
        )
        # the stranded SKUs the snapshot lists (streamed: its SKUs are never all in memory)
        stranded_skus = stranded_by_sku.get_column("sku").implode()
        listed = (
            planning.select(sku=col(columns, "sku", TEXT))
            .filter(pl.col("sku").is_in(stranded_skus))
            .collect(engine="streaming")
            .to_series()
        )
        only = stranded_by_sku.filter(~pl.col("sku").is_in(listed.implode()))

    def numbers(frame: pl.LazyFrame, first_row: int) -> pl.DataFrame:
        frame = _numbers(frame, settings, card, storage_month, days_to_charge, columns)
        frame = frame.drop(*history.SUMS, *amazon_ais, *drop).with_row_index(
            "row", offset=first_row
        )
        # whole columns (a column of one repeated value is kept as that value, which would
        # make the pieces' columns differ and every later step copy them all)
        piece = pl.DataFrame(frame.collect().rechunk().get_columns())
        return piece if apart is None else apart(piece)

    pieces = [
        numbers(
            _with_history(
                inputs.slice(start, PIECE_ROWS),
                sums.slice(start, PIECE_ROWS) if sums is not None else None,
            ).with_columns(stranded_units=stranded_units),
            start,
        )
        for start in range(0, max(height, 1), PIECE_ROWS)
    ]
    if only is not None and only.height:
        others = hist.others if hist is not None else None
        extra = pl.concat(
            [_with_history(inputs.clear(), None).with_columns(stranded_units=stranded_units),
             _stranded_only(only, others)],
            how="diagonal_relaxed",
        )  # fmt: skip
        pieces.append(numbers(extra, height))
    return pl.concat(pieces, how="vertical", rechunk=False)


def _numbers(
    frame: pl.LazyFrame,
    settings: AccountSettings,
    card: RateCard,
    storage_month: date,
    days_to_charge: int,
    columns: list[str],
) -> pl.LazyFrame:
    """The per-SKU numbers of the inputs ``frame`` (``columns``: the report's)."""
    d = pl.col("daily_demand")
    u = pl.col("available")
    frame = (
        frame.with_columns(
            in_planning=pl.col("in_planning").fill_null(False),
            stranded_units=pl.col("stranded_units").fill_null(0),
            daily_demand=demand.daily_demand(settings.demand),
            size=pl.col("size").fill_null("standard").cast(fees.CLASS_FIELDS["size"]),
            dangerous=pl.col("dangerous").fill_null(False),
            capacity_type=pl.col("capacity_type")
            .fill_null("standard")
            .cast(fees.CLASS_FIELDS["capacity_type"]),
            ais_exempt=pl.col("ais_exempt").fill_null(False),
            **history.average_and_share(u),
        )
        .with_columns(
            days_of_supply=demand.days_of(u, d),
            excess_units=demand.excess_units(u, pl.col("inbound"), d, settings.excess),
            **derived(),
            capacity_units=capacity_units(),
            aged_units=surcharge.aged_units_expr(),
            new_asin=(pl.col("in_planning") & ~pl.col("seen_old")).fill_null(False),
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
    return frame.with_columns(surcharge_next=surcharge.surcharge_expr(card)).drop(*helpers)
