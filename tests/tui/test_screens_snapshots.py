"""SVG snapshots of the pop-up screens at 80x24 and 120x40, default and 16-colour themes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from screen_host import ScreenHost
from snapshots import assert_snapshot
from textual.app import App
from textual.binding import Binding

from ipitui.core.decisions import Action
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.tui.keymap import live_keys
from ipitui.tui.screens.accounts import AccountSwitcher
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.help import HelpScreen
from ipitui.tui.screens.import_screen import ImportScreen
from ipitui.tui.screens.mark_form import MarkForm

TODAY = date(2026, 3, 1)
LOOKS = [
    pytest.param("ipitui-dark", (80, 24), id="80x24-dark"),
    pytest.param("ipitui-ansi", (80, 24), id="80x24-ansi"),
    pytest.param("ipitui-dark", (120, 40), id="120x40-dark"),
    pytest.param("ipitui-ansi", (120, 40), id="120x40-ansi"),
]


def _name(screen: str, theme: str, size: tuple[int, int]) -> str:
    return f"{screen}-{size[0]}x{size[1]}-{theme.removeprefix('ipitui-')}"


async def _snap(screen, name: str, theme: str, size: tuple[int, int], keys=()) -> None:
    app = ScreenHost(screen, theme=theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await assert_snapshot(app, pilot, _name(name, theme, size))


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_confirm_snapshot(theme, size):
    await _snap(Confirm("Mark 1,204 SKUs: liquidate?"), "confirm", theme, size)


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_mark_form_snapshot(theme, size):
    defaults = {"discount_pct": 20.0, "uplift_pct": 50.0, "days": 30, "sku": "[b]KID-TOY-01"}
    form = MarkForm(Action.PROMOTE, {**defaults, "today": TODAY})
    await _snap(form, "mark-form", theme, size, keys=("9", "9"))  # shows the inline error


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_help_snapshot(theme, size):
    shown = App().get_key_display  # what the App passes: Textual's display names
    keys = live_keys({"mark.remove": "R"}, lambda k: shown(Binding(k, "")))
    await _snap(HelpScreen(keys), "help", theme, size)


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_accounts_snapshot(theme, size, ipitui_home: Home):
    add_account(ipitui_home, "Acme Outdoor", "US")
    add_account(ipitui_home, "Acme [bold]EU", "DE")
    await _snap(AccountSwitcher(ipitui_home, "acme-outdoor"), "accounts", theme, size)


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_import_snapshot(theme, size, ipitui_home: Home, tmp_path: Path):
    (tmp_path / "FBA_Inventory.txt").write_text("x")
    screen = ImportScreen(ipitui_home, "acme", cwd=tmp_path)
    await _snap(screen, "import", theme, size, keys=tuple("FBA_I"))  # shows the completion
