"""`ipitui score` writes money the way the account's marketplace writes its currency, in every
form: the summary, each list, the reasons, the decisions' effects, and JSON (plain numbers
beside the currency code)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.format import NBSP
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED

pytest.importorskip("ipitui.store.snapshots")

DAY = "2026-03-10"
LISTS = ("excess", "stranded", "aging", "stock_risk")


def open_shop(tmp_path: Path, marketplace: str, currency: str | None = None) -> str:
    """An account on ``marketplace`` with rows in every list, money over a thousand (the
    stranded S1: 300 units at 20.00 = 6,000.00 at risk) and a decision (remove B)."""
    add = ["accounts", "add", "Shop", "--marketplace", marketplace]
    assert main(add + (["--currency", currency] if currency else [])) == 0
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(DAY, "A", 100, 30, 60, 90, **{"quantity-to-be-charged-ais-271-300-days": 5}),
            report_row(DAY, "B", 50, 0, 0, 0, **{"item-volume": 1.0, "storage-type": "Oversize"}),
            report_row(DAY, "C", 0, 60, 120, 180),
        ],
    )
    stranded = write_report(
        tmp_path / "stranded.txt",
        STRANDED,
        [{"sku": "S1", "fulfillable-qty": 300, "your-price": 20.0}],
    )
    assert main(["import", str(planning), str(stranded), "--account", "Shop"]) == 0
    assert main(["mark", "B", "--remove", "--account", "Shop"]) == 0
    return "Shop"


def every_output(shop: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """What each form of `ipitui score` prints."""
    capsys.readouterr()
    forms = {"text": [], "json": ["--json"]}
    for name in LISTS:
        forms[name] = ["--list", name]
        forms[f"{name} json"] = ["--list", name, "--json"]
    out = {}
    for form, flags in forms.items():
        assert main(["score", "--account", shop, *flags]) == 0
        out[form] = capsys.readouterr().out
    return out


def reasons(out: dict[str, str]) -> list[str]:
    """Every reason in the JSON outputs: the lists' rows, the effects, the opportunities."""
    found = [r["reason"] for name in LISTS for r in json.loads(out[f"{name} json"])["rows"]]
    card = json.loads(out["json"])
    return found + [r["reason"] for r in card["effects"] + card["opportunities"]]


def test_a_uk_account_reads_pounds_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = every_output(open_shop(tmp_path, "UK"), capsys)
    for form, text in out.items():
        assert "$" not in text, form
        # aging's money is the surcharge, which has no UK rate table since 2024 (and no money
        # in words); stock risk's text cuts the reason short
        assert "£" in text or form in ("aging", "aging json", "stock_risk"), form
    # the surcharge column: no UK table since 2024, so no amount (never a $ one)
    assert json.loads(out["aging json"])["rows"][0]["surcharge_next"] is None
    assert "(loses £40.00 a day out of stock)" in out["stock_risk json"]
    assert "Aged-inventory surcharge on 2026-03-15: no rate table" in out["text"]
    assert "Storage next month (April 2026): £" in out["text"]
    assert "Cash: removal fees £" in out["text"]  # the decision's cash
    assert "value_at_risk" in out["stranded"] and "£6,000.00" in out["stranded"]
    assert "units worth £6,000.00" in out["stranded"]
    excess = json.loads(out["excess json"])["rows"]
    assert any("removing them costs £" in r["reason"] for r in excess)
    assert "fee £" in json.loads(out["json"])["effects"][0]["reason"]  # the what-if's reason
    assert all("£" in r for r in reasons(out) if re.search(r"\d\.\d\d", r))
    # JSON keeps plain numbers, with the currency beside them
    card = json.loads(out["json"])
    assert card["currency"] == "GBP" and list(card)[:3] == ["schema", "account", "currency"]
    assert isinstance(card["fees"]["storage_next_month"], float)
    stranded = json.loads(out["stranded json"])
    assert stranded["currency"] == "GBP" and stranded["rows"][0]["value_at_risk"] == 6000.0


def test_a_german_account_writes_euros_the_german_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = every_output(open_shop(tmp_path, "DE"), capsys)
    assert f"units worth 6.000,00{NBSP}€" in out["stranded"]
    assert f"6.000,00{NBSP}€" in out["stranded json"]
    assert re.search(rf"Storage next month \(April 2026\): \d+,\d\d{NBSP}€", out["text"])
    assert json.loads(out["json"])["currency"] == "EUR"
    for form, text in out.items():
        assert "$" not in text and "£" not in text, form


def test_a_japanese_account_writes_yen_without_decimals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = every_output(open_shop(tmp_path, "JP"), capsys)
    assert "units worth ¥6,000" in out["stranded"]
    for form, text in out.items():
        assert not re.search(r"¥[\d,]*\.\d", text), form  # no yen amount has decimals
        assert "$" not in text, form
    assert re.search(r"Cash: removal fees ¥[\d,]+,", out["text"])


def test_a_currency_other_than_the_marketplaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = every_output(open_shop(tmp_path, "US", "CHF"), capsys)
    assert f"units worth 6,000.00{NBSP}CHF" in out["stranded"]
    assert json.loads(out["json"])["currency"] == "CHF"
    assert "$" not in out["stranded"]
