"""Confirm, the decision form, help and the account switcher, each in a tiny host app."""

from __future__ import annotations

from datetime import date

import pytest
from screen_host import UNSET, ScreenHost
from textual.widgets import Input, OptionList

from ipitui.core.decisions import Action
from ipitui.core.filters import FIELDS
from ipitui.store.accounts import add_account, list_accounts
from ipitui.store.paths import Home
from ipitui.tui.keymap import KeyHelp
from ipitui.tui.screens.accounts import AccountSwitcher
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.help import HelpScreen
from ipitui.tui.screens.mark_form import PARAMS, MarkForm, parse_field

TODAY = date(2026, 3, 1)
SIZE = (80, 24)


# --- Confirm ---------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "answer"), [("y", True), ("enter", True), ("n", False)])
async def test_confirm_answers(key: str, answer: bool):
    app = ScreenHost(Confirm("Remove 1,204 SKUs?"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Remove 1,204 SKUs?" in app.screen.query_one("#message").render().plain
        await pilot.press(key)
        await pilot.pause()
    assert app.result is answer


async def test_confirm_escape_says_no_and_other_keys_do_nothing():
    app = ScreenHost(Confirm("[bold red]x[/]"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "q", "1")
        await pilot.pause()
        assert app.result is UNSET and isinstance(app.screen, Confirm)
        assert "[bold red]x[/]" in app.screen.query_one("#message").render().plain
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is False


# --- Decision form ---------------------------------------------------------------------


def test_parse_field_rules():
    d = {"today": TODAY, "quantity": 10, "max_quantity": 40}
    assert parse_field("quantity", " 1,2 ", d) == 12
    for bad in ("0", "-3", "2.5", "abc", "41", ""):
        with pytest.raises(ValueError):
            parse_field("quantity", bad, d)
    assert parse_field("quantity", "", {"quantity": None}) is None
    assert parse_field("discount_pct", "95%", d) == 95.0
    assert parse_field("discount_pct", "0", d) == 0.0
    for bad in ("96", "-1", "ten", ""):
        with pytest.raises(ValueError):
            parse_field("discount_pct", bad, d)
    assert parse_field("uplift_pct", "150", d) == 150.0
    assert parse_field("days", "30", d) == 30
    for bad in ("0", "366", "1.5"):
        with pytest.raises(ValueError):
            parse_field("days", bad, d)
    assert parse_field("until", "2026-03-02", d) == date(2026, 3, 2)
    for bad in ("2026-03-01", "2025-12-31", "2026-02-30", "next week"):
        with pytest.raises(ValueError):
            parse_field("until", bad, d)
    assert parse_field("note", " a\x1b[31mb\tc ", d) == "a[31mbc"


async def test_mark_form_submits_defaults_with_enter():
    form = MarkForm(Action.REMOVE, {"quantity": 37, "max_quantity": 50, "sku": "SKU-1"})
    app = ScreenHost(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#f-quantity", Input).value == "37"
        assert not app.screen.query("#f-discount_pct")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == {**dict.fromkeys(PARAMS), "quantity": 37, "note": ""}


async def test_mark_form_sends_the_decision_before_it_closes():
    seen: list[tuple[dict, bool]] = []

    def decide(params: dict) -> None:
        seen.append((params, isinstance(app.screen, MarkForm)))

    app = ScreenHost(MarkForm(Action.REMOVE, {"quantity": 5, "sku": "SKU-1"}, decide=decide))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # cancelling sends nothing
        await pilot.pause()
    assert seen == [] and app.result is None
    app = ScreenHost(MarkForm(Action.REMOVE, {"quantity": 5, "sku": "SKU-1"}, decide=decide))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    expected = {**dict.fromkeys(PARAMS), "quantity": 5, "note": ""}
    assert seen == [(expected, True)] and app.result == expected


async def test_mark_form_promote_validates_inline_and_blocks_enter():
    defaults = {"discount_pct": 20.0, "uplift_pct": 50.0, "days": 30, "today": TODAY}
    app = ScreenHost(MarkForm("promote", defaults))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("#f-discount_pct")
        await pilot.press(*"99")  # the default is selected on focus: typing replaces it
        await pilot.pause()
        error = screen.query_one("#e-discount_pct")
        assert "0 to 95" in str(error.render()) and not error.has_class("-empty")
        await pilot.press("enter")
        await pilot.pause()
        assert app.result is UNSET  # refused: still open
        await pilot.press("backspace", "backspace", *"35")
        await pilot.pause()
        assert error.has_class("-empty")
        await pilot.press("tab", "tab", "tab", *"clearance", "enter")
        await pilot.pause()
    assert app.result == {
        **dict.fromkeys(PARAMS),
        "discount_pct": 35.0,
        "uplift_pct": 50.0,
        "days": 30,
        "note": "clearance",
    }


async def test_mark_form_snooze_needs_a_future_date_and_escape_cancels():
    app = ScreenHost(MarkForm(Action.SNOOZE, {"today": TODAY}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        until = app.screen.query_one("#f-until", Input)
        assert until.value == "2026-03-31"  # 30 days on by default
        until.value = "2026-02-01"
        await pilot.pause()
        assert "not after today" in str(app.screen.query_one("#e-until").render())
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_mark_form_bulk_blank_quantity_keeps_each_skus_default():
    app = ScreenHost(MarkForm(Action.LIQUIDATE, {"quantity": None, "count": 1204}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1,204 SKUs" in str(app.screen.query_one("#target").render())
        assert "excess units" in app.screen.query_one("#f-quantity", Input).placeholder
        await pilot.press("enter")
        await pilot.pause()
    assert app.result["quantity"] is None


async def test_mark_form_shows_a_sku_literally():
    app = ScreenHost(MarkForm(Action.FIX, {"sku": "[bold]X\x1b[31m"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#target").render()) == "[bold]X[31m"
        assert "[bold]X[31m" in app.export_screenshot().replace("&#160;", " ")


# --- Help ------------------------------------------------------------------------------

KEYS = [
    KeyHelp("pane.overview", ("1",), "Overview pane", "app"),
    KeyHelp("mark.remove", ("R",), "Remove (return to you)", "pane"),
    KeyHelp("table.down", ("j", "down"), "Row down", "table"),
    KeyHelp("custom.thing", (), "Unbound thing", "other"),
]


async def test_help_lists_every_key_given_grouped_by_scope():
    app = ScreenHost(HelpScreen(KEYS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#keys").render())
        for k in KEYS:
            assert k.description in text
        assert "R" in text and "j, down" in text and "(no key)" in text
        assert text.index("Anywhere") < text.index("On a list") < text.index("Other")
        filters = str(app.screen.query_one("#filter-help").render())
        assert "excess>100" in filters
        assert all(f"  {name} " in filters for name in FIELDS)
        marks = str(app.screen.query_one("#marks").render())
        assert all(f"{a.letter}  {a.value}" in marks for a in Action)
        await pilot.press("j", "k", "question_mark")
        await pilot.pause()
    assert app.result is None


# --- Accounts --------------------------------------------------------------------------


async def test_account_switcher_lists_accounts_and_switches(ipitui_home: Home):
    add_account(ipitui_home, "Acme [bold]US", "US")
    b = add_account(ipitui_home, "Beta DE", "DE")
    app = ScreenHost(AccountSwitcher(ipitui_home, "acme-bold-us"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 2
        assert listing.highlighted == 0
        first = str(listing.get_option_at_index(0).prompt)
        assert "Acme [bold]US" in first and "(open)" in first and "US, USD" in first
        assert "DE, EUR" in str(listing.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result == b.slug


async def test_account_switcher_adds_an_account_and_reports_a_duplicate(ipitui_home: Home):
    add_account(ipitui_home, "Acme")
    app = ScreenHost(AccountSwitcher(ipitui_home, "acme"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#new-name")
        await pilot.press(*"acme", "enter")
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#add-error").render())
        assert app.result is UNSET
        name = app.screen.query_one("#new-name", Input)
        name.value = ""
        await pilot.press(*"Shop two", "enter")
        await pilot.pause()
    assert app.result == "shop-two"
    assert [a.name for a in list_accounts(ipitui_home)] == ["Acme", "Shop two"]


async def test_account_switcher_escape_leaves_add_mode_then_closes(ipitui_home: Home):
    app = ScreenHost(AccountSwitcher(ipitui_home, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")
        await pilot.pause()
        assert app.result is UNSET and not app.screen.has_class("-adding")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert list_accounts(ipitui_home) == []
