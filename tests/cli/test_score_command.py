"""`ipitui score` end to end: hand-made Seller Central files imported, then scored as JSON and
text. The expected numbers are worked out by hand from the rows below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from core_build import report_row, write_report
from core_worked import raw_estimate

from ipitui.cli import main
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings

pytest.importorskip("ipitui.store.snapshots")

DAY = "2026-03-10"


@pytest.fixture
def shop(tmp_path: Path) -> str:
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(DAY, "A", 100, 30, 60, 90, **{"quantity-to-be-charged-ais-271-300-days": 5}),
            report_row(DAY, "B", 50, 0, 0, 0, **{"item-volume": 1.0, "storage-type": "Oversize"}),
            report_row(DAY, "C", 0, 60, 120, 180),
            report_row(DAY, "D", 20, None, None, None),
        ],
    )
    stranded = write_report(
        tmp_path / "stranded.txt",
        STRANDED,
        [{"sku": "S1", "fulfillable-qty": 30}, {"sku": "S2", "fulfillable-qty": 20}],
    )
    assert main(["import", str(planning), str(stranded), "--account", "Shop"]) == 0
    return "Shop"


def test_score_json_contract_and_numbers(shop: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["score", "--account", shop, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["account"] == "Shop" and out["snapshot_date"] == DAY and out["skus"] == 4
    f = out["factors"]
    assert f["excess_pct"] == pytest.approx(60 / 150 * 100)  # (10 + 50) / (100 + 50 + 0)
    assert f["sell_through"] == pytest.approx(270 / 150)
    assert f["stranded_pct"] == pytest.approx(50 / 220 * 100)  # 50 / (170 + 50)
    assert f["in_stock_pct"] == pytest.approx(100 / 3)  # A (d 1) in stock, C (d 2) out
    assert out["ipi_estimate"] == round(raw_estimate(40, 1.8, 50 / 220 * 100, 100 / 3))
    assert out["ipi_with_decisions"] == out["ipi_estimate"]
    assert out["lists"] == {
        "excess": {"count": 2, "units": 60},
        "stranded": {"count": 2, "units": 50},
        "aging": {"count": 1, "units": 0},  # A: 5 units to be charged, none aged by bucket
        "stock_risk": {"count": 1, "units": 0},  # C: out of stock, no inbound
    }
    # storage for April: standard $0.78 (A 10 ft3, D 2 ft3), oversize $0.56 (B 50 ft3)
    fees = out["fees"]
    assert fees["storage_next_month"] == pytest.approx(12 * 0.78 + 50 * 0.56)
    assert fees["surcharge_next_charge"] == pytest.approx(5 * 0.1 * 5.45)
    assert fees["next_charge_date"] == "2026-03-15"
    for key in ("factors", "lists", "fees", "capacity", "cash", "opportunities", "effects"):
        assert key in out
    assert set(out["factors"]) == {"excess_pct", "sell_through", "stranded_pct", "in_stock_pct"}


def test_score_with_a_decision_and_a_list(shop: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mark", "B", "--remove", "--account", shop]) == 0
    capsys.readouterr()
    assert main(["score", "--account", shop, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # B's 50 units removed: excess 10 / 100, sell-through 270 / 100, stranded 50 / 220
    assert out["factors_with_decisions"]["excess_pct"] == pytest.approx(10.0)
    assert out["ipi_with_decisions"] == round(raw_estimate(10, 2.7, 50 / 220 * 100, 100 / 3))
    assert out["cash"]["removal_fees"] == pytest.approx(50 * 3.12)  # oversize, 1 lb
    assert out["fees_with_decisions"]["storage_next_month"] == pytest.approx(12 * 0.78)
    assert main(["score", "--account", shop, "--list", "excess", "--top", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["sku"] for r in rows] == ["B"]  # the dearest excess: 50 ft3 at $0.56
    assert rows[0]["days_of_supply"] is None  # no sales: infinite, null in JSON
    assert main(["score", "--account", shop, "--list", "excess"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split()[:3] == ["sku", "product_name", "available"]
    assert "no sales" in text


def test_score_text_summary(shop: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["score", "--account", shop]) == 0
    text = capsys.readouterr().out
    assert "Estimated IPI" in text and "Excess" in text and "40.0%" in text
    assert "Aged-inventory surcharge on 2026-03-15: $2.73" in text


def test_score_shows_the_uncertainty_once_calibrated(
    shop: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["score", "--account", shop, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ipi_uncertainty"] is None  # the default mapping: no ±
    score = out["ipi_estimate"]
    assert main(["score", "--account", shop]) == 0
    text = capsys.readouterr().out
    assert f"Amazon does not publish its formula): {score}\n" in text and "±" not in text

    settings, _ = load_account_settings(ipitui_home, "shop")
    settings.ipi.fitted, settings.ipi.loo_error, settings.ipi.loo_readings = True, 17.625, 4
    save_account_settings(ipitui_home, "shop", settings)
    assert main(["score", "--account", shop, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ipi_uncertainty"] == 17.625 and out["ipi_estimate"] == score
    assert main(["score", "--account", shop]) == 0
    text = capsys.readouterr().out
    assert f"Amazon does not publish its formula): ≈ {score} ± 18\n" in text
    assert "± is the leave-one-out error of the mapping fitted to your 4 IPI readings" in text


def test_score_refuses_bad_flags(shop: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--account", shop, "--top", "3"]) == 2
    assert "--top needs --list" in capsys.readouterr().err
    assert main(["score", "--account", "Nobody"]) == 2


def test_report_text_is_cleaned_in_text_and_escaped_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SKU and a title carrying a C1 control (CSI, U+009B) and a right-to-left override
    (U+202E): the text drops them, the JSON keeps them as escapes that read back exactly."""
    sku, title = "E\u202eVIL", "Red\x9b31m\u202ewidget\u2066"
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [report_row(DAY, sku, 100, 3, 6, 9, **{"product-name": title})],
    )
    assert main(["import", str(planning), "--account", "Odd"]) == 0
    capsys.readouterr()
    assert main(["score", "--account", "Odd", "--list", "excess"]) == 0
    text = capsys.readouterr().out
    assert "EVIL" in text and "Red31mwidget" in text
    assert not {"\x9b", "\u202e", "\u2066"} & set(text)
    assert main(["score", "--account", "Odd", "--list", "excess", "--json"]) == 0
    raw = capsys.readouterr().out
    assert not {"\x9b", "\u202e", "\u2066"} & set(raw)
    assert "\\u202e" in raw and "\\u009b" in raw
    row = json.loads(raw)["rows"][0]
    assert row["sku"] == sku and row["product_name"] == title
