"""A list pane's status line writes its money in the account's currency."""

from __future__ import annotations

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
