"""A list pane's status line writes its money in the account's currency."""

from __future__ import annotations

import polars as pl

from ipitui.core.list_totals import decision_totals
from ipitui.format import NBSP, money_format
from ipitui.tui.panes.list_pane import totals_text


def test_the_decisions_totals_in_the_accounts_currency() -> None:
    totals = {"decisions": 2, "saves per month": 1368.57, "cash": -1120.0}
    uk = totals_text(totals, money_format("UK", "GBP")).plain
    assert uk == "2 decisions  saves per month £1,368.57  cash -£1,120.00"
    de = totals_text(totals, money_format("DE", "EUR")).plain
    assert de == f"2 decisions  saves per month 1.368,57{NBSP}€  cash -1.120,00{NBSP}€"
    yen = totals_text({"cash": 1368.57}, money_format("JP", "JPY")).plain
    assert yen == "cash ¥1,369"


def test_counts_and_units_are_not_money() -> None:
    text = totals_text({"count": 1234, "units": 45678}, money_format("UK", "GBP")).plain
    assert text == "1,234 SKUs  45,678 units"


def test_a_total_with_an_amount_of_no_known_rate_is_not_known() -> None:
    effects = pl.DataFrame(
        {"storage_saving_month": [1.5, 2.0], "surcharge_saving": [None, 3.0], "cash": [-1.0, 2.0]},
        schema={"storage_saving_month": pl.Float64, "surcharge_saving": pl.Float64,
                "cash": pl.Float64},
    )  # fmt: skip
    totals = decision_totals(effects)
    assert totals["surcharge saved"] == "not known" and totals["cash"] == 1.0
    text = totals_text(totals, money_format("UK", "GBP")).plain
    assert text == "2 decisions  saves per month £3.50  surcharge saved not known  cash £1.00"
