"""The stranded list: every row of the stranded inventory report, largest value at risk first.

Stranded units ``S`` are the report's ``fulfillable-qty``; they are not in ``available``.
Suggested action: **remove** when Amazon's auto-removal date is at most
``auto_removal_near_days`` away (default 14), else **fix** the listing. A SKU held for its
season (``core.season``) is never suggested for removal: **fix** the listing, whose reason
names the season.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core import changes, season
from ipitui.core.columns import FLOAT, INT, TEXT, col, date_col, first_of, number
from ipitui.core.factors import Totals
from ipitui.core.settings import AccountSettings
from ipitui.format import account_format, money_expr

COLUMNS = (
    "sku", "asin", "product_name", "stranded_reason", "primary_action", "days_stranded",
    "days_to_auto_removal", "units", "value_at_risk", "points_at_stake", "suggested_action",
    "reason", "price", "date_stranded", "auto_removal_date", "status_primary", "error_message",
)  # fmt: skip


def _planning_prices(planning: pl.LazyFrame, skus: pl.Series) -> pl.DataFrame:
    """The planning report's price of the stranded SKUs (your-price, else sales-price)."""
    c = planning.collect_schema().names()
    if "sku" not in c:
        return pl.DataFrame(schema={"sku": pl.String, "planning_price": pl.Float64})
    return (
        planning.filter(pl.col("sku").is_in(skus.drop_nulls().unique().to_list()))
        .select("sku", planning_price=first_of(c, ("your_price", "sales_price"), FLOAT))
        .unique("sku", keep="first", maintain_order=True)
        .collect(engine="streaming")
    )


def stranded_rows(stranded: pl.DataFrame, planning: pl.LazyFrame, today: date) -> pl.DataFrame:
    """The report's rows in canonical form (price falls back to the planning report's)."""
    c = stranded.columns
    since = date_col(c, "date_stranded")
    removal = date_col(c, "date_to_take_auto_removal")
    rows = stranded.with_row_index("row").select(
        "row",
        sku=col(c, "sku", TEXT),
        asin=col(c, "asin", TEXT),
        product_name=col(c, "product_name", TEXT),
        stranded_reason=col(c, "stranded_reason", TEXT),
        primary_action=col(c, "primary_action", TEXT),
        status_primary=col(c, "status_primary", TEXT),
        error_message=col(c, "error_message", TEXT),
        units=col(c, "fulfillable_qty", INT),
        report_price=col(c, "your_price", FLOAT),
        date_stranded=since,
        auto_removal_date=removal,
        days_stranded=(pl.lit(today) - since).dt.total_days(),
        days_to_auto_removal=(removal - pl.lit(today)).dt.total_days(),
    )
    return (
        rows.join(
            _planning_prices(planning, rows["sku"]), on="sku", how="left", maintain_order="left"
        )
        .with_columns(price=pl.coalesce("report_price", "planning_price"))
        .with_columns(value_at_risk=pl.col("units") * pl.col("price"))
        .drop("report_price", "planning_price")
    )


def by_sku(rows: pl.DataFrame) -> pl.DataFrame:
    """Stranded units per SKU (rows without a SKU only count toward S)."""
    return (
        rows.filter(pl.col("sku").is_not_null())
        .group_by("sku")
        .agg(
            stranded_units=pl.col("units").sum(),
            asin=pl.col("asin").drop_nulls().first(),
            product_name=pl.col("product_name").drop_nulls().first(),
            price=pl.col("price").drop_nulls().first(),
        )
    )


def fix_change() -> dict[str, pl.Expr]:
    """What fixing a row means for its points at stake (``core.changes``): its suggested
    action taken: relisted units join U, removed ones leave S and U + S."""
    units = pl.col("units").fill_null(0)
    removed = pl.col("suggested_action") == "remove"
    return {
        "fixed": pl.when(removed).then(0).otherwise(units),
        "rm_stranded": pl.when(removed).then(units).otherwise(0),
    }


def stranded_list(
    rows: pl.DataFrame,
    settings: AccountSettings,
    base: Totals,
    base_raw: float | None,
    skus: pl.DataFrame,
) -> pl.DataFrame:
    """The list of ``rows`` (``stranded_rows``), largest value at risk first. Points at stake:
    the estimate's rise if the row's suggested action were taken alone: relisted units leave S
    and join the SKU's available units (whose numbers come from the per-SKU frame ``skus``),
    removed ones leave S. Relisted units of a SKU that shipped nothing lately count as excess
    until they sell, which the report cannot foresee: the points then fall, and the reason
    says so. A SKU held for its season (``core.season``) is never suggested for removal."""
    near = (pl.col("days_to_auto_removal") <= settings.stranded.auto_removal_near_days).fill_null(
        False
    )
    wanted = skus.filter(pl.col("sku").is_in(rows["sku"].drop_nulls().implode()))
    listed = rows.lazy().join(
        wanted.lazy().select("sku", *changes.SKU_READS, *season.LIST_COLUMNS),
        on="sku",
        how="left",
        maintain_order="left",
    )
    seasonal = pl.col(season.HELD).fill_null(False)
    action = pl.when(near & ~seasonal).then(pl.lit("remove")).otherwise(pl.lit("fix"))
    removed = pl.col("suggested_action") == "remove"
    scored = changes.with_change_points(
        listed.with_columns(suggested_action=action),
        fix_change(),
        base,
        base_raw,
        settings,
    )
    points = pl.col("points_at_stake")
    held_reason = pl.format(
        "{}: fix the listing to sell it in the season rather than remove it "
        "(Amazon's auto-removal date: {})",
        season.label_expr(),
        pl.col("auto_removal_date").cast(TEXT).fill_null("no date given"),
    )
    reason = (
        pl.when(near)
        .then(
            pl.format(
                "Amazon removes it automatically in {} days ({}): remove it, or fix the listing now",
                number(pl.col("days_to_auto_removal")),
                pl.col("auto_removal_date").cast(TEXT),
            )
        )
        .otherwise(
            pl.format(
                "Stranded ({}): fixing the listing puts {} units worth {} back on sale",
                pl.col("stranded_reason").fill_null("reason not given"),
                number(pl.col("units").fill_null(0)),
                money_expr(pl.col("value_at_risk").fill_null(0), account_format(settings)),
            )
        )
    )
    reason = pl.when(seasonal).then(held_reason).otherwise(reason)
    costs = pl.format(
        "; until they sell they count as excess ({} points at first)", number(points, 1)
    )
    reason = pl.when((points < -0.05) & ~removed).then(reason + costs).otherwise(reason)
    reason = pl.concat_str(reason, changes.new_asin_note())
    return (
        scored.with_columns(reason=reason)
        .select(COLUMNS)
        .sort("value_at_risk", descending=True, nulls_last=True, maintain_order=True)
        .collect()
    )
