"""The SKU detail works out one SKU's numbers again: the same as the whole frame's row."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from core_build import account, sku

from ipitui.core import fees, history, prepare, stranded
from ipitui.core.detail import sku_detail, sku_numbers
from ipitui.core.measure import NOT_KEPT
from ipitui.core.metrics import sku_frame
from ipitui.core.settings import AccountSettings

TODAY = date(2026, 3, 10)


def whole_frame(p) -> pl.DataFrame:
    """Every per-SKU number of every SKU, nothing dropped (what ``prepare`` keeps less of)."""
    data = p.data
    return sku_frame(
        data.planning,
        None if p.stranded_rows is None else stranded.by_sku(p.stranded_rows),
        history.sums_at(data.planning_history, data.planning, TODAY),
        p.settings,
        p.card,
        p.storage_month,
        (p.charge_date - p.snapshot_date).days,
    ).with_columns(storage_month=fees.storage_saving_expr(pl.col("available"), 0.0))


@pytest.fixture(scope="module")
def prepared():
    aged = {"inv_age_181_to_270_days": 7, "inv_age_0_to_90_days": 3, "item_volume": 0.2}
    rows = [
        sku("A", 100, 30, 60, 90, total_reserved_quantity=4, your_price=12.5, **aged),
        sku("B", 50, inbound_quantity=10, storage_type="Apparel"),
        sku("C", 0, 60, 120, 180, unfulfillable_quantity=2),
    ]
    older = {
        date(2026, 2, 8): [sku("A", 80, 30, 60, 90), sku("S1", 5)],
        date(2026, 3, 5): [sku("A", 10, 30, 60, 90), sku("C", 4)],
    }
    # S1 is only in the stranded report (and an older snapshot), S2 only in the stranded one
    stranded_rows = [
        {"sku": "S1", "fulfillable_qty": 30, "your_price": 9.0},
        {"sku": "S2", "fulfillable_qty": 20},
        {"sku": "A", "fulfillable_qty": 6},
    ]
    return prepare(account(rows, TODAY, older, stranded_rows), AccountSettings())


@pytest.mark.parametrize("name", ["A", "B", "C", "S1", "S2"])
def test_one_skus_numbers_are_its_row_of_the_whole_frame(prepared, name: str) -> None:
    assert prepared.surcharge_per_ft3 == 0.0  # the whole frame's storage above assumes it
    whole = whole_frame(prepared).filter(pl.col("sku") == name).drop("row")
    assert whole.height == 1
    one = sku_numbers(prepared, name)
    one.pop("row")
    assert one == whole.row(0, named=True)
    # the columns prepare dropped are there again, and what it kept is the same
    assert set(NOT_KEPT) <= set(one)
    kept = prepared.whatif_base.filter(pl.col("sku") == name).row(0, named=True)
    assert {k: one[k] for k in kept} == kept


def test_detail_of_a_sku_no_report_lists_is_empty(prepared) -> None:
    assert sku_numbers(prepared, "nope") == {}
    detail = sku_detail(prepared, "nope")
    assert not detail["found"] and detail["metrics"]["available"] is None


def test_detail_shows_history_and_stranded_numbers(prepared) -> None:
    metrics = sku_detail(prepared, "A")["metrics"]
    # Ū over today, Feb 8 (the -30 anchor): (100 + 80) / 2; in stock today and Mar 5: 2 of 2
    assert metrics["avg_available"] == pytest.approx(90) and metrics["avg_count"] == 2
    assert metrics["in_stock_share"] == 1.0
    assert metrics["stranded_units"] == 6
    assert metrics["sell_through"] == pytest.approx(90 / 90)
    assert sku_detail(prepared, "S1")["metrics"]["stranded_units"] == 30


def test_tier_columns_set_aside_piece_by_piece_sum_as_the_whole_frame(monkeypatch) -> None:
    from ipitui.core import metrics, surcharge

    monkeypatch.setattr(metrics, "PIECE_ROWS", 2)  # five pieces of two rows (one of one)
    rows = [
        sku(
            f"K{i}",
            30 + i,
            3,
            6,
            9,
            item_volume=0.1 * (i + 1),
            inv_age_271_to_365_days=5 + i,
            inv_age_456_plus_days=i % 3,
        )  # fmt: skip
        for i in range(9)
    ]
    p = prepare(account(rows, TODAY), AccountSettings())
    whole = whole_frame(p)
    keys = surcharge.tier_keys(p.card)
    dense = whole.select(surcharge.charged_expr(k).sum().alias(k) for k in keys).row(0, named=True)
    assert p.fees.surcharge_by_tier == dense and sum(dense.values()) > 0
    # the tiers set aside are the rows with units to be charged, with the whole frame's values
    columns = surcharge.tier_columns(p.card)
    assert p.tiers.columns == ["at", *columns]
    charged = whole.filter(pl.col("row").is_in(p.tiers["at"].implode()))
    assert charged.select(columns).equals(p.tiers.select(columns))
    uncharged = whole.filter(~pl.col("row").is_in(p.tiers["at"].implode()))
    assert uncharged.select(pl.sum_horizontal(c for c in columns if "_q_" in c).sum()).item() == 0
