"""The `score --json` contract, and the SKU detail the TUI shows."""

from __future__ import annotations

import json
from datetime import date

from core_build import account, sku

from ipitui.core import evaluate, prepare, scorecard_json, sku_detail
from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import AccountSettings

TODAY = date(2026, 3, 10)


def scored(decisions=()):
    rows = [
        sku("A", 100, 30, 60, 90, your_price=20.0, item_volume=0.1, inv_age_0_to_90_days=60,
            inv_age_181_to_270_days=40, recommended_action="Create Outlet deal",
            estimated_storage_cost_next_month=3.5),
        sku("B", 50, item_volume=1.0, storage_type="Oversize"),
        sku("C", 0, 60, 120, 180, your_price=10.0),
    ]  # fmt: skip
    history = {date(2026, 3, 3): [sku("A", 110, 30, 60, 90, t7=9)]}
    p = prepare(account(rows, TODAY, history), AccountSettings())
    return p, evaluate(p, list(decisions))


def test_the_json_contract() -> None:
    _, card = scored([Decision("B", Action.REMOVE)])
    out = scorecard_json(card, "Shop")
    text = json.dumps(out, allow_nan=False)  # no NaN or Infinity anywhere
    assert json.loads(text) == out
    assert out["account"] == "Shop" and out["snapshot_date"] == "2026-03-10" and out["skus"] == 3
    assert set(out["factors"]) == {"excess_pct", "sell_through", "stranded_pct", "in_stock_pct"}
    assert out["factors"]["stranded_pct"] is None  # no stranded report
    assert "stranded_pct" in out["factor_notes"]
    assert all(isinstance(v, float) for k, v in out["factors"].items() if k != "stranded_pct")
    assert isinstance(out["ipi_estimate"], int) and isinstance(out["ipi_with_decisions"], int)
    assert out["ipi_with_decisions"] > out["ipi_estimate"]
    assert set(out["lists"]) == {"excess", "stranded", "aging", "stock_risk"}
    for total in out["lists"].values():
        assert set(total) == {"count", "units"}
        assert all(isinstance(v, int) for v in total.values())
    for key in ("storage_next_month", "surcharge_next_charge"):
        assert isinstance(out["fees"][key], float)
        assert isinstance(out["fees_with_decisions"][key], float)
    assert out["fees"]["next_charge_date"] == "2026-03-15"
    assert out["decisions"] == 1 and out["effects"][0]["sku"] == "B"
    assert out["cash"]["units_removed"] == 50
    assert out["mapping"]["fitted"] is False and out["mapping"]["excess_pct"]["weight"] == 0.4


def test_sku_detail() -> None:
    p, _ = scored()
    d = sku_detail(p, "A")
    assert d["found"] and d["asin"] == "B0A" and d["product_name"] == "Product A"
    assert d["reports"]["planning"][0]["recommended_action"] == "Create Outlet deal"
    assert d["amazon_recommended_action"] == "Create Outlet deal"
    assert d["metrics"]["excess_units"] == 10 and d["metrics"]["daily_demand"] == 1.0
    assert d["age_buckets"]["age_181_270"] == 40 and d["age_buckets"]["age_0_90"] == 60
    assert d["weekly_shipped"] == [(date(2026, 3, 3), 9), (date(2026, 3, 10), 0)]
    assert d["suggested_action"] == "promote" and d["reason"].startswith("Sells 1.0 a day")
    assert {entry["list"] for entry in d["lists"]} == {"excess", "aging"}
    assert d["fees"]["storage_month"] > 0 and d["fees"]["surcharge_next"] > 0
    assert d["fees"]["amazon_storage"] == 3.5
    assert d["next_charge_date"] == date(2026, 3, 15)
    missing = sku_detail(p, "NOPE")
    assert missing["found"] is False and missing["lists"] == []
