"""Regenerate docs/overview.svg (the README's picture): `uv run python docs/screenshot.py`.

It writes the demo seller's reports (`ipitui demo`'s catalog: 300 SKUs, seed 1) dated
2026-06-15 into a temporary home, imports them, opens the TUI headless at 100x30 on a fixed
today (so that dates and ages never move) and saves the Overview as Textual draws it.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

from textual.worker import WorkerCancelled

from ipitui.demo import write_demo
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files
from ipitui.tui.app import IpituiApp

OUT = Path(__file__).resolve().parent / "overview.svg"
REPORT_DATE = date(2026, 6, 15)
TODAY = date(2026, 6, 18)
SIZE = (100, 30)


async def screenshot(home: Home, slug: str, today: date, size: tuple[int, int] = SIZE) -> str:
    """The Overview of ``slug`` as an SVG, once every worker has finished and it is painted."""
    app = IpituiApp(home, slug, today=today, theme="ipitui-dark")
    async with app.run_test(size=size) as pilot:
        for _ in range(3):  # the scoring worker starts more (each list, the history chart)
            for _ in range(20):
                try:
                    await app.workers.wait_for_complete()
                    break
                except WorkerCancelled:  # replaced by a newer one: wait again
                    await pilot.pause()
            await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        return app.export_screenshot(title="ipitui")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ipitui-screenshot-") as tmp:
        root = Path(tmp)
        home = Home(config_dir=root / "config", data_dir=root / "data")
        files = write_demo(root / "reports", skus=300, seed=1, today=REPORT_DATE)
        account = add_account(home, "demo")
        import_files(home, account.slug, list(files.paths), date=files.snapshot_date)
        svg = asyncio.run(screenshot(home, account.slug, TODAY))
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
