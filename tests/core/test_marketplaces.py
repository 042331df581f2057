"""Each marketplace is scored on the IPI factors Amazon shows there (core.marketplaces): the
estimate at load, points at stake, the what-if, calibration and both outputs of `score`."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from core_build import account, report_row, sku, write_report

from ipitui.cli import main
from ipitui.commands.score import summary_text
from ipitui.core import evaluate, prepare, scorecard_json
from ipitui.core.calibration import estimate_at, fit_mapping
from ipitui.core.decisions import Action, Decision
from ipitui.core.factors import FACTORS, Factors
from ipitui.core.marketplaces import (
    MARKETPLACE_CURRENCY,
    MARKETPLACES,
    marketplace,
    scoring_ipi,
)
from ipitui.core.settings import AccountSettings
from ipitui.format import money_format
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED
from ipitui.store import accounts

TODAY = date(2026, 3, 10)
ACCEPTED = (
    "US", "CA", "MX", "BR", "UK", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "IE", "SE", "PL",
    "TR", "JP", "AU", "SG", "IN", "AE", "SA", "EG",
)  # fmt: skip
SCORE_CA = ["excess_pct", "sell_through", "stranded_pct"]


def shop():
    rows = [
        sku("A", 100, 30, 60, 90),  # d 1.0, 10 excess, in stock
        sku("B", 50),  # no sales: all excess
        sku("C", 0, 60, 120, 180, your_price=10.0, inbound_quantity=0),  # d 2.0, out of stock
        sku(
            "D", 10, 30, 60, 90, your_price=10.0, inbound_quantity=0
        ),  # d 1.0, a top seller with 10 days' cover
    ]
    older = {
        date(2026, 3, 3): [
            sku("A", 110, 30, 60, 90),
            sku("C", 5, 60, 120, 180),
            sku("D", 20, 30, 60, 90),
        ]
    }
    return account(rows, TODAY, older, stranded=[{"sku": "S1", "fulfillable_qty": 30}])


def settings_of(code: str, in_stock_weight: float | None = None) -> AccountSettings:
    s = AccountSettings(marketplace=code)
    if in_stock_weight is not None:
        s.ipi.in_stock_pct.weight = in_stock_weight
    return s


def test_the_table_holds_every_marketplace_the_accounts_accept() -> None:
    assert tuple(MARKETPLACES) == ACCEPTED
    assert accounts.MARKETPLACE_CURRENCY is MARKETPLACE_CURRENCY  # one table
    assert MARKETPLACE_CURRENCY["GB"] == "GBP" and MARKETPLACE_CURRENCY["SE"] == "SEK"
    for m in MARKETPLACES.values():
        assert set(m.factors) <= set(FACTORS) and m.factors
        assert (m.source != "") == m.confirmed  # a confirmed set names its page
        if not m.confirmed:
            assert m.factors == FACTORS
    confirmed = {c for c, m in MARKETPLACES.items() if m.confirmed}
    assert confirmed == {"US", "CA", "UK", "GB", "JP", "AU", "IN", "SA"}
    assert marketplace("ca").factors == tuple(SCORE_CA) and marketplace("AU").factors == (
        "sell_through",
        "stranded_pct",
    )
    assert marketplace("IN").factors == tuple(SCORE_CA)
    # the EU countries: only a UK-scoped page was found
    assert not marketplace("DE").confirmed and marketplace("UK").confirmed


def test_scoring_ipi_zeroes_the_weights_the_marketplace_lacks() -> None:
    s = settings_of("AU")
    ipi = scoring_ipi(s)
    assert ipi.excess_pct.weight == 0 and ipi.in_stock_pct.weight == 0
    assert ipi.sell_through == s.ipi.sell_through and ipi.stranded_pct == s.ipi.stranded_pct
    assert s.ipi.excess_pct.weight == 0.4  # the settings themselves are left alone
    assert scoring_ipi(settings_of("US")) == AccountSettings().ipi


def test_a_canadian_account_leaves_in_stock_out() -> None:
    data = shop()
    ca = prepare(data, settings_of("CA"))
    us = prepare(data, settings_of("US"))
    us_without = prepare(data, settings_of("US", in_stock_weight=0.0))
    assert ca.estimate.factors_used == SCORE_CA
    assert us.estimate.factors_used == list(FACTORS)
    assert ca.estimate.raw == pytest.approx(us_without.estimate.raw)
    assert ca.estimate.score == us_without.estimate.score
    assert ca.estimate.points_lost == pytest.approx(us_without.estimate.points_lost)
    assert ca.estimate.raw != pytest.approx(us.estimate.raw)  # in-stock counts in the US
    # the in-stock rate is still worked out, and said to be left out
    assert ca.factors.in_stock_pct == pytest.approx(us.factors.in_stock_pct)
    assert ca.factors.not_scored == ("in_stock_pct",) and ca.factors.marketplace == "CA"
    assert ca.factors.notes["in_stock_pct"].startswith(
        "not scored in CA (Amazon.ca: 'In-stock rate is not included as an influencing factor "
        "in Canada')"
    )
    assert "marketplace" not in ca.factors.notes  # confirmed


def test_points_at_stake_and_the_what_if_use_the_marketplace_factors() -> None:
    data = shop()
    ca = prepare(data, settings_of("CA"))
    us = prepare(data, settings_of("US"))
    us_without = prepare(data, settings_of("US", in_stock_weight=0.0))
    for name in ca.lists:
        assert ca.lists[name]["points_at_stake"].to_list() == pytest.approx(
            us_without.lists[name]["points_at_stake"].to_list()
        )
    # D running out costs points in the US only
    risk = us.lists["stock_risk"]
    assert risk.height and risk["points_at_stake"].max() > 0
    assert ca.lists["stock_risk"]["points_at_stake"].max() == pytest.approx(0)
    decisions = [Decision("C", Action.DISCONTINUE), Decision("B", Action.REMOVE)]
    card_ca, card_us0 = evaluate(ca, decisions), evaluate(us_without, decisions)
    assert card_ca.estimate_after.raw == pytest.approx(card_us0.estimate_after.raw)
    assert card_ca.estimate_after.factors_used == SCORE_CA
    assert card_ca.mapping.in_stock_pct.weight == 0
    assert card_ca.effects["points"].to_list() == pytest.approx(
        card_us0.effects["points"].to_list()
    )


def test_an_australian_account_uses_two_factors() -> None:
    au = prepare(shop(), settings_of("AU"))
    assert au.estimate.factors_used == ["sell_through", "stranded_pct"]
    assert au.factors.not_scored == ("excess_pct", "in_stock_pct")
    assert au.factors.excess_pct is not None  # worked out and shown
    assert au.factors.notes["excess_pct"].startswith("not scored in AU (Amazon.com.au: ")
    assert set(au.estimate.points_lost) == {"sell_through", "stranded_pct"}


def test_an_unconfirmed_marketplace_says_so_and_uses_the_us_factors() -> None:
    data = shop()
    mx = prepare(data, settings_of("MX"))
    us = prepare(data, settings_of("US"))
    assert mx.estimate.raw == pytest.approx(us.estimate.raw)
    assert mx.estimate.factors_used == list(FACTORS)
    assert mx.factors.notes["marketplace"] == "factor set not confirmed for MX: US factors used"
    assert "marketplace" not in us.factors.notes
    de = prepare(data, settings_of("DE"))
    assert de.factors.notes["marketplace"].startswith("factor set not confirmed for DE")
    assert "United Kingdom" in de.factors.notes["marketplace"]
    card = evaluate(mx, [])
    assert "marketplace: factor set not confirmed for MX: US factors used" in summary_text(
        card, "Shop", money_format("MX", "MXN")
    )
    assert scorecard_json(card, "Shop")["marketplace"]["note"].startswith("factor set not")
    # a code not in the table (a settings file read before checks) is scored as unconfirmed
    odd = prepare(data, settings_of("XX"))
    assert odd.estimate.raw == pytest.approx(us.estimate.raw)
    assert odd.factors.notes["marketplace"] == "unknown marketplace XX: US factors used"


def test_score_outputs_name_the_factors_used_and_why_one_is_left_out() -> None:
    card = evaluate(prepare(shop(), settings_of("CA")), [])
    out = scorecard_json(card, "Maple")
    assert json.loads(json.dumps(out, allow_nan=False)) == out
    assert out["factors_used"] == SCORE_CA == out["estimate"]["factors_used"]
    assert out["estimate_with_decisions"]["factors_used"] == SCORE_CA
    assert out["factors"]["in_stock_pct"] is not None  # still shown
    m = out["marketplace"]
    assert m["code"] == "CA" and m["factors"] == SCORE_CA and m["confirmed"] is True
    assert m["source"].startswith("sellercentral.amazon.ca/") and m["note"] is None
    assert m["source_date"] is None  # the page is undated
    assert list(m["not_scored"]) == ["in_stock_pct"]
    assert out["mapping"]["in_stock_pct"]["weight"] == 0
    text = summary_text(card, "Maple", money_format("CA", "CAD"))
    assert "Factors scored in CA: excess, sell-through, stranded\n" in text
    assert (
        "  in-stock: not scored in CA (Amazon.ca: 'In-stock rate is not included as an "
        "influencing factor in Canada')"
    ) in text
    (row,) = [line for line in text.splitlines() if line.startswith("In-stock")]
    assert row.endswith("not scored")


def test_calibration_scores_and_fits_the_marketplace_factors() -> None:
    data = shop()
    factors, estimate = estimate_at(data, settings_of("CA"), TODAY)
    assert estimate.factors_used == SCORE_CA
    assert factors.in_stock_pct is not None
    readings = [(date(2026, 1, d), s) for d, s in ((1, 300), (8, 420), (15, 520))]
    rows = [
        Factors(excess_pct=x, sell_through=st, stranded_pct=2.0, in_stock_pct=i)
        for x, st, i in ((30.0, 0.8, 60.0), (15.0, 1.4, 90.0), (5.0, 2.5, 70.0))
    ]
    other_in_stock = [replace(f, in_stock_pct=100.0 - f.in_stock_pct) for f in rows]
    fitted, error = fit_mapping(readings, rows, SCORE_CA)
    again, error_again = fit_mapping(readings, other_in_stock, SCORE_CA)
    assert fitted == again and error == pytest.approx(error_again)  # in-stock has no say
    us_fit, _ = fit_mapping(readings, rows)
    assert us_fit != fit_mapping(readings, other_in_stock)[0]  # where it counts, it does


# --- end to end ----------------------------------------------------------------------------

DAY = "2026-03-10"


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(DAY, "A", 100, 30, 60, 90),
            report_row(DAY, "B", 50, 0, 0, 0),
            report_row(DAY, "C", 0, 60, 120, 180),
        ],
    )
    stranded = write_report(tmp_path / "stranded.txt", STRANDED, [{"sku": "S1", "fulfillable-qty": 30}])  # fmt: skip
    return [str(planning), str(stranded)]


def test_score_of_a_canadian_account(files, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts", "add", "Maple", "--marketplace", "ca"]) == 0
    assert main(["import", *files, "--account", "Maple"]) == 0
    capsys.readouterr()
    assert main(["score", "--account", "Maple", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["factors_used"] == SCORE_CA and out["marketplace"]["code"] == "CA"
    assert main(["score", "--account", "Maple"]) == 0
    assert "in-stock: not scored in CA (Amazon.ca: " in capsys.readouterr().out


def test_a_settings_file_with_an_unknown_marketplace(
    files, ipitui_home, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["accounts", "add", "Odd", "--marketplace", "CA"]) == 0
    assert main(["import", *files, "--account", "Odd"]) == 0
    path = ipitui_home.account_settings("odd")
    text = path.read_text(encoding="utf-8")
    assert 'marketplace = "CA"' in text
    path.write_text(text.replace('marketplace = "CA"', 'marketplace = "QQ"'), encoding="utf-8")
    capsys.readouterr()
    assert main(["score", "--account", "Odd", "--json"]) == 0
    captured = capsys.readouterr()
    line = text.splitlines().index('marketplace = "CA"') + 1
    assert f"{path}:{line}: marketplace: unknown marketplace 'QQ' (one of: US, CA, " in captured.err
    assert "using 'US'" in captured.err
    assert json.loads(captured.out)["marketplace"]["code"] == "US"
