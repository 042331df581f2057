"""The default demo catalog holds every kind of SKU a seller triages."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from demo_reports import read_text, whole

from conftest import TODAY
from ipitui.demo import DemoFiles
from ipitui.demo.catalog import STRANDED_REASONS

COARSE = (
    "inv-age-0-to-90-days", "inv-age-91-to-180-days", "inv-age-181-to-270-days",
    "inv-age-271-to-365-days", "inv-age-366-to-455-days", "inv-age-456-plus-days",
)  # fmt: skip
SHIPPED = ("units-shipped-t7", "units-shipped-t30", "units-shipped-t60", "units-shipped-t90")
TIERS = ("181-210", "211-240", "241-270", "271-300", "301-330", "331-365", "366-455", "456-plus")
QUANTITIES = tuple(f"quantity-to-be-charged-ais-{t}-days" for t in TIERS)


def _today(files: DemoFiles) -> pl.DataFrame:
    counts = (
        "available", "inbound-quantity", "inbound-working", "inbound-shipped",
        "inbound-received", "no-sale-last-6-months", *COARSE, *SHIPPED,
    )  # fmt: skip
    frame = whole(read_text(files.planning[-1]), *counts)
    return frame.with_columns(pl.col(QUANTITIES).cast(pl.Int64))


def test_best_steady_slow_and_dead_sellers(small_demo: DemoFiles) -> None:
    today = _today(small_demo)
    t30 = today["units-shipped-t30"]
    assert t30.max() >= 240  # a best seller: 8 or more a day
    assert ((t30 > 15) & (t30 < 240)).sum() >= 30  # steady sellers
    assert ((t30 > 0) & (t30 <= 5)).sum() >= 10  # slow movers
    dead = today.filter((pl.col("units-shipped-t90") == 0) & (pl.col("no-sale-last-6-months") > 0))
    assert dead.height >= 10
    # Dead stock's unsold units are all older than 180 days.
    aged = pl.sum_horizontal(COARSE[2:])
    assert dead.select((pl.col("no-sale-last-6-months") <= aged).all()).item()


def test_stock_in_every_age_bucket_and_surcharge_tier(small_demo: DemoFiles) -> None:
    today = _today(small_demo)
    for column in (*COARSE, *QUANTITIES):
        assert today[column].max() > 0, column


def test_skus_days_from_stocking_out_and_out_of_stock(small_demo: DemoFiles) -> None:
    today = _today(small_demo)
    daily = pl.col("units-shipped-t30") / 30
    soon = today.filter((pl.col("available") > 0) & (pl.col("available") < daily * 14))
    assert soon.filter(pl.col("units-shipped-t30") >= 90).height >= 3
    assert soon.filter(pl.col("inbound-quantity") == 0).height >= 1
    out = today.filter((pl.col("available") == 0) & (pl.col("units-shipped-t30") > 0))
    assert out.height >= 1  # stocked out recently, still selling until then


def test_best_sellers_stocked_out_in_recent_weeks(small_demo: DemoFiles) -> None:
    weeks = [_today_of(p) for p in small_demo.planning[-5:]]
    stocked_out = set()
    for frame in weeks:
        gone = frame.filter((pl.col("available") == 0) & (pl.col("units-shipped-t60") >= 240))
        stocked_out |= set(gone["sku"])
    assert stocked_out


def _today_of(path) -> pl.DataFrame:
    return whole(read_text(path), "available", "units-shipped-t60")


def test_inbound_shipments_at_every_stage(demo: DemoFiles) -> None:
    today = _today(demo)
    for column in ("inbound-working", "inbound-shipped", "inbound-received"):
        assert (today[column] > 0).sum() >= 1, column


def test_some_prices_and_volumes_are_blank(small_demo: DemoFiles) -> None:
    today = read_text(small_demo.planning[-1])
    assert today["your-price"].null_count() >= 1
    assert today["item-volume"].null_count() >= 1
    assert today["your-price"].null_count() < today.height / 20


def test_seasonal_items_flag_their_coming_season(small_demo: DemoFiles) -> None:
    today = read_text(small_demo.planning[-1])
    seasonal = today.filter(pl.col("is-seasonal-in-next-3-months") == "Yes")
    assert seasonal.height >= 1
    assert seasonal["season-name"].null_count() == 0
    starts = seasonal["season-start-date"].str.to_date()
    assert (starts <= TODAY + timedelta(days=90)).all()


def test_every_stranded_reason_and_removals_days_away(small_demo: DemoFiles) -> None:
    stranded = read_text(small_demo.stranded)
    assert set(stranded["stranded-reason"]) == {r[0] for r in STRANDED_REASONS}
    for column in ("date-stranded", "Date-to-take-auto-removal"):
        # ISO 8601 with the Pacific offset, e.g. 2026-08-31T14:03:11-07:00
        cells = stranded[column].drop_nulls()
        assert cells.str.contains(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$").all(), column
    local_day = pl.col("Date-to-take-auto-removal").str.slice(0, 10).str.to_date()
    days_left = stranded.select((local_day - pl.lit(TODAY)).dt.total_days()).to_series()
    assert days_left.drop_nulls().is_between(1, 7).any()
    assert (days_left.drop_nulls() > 0).all()
    assert stranded["Date-to-take-auto-removal"].null_count() < stranded.height
    stranded_on = stranded["date-stranded"].str.slice(0, 10).str.to_date()
    assert (stranded_on <= TODAY).all()
    assert (whole(stranded, "fulfillable-qty")["fulfillable-qty"] > 0).all()


def test_some_skus_were_out_of_stock_in_some_weeks(small_demo: DemoFiles) -> None:
    history = pl.concat(
        [whole(read_text(p), "available", "units-shipped-t30") for p in small_demo.planning]
    )
    per_sku = history.group_by("sku").agg(
        (pl.col("available") == 0).sum().alias("out"),
        (pl.col("available") > 0).sum().alias("in"),
        pl.col("units-shipped-t30").max().alias("sold"),
    )
    flickering = per_sku.filter((pl.col("out") > 0) & (pl.col("in") > 0) & (pl.col("sold") > 0))
    assert flickering.height >= 3


def test_new_listings_appear_in_the_history(small_demo: DemoFiles) -> None:
    oldest = set(read_text(small_demo.planning[0])["sku"])
    newest = set(read_text(small_demo.planning[-1])["sku"])
    assert oldest < newest  # launched since, nothing delisted
