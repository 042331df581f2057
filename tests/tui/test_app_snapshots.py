"""SVG snapshots of the list panes and the Decisions pane: 80x24 and 120x40, in the default
theme and the one that uses only the terminal's 16 ANSI colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import assert_snapshot, settle

from ipitui.core.decisions import Action, Decision
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.tui.app import IpituiApp

PANES = {"2": "excess", "3": "stranded", "4": "aging", "5": "stock-risk", "6": "decisions"}


@pytest.mark.parametrize("theme", ["ipitui-dark", "ipitui-ansi"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_list_panes(
    ipitui_home: Home, tmp_path: Path, theme: str, size: tuple[int, int]
) -> None:
    slug = make_demo_account(ipitui_home)
    app = IpituiApp(ipitui_home, slug, today=TODAY, theme=theme)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        lists = app.triage.account.card.lists
        with Journal(ipitui_home, slug) as journal:  # two marks, so letters show
            journal.record(
                [
                    Decision(lists["excess"]["sku"][1], Action.REMOVE),
                    Decision(lists["stranded"]["sku"][0], Action.FIX),
                ],
                today=TODAY,
            )
        app.triage.refresh_decisions()
        await settle(app, pilot)
        for key, name in PANES.items():
            await pilot.press(key)
            if key == "2":
                await pilot.press("j", "j", "space")  # one row selected
            await assert_snapshot(app, pilot, f"pane-{name}-{size[0]}x{size[1]}-{theme}")
