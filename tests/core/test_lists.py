"""The four lists: membership, default order, columns, suggested action and points at stake."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku
from core_worked import raw_estimate

from ipitui.core import prepare
from ipitui.core.settings import AccountSettings, StockSettings

TODAY = date(2026, 3, 10)  # next charge date 2026-03-15 (5 days); storage for April


def excess_account():
    return account(
        [
            # d = 1, E = 200 - 90 = 110: still selling -> promote
            sku("P1", 200, 30, 60, 90, your_price=20.0, item_volume=0.1,
                volume_unit_measurement="cubic feet", storage_type="Standard"),
            # no sales, E = 40: liquidation nets more than removal costs -> liquidate
            sku("L1", 40, your_price=30.0, item_volume=0.2, storage_type="Standard"),
            # no sales, no price (cannot be liquidated), oversize -> remove
            sku("R1", 10, item_volume=1.0, storage_type="Oversize"),
            # d = 1, U = 50: no excess
            sku("N", 50, 30, 60, 90, your_price=5.0, item_volume=0.1, storage_type="Standard"),
        ],
        TODAY,
    )  # fmt: skip


def test_excess_list_order_columns_and_suggestions() -> None:
    p = prepare(excess_account(), AccountSettings())
    ex = p.explained("excess", p.lists["excess"])
    assert ex["sku"].to_list() == ["P1", "L1", "R1"]
    rows = {r["sku"]: r for r in ex.iter_rows(named=True)}
    # Storage utilization: standard-size volume 20 + 8 + 5 = 33 ft3 (over 25) against
    # 0.2 ft3 shipped a day (P1, N: 90 x 0.1 / 90 each) = 165 days = 23.6 weeks: over 22
    # weeks, so $0.44 on top of April's $0.78 for standard size; oversize $0.56, no surcharge.
    assert p.fees.utilization_weeks == pytest.approx(33 / 0.2 / 7)
    assert p.fees.utilization_surcharge_per_ft3 == 0.44
    assert rows["P1"]["excess_cost_month"] == pytest.approx(110 * 0.1 * (0.78 + 0.44))
    assert rows["L1"]["excess_cost_month"] == pytest.approx(40 * 0.2 * (0.78 + 0.44))
    assert rows["R1"]["excess_cost_month"] == pytest.approx(10 * 1.0 * 0.56)
    assert rows["P1"]["excess_units"] == 110 and rows["P1"]["days_of_supply"] == 200
    assert rows["P1"]["daily_demand"] == 1.0 and rows["P1"]["sell_through"] == 90 / 200
    assert rows["P1"]["suggested_action"] == "promote"
    assert rows["P1"]["reason"] == (
        "Sells 1.0 a day but holds 200 days of supply (over 90): 20.0% off for 30 days"
    )
    # L1: removal 2026 standard at 1 lb $1.53 x 40 = $61.20; liquidation per unit
    # 30 x 7.5 % x (1 - 15 %) - $0.30 processing = $1.6125, x 40 = $64.50
    assert rows["L1"]["removal_cost"] == pytest.approx(61.20)
    assert rows["L1"]["disposal_cost"] == pytest.approx(61.20)
    assert rows["L1"]["liquidation_net"] == pytest.approx(64.50)
    assert rows["R1"]["liquidation_net"] is None
    assert rows["L1"]["suggested_action"] == "liquidate"
    assert rows["L1"]["reason"] == (
        "No units shipped in 90 days: liquidate 40 units: removing them costs $61.20, "
        "liquidating them nets $64.50"
    )
    # R1: oversize at 1 lb $3.12 x 10; no price, so no liquidation
    assert rows["R1"]["suggested_action"] == "remove"
    assert rows["R1"]["reason"].endswith(
        "removing them costs $31.20, liquidating them is not possible (dangerous goods or no price)"
    )
    for column in ("sku", "asin", "product_name", "points_at_stake", "suggested_action", "reason"):
        assert column in ex.columns
    assert ex.columns.index("reason") == ex.columns.index("suggested_action") + 1
    assert p.list_totals["excess"].count == 3 and p.list_totals["excess"].units == 160


@pytest.mark.parametrize("name", ["excess", "aging"])
def test_reasons_are_put_in_words_for_the_rows_asked_for(name: str) -> None:
    aged = {"quantity_to_be_charged_ais_271_300_days": 8, "estimated_ais_271_300_days": 2.0}
    rows = [
        *(sku(f"E{i}", 50 + i, your_price=10.0, item_volume=0.1, **aged) for i in range(6)),
        *(sku(f"S{i}", 90, 30, 60, 90 + i, your_price=5.0, **aged) for i in range(6)),
    ]
    p = prepare(account(rows, TODAY), AccountSettings())
    kept = p.lists[name]
    assert kept.height >= 6 and "reason" not in kept.columns  # not held for every row
    whole = p.explained(name, kept)
    assert not set(whole.columns) & {"row", "no_sale_6_months"}
    assert whole["reason"].null_count() == 0 and whole["reason"].str.len_chars().min() > 20
    # any rows, in any order, get the words they get in the whole list
    some = kept[[4, 1, 3]]
    assert p.explained(name, some)["reason"].to_list() == [whole["reason"][i] for i in (4, 1, 3)]


def test_points_at_stake_is_the_rise_from_fixing_that_row_alone() -> None:
    p = prepare(excess_account(), AccountSettings())
    # today: ΣE 160 / ΣU 300; Σt90 180 / ΣŪ 300 = 0.6; in-stock 100 % (P1, N); no stranded
    now = raw_estimate(160 / 300 * 100, 0.6, None, 100.0)
    assert p.estimate.raw == pytest.approx(now)
    points = dict(zip(p.lists["excess"]["sku"], p.lists["excess"]["points_at_stake"], strict=True))
    # P1's 110 excess units removed: ΣE 50 / ΣU 190; sell-through 180 / 190
    assert points["P1"] == pytest.approx(raw_estimate(50 / 190 * 100, 180 / 190, None, 100) - now)
    # L1's 40: ΣE 120 / ΣU 260; 180 / 260
    assert points["L1"] == pytest.approx(raw_estimate(120 / 260 * 100, 180 / 260, None, 100) - now)
    assert points["P1"] > points["L1"] > points["R1"] > 0


def test_stranded_list_order_and_suggestions() -> None:
    stranded = [
        {"sku": "S1", "fulfillable_qty": 30, "your_price": 10.0, "stranded_reason": "Listing error",
         "date_stranded": date(2026, 2, 1), "date_to_take_auto_removal": date(2026, 3, 20)},
        {"sku": "S2", "fulfillable_qty": 20, "stranded_reason": "No offer"},
        {"sku": "S3", "fulfillable_qty": 5, "your_price": 100.0},
    ]  # fmt: skip
    rows = [sku("A", 100, 30, 60, 90), sku("S2", 0, your_price=40.0)]
    p = prepare(account(rows, TODAY, stranded=stranded), AccountSettings())
    st = p.lists["stranded"]
    # value at risk: S2 20 x 40 (the planning price) = 800, S3 500, S1 300
    assert st["sku"].to_list() == ["S2", "S3", "S1"]
    assert st["value_at_risk"].to_list() == [800.0, 500.0, 300.0]
    s1 = st.row(2, named=True)
    assert s1["days_stranded"] == 37 and s1["days_to_auto_removal"] == 10
    assert s1["suggested_action"] == "remove"  # auto-removal within 14 days
    assert s1["reason"].startswith("Amazon removes it automatically in 10 days (2026-03-20)")
    s2 = st.row(0, named=True)
    assert s2["suggested_action"] == "fix"
    # S = 55 over ΣU 100 + 55; fixing S2 alone: 35 / 155
    # excess: A 10 of ΣU 100 (S2 has U 0); sell-through 90 / 100
    now = raw_estimate(10.0, 0.9, 55 / 155 * 100, 100.0)
    assert p.estimate.raw == pytest.approx(now)
    # S2's 20 relisted units join its U: it shipped nothing, so they are excess (ΣE 30 of
    # ΣU 120) and sell-through averages them (90 / 120) until they sell
    relisted = raw_estimate(30 / 120 * 100, 90 / 120, 35 / 155 * 100, 100)
    assert s2["points_at_stake"] == pytest.approx(relisted - now)
    assert s2["reason"] == (
        "Stranded (No offer): fixing the listing puts 20 units worth $800.00 back on sale; "
        f"until they sell they count as excess ({relisted - now:.1f} points at first)"
    )
    # S3 is only in the stranded report: relisted, its units are not excess (nothing known)
    s3 = st.row(1, named=True)
    assert s3["points_at_stake"] == pytest.approx(
        raw_estimate(10.0, 0.9, 50 / 155 * 100, 100) - now
    )
    assert p.list_totals["stranded"].count == 3 and p.list_totals["stranded"].units == 55


def aging_account():
    return account(
        [
            # Amazon's own quantity: 5 units in 271-300 days at $5.45/ft3 x 0.1 ft3
            sku("AG1", 30, 30, 60, 90, item_volume=0.1, storage_type="Standard",
                inv_age_0_to_90_days=25, inv_age_181_to_270_days=5,
                quantity_to_be_charged_ais_271_300_days=5, estimated_ais_271_300_days=2.70),
            # 90 units aged 181-270, not selling, 1 ft3 each: see test for the projection
            sku("AG2", 90, item_volume=1.0, storage_type="Standard", inv_age_181_to_270_days=90),
            # selling 2 a day: 10 units sell (oldest first) before the 15th
            sku("AG3", 180, 60, 120, 180, item_volume=1.0, storage_type="Standard",
                inv_age_91_to_180_days=90, inv_age_181_to_270_days=90),
            # apparel: exempt below 271 days
            sku("AG4", 90, item_volume=1.0, storage_type="Apparel", inv_age_181_to_270_days=90),
            # young stock only: not in the list
            sku("Y", 50, 30, 60, 90, item_volume=1.0, inv_age_0_to_90_days=50),
        ],
        TODAY,
    )  # fmt: skip


def test_aging_list_projects_the_surcharge_to_the_next_15th() -> None:
    p = prepare(aging_account(), AccountSettings())
    ag = p.explained("aging", p.lists["aging"])
    rows = {r["sku"]: r for r in ag.iter_rows(named=True)}
    # AG2: ages 181..270 spread evenly, 5 days older on the 15th: 186..275.
    # 181-210: 25 units x $0.50, 211-240: 30 x $1.00, 241-270: 30 x $1.50, 271-300: 5 x $5.45
    assert rows["AG2"]["surcharge_next"] == pytest.approx(25 * 0.5 + 30 + 30 * 1.5 + 5 * 5.45)
    # units within 5 days below 211, 241 and 271 move to a dearer tier: 5 + 5 + 5
    assert rows["AG2"]["units_crossing"] == pytest.approx(15)
    # AG3: 10 sold from the oldest leaves 80 at 181..260 -> 186..265, and 91..180 -> 96..185.
    # 181-210: 5 + 25 units, 211-240: 30, 241-270: 25
    assert rows["AG3"]["surcharge_next"] == pytest.approx(30 * 0.5 + 30 * 1.0 + 25 * 1.5)
    assert rows["AG3"]["units_crossing"] == pytest.approx(5 + 5 + 5)
    assert rows["AG3"]["suggested_action"] == "promote"  # selling, no excess, surcharge due
    # AG4 (apparel): only the 5 units reaching 271-300 pay
    assert rows["AG4"]["surcharge_next"] == pytest.approx(5 * 5.45)
    assert rows["AG1"]["surcharge_next"] == pytest.approx(5 * 0.1 * 5.45)
    assert rows["AG1"]["amazon_surcharge"] == pytest.approx(2.70)
    assert ag["sku"].to_list() == ["AG2", "AG3", "AG4", "AG1"]
    assert rows["AG1"]["next_charge_date"] == date(2026, 3, 15)
    assert rows["AG3"]["reason"] == (
        "90 units over 180 days; surcharge on 2026-03-15: $82.50; a promotion sells them "
        "before they age further"
    )
    # AG2 has excess (d = 0) and gets the excess list's suggestion
    assert rows["AG2"]["suggested_action"] in ("remove", "liquidate")
    assert p.list_totals["aging"].units == 5 + 90 + 90 + 90
    assert p.fees.surcharge_next_charge == pytest.approx(
        sum(r["surcharge_next"] for r in rows.values())
    )
    assert p.fees.amazon_surcharge_next_charge == pytest.approx(2.70)
    assert p.fees.surcharge_by_tier["271_300"] == pytest.approx(5 * 5.45 * 2 + 2.725)


def stock_account():
    return account(
        [
            # d = 2, U + I = 15: cover 7.5 days, out in 5 days; revenue 60 x 10 = 600
            sku("T1", 10, 60, 120, 180, inbound_quantity=5, your_price=10.0),
            # d = 1, cover 60 days: not at risk; revenue 30 x 50 = 1500
            sku("T2", 60, 30, 60, 90, inbound_quantity=0, your_price=50.0),
            # d = 1, cover 40 days; revenue from the report's sales column: 2000
            sku("T3", 30, 30, 60, 90, inbound_quantity=10, your_price=5.0,
                sales_shipped_last_30_days=2000.0),
            sku("Z", 5, inbound_quantity=0, your_price=5.0),  # no sales: not a top seller
        ],
        TODAY,
    )  # fmt: skip


def test_stock_risk_list() -> None:
    p = prepare(stock_account(), AccountSettings())
    sr = p.lists["stock_risk"]
    assert sr["sku"].to_list() == ["T1", "T3"]  # soonest stock-out first
    t1, t3 = sr.row(0, named=True), sr.row(1, named=True)
    assert t1["cover_days"] == 7.5 and t1["days_to_stockout"] == 5
    assert t1["stockout_date"] == date(2026, 3, 15)
    assert t1["reorder_qty"] == 2 * 75 - 15  # ceil(d (30 + 45)) - (U + I)
    assert t1["revenue_lost_per_day"] == 20.0 and t1["revenue_rank"] == 3
    assert t3["reorder_qty"] == 75 - 40 and t3["stockout_date"] == date(2026, 4, 9)
    assert t1["suggested_action"] == "restock"
    assert t1["reason"] == (
        "Top seller #3: runs out in 5 days (2026-03-15); with inbound 8 days of cover, under 44; "
        "reorder 135 units (loses $20.00 a day out of stock)"
    )
    # points: T1's share of the next 30 days in stock would be 7.5 / 30 if nothing is done;
    # in-stock today (T1 d 2, T2 d 1, T3 d 1, all in stock) 100 % -> (2 x 0.25 + 2) / 4
    now = p.estimate.raw
    after = raw_estimate(p.factors.excess_pct, p.factors.sell_through, None, 2.5 / 4 * 100)
    assert t1["points_at_stake"] == pytest.approx(now - after)
    assert t3["points_at_stake"] == 0  # 40 days of cover: in stock for the next 30
    assert p.list_totals["stock_risk"].units == 40


def test_stock_risk_only_looks_at_the_top_sellers() -> None:
    settings = AccountSettings(stock=StockSettings(top_sellers=2))
    p = prepare(stock_account(), settings)
    assert p.lists["stock_risk"]["sku"].to_list() == ["T3"]  # T1 is third by revenue


def test_lists_are_empty_frames_with_their_columns_when_nothing_qualifies() -> None:
    p = prepare(account([sku("N", 10, 30, 60, 90)], TODAY), AccountSettings())
    for name, frame in p.lists.items():
        assert frame.height == 0, name
        shown = p.explained(name, frame)
        assert {"sku", "points_at_stake", "suggested_action", "reason"} <= set(shown.columns)


def test_report_text_is_kept_literally() -> None:
    name = 'Figura 10" [bold]Deluxe[/bold], edicion \x1b[31mN'
    p = prepare(account([sku("X", 10, product_name=name)], TODAY), AccountSettings())
    assert p.lists["excess"]["product_name"][0] == name
