"""Every demo file agrees with itself, with the other reports and with its history."""

from __future__ import annotations

import polars as pl
from demo_reports import cents, read_text, whole
from test_demo_mix import COARSE, QUANTITIES, SHIPPED, TIERS

from ipitui.demo import DemoFiles
from ipitui.demo.figures import AIS_TIERS, next_charge_date
from ipitui.reports.layouts import PLANNING_2026_US

FINE = (
    "inv-age-0-to-30-days", "inv-age-31-to-60-days", "inv-age-61-to-90-days",
    "inv-age-181-to-330-days", "inv-age-331-to-365-days",
)  # fmt: skip
COUNTS = (
    "available", "fc-transfer", "inbound-quantity", "inbound-working", "inbound-shipped",
    "inbound-received", "no-sale-last-6-months", "Total Reserved Quantity",
    "unfulfillable-quantity", "Reserved FC Processing", "Reserved Customer Order",
    "Reserved Staging", "Inventory Supply at FBA", *COARSE, *FINE, *SHIPPED, *QUANTITIES,
)  # fmt: skip


def planning(path) -> pl.DataFrame:
    return whole(read_text(path), *COUNTS)


def _all_rows_hold(frame: pl.DataFrame, rule: pl.Expr, what: str) -> None:
    broken = frame.filter(~rule)
    assert broken.is_empty(), f"{what}: {broken.head(3).to_dicts()}"


def test_every_planning_file_is_internally_consistent(demo: DemoFiles) -> None:
    c = pl.col
    for path in demo.planning:
        f = planning(path)
        assert f.columns == list(PLANNING_2026_US)
        assert f["sku"].is_unique().all() and f["fnsku"].is_unique().all()
        assert f["asin"].is_unique().all()
        assert f["asin"].str.contains(r"^B0[0-9A-Z]{8}$").all()
        assert f["fnsku"].str.contains(r"^X00[0-9A-Z]{7}$").all()
        _all_rows_hold(f, c("available") == pl.sum_horizontal(COARSE), "available = buckets")
        _all_rows_hold(f, c(COARSE[0]) == pl.sum_horizontal(FINE[:3]), "0-90 = 0-30..61-90")
        _all_rows_hold(
            f,
            pl.sum_horizontal(COARSE[2:4]) == pl.sum_horizontal(FINE[3:]),
            "181-365 = 181-330 + 331-365",
        )
        _all_rows_hold(f, pl.min_horizontal(COUNTS[:-8]) >= 0, "no negative counts")
        t7, t30, t60, t90 = (c(s) for s in SHIPPED)
        _all_rows_hold(f, (t7 <= t30) & (t30 <= t60) & (t60 <= t90), "t7 <= t30 <= t60 <= t90")
        _all_rows_hold(
            f,
            c("inbound-quantity")
            == c("inbound-working") + c("inbound-shipped") + c("inbound-received"),
            "inbound = working + shipped + received",
        )
        _all_rows_hold(
            f,
            c("Total Reserved Quantity")
            == c("fc-transfer")
            + c("Reserved FC Processing")
            + c("Reserved Customer Order")
            + c("Reserved Staging"),
            "reserved = its parts",
        )
        _all_rows_hold(
            f,
            c("Inventory Supply at FBA")
            == c("available") + c("fc-transfer") + c("Reserved FC Processing"),
            "supply at FBA",
        )


def test_sales_amounts_are_units_times_price(demo: DemoFiles) -> None:
    f = planning(demo.planning[-1]).with_columns(cents("your-price").alias("price"))
    for n, column in zip((7, 30, 60, 90), SHIPPED, strict=True):
        amount = cents(f"sales-shipped-last-{n}-days")
        priced = f.filter(pl.col("price").is_not_null())
        assert priced.select((amount == pl.col(column) * pl.col("price")).all()).item(), n
        unpriced = f.filter(pl.col("price").is_null())
        assert unpriced.height and unpriced[f"sales-shipped-last-{n}-days"].null_count() == (
            unpriced.height
        )


def test_surcharge_estimates_are_units_times_volume_times_the_2026_rate(demo: DemoFiles) -> None:
    f = planning(demo.planning[-1]).filter(pl.col("item-volume").is_not_null())
    volume = pl.col("item-volume").cast(pl.Float64)
    checked = 0
    for (_, _, _, per_cubic_foot, per_unit), tier in zip(AIS_TIERS, TIERS, strict=True):
        units = pl.col(f"quantity-to-be-charged-ais-{tier}-days")
        per_item = pl.max_horizontal(volume * per_cubic_foot, pl.lit(per_unit))
        expected = (units * per_item * 100).round(0).cast(pl.Int64)
        estimate = cents(f"estimated-ais-{tier}-days")
        rows = f.filter(units.is_not_null())
        assert rows.select((estimate == expected).all()).item(), tier
        checked += rows.filter(units > 0).height
    assert checked > 0
    unmeasured = read_text(demo.planning[-1]).filter(pl.col("item-volume").is_null())
    assert unmeasured.height > 0
    for tier in TIERS:  # no volume, no estimate (the units are still counted)
        assert unmeasured[f"estimated-ais-{tier}-days"].null_count() == unmeasured.height
    assert unmeasured["estimated-storage-cost-next-month"].null_count() == unmeasured.height


def test_surcharge_quantities_are_the_units_aging_into_each_tier(demo: DemoFiles) -> None:
    for path in demo.planning:
        f = planning(path).with_columns(pl.col(QUANTITIES).fill_null(0))
        charged = pl.sum_horizontal(QUANTITIES)
        over_180 = pl.sum_horizontal(COARSE[2:])
        # Units only get older before the charge date, none appear: the units charged are
        # at least the units aged over 180 days now, and never more than are on hand.
        _all_rows_hold(f, charged >= over_180, f"{path.name}: charged >= aged")
        _all_rows_hold(f, charged <= pl.col("available"), f"{path.name}: charged <= available")
        _all_rows_hold(
            f,
            pl.col(QUANTITIES[-1]) >= pl.col(COARSE[-1]),
            f"{path.name}: 456+ charged >= 456+ now",
        )
    day = demo.snapshot_date
    assert next_charge_date(day).day == 15 and next_charge_date(day) >= day


def test_no_sale_in_six_months_means_no_recent_sales(demo: DemoFiles) -> None:
    f = planning(demo.planning[-1])
    unsold = f.filter(pl.col("no-sale-last-6-months") > 0)
    assert unsold.height > 0
    assert (unsold["units-shipped-t90"] == 0).all()
    over_180 = unsold.select(pl.sum_horizontal(COARSE[2:])).to_series()
    assert (unsold["no-sale-last-6-months"] <= over_180).all()


def test_stranded_units_are_outside_available(demo: DemoFiles) -> None:
    today = planning(demo.planning[-1])
    stranded = whole(read_text(demo.stranded), "fulfillable-qty")
    joined = stranded.join(today, on="sku", how="left", validate="1:1")
    assert joined["available"].null_count() == 0  # every stranded SKU is in the catalog
    assert (joined["available"] == 0).all()
    assert (joined["fnsku"] == joined["fnsku_right"]).all()
    assert (joined["fulfillable-qty"] > 0).all()


def test_restock_and_manage_inventory_agree_with_planning(demo: DemoFiles) -> None:
    today = planning(demo.planning[-1])
    restock = whole(
        read_text(demo.restock),
        "Available", "Inbound", "Working", "Shipped", "Receiving", "Units Sold Last 30 Days",
        "FC transfer", "FC Processing", "Customer Order", "Unfulfillable",
    )  # fmt: skip
    joined = restock.join(today, left_on="Merchant SKU", right_on="sku", validate="1:1")
    assert joined.height == restock.height > 0
    pairs = {
        "Available": "available", "Inbound": "inbound-quantity", "Working": "inbound-working",
        "Shipped": "inbound-shipped", "Receiving": "inbound-received",
        "Units Sold Last 30 Days": "units-shipped-t30", "FC transfer": "fc-transfer",
        "FC Processing": "Reserved FC Processing", "Customer Order": "Reserved Customer Order",
        "Unfulfillable": "unfulfillable-quantity", "FNSKU": "fnsku", "ASIN": "asin",
        "Price": "your-price",
    }  # fmt: skip
    for mine, theirs in pairs.items():
        assert joined.select(pl.col(mine).eq_missing(pl.col(theirs)).all()).item(), mine
    dated = joined.filter(pl.col("Recommended ship date").is_not_null())
    assert dated["Recommended ship date"].str.contains(r"^\d\d/\d\d/\d{4}$").all()
    assert dated.height > 0

    inventory = whole(
        read_text(demo.inventory),
        "afn-fulfillable-quantity", "afn-reserved-quantity", "afn-unsellable-quantity",
        "afn-inbound-working-quantity", "afn-inbound-shipped-quantity",
        "afn-inbound-receiving-quantity", "afn-warehouse-quantity", "afn-total-quantity",
    )  # fmt: skip
    assert sorted(inventory["sku"]) == sorted(today["sku"])
    joined = inventory.join(today, on="sku", validate="1:1")
    pairs = {
        "afn-fulfillable-quantity": "available",
        "afn-reserved-quantity": "Total Reserved Quantity",
        "afn-unsellable-quantity": "unfulfillable-quantity",
        "afn-inbound-working-quantity": "inbound-working",
        "afn-inbound-shipped-quantity": "inbound-shipped",
        "afn-inbound-receiving-quantity": "inbound-received",
        "your-price": "your-price_right",
    }
    for mine, theirs in pairs.items():
        assert joined.select(pl.col(mine).eq_missing(pl.col(theirs)).all()).item(), mine
    c = pl.col
    warehouse = c("afn-fulfillable-quantity") + c("afn-unsellable-quantity")
    warehouse = warehouse + c("afn-reserved-quantity")
    assert joined.select((c("afn-warehouse-quantity") == warehouse).all()).item()
    total = c("afn-warehouse-quantity") + c("inbound-quantity")
    assert joined.select((c("afn-total-quantity") == total).all()).item()


def test_weekly_snapshots_tell_one_sales_story(demo: DemoFiles) -> None:
    """A week later, the last 30 days are at most the new week plus the 30 days before."""
    frames = [planning(p).select("sku", "available", *SHIPPED) for p in demo.planning]
    for older, newer in zip(frames, frames[1:], strict=False):
        both = newer.join(older, on="sku", suffix="_old", validate="1:1")
        c = pl.col
        for n in ("t30", "t60", "t90"):
            new, old = c(f"units-shipped-{n}"), c(f"units-shipped-{n}_old")
            _all_rows_hold(both, new <= c("units-shipped-t7") + old, f"{n} week to week")
        # and the units 7 to 30 days back were sold within the older week's 30 days
        _all_rows_hold(
            both,
            c("units-shipped-t30") - c("units-shipped-t7") <= c("units-shipped-t30_old"),
            "t30 overlap",
        )
