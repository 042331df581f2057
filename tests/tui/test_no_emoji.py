"""No emoji on any screen (their width differs between terminals): every screen at 80x24."""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import settle

from ipitui.store.paths import Home
from ipitui.tui.app import IpituiApp

# Extended_Pictographic code points (Unicode emoji data) below U+1F000, and from there on the
# emoji planes. Those of them drawn as emoji by default are wide (East Asian Width W, as the
# emoji planes are); the rest (TM, the arrows ...) are text unless followed by U+FE0F.
_PICTOGRAPHIC = [
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049),
    (0x2122, 0x2122), (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA),
    (0x231A, 0x231B), (0x2328, 0x2328), (0x2388, 0x2388), (0x23CF, 0x23CF),
    (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB),
    (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x27BF),
    (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297),
    (0x3299, 0x3299), (0xFE0F, 0xFE0F), (0x1F000, 0x1FAFF),
]  # fmt: skip


def _pictographic(c: str) -> bool:
    return any(lo <= ord(c) <= hi for lo, hi in _PICTOGRAPHIC)


def emoji_in(text: str) -> list[str]:
    """The characters of ``text`` a terminal draws as emoji."""
    found = {
        c
        for c in text
        if c == "\ufe0f"
        or (_pictographic(c) and (ord(c) >= 0x1F000 or unicodedata.east_asian_width(c) == "W"))
    }
    return sorted(found)


def test_the_check_sees_emoji() -> None:
    assert emoji_in("search \U0001f50e here") == ["\U0001f50e"]
    assert emoji_in("watch \u231a, warning \u26a0\ufe0f") == ["\u231a", "\ufe0f"]
    assert emoji_in("IPI ≈ 512 ± 18 -> 547 │ ▁▂▃ ─ ▲ Brand™ \u26a0") == []


@pytest.fixture
def slug(ipitui_home: Home, tmp_path: Path) -> str:
    return make_demo_account(ipitui_home)


def _screen_text(app: IpituiApp) -> str:
    return html.unescape(app.export_screenshot())


# (name, keys from the main screen; escape goes back after each)
SCREENS = [
    ("overview", ["1"]),
    ("excess", ["2"]),
    ("stranded", ["3"]),
    ("aging", ["4"]),
    ("stock risk", ["5"]),
    ("decisions", ["6"]),
    ("help", ["question_mark"]),
    ("palette", ["ctrl+p"]),
    ("palette with a search", ["ctrl+p", "e", "x"]),
    ("accounts", ["a"]),
    ("import", ["i"]),
    ("export", ["e"]),
    ("detail", ["2", "enter"]),
    ("mark form", ["2", "p"]),
    ("confirm", ["2", "space", "space", "c"]),
]


async def test_no_screen_shows_an_emoji(ipitui_home: Home, slug: str) -> None:
    from ipitui.tui.main_screen import TriageScreen

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    seen: dict[str, str] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "r")  # one decision, so that export has something to show
        await settle(app, pilot)
        for name, keys in SCREENS:
            await pilot.press(*keys)
            await settle(app, pilot)
            await pilot.pause(0.3)
            seen[name] = type(app.screen).__name__
            found = emoji_in(_screen_text(app))
            assert not found, f"{name}: {found}"
            while not isinstance(app.screen, TriageScreen):
                await pilot.press("escape")
                await settle(app, pilot)
    assert seen["palette"] == "Palette" and seen["help"] == "HelpScreen"
    assert seen["accounts"] == "AccountSwitcher" and seen["import"] == "ImportScreen"
    assert seen["export"] == "ExportScreen" and seen["detail"] == "DetailScreen"
    assert seen["mark form"] == "MarkForm" and seen["confirm"] == "Confirm"
