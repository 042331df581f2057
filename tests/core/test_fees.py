"""Fees from the dated rate tables: storage and its utilization surcharge, the aged-inventory
surcharge by date, removal, disposal and liquidation, the low-inventory-level fee, overrides."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku

from ipitui.core import prepare
from ipitui.core.fees import next_charge_date, next_month
from ipitui.core.rates import fee_by_weight, resolve_rates
from ipitui.core.settings import AccountSettings, FeeSettings


def test_dates_the_fees_apply_to() -> None:
    assert next_charge_date(date(2026, 3, 10)) == date(2026, 3, 15)
    assert next_charge_date(date(2026, 3, 15)) == date(2026, 4, 15)  # today's is assessed
    assert next_charge_date(date(2026, 12, 31)) == date(2027, 1, 15)
    assert next_month(date(2026, 12, 31)) == date(2027, 1, 1)


def storage_row(**extra) -> dict:
    # 1000 units of 0.1 ft3 (100 ft3); 450 shipped in 90 days (0.5 ft3 a day)
    return sku("A", 1000, 150, 300, 450, item_volume=0.1, storage_type="Standard", **extra)


def test_storage_with_the_utilization_surcharge() -> None:
    # ratio: 100 ft3 / 0.5 ft3 a day = 200 days = 28.6 weeks: the "over 28 weeks" tier, $0.76;
    # 200 units are under 31 days old and pay no surcharge. April: base $0.78.
    p = prepare(
        account([storage_row(inv_age_0_to_30_days=200)], date(2026, 3, 10)), AccountSettings()
    )
    assert p.fees.utilization_weeks == pytest.approx(200 / 7)
    assert p.fees.storage_next_month == pytest.approx(1000 * 0.1 * 0.78 + 800 * 0.1 * 0.76)


def test_storage_at_peak_rates_and_exemptions() -> None:
    # snapshot in September: October's standard rate $2.40
    settings = AccountSettings(fees=FeeSettings(utilization_surcharge_exempt=True))
    p = prepare(account([storage_row()], date(2026, 9, 20)), settings)
    assert p.fees.storage_month == date(2026, 10, 1)
    assert p.fees.storage_next_month == pytest.approx(100 * 2.40)
    # 25 ft3 or less of standard-size stock pays no surcharge
    small = sku("A", 250, 0, 0, 1, item_volume=0.1, storage_type="Standard")
    p = prepare(account([small], date(2026, 3, 10)), AccountSettings())
    assert p.fees.utilization_surcharge_per_ft3 == 0
    assert p.fees.storage_next_month == pytest.approx(25 * 0.78)


def test_storage_by_type_dangerous_goods_and_metric_volumes() -> None:
    rows = [
        sku("O", 10, item_volume=1.0, storage_type="Oversize"),  # 10 x 0.56
        sku("F", 10, item_volume=1.0, storage_type="Flammable"),  # dangerous goods 0.99
        # 0.01 cubic metres = 0.353147 ft3
        sku("M", 10, item_volume=0.01, volume_unit_measurement="cubic meters"),
        sku("U", 10, item_volume=1.0, volume_unit_measurement="furlongs"),  # unknown: left out
    ]
    p = prepare(account(rows, date(2026, 3, 10)), AccountSettings())
    expected = 10 * 0.56 + 10 * 0.99 + 10 * 0.353147 * 0.78
    assert p.fees.storage_next_month == pytest.approx(expected)
    assert any("no item volume" in n for n in p.fees.notes)
    assert p.capacity_used["oversize"] == 10 and p.capacity_used["flammable"] == 10


@pytest.mark.parametrize(
    ("day", "charge"),
    [
        (date(2025, 12, 10), 10 * 0.15),  # charged 2025-12-15: 365+ at $6.90/ft3 or $0.15/unit
        (date(2025, 12, 20), 10 * 0.30),  # charged 2026-01-15: 366-455 at $6.90 or $0.30/unit
    ],
)
def test_aged_inventory_surcharge_uses_the_table_of_the_charge_date(day, charge) -> None:
    row = sku("A", 10, item_volume=0.01, quantity_to_be_charged_ais_365_plus_days=10)
    p = prepare(account([row], day), AccountSettings())
    assert p.fees.surcharge_next_charge == pytest.approx(charge)


def test_the_2023_tiers_before_february_2024() -> None:
    row = sku("A", 10, item_volume=1.0, quantity_to_be_charged_ais_271_300_days=10)
    old = prepare(account([row], date(2024, 1, 5)), AccountSettings())
    new = prepare(account([row], date(2024, 2, 5)), AccountSettings())
    assert old.fees.surcharge_next_charge == pytest.approx(10 * 3.80)
    assert new.fees.surcharge_next_charge == pytest.approx(10 * 5.45)


def test_removal_disposal_and_liquidation_fees_by_date_and_weight() -> None:
    card = resolve_rates("US", dict.fromkeys(
        ("storage", "utilization", "ais", "removal", "liquidation", "low_inventory"),
        date(2026, 3, 10)), 0.4)  # fmt: skip
    assert card.rates["removal.standard"] == 0.84 and card.rates["disposal.standard"] == 0.84
    assert card.tables["removal"] == date(2026, 1, 15)
    older = resolve_rates("US", dict.fromkeys(card.tables, date(2025, 6, 1)), 0.4)
    assert older.rates["removal.standard"] == 1.04
    table = {
        "standard_up_to_lb": [0.5, 1.0, 2.0], "standard_fee": [0.84, 1.53, 2.27],
        "standard_over_fee": 2.89, "standard_per_lb": 1.06,
    }  # fmt: skip
    assert fee_by_weight(table, "standard", 1.0) == 1.53
    assert fee_by_weight(table, "standard", 3.5) == pytest.approx(2.89 + 2 * 1.06)
    heavy = resolve_rates("US", dict.fromkeys(card.tables, date(2026, 3, 10)), 12.0)
    assert heavy.rates["removal.oversize"] == pytest.approx(14.32 + 2 * 1.06)
    assert heavy.rates["liquidation.processing_standard"] == pytest.approx(0.40 + 10 * 0.20)


def test_liquidation_net_recovery_per_unit() -> None:
    row = sku("A", 10, your_price=30.0, item_volume=0.1)
    p = prepare(account([row], date(2026, 3, 10)), AccountSettings())
    # 30 x 7.5 % = 2.25 gross, less 15 % referral = 1.9125, less $0.30 processing (1 lb)
    assert p.whatif_base["liquidation_net_unit"][0] == pytest.approx(1.6125)
    assert p.whatif_base["removal_fee_unit"][0] == 1.53


def lil_row(**extra) -> dict:
    # t7 25, d = 0.5 x 100/30 + 0.25 x 200/60 + 0.25 x 300/90 = 10/3 a day
    # historical days of supply: 20 x 30 / 100 = 6 and 20 x 90 / 300 = 6
    return sku("A", 20, 100, 200, 300, **{"t7": 25, "item_volume": 0.05, **extra})


@pytest.mark.parametrize(
    ("extra", "fee"),
    [
        ({}, 0.89 * 10 / 3 * 30),  # both below 14 days: small standard (1 lb) $0.89 a unit
        (
            {
                "short_term_historical_days_of_supply": 20.0,
                "long_term_historical_days_of_supply": 25.0,
            },
            0.32 * 100,  # Amazon's own: the greater, 25 days, is in the 21-28 band
        ),
        ({"long_term_historical_days_of_supply": 30.0}, 0.0),  # not both below 28
        ({"exempted_from_low_inventory_level_fee": "Yes"}, 0.0),
        ({"t7": 19}, 0.0),  # fewer than 20 units in 7 days (from 2024-05-15)
    ],
)
def test_low_inventory_level_fee(extra, fee) -> None:
    p = prepare(account([lil_row(**extra)], date(2026, 3, 10)), AccountSettings())
    assert p.fees.low_inventory_fee_risk == pytest.approx(fee)


def test_no_low_inventory_level_fee_before_april_2024() -> None:
    p = prepare(account([lil_row()], date(2024, 3, 1)), AccountSettings())
    assert p.fees.low_inventory_fee_risk == 0


def test_a_seller_overrides_any_rate() -> None:
    settings = AccountSettings(fee_overrides={"storage.standard": 1.0, "storage.nonsense": 9.0})
    settings.fees.utilization_surcharge_exempt = True
    p = prepare(account([storage_row()], date(2026, 3, 10)), settings)
    assert p.fees.storage_next_month == pytest.approx(100 * 1.0)
    assert any("'storage.nonsense'" in n for n in p.fees.notes)


def test_amazons_estimates_beside_ipituis() -> None:
    rows = [
        sku("A", 10, estimated_storage_cost_next_month=1.25, estimated_ais_181_210_days=0.5,
            estimated_ais_456_plus_days=1.0),
        sku("B", 10, estimated_storage_cost_next_month=2.0),
    ]  # fmt: skip
    p = prepare(account(rows, date(2026, 3, 10)), AccountSettings())
    assert p.fees.amazon_storage_next_month == pytest.approx(3.25)
    assert p.fees.amazon_surcharge_next_charge == pytest.approx(1.5)
    none = prepare(account([sku("A", 10)], date(2026, 3, 10)), AccountSettings())
    assert none.fees.amazon_storage_next_month is None
    assert none.fees.amazon_surcharge_next_charge is None
