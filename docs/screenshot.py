"""Regenerate the README's pictures: `uv run python docs/screenshot.py`.

It writes the demo seller's reports (`ipitui demo`'s catalog: 300 SKUs, seed 1) dated
2026-06-15 into a temporary home, imports them, decides the three SKUs at the top of the
excess list (remove, liquidate, promote), opens the TUI headless at 100x30 on a fixed today
(so that dates and ages never move) and saves the Overview (docs/overview.svg) and the Excess
list (docs/excess.svg) as Textual draws them.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

from textual.worker import WorkerCancelled

from ipitui.account import open_account
from ipitui.core.decisions import Action, Decision
from ipitui.demo import write_demo
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files
from ipitui.tui.app import IpituiApp

DOCS = Path(__file__).resolve().parent
PICTURES = {"1": DOCS / "overview.svg", "2": DOCS / "excess.svg"}  # pane key -> file
REPORT_DATE = date(2026, 6, 15)
TODAY = date(2026, 6, 18)
SIZE = (100, 30)


async def screenshot(
    home: Home,
    slug: str,
    today: date,
    size: tuple[int, int] = SIZE,
    pane: str = "1",
    theme: str = "ipitui-dark",
) -> str:
    """The pane ``pane`` (its key: 1 the Overview, 2 Excess ...) of ``slug`` as an SVG, once
    every worker has finished and it is painted."""
    app = IpituiApp(home, slug, today=today, theme=theme)
    async with app.run_test(size=size) as pilot:
        for _ in range(3):  # the scoring worker starts more (each list, the history chart)
            for _ in range(20):
                try:
                    await app.workers.wait_for_complete()
                    break
                except WorkerCancelled:  # replaced by a newer one: wait again
                    await pilot.pause()
            await pilot.pause()
        await pilot.press(pane)
        for _ in range(20):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
        await pilot.pause()
        return app.export_screenshot(title="ipitui")


def decide_top_excess(home: Home, slug: str) -> None:
    """Remove, liquidate and promote the three SKUs at the top of the excess list."""
    excess = open_account(home, slug).card.lists["excess"]
    actions = (Action.REMOVE, Action.LIQUIDATE, Action.PROMOTE)
    with Journal(home, slug) as journal:
        journal.record([Decision(sku, a) for sku, a in zip(excess["sku"], actions, strict=False)])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ipitui-screenshot-") as tmp:
        root = Path(tmp)
        home = Home(config_dir=root / "config", data_dir=root / "data")
        files = write_demo(root / "reports", skus=300, seed=1, today=REPORT_DATE)
        account = add_account(home, "demo")
        import_files(home, account.slug, list(files.paths), date=files.snapshot_date)
        decide_top_excess(home, account.slug)
        for pane, out in PICTURES.items():
            out.write_text(asyncio.run(screenshot(home, account.slug, TODAY, pane=pane)), "utf-8")
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
