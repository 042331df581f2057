"""Triage keys on a real account: marks go to the SQLite journal, the what-if follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import settle

from ipitui.core.decisions import Action, Decision
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.tui.app import IpituiApp
from ipitui.tui.main_screen import FORM_REMOVAL_S, TriageScreen
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.mark_form import MarkForm
from ipitui.tui.widgets.header import IpiHeader


@pytest.fixture
def slug(ipitui_home: Home, tmp_path: Path) -> str:
    return make_demo_account(ipitui_home)


def stored(home: Home, slug: str) -> dict[str, Decision]:
    with Journal(home, slug) as journal:
        return journal.current()


async def open_list(app: IpituiApp, pilot, key: str = "2") -> TriageScreen:
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    assert app.triage is not None
    return app.triage


async def press(app: IpituiApp, pilot, *keys: str) -> None:
    """Press keys, letting the work each starts finish first (a decision key prepares its
    form's defaults in a worker before the form opens)."""
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


def letters(screen: TriageScreen, rows: int = 3) -> list[str]:
    table = screen.list_pane().table
    return [table.render_line(y).text[:2] for y in range(1, rows + 1)]


async def test_remove_with_the_form_records_and_rescores(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.list_pane().table
        sku = table.cursor_key
        excess = table.cursor_values()["excess_units"]
        await press(app, pilot, "r")
        form = app.screen
        assert isinstance(form, MarkForm)
        assert form.defaults["quantity"] == excess
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {sku: Decision(sku, Action.REMOVE, quantity=excess)}
        await pilot.pause(FORM_REMOVAL_S + 0.2)  # the closed form is taken apart soon after
        assert not app.is_screen_installed(form) and not form.is_attached
        header = screen.query_one(IpiHeader).state
        assert header.decisions == 1 and header.busy == ""
        assert header.estimate_after == screen.account.card.estimate_after.score
        assert header.estimate_after > header.estimate_now
        assert letters(screen)[0] == " R"
        decisions = screen.query_one("#decisions").table
        assert decisions.total == 1
        await pilot.press("6")
        await settle(app, pilot)
        assert sku in decisions.render_line(1).text
        # the Overview, redrawn when it is shown, counts the decision
        await pilot.press("1")
        await settle(app, pilot)
        headline = str(screen.query_one("#headline").render())
        assert f"-> {header.estimate_after}" in headline and "with 1 decision" in headline


async def test_esc_on_the_form_records_nothing(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        await press(app, pilot, "p")
        assert isinstance(app.screen, MarkForm)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert stored(ipitui_home, slug) == {}
        assert letters(screen)[0] == "  "


async def test_a_bulk_action_asks_once(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.list_pane().table
        await pilot.press("space", "space", "space")
        chosen = set(table.selection)
        assert len(chosen) == 3
        await press(app, pilot, "L")
        form = app.screen
        assert isinstance(form, MarkForm) and form.defaults["count"] == 3
        await pilot.press("enter")  # the form is the one question: no confirmation after it
        await settle(app, pilot)
        assert app.screen is screen
        current = stored(ipitui_home, slug)
        assert set(current) == chosen
        assert {d.action for d in current.values()} == {Action.LIQUIDATE}
        assert table.selection == set()  # acted on: the selection is cleared
        assert letters(screen) == [" L", " L", " L"]


async def test_a_bulk_action_without_a_form_confirms(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("space", "space", "c")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {}
        await pilot.press("c")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert len(stored(ipitui_home, slug)) == 2
        assert letters(screen)[:2] == [" X", " X"]


async def test_clear_undo_and_redo(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        sku = screen.list_pane().table.cursor_key
        await press(app, pilot, "r", "enter")
        await settle(app, pilot)
        assert sku in stored(ipitui_home, slug)
        await pilot.press("x")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {}
        assert letters(screen)[0] == "  "
        await pilot.press("u")
        await settle(app, pilot)
        assert sku in stored(ipitui_home, slug) and letters(screen)[0] == " R"
        await pilot.press("u")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {}
        header = screen.query_one(IpiHeader).state
        assert header.decisions == 0 and header.estimate_after == header.estimate_now
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert sku in stored(ipitui_home, slug)


@pytest.mark.parametrize(
    ("pane", "key", "action"),
    [("3", "f", Action.FIX), ("5", "s", Action.RESTOCK), ("2", "d", Action.DISPOSE)],
)
async def test_each_list_takes_its_own_action(
    ipitui_home: Home, slug: str, pane: str, key: str, action: Action
) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot, pane)
        sku = screen.list_pane().table.cursor_key
        await press(app, pilot, key)
        assert isinstance(app.screen, MarkForm)
        await pilot.press("enter")
        await settle(app, pilot)
        decision = stored(ipitui_home, slug)[sku]
        assert decision.action is action and decision.quantity > 0
        assert letters(screen)[0] == " " + action.letter


async def test_aging_list_snooze_and_promote(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot, "4")
        first = screen.list_pane().table.cursor_key
        await press(app, pilot, "z")
        assert isinstance(app.screen, MarkForm)
        await pilot.press("enter")
        await settle(app, pilot)
        await press(app, pilot, "j", "p")
        assert isinstance(app.screen, MarkForm)
        await pilot.press("enter")
        await settle(app, pilot)
        current = stored(ipitui_home, slug)
        assert current[first].action is Action.SNOOZE and current[first].until > TODAY
        promoted = [d for d in current.values() if d.action is Action.PROMOTE]
        assert len(promoted) == 1 and promoted[0].discount_pct
        assert letters(screen)[:2] == [" Z", " P"]


async def test_a_key_pressed_just_before_quitting_is_kept(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        sku = screen.list_pane().table.cursor_key
        await pilot.press("space", "space", "x")  # a bulk clear asks first
        await pilot.press("escape")
        await press(app, pilot, "d")
        await pilot.press("enter", "q")  # quit at once, while the decision is being written
    assert stored(ipitui_home, slug)[sku].action is Action.DISPOSE


async def test_marks_from_another_session_show_up(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        sku = screen.list_pane().table.cursor_key
        with Journal(ipitui_home, slug) as other:  # a second SSH login on the same account
            other.record([Decision(sku, Action.PROMOTE, discount_pct=10, uplift_pct=20, days=14)])
        screen._poll()  # what the two-second timer does
        await settle(app, pilot)
        assert letters(screen)[0] == " P"
        assert screen.query_one(IpiHeader).state.decisions == 1


async def test_enter_opens_the_detail(ipitui_home: Home, slug: str) -> None:
    from ipitui.tui.screens.detail import DetailScreen

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        sku = screen.list_pane().table.cursor_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.detail["sku"] == sku
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_focus_coming_back_rereads_the_journal(ipitui_home: Home, slug: str) -> None:
    from textual import events

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        sku = screen.list_pane().table.cursor_key
        with Journal(ipitui_home, slug) as other:
            other.record([Decision(sku, Action.DISPOSE)])
        app.post_message(events.AppFocus())  # the terminal window got the focus back
        await settle(app, pilot)
        assert letters(screen)[0] == " D"
