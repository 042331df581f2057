"""Rate tables per marketplace: each resolves for a date in force, in the marketplace's own
currency and in the units rates.py expects; a fee without a known table has no amount (None),
never US rates, until ``[fee_overrides]`` fills it in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from core_build import account, report_row, sku, write_report

from ipitui.cli import main
from ipitui.core import evaluate, prepare, scorecard_json
from ipitui.core.decisions import Action, Decision
from ipitui.core.rates import SECTIONS, resolve_rates
from ipitui.core.settings import AccountSettings
from ipitui.reports.layouts import PLANNING_2026_US

DAY = date(2026, 3, 10)


def card(marketplace: str, day: date = DAY, weight_lb: float = 1.0, overrides=None):
    return resolve_rates(marketplace, dict.fromkeys(SECTIONS, day), weight_lb, overrides)


@pytest.mark.parametrize(
    ("marketplace", "standard", "peak", "removal"),
    [
        # per cubic foot: Amazon's per-m3 rates / 35.3147; removal of a 1 lb (454 g) unit
        ("UK", 0.71, 1.00, 0.39),  # GBP per ft3 as published; 201-500 g band
        ("GB", 0.71, 1.00, 0.39),
        ("DE", 0.7878, 1.0908, 0.39),  # EUR 27.82 / 38.52 per m3
        ("IT", 0.7878, 1.0908, 0.39),
        ("ES", 0.7878, 1.0908, 0.39),
        ("NL", 0.7878, 1.0908, 0.39),
        ("FR", 0.8113, 1.1236, 0.39),  # EUR 28.65 / 39.68 per m3
        ("SE", 8.2713, 11.4542, 3.92),  # SEK 292.10 / 404.50 per m3
        ("CA", 0.6796, 0.9345, None),  # CAD 24 / 33 per m3; no removal table
        ("JP", 220.87, 254.85, 45.0),  # JPY 7.800 / 9.000 per 1,000 cm3
    ],
)
def test_each_table_resolves_in_its_own_currency(marketplace, standard, peak, removal) -> None:
    c = card(marketplace)
    assert c.rates["storage.standard"] == pytest.approx(standard)
    assert c.rates["storage.standard_peak"] == pytest.approx(peak)
    assert c.rates["removal.standard"] == removal
    assert c.sources["storage"]
    assert not any("US rates" in n for n in c.notes)


def test_removal_by_grams_converted_to_pounds() -> None:
    # UK: 0-200 g £0.29 (0.4 lb = 181 g), 1,001+ g £0.97 + £0.57 per kg (£0.2585 per lb)
    assert card("UK", weight_lb=0.4).rates["removal.standard"] == 0.29
    heavy = card("UK", weight_lb=3.0)  # 0.795 lb over 1,000 g: one pound or part
    assert heavy.rates["removal.standard"] == pytest.approx(0.97 + 0.2585)
    # JP: oversize 2,001-5,000 g 200 yen (3 lb = 1,361 g is in 1,001-2,000 g: 140 yen)
    assert card("JP", weight_lb=3.0).rates["removal.oversize"] == 140


def test_a_uk_account_in_november_pays_the_uk_october_december_rate() -> None:
    rows = [
        sku("A", 100, item_volume=0.1, storage_type="Standard"),  # 10 ft3 at £1.00
        sku("B", 50, item_volume=1.0, storage_type="Oversize"),  # 50 ft3 at £0.64
        sku("C", 10, item_volume=1.0, storage_type="Apparel"),  # 10 ft3 at £0.60
    ]
    settings = AccountSettings(marketplace="UK", currency="GBP")
    p = prepare(account(rows, date(2025, 10, 20)), settings)
    assert p.fees.storage_month == date(2025, 11, 1)
    assert p.whatif_base["base_rate"].to_list() == [1.00, 0.64, 0.60]
    assert p.fees.storage_next_month == pytest.approx(10 * 1.00 + 50 * 0.64 + 10 * 0.60)
    # the utilization surcharge has no UK table: left out, and said so
    assert p.fees.utilization_surcharge_per_ft3 is None
    assert any("utilization surcharge for UK" in n for n in p.fees.notes)
    # the aged-inventory surcharge changed in February 2024 and Amazon's table is not known
    assert p.fees.surcharge_next_charge is None
    before = prepare(account(rows, date(2023, 10, 20)), settings)
    assert before.fees.surcharge_next_charge == 0.0  # only over 365 days, none here


def test_uk_surcharge_before_2024_is_in_pounds() -> None:
    row = sku("A", 10, item_volume=1.0, quantity_to_be_charged_ais_365_plus_days=10)
    settings = AccountSettings(marketplace="UK", currency="GBP")
    p = prepare(account([row], date(2023, 3, 1)), settings)
    assert p.fees.surcharge_next_charge == pytest.approx(10 * 4.30)  # £4.30 per ft3


def test_dangerous_goods_without_a_uk_rate_are_left_out_and_said_so() -> None:
    rows = [sku("A", 10, item_volume=1.0), sku("F", 10, item_volume=1.0, storage_type="Aerosol")]
    p = prepare(account(rows, date(2026, 3, 10)), AccountSettings(marketplace="UK"))
    assert p.whatif_base["base_rate"][1] is None
    assert p.fees.storage_next_month == pytest.approx(10 * 0.71)
    assert any("1 SKUs with units have no known storage rate" in n for n in p.fees.notes)


def mx_rows() -> list[dict]:
    return [
        sku("A", 100, 0, 0, 0, item_volume=0.1, your_price=20.0,
            quantity_to_be_charged_ais_271_300_days=5),
        sku("B", 100, 30, 60, 90, item_volume=0.1, your_price=20.0),
    ]  # fmt: skip


def test_a_marketplace_without_tables_scores_with_no_fee_amounts() -> None:
    settings = AccountSettings(marketplace="MX", currency="MXN")
    p = prepare(account(mx_rows(), DAY), settings)
    f = p.fees
    assert f.storage_next_month is None
    assert f.surcharge_next_charge is None
    assert f.low_inventory_fee_risk is None
    assert f.utilization_surcharge_per_ft3 is None
    assert set(f.surcharge_by_tier.values()) == {None}
    assert any("no published removal and disposal fee table for MX" in n for n in f.notes)
    assert p.whatif_base["removal_fee_unit"].null_count() == 2
    # the estimate does not need rates
    assert p.estimate.score is not None
    # the excess list does not pretend removing is cheaper than liquidating
    row = p.explained("excess", p.lists["excess"].filter(sku="A"))
    assert row["suggested_action"][0] == "remove"
    assert "which loses less is not known" in row["reason"][0]
    assert "not known (no rate table)" in row["reason"][0]

    decided = evaluate(p, [Decision("A", Action.REMOVE), Decision("B", Action.LIQUIDATE, 10)])
    assert decided.fees_after.storage_next_month is None
    assert decided.fees_after.surcharge_next_charge is None
    assert decided.cash.removal_fees is None and decided.cash.liquidation_net is None
    assert decided.cash.disposal_fees == 0.0  # nothing disposed
    assert decided.cash.net is None
    effect = decided.effects.filter(sku="A").row(0, named=True)
    assert effect["cash"] is None and effect["storage_saving_month"] is None
    assert "unknown (no rate table)" in effect["reason"]
    out = json.loads(json.dumps(scorecard_json(decided, "Mx")))
    assert out["fees"]["storage_next_month"] is None
    assert out["fees_with_decisions"]["surcharge_next_charge"] is None
    assert out["cash"]["removal_fees"] is None and out["cash"]["net"] is None


def test_an_override_makes_one_fee_known() -> None:
    overrides = {"removal.standard": 2.5, "storage.standard": 1.0, "storage.standard_peak": 2.0}
    settings = AccountSettings(marketplace="MX", currency="MXN", fee_overrides=overrides)
    settings.fees.utilization_surcharge_exempt = True
    p = prepare(account(mx_rows(), DAY), settings)
    assert p.fees.storage_next_month == pytest.approx(200 * 0.1 * 1.0)  # April: not peak
    assert p.fees.surcharge_next_charge is None  # still no table
    assert p.whatif_base["removal_fee_unit"].to_list() == [2.5, 2.5]
    assert not any("removal and disposal fee table for MX" in n for n in p.fees.notes)
    decided = evaluate(p, [Decision("A", Action.REMOVE)])
    assert decided.cash.removal_fees == pytest.approx(100 * 2.5)
    assert decided.fees_after.storage_next_month == pytest.approx(100 * 0.1 * 1.0)
    # a CA account's removal fee, unknown from the tables, known from the override
    ca = card("CA", overrides={"removal.standard": 1.2})
    assert ca.rates["removal.standard"] == 1.2 and "removal" not in ca.missing
    assert "removal" in card("CA").missing


def test_us_rates_are_never_used_for_another_marketplace() -> None:
    rows = [sku("A", 100, item_volume=0.1)]
    mx = prepare(account(rows, DAY), AccountSettings(marketplace="MX", currency="MXN"))
    us = prepare(account(rows, DAY), AccountSettings())
    assert us.fees.storage_next_month == pytest.approx(10 * 0.78)
    assert mx.fees.storage_next_month is None


def test_score_on_a_uk_account_prints_uk_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = "2025-11-10"  # storage for December: £1.00 standard, £0.64 oversize per ft3
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(day, "A", 100, 30, 60, 90),  # 10 ft3
            report_row(day, "B", 50, 0, 0, 0, **{"item-volume": 1.0, "storage-type": "Oversize"}),
        ],
    )
    assert main(["accounts", "add", "Tea", "--marketplace", "UK"]) == 0
    assert main(["import", str(planning), "--account", "Tea"]) == 0
    capsys.readouterr()
    assert main(["score", "--account", "Tea"]) == 0
    text = capsys.readouterr().out
    storage = next(line for line in text.splitlines() if line.startswith("Storage next month"))
    assert "42.00" in storage  # 10 x 1.00 + 50 x 0.64
    assert "94.00" not in storage  # the US rates: 10 x 2.40 + 50 x 1.40
    surcharge = next(line for line in text.splitlines() if line.startswith("Aged-inventory"))
    assert surcharge.endswith("no rate table")
    assert "no published low-inventory-level fee table for UK" in text
    assert main(["score", "--account", "Tea", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fees"]["storage_next_month"] == pytest.approx(42.0)
    assert out["fees"]["surcharge_next_charge"] is None
    assert out["fees"]["low_inventory_fee_risk"] is None
