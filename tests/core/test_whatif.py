"""The what-if: each decision's effect on the factors, the estimate, fees, capacity and cash."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku
from core_worked import raw_estimate

from ipitui.core import default_quantity, evaluate, prepare, suggested_days, suggested_discount
from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import AccountSettings, CapacitySettings

TODAY = date(2026, 3, 10)
STD = {"storage_type": "Standard"}


def whatif_account():
    return account(
        [
            sku("P1", 200, 30, 60, 90, your_price=20.0, item_volume=0.1, **STD),  # d 1, E 110
            sku("L1", 40, your_price=30.0, item_volume=0.2, **STD),  # d 0, E 40
            sku("R1", 10, item_volume=1.0, storage_type="Oversize"),  # d 0, E 10
            sku("T1", 10, 60, 120, 180, inbound_quantity=5, your_price=10.0, item_volume=0.1,
                **STD),  # d 2, E 0, cover 7.5 days
            sku("N", 50, 30, 60, 90, your_price=5.0, item_volume=0.1, **STD),  # d 1, E 0
        ],
        TODAY,
        stranded=[
            {"sku": "S1", "fulfillable_qty": 30, "your_price": 10.0},
            {"sku": "P1", "fulfillable_qty": 5},
        ],
    )  # fmt: skip


# Today: ΣE 160 of ΣU 310; Σt90 360 / ΣŪ 310; S 35 of 310 + 35; in stock 100 %.
# Standard-size volume 34 ft3 over 0.4 ft3 shipped a day = 12 weeks: no utilization surcharge.
NOW = raw_estimate(160 / 310 * 100, 360 / 310, 35 / 345 * 100, 100.0)


def after(excess_units, excess_base, avg_available, stranded_units, stranded_base=345):
    return raw_estimate(
        excess_units / excess_base * 100,
        360 / avg_available,
        stranded_units / stranded_base * 100,  # ΣU + S after the decisions
        100.0,
    )


@pytest.fixture(scope="module")
def prepared():
    return prepare(whatif_account(), AccountSettings())


def effect(card, sku_name):
    return card.effects.filter(card.effects["sku"] == sku_name).row(0, named=True)


def test_no_decisions_changes_nothing(prepared) -> None:
    card = evaluate(prepared, {})
    assert card.estimate_now.raw == pytest.approx(NOW)
    assert card.estimate_after == card.estimate_now
    assert card.factors_after.values() == card.factors_now.values()
    assert card.fees_after.storage_next_month == card.fees_now.storage_next_month
    assert card.effects.height == 0 and card.cash.net == 0


def test_remove_the_excess(prepared) -> None:
    card = evaluate(prepared, {"L1": Decision("L1", Action.REMOVE)})
    e = effect(card, "L1")
    assert e["quantity"] == 40  # default: the excess units (no stranded units)
    assert e["cash"] == pytest.approx(-40 * 1.53)
    assert e["storage_saving_month"] == pytest.approx(40 * 0.2 * 0.78)
    # ΣE 120 of ΣU 270; ΣŪ 270; the same 35 stranded units of 305 units in all
    assert card.estimate_after.raw == pytest.approx(after(120, 270, 270, 35, 305))
    assert e["points"] == pytest.approx(after(120, 270, 270, 35, 305) - NOW)
    # the excess list's points at stake are the same change
    ex = prepared.lists["excess"]
    assert ex.filter(ex["sku"] == "L1")["points_at_stake"][0] == pytest.approx(e["points"])
    assert card.cash.removal_fees == pytest.approx(61.20) and card.cash.units_removed == 40
    assert card.fees_after.storage_next_month == pytest.approx(
        card.fees_now.storage_next_month - 6.24
    )
    assert card.capacity.freed_ft3 == pytest.approx(8.0)
    assert card.capacity.used_after["standard"] == pytest.approx(
        card.capacity.used_now["standard"] - 8
    )


def test_remove_takes_excess_then_stranded_then_other_units(prepared) -> None:
    card = evaluate(prepared, [Decision("P1", Action.REMOVE)])
    e = effect(card, "P1")
    assert e["quantity"] == 115  # 110 excess + 5 stranded
    # 30 stranded units of 345 - 115 = 230: a larger share than 35 of 345
    assert e["reason"] == (
        "115 units leave (5 of them stranded): fee $175.95; saves $8.58 storage a month and "
        "$0.00 surcharge; fix the 35 stranded units first: this raises the stranded share "
        "from 10.1% to 13.0%"
    )
    assert card.factors_after.stranded_pct == pytest.approx(30 / 230 * 100)
    assert card.estimate_after.raw == pytest.approx(after(50, 200, 200, 30, 230))
    card = evaluate(prepared, [Decision("P1", Action.REMOVE, quantity=120)])
    # 110 excess, 5 stranded, 5 more available: U 85 < 90 days of demand, no excess left
    assert card.estimate_after.raw == pytest.approx(after(50, 195, 195, 30, 225))


def test_dispose_and_liquidate(prepared) -> None:
    card = evaluate(prepared, [Decision("R1", Action.DISPOSE), Decision("L1", Action.LIQUIDATE)])
    assert effect(card, "R1")["cash"] == pytest.approx(-10 * 3.12)  # oversize, 1 lb
    assert effect(card, "L1")["cash"] == pytest.approx(40 * 1.6125)
    assert card.cash.disposal_fees == pytest.approx(31.20)
    assert card.cash.liquidation_net == pytest.approx(64.50)
    assert card.cash.net == pytest.approx(64.50 - 31.20)
    assert card.estimate_after.raw == pytest.approx(after(110, 260, 260, 35, 295))


def test_promote_with_defaults_and_with_terms(prepared) -> None:
    card = evaluate(prepared, [Decision("P1", Action.PROMOTE)])
    e = effect(card, "P1")
    # d' = 1.5 (50 % uplift): E' = 200 - 135 = 65; past sales (sell-through) unchanged
    assert card.estimate_after.raw == pytest.approx(after(160 - 45, 310, 310, 35))
    assert (e["discount_pct"], e["uplift_pct"], e["days"]) == (20.0, 50.0, 30)
    assert e["price"] == 20.0 and e["sale_price"] == 16.0
    # 0.5 more units a day for 30 days leave storage: 15 x 0.1 x 0.78
    assert e["storage_saving_month"] == pytest.approx(15 * 0.1 * 0.78)
    assert e["cash"] == 0
    terms = Decision("P1", Action.PROMOTE, discount_pct=35.0, uplift_pct=100.0, days=10)
    card = evaluate(prepared, [terms])
    e = effect(card, "P1")
    assert card.estimate_after.raw == pytest.approx(after(160 - 90, 310, 310, 35))  # E' = 20
    assert e["sale_price"] == 13.0 and e["storage_saving_month"] == pytest.approx(10 * 0.1 * 0.78)


def test_fix_listing_and_restock(prepared) -> None:
    card = evaluate(prepared, [Decision("S1", Action.FIX), Decision("T1", Action.RESTOCK)])
    assert effect(card, "S1")["quantity"] == 30
    # S1 is only in the stranded report: its relisted units become its available units
    assert card.factors_after.stranded_pct == pytest.approx(5 / 345 * 100)
    t1 = effect(card, "T1")
    assert t1["quantity"] == 135  # ceil(2 x (30 + 45)) - 15
    assert t1["reason"] == "135 units inbound: cover 8 -> 75 days"
    assert t1["points"] == 0  # restocking changes cover, not the factors
    assert card.capacity.added_ft3 == pytest.approx(13.5)
    assert card.estimate_after.raw == pytest.approx(after(160, 310, 310, 5))


def test_discontinue_leaves_the_in_stock_rate() -> None:
    rows = [sku("A", 100, 30, 60, 90), sku("C", 0, 60, 120, 180)]  # in-stock 1 / 3
    p = prepare(account(rows, TODAY), AccountSettings())
    assert p.factors.in_stock_pct == pytest.approx(100 / 3)
    card = evaluate(p, [Decision("C", Action.DISCONTINUE)])
    assert card.factors_after.in_stock_pct == pytest.approx(100.0)
    assert effect(card, "C")["reason"] == "no longer replenished: leaves the in-stock rate"


def test_snooze_and_unknown_skus_change_nothing(prepared) -> None:
    decisions = [
        Decision("L1", Action.SNOOZE, until=date(2026, 4, 1)),
        Decision("R1", Action.SNOOZE, until=date(2026, 3, 1)),  # ended: ignored
        Decision("GONE", Action.REMOVE, quantity=5),
    ]
    card = evaluate(prepared, decisions)
    assert card.estimate_after.raw == pytest.approx(NOW)
    assert effect(card, "L1")["reason"] == "snoozed until 2026-04-01: no effect on the numbers"
    assert effect(card, "R1")["reason"] == "snooze ended (2026-03-01): ignored"
    gone = effect(card, "GONE")
    assert gone["reason"] == "not in the newest snapshot: no effect" and gone["cash"] == 0
    chances = card.opportunities["sku"].to_list()
    assert "L1" not in chances and "R1" in chances


def test_decisions_add_up(prepared) -> None:
    decisions = {
        "L1": Decision("L1", Action.REMOVE),
        "S1": Decision("S1", Action.FIX),
        "P1": Decision("P1", Action.PROMOTE),
    }
    card = evaluate(prepared, decisions)
    # ΣE 160 - 40 - 45 = 75 of ΣU 270; ΣŪ 270; S 5 of 305
    assert card.estimate_after.raw == pytest.approx(after(75, 270, 270, 5, 305))
    assert card.estimate_after.score == round(after(75, 270, 270, 5, 305))
    assert card.decisions_applied == 3
    assert card.fees_after.storage_next_month == pytest.approx(
        card.fees_now.storage_next_month - 6.24 - 1.17
    )
    assert card.opportunities.height <= 10
    assert not set(card.opportunities["sku"]) & set(decisions)
    assert card.opportunities["points_at_stake"].is_sorted(descending=True)


def test_a_later_decision_for_the_same_sku_wins(prepared) -> None:
    card = evaluate(prepared, [Decision("L1", Action.REMOVE), Decision("L1", Action.DISPOSE)])
    assert card.effects["action"].to_list() == ["dispose"]


def test_capacity_against_the_limits_typed_in() -> None:
    settings = AccountSettings(capacity=CapacitySettings(standard=100.0))
    p = prepare(whatif_account(), settings)
    card = evaluate(p, [Decision("P1", Action.REMOVE)])
    assert card.capacity.limits["standard"] == 100.0
    # available x volume (no reserved or unfulfillable columns): 20 + 8 + 1 + 5
    assert card.capacity.used_now["standard"] == pytest.approx(34.0)
    # 110 excess units (0.1 ft3) and the 5 stranded units (0.1 ft3)
    assert card.capacity.used_after["standard"] == pytest.approx(34.0 - 11.5)


def test_defaults_for_the_decision_form(prepared) -> None:
    assert default_quantity(prepared, "P1", Action.REMOVE) == 115
    assert default_quantity(prepared, "L1", "liquidate") == 40
    assert default_quantity(prepared, "S1", Action.FIX) == 30
    assert default_quantity(prepared, "T1", Action.RESTOCK) == 135
    assert default_quantity(prepared, "P1", Action.PROMOTE) == 0
    assert default_quantity(prepared, "NOPE", Action.REMOVE) == 0
    assert suggested_discount(prepared, "P1") == 20.0
    rows = [sku("A", 500, 30, 60, 90, your_price=20.0, recommended_sales_price=15.0,
                recommended_sale_duration_days=14)]  # fmt: skip
    p = prepare(account(rows, TODAY), AccountSettings())
    assert suggested_discount(p, "A") == 25.0  # Amazon's suggested price: 25 % off
    assert suggested_days(p, "A") == 14


def test_surcharge_tiers_are_kept_only_for_skus_with_units_to_be_charged() -> None:
    aged = {"quantity_to_be_charged_ais_271_300_days": 8, "estimated_ais_271_300_days": 2.0}
    rows = [
        sku("AG", 20, your_price=10.0, item_volume=0.5, **STD, **aged),  # 8 units charged $2
        sku("NO", 20, your_price=10.0, item_volume=0.5, **STD),  # nothing to be charged
        sku(
            "Z",
            20,
            your_price=10.0,
            item_volume=0.5,
            **STD,
            quantity_to_be_charged_ais_271_300_days=0,
        ),  # fmt: skip
    ]
    p = prepare(account(rows, TODAY), AccountSettings())
    assert p.whatif_base.height == 3
    assert p.tiers["at"].to_list() == [0]  # the row of AG
    card = evaluate(p, [Decision(sku=s, action=Action.REMOVE) for s in ("AG", "NO", "Z")])
    # removing every unit saves the SKU's whole surcharge, in every tier
    due = p.lists["aging"].filter(p.lists["aging"]["sku"] == "AG")["surcharge_next"].item()
    assert due > 0 and p.fees.surcharge_next_charge == pytest.approx(due)
    assert effect(card, "AG")["surcharge_saving"] == pytest.approx(due)
    assert effect(card, "NO")["surcharge_saving"] == 0.0
    assert effect(card, "Z")["surcharge_saving"] == 0.0
    assert sum(card.fees_after.surcharge_by_tier.values()) == pytest.approx(0.0)
    assert sum(p.fees.surcharge_by_tier.values()) == pytest.approx(due)


def test_rows_of_finds_skus_by_their_text(prepared) -> None:
    rows = prepared.rows_of(["T1", "nope", "P1", "S1"])
    assert rows["sku"].to_list() == ["P1", "T1", "S1"]  # in the per-SKU frame's order
    skus = prepared.whatif_base["sku"]
    assert [skus[i] for i in rows["at"]] == ["P1", "T1", "S1"]
    assert prepared.rows_of([]).is_empty()
    assert prepared.rows_of(["p1", ""]).is_empty()  # case matters
