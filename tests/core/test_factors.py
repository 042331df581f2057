"""The four factors and the estimate, on accounts worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku
from core_worked import raw_estimate

from ipitui.core import prepare
from ipitui.core.detail import sku_numbers
from ipitui.core.settings import AccountSettings, DemandSettings, ExcessSettings

TODAY = date(2026, 3, 10)


def five_skus() -> list[dict]:
    return [
        # d = 0.5*30/30 + 0.25*60/60 + 0.25*90/90 = 1.0; E = 100 - ceil(90*1.0) = 10
        sku("A", 100, 30, 60, 90),
        # no sales: d = 0, E = U = 50
        sku("B", 50),
        # d = 0.5*60/30 + 0.25*120/60 + 0.25*180/90 = 2.0; E = max(0, 0 - 180) = 0; out of stock
        sku("C", 0, 60, 120, 180),
        # units shipped unknown: d unknown, left out of excess, sell-through and in-stock
        sku("D", 20, None, None, None),
        # available unknown: d = 0.1 but E unknown; no in-stock share either
        sku("E", None, 3, 6, 9),
    ]


def test_factors_of_one_snapshot() -> None:
    stranded = [{"sku": "S1", "fulfillable_qty": 30}, {"sku": "S2", "fulfillable_qty": 20}]
    p = prepare(account(five_skus(), TODAY, stranded=stranded), AccountSettings())
    f = p.factors
    # excess: ΣE / ΣU over A, B, C (D and E left out) = 60 / 150
    assert f.excess_pct == pytest.approx(40.0)
    # sell-through: Σ t90 / Σ Ū over A, B, C (Ū = U with one snapshot) = 270 / 150
    assert f.sell_through == pytest.approx(1.8)
    # stranded: S / (ΣU + S), ΣU over every known U (A, B, C, D = 170): 50 / 220
    assert f.stranded_pct == pytest.approx(50 / 220 * 100)
    # in-stock: replenishable A (d 1, in stock) and C (d 2, out): 1 / 3
    assert f.in_stock_pct == pytest.approx(100 / 3)
    assert "rows with missing data left out: 2" in f.notes["excess_pct"]
    assert "rows with missing data left out: 2" in f.notes["in_stock_pct"]
    # sub-scores: excess 0 (40 %), sell-through (1.8 - 0.25) / 2.75, stranded 0, in-stock 0
    e = p.estimate
    assert e.raw == pytest.approx(1000 * 0.30 * (1.8 - 0.25) / 2.75)
    assert e.score == 169
    assert e.factors_used == ["excess_pct", "sell_through", "stranded_pct", "in_stock_pct"]
    assert e.points_lost["excess_pct"] == pytest.approx(400)
    assert e.points_lost["sell_through"] == pytest.approx(300 * (1 - 1.55 / 2.75))
    assert sum(e.points_lost.values()) == pytest.approx(1000 - e.raw)
    assert p.sku_count == 5


def test_missing_stranded_report_drops_the_factor_and_renormalises() -> None:
    p = prepare(account(five_skus(), TODAY), AccountSettings())
    assert p.factors.stranded_pct is None
    assert "no stranded inventory report" in p.factors.notes["stranded_pct"]
    assert p.estimate.factors_used == ["excess_pct", "sell_through", "in_stock_pct"]
    # (0.30 * 1.55 / 2.75) / (0.40 + 0.30 + 0.15)
    assert p.estimate.raw == pytest.approx(raw_estimate(40.0, 1.8, None, 100 / 3))
    assert p.estimate.score == round(1000 * 0.3 * 1.55 / 2.75 / 0.85)


def test_an_empty_stranded_report_means_nothing_stranded() -> None:
    p = prepare(account(five_skus(), TODAY, stranded=[]), AccountSettings())
    assert p.factors.stranded_pct == 0.0


def test_history_averages_the_snapshots_near_30_60_90_days_and_30_days_of_in_stock() -> None:
    history = {
        date(2026, 2, 8): [sku("A", 80, 30, 60, 90), sku("B", 50), sku("C", 30, 60, 120, 180)],
        # nearest -60 days (2026-01-09) within 7 days; C is not in it
        date(2026, 1, 12): [sku("A", 60, 30, 60, 90), sku("B", 50)],
        # 99 days back: more than 7 days from -90, not used
        date(2025, 12, 1): [sku("A", 999), sku("B", 999), sku("C", 999)],
        # daily snapshots inside the last 30 days (in-stock only)
        date(2026, 3, 9): [sku("A", 0, 30, 60, 90), sku("C", 5, 60, 120, 180)],
        date(2026, 3, 5): [sku("A", 10, 30, 60, 90)],
    }
    rows = [sku("A", 100, 30, 60, 90), sku("B", 50), sku("C", 0, 60, 120, 180)]
    p = prepare(account(rows, TODAY, history), AccountSettings())
    # Ū: A (100 + 80 + 60) / 3 = 80; B 50; C (0 + 30) / 2 = 15 (absent on Jan 12: unknown)
    assert p.factors.sell_through == pytest.approx(270 / (80 + 50 + 15))
    # share: A in stock today and Mar 5, not Mar 9: 2/3; C only Mar 9 of (today, Mar 9): 1/2
    assert p.factors.in_stock_pct == pytest.approx((1 * 2 / 3 + 2 * 1 / 2) / 3 * 100)
    assert "2026-02-08" in p.factors.notes["sell_through"]
    assert "2026-01-12" in p.factors.notes["sell_through"]
    assert "2025-12-01" not in p.factors.notes["sell_through"]
    row = sku_numbers(p, "A")
    assert row["avg_available"] == pytest.approx(80) and row["avg_count"] == 3
    # the SKU's own sell-through: 90 / 80
    assert row["sell_through"] == pytest.approx(90 / 80)


def test_excess_counts_inbound_when_set() -> None:
    rows = [
        sku("A", 100, 30, 60, 90, inbound_quantity=30),  # 100 + 30 - 90 = 40
        sku("B", 50, inbound_quantity=5),  # d = 0: all 50 on hand (never more than U)
    ]
    off = prepare(account(rows, TODAY), AccountSettings())
    assert off.factors.excess_pct == pytest.approx(60 / 150 * 100)
    settings = AccountSettings(excess=ExcessSettings(excess_counts_inbound=True))
    on = prepare(account(rows, TODAY), settings)
    assert on.factors.excess_pct == pytest.approx(90 / 150 * 100)


def test_demand_weights_are_normalised_and_excess_days_are_a_setting() -> None:
    rows = [sku("A", 100, 30, 60, 90, t7=14)]
    # weights 2 and 2 on t7 and t90: d = 0.5 * 14/7 + 0.5 * 90/90 = 1.5; E = 100 - 45 = 55
    settings = AccountSettings(
        demand=DemandSettings(weight_t7=2, weight_t30=0, weight_t60=0, weight_t90=2),
        excess=ExcessSettings(excess_days=30),
    )
    p = prepare(account(rows, TODAY), settings)
    row = sku_numbers(p, "A")
    assert row["daily_demand"] == pytest.approx(1.5)
    assert row["excess_units"] == 55
    assert row["days_of_supply"] == pytest.approx(100 / 1.5)


def test_ceil_is_not_fooled_by_floating_point() -> None:
    # d = 0.5*3/30 + 0.25*6/60 + 0.25*9/90 = 0.1 (summed as 0.1000000000000001): 90 d = 9
    p = prepare(account([sku("A", 10, 3, 6, 9)], TODAY), AccountSettings())
    assert p.whatif_base["excess_units"][0] == 1


def test_days_of_supply_and_cover_are_infinite_without_sales() -> None:
    p = prepare(account([sku("B", 50, inbound_quantity=10)], TODAY), AccountSettings())
    row = sku_numbers(p, "B")
    assert row["days_of_supply"] == float("inf") and row["cover_days"] == float("inf")


def test_half_points_round_up() -> None:
    # only sell-through, mapped 1 at 1.0 and 0 at 0.0: 1 / 2000 -> raw 0.5 -> 1
    settings = AccountSettings()
    settings.ipi.sell_through.best, settings.ipi.sell_through.worst = 1.0, 0.0
    settings.ipi.excess_pct.weight = settings.ipi.in_stock_pct.weight = 0.0
    rows = [sku("A", 2000, 0, 0, 1)]
    p = prepare(account(rows, TODAY), settings)
    assert p.estimate.raw == pytest.approx(0.5)
    assert p.estimate.score == 1


def test_nothing_computable() -> None:
    p = prepare(account([sku("A", None, None, None, None)], TODAY), AccountSettings())
    assert p.factors.values() == dict.fromkeys(p.factors.values())
    assert p.estimate.score is None
    assert "not computable" in p.factors.notes["excess_pct"]
