"""The suggested promotion of a SKU: discount, duration and the demand uplift assumed.

The discount is Amazon's own suggestion when the report has one (``recommended-sales-price``
below the price: the discount that reaches it, between 1 % and 90 %), else the account's
default; the duration likewise (``recommended-sale-duration-days``, else the default).
"""

from __future__ import annotations

import polars as pl

from ipitui.core.settings import PromotionSettings

MIN_DISCOUNT_PCT = 1.0
MAX_DISCOUNT_PCT = 90.0


def discount_expr(settings: PromotionSettings) -> pl.Expr:
    price, target = pl.col("price"), pl.col("amazon_sale_price")
    amazons = ((1 - target / price) * 100).round(1)
    usable = (target > 0) & (price > 0) & (target < price)
    return (
        pl.when(usable.fill_null(False))
        .then(amazons.clip(MIN_DISCOUNT_PCT, MAX_DISCOUNT_PCT))
        .otherwise(float(settings.default_discount_pct))
    )


def days_expr(settings: PromotionSettings) -> pl.Expr:
    days = pl.col("amazon_sale_days")
    return pl.when(days > 0).then(days).otherwise(int(settings.default_days)).cast(pl.Int64)
