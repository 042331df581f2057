"""Help, keymap, themes, accounts, the command palette, export and import from the app."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import settle

from ipitui.core.settings import GlobalSettings
from ipitui.errors import UserError
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.store.settings import load_global_settings, save_global_settings
from ipitui.tui.app import IpituiApp
from ipitui.tui.screens.accounts import AccountSwitcher
from ipitui.tui.screens.help import HelpScreen
from ipitui.tui.screens.import_screen import ImportScreen


@pytest.fixture
def slug(ipitui_home: Home, tmp_path: Path) -> str:
    return make_demo_account(ipitui_home)


async def test_help_lists_the_keys_in_force(ipitui_home: Home, slug: str) -> None:
    save_global_settings(
        ipitui_home, GlobalSettings(keymap={"mark.remove": "R", "no.such.binding": "z"})
    )
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        assert any("no.such.binding" in str(n.message) for n in app._notifications)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        remove = next(k for k in app.screen.keys if k.id == "mark.remove")
        assert remove.keys == ("R",)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("r")  # remapped away: does nothing
        await settle(app, pilot)
        assert app.screen is app.triage
        await pilot.press("R")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "MarkForm"


async def test_theme_choice_is_kept_in_the_settings(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "ipitui-dark"
        app.theme = "ipitui-ansi"
        await settle(app, pilot)
    assert load_global_settings(ipitui_home)[0].theme == "ipitui-ansi"
    again = IpituiApp(ipitui_home, slug, today=TODAY)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "ipitui-ansi"
    once = IpituiApp(ipitui_home, slug, today=TODAY, theme="ipitui-light")
    async with once.run_test(size=(80, 24)) as pilot:
        await settle(once, pilot)
        assert once.theme == "ipitui-light"
    assert load_global_settings(ipitui_home)[0].theme == "ipitui-ansi"  # --theme: this run only


async def test_an_unknown_theme_falls_back(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY, theme="no-such-theme")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "ipitui-dark"
        assert any("no-such-theme" in str(n.message) for n in app._notifications)


async def test_switching_account(ipitui_home: Home, slug: str, tmp_path: Path) -> None:
    other = make_demo_account(ipitui_home, name="Second [b]Shop[/b]", seed=9)
    with Journal(ipitui_home, slug) as journal:
        assert journal.current() == {}
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        first = app.triage
        await pilot.press("a")
        assert isinstance(app.screen, AccountSwitcher)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.triage is not first and app.triage.slug == other
        assert app.triage.account is not None and app.triage.account.name == "Second [b]Shop[/b]"
        header = str(app.triage.query_one("#ipi-header").render())
        assert "Second [b]S" in header  # literally (cut to fit 80 columns), never as markup
        assert app.sub_title == "Second [b]Shop[/b]"
    assert load_global_settings(ipitui_home)[0].default_account == other


def unique_part(sku: str, skus: set[str]) -> str:
    """The shortest end of ``sku`` that no other SKU contains (fewer keys to type)."""
    for n in range(4, len(sku)):
        part = sku[-n:]
        if not any(part.lower() in other.lower() for other in skus - {sku}):
            return part
    return sku


async def test_palette_jumps_to_a_sku_and_switches_pane(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.triage
        lists = screen.account.card.lists
        skus = {sku for frame in lists.values() for sku in frame["sku"]}
        steps = [
            (lists["excess"]["sku"][5], "excess"),
            (None, "aging"),  # "Pane: Aging"
            (lists["stranded"]["sku"][2], "stranded"),  # in another list than the open one
        ]
        for sku, pane in steps:
            await pilot.press("ctrl+p", *(unique_part(sku, skus) if sku else "aging"))
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(app, pilot)
            assert screen.active == pane
            if sku:
                assert screen.list_pane().table.cursor_key == sku


async def test_export_and_import_keys_open_their_screens(ipitui_home: Home, slug: str) -> None:
    from ipitui.tui.screens.export_screen import ExportScreen

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is app.triage


def test_the_tui_command_needs_an_account(ipitui_home: Home) -> None:
    from ipitui.commands import tui

    with pytest.raises(UserError, match="no accounts yet"):
        tui.run(argparse.Namespace(account=None, no_mouse=False, theme=None), ipitui_home)
    add_account(ipitui_home, "One")
    add_account(ipitui_home, "Two")
    with pytest.raises(UserError, match="several accounts"):
        tui.run(argparse.Namespace(account=None, no_mouse=False, theme=None), ipitui_home)
    with pytest.raises(UserError, match="no account named 'Three'"):
        tui.run(argparse.Namespace(account="Three", no_mouse=False, theme=None), ipitui_home)
