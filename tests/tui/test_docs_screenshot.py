"""docs/screenshot.py, which draws the README's picture, still opens the demo's Overview."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

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


def test_the_readme_shows_the_committed_picture() -> None:
    readme = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "](docs/overview.svg)" in readme
    assert _text((SCRIPT.parent / "overview.svg").read_text(encoding="utf-8")).count("IPI") >= 2
