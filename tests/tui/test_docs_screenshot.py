"""docs/screenshot.py, which draws the README's picture, still opens the demo's Overview."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account

from ipitui.store.paths import Home

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.py"


def _script():
    spec = importlib.util.spec_from_file_location("docs_screenshot", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(svg: str) -> str:
    cells = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    return html.unescape("".join(cells)).replace("\xa0", " ")


async def test_the_screenshot_is_the_scored_overview(ipitui_home: Home) -> None:
    slug = make_demo_account(ipitui_home)
    svg = await _script().screenshot(ipitui_home, slug, TODAY, (100, 30))
    assert svg.startswith("<svg")
    text = _text(svg)
    assert "Estimated IPI" in text and "Loading" not in text
    for factor in ("Excess", "Sell-through", "Stranded", "In-stock"):
        assert factor in text


@pytest.mark.parametrize("theme", ["ipitui-dark", "ipitui-ansi"])  # ansi: 16 colours
async def test_the_second_picture_is_the_excess_list_with_its_decisions(
    ipitui_home: Home, theme: str
) -> None:
    script = _script()
    slug = make_demo_account(ipitui_home)
    script.decide_top_excess(ipitui_home, slug)
    svg = await script.screenshot(ipitui_home, slug, TODAY, (100, 30), pane="2", theme=theme)
    text = _text(svg)
    assert "with 3 decisions" in text and "Loading" not in text
    for letter in (" R ", " L ", " P "):  # the decisions' letters on the top three rows
        assert letter in text
    for column in ("Excess", "DoS", "Cost/mo", "Pts", "Suggest"):
        assert column in text


def test_the_readme_shows_the_committed_pictures() -> None:
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](docs/overview.svg)" in readme and "](docs/excess.svg)" in readme
    assert readme.index("](docs/excess.svg)") < readme.index("## Quick start")
    assert _text((SCRIPT.parent / "overview.svg").read_text(encoding="utf-8")).count("IPI") >= 2
    assert "with 3 decisions" in _text((SCRIPT.parent / "excess.svg").read_text(encoding="utf-8"))
