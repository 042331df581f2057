"""What the decision form opens with and the decision it makes; the lists' totals; the
report's age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl
import pytest
from core_build import account, sku
from test_seasons import seasonal_account

from ipitui.core import default_quantity, prepare, suggested_days, suggested_discount
from ipitui.core.decisions import Action, Decision, decision_from
from ipitui.core.defaults import form_defaults
from ipitui.core.list_totals import list_count, list_total
from ipitui.core.prepared import ListTotal
from ipitui.core.settings import AccountSettings, PromotionSettings
from ipitui.core.standing import STALE_AFTER_DAYS, is_stale, report_age

TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def prepared():
    rows = [
        sku("P1", 200, 30, 60, 90, your_price=20.0, item_volume=0.1),
        sku("A", 500, 30, 60, 90, your_price=20.0, recommended_sales_price=15.0,
            recommended_sale_duration_days=14),
    ]  # fmt: skip
    settings = AccountSettings(
        promotion=PromotionSettings(default_discount_pct=12.0, default_uplift_pct=70.0)
    )
    return prepare(account(rows, TODAY), settings)


def test_many_skus_get_the_accounts_terms_and_no_sku_of_their_own(prepared) -> None:
    promote = form_defaults(prepared, Action.PROMOTE, ["P1", "A"], TODAY, {})
    terms = prepared.settings.promotion
    assert promote == {
        "count": 2,
        "today": TODAY,
        "discount_pct": 12.0,
        "uplift_pct": 70.0,
        "days": terms.default_days,
    }
    snooze = form_defaults(prepared, Action.SNOOZE, ["P1", "A"], TODAY, {})
    assert snooze == {"count": 2, "today": TODAY, "until": TODAY + timedelta(days=30)}
    remove = form_defaults(prepared, Action.REMOVE, ["P1", "A"], TODAY, {})
    assert remove == {"count": 2, "today": TODAY}  # each SKU's own default when recorded


def test_one_sku_gets_its_own_numbers(prepared) -> None:
    remove = form_defaults(prepared, Action.REMOVE, ["P1"], TODAY, {})
    assert remove == {
        "count": 1,
        "today": TODAY,
        "sku": "P1",
        "quantity": default_quantity(prepared, "P1", Action.REMOVE),
    }
    assert remove["quantity"] > 0
    promote = form_defaults(prepared, Action.PROMOTE, ["A"], TODAY, {})
    assert promote["discount_pct"] == suggested_discount(prepared, "A") == 25.0
    assert promote["days"] == suggested_days(prepared, "A") == 14
    assert promote["uplift_pct"] == 70.0  # the account's: there is no per-SKU uplift
    assert "quantity" not in promote


def test_the_current_decision_keeps_its_quantity_and_note(prepared) -> None:
    current = {"P1": Decision("P1", Action.REMOVE, quantity=7, note="old stock")}
    same = form_defaults(prepared, Action.REMOVE, ["P1"], TODAY, current)
    assert same["quantity"] == 7 and same["note"] == "old stock"
    other = form_defaults(prepared, Action.DISPOSE, ["P1"], TODAY, current)
    assert other["quantity"] == default_quantity(prepared, "P1", Action.DISPOSE) != 7
    assert other["note"] == "old stock"
    many = form_defaults(prepared, Action.REMOVE, ["P1", "A"], TODAY, current)
    assert "quantity" not in many and "note" not in many


def test_a_sku_held_for_its_season_snoozes_until_the_season_ends() -> None:
    p = prepare(seasonal_account(), AccountSettings())
    today = p.snapshot_date
    held = form_defaults(p, Action.SNOOZE, ["AHEAD"], today, {})
    assert held["until"] == date(2026, 10, 31)
    other = form_defaults(p, Action.SNOOZE, ["N"], today, {})
    assert other["until"] == today + timedelta(days=30)


def test_a_decision_from_the_forms_values() -> None:
    until = date(2026, 4, 1)
    assert decision_from("A", Action.SNOOZE, {"until": until, "note": None}) == Decision(
        "A", Action.SNOOZE, until=until, note=""
    )
    values = {"discount_pct": 20.0, "uplift_pct": 50.0, "days": 14, "note": "spring"}
    assert decision_from("B", Action.PROMOTE, values) == Decision(
        "B", Action.PROMOTE, discount_pct=20.0, uplift_pct=50.0, days=14, note="spring"
    )
    assert decision_from("C", Action.REMOVE, {"quantity": 3}) == Decision(
        "C", Action.REMOVE, quantity=3
    )


@dataclass
class Card:
    list_totals: dict
    lists: dict


def test_a_lists_total_and_count() -> None:
    card = Card(
        {"excess": ListTotal(3, 160), "aging": {"count": 1, "units": 5}},
        {"excess": pl.DataFrame({"sku": ["a", "b", "c"]})},
    )
    assert list_total(card, "excess") == {"count": 3, "units": 160}
    assert list_total(card, "aging") == {"count": 1, "units": 5}
    assert list_total(card, "stranded") is None
    assert list_count(card, "excess") == 3
    assert list_count(card, "stranded") is None


def test_a_report_is_stale_after_a_week() -> None:
    assert STALE_AFTER_DAYS == 7
    assert report_age(date(2026, 3, 1), date(2026, 3, 8)) == 7
    assert report_age(None, TODAY) is None and report_age(TODAY, None) is None
    assert not is_stale(7) and is_stale(8) and not is_stale(None)
