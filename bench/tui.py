"""The TUI, headless: the real ``IpituiApp`` under ``App.run_test`` on a stored snapshot.

One process per run times, on the excess list:

* *first paint*: from constructing the app to the first frame whose table shows the list's
  first row (the seller presses ``2`` for the excess pane at once, while it loads);
* *key to paint*: ``j`` until the cursor has moved and the frame is refreshed (the median
  of ``KEY_PRESSES`` presses);
* *sort*: ``]`` on the current column until the sorted frame is shown;
* *filter*: ``/``, a piece of a SKU, then from ``enter`` until the filtered frame is shown;
* *mark + what-if*: ``r`` (and ``enter`` on the decision form) until the header shows the
  re-scored account with one more decision.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from bench.screen import until, visible_text

KEY_PRESSES = 15
SIZE = (120, 40)


def task(home: str, slug: str, today: str = "2026-06-15") -> dict[str, float]:
    from ipitui.store.paths import resolve_home

    with kept_journal(resolve_home(home).journal(slug)):
        return asyncio.run(_session(home, slug, date.fromisoformat(today)))


@contextlib.contextmanager
def kept_journal(journal: Path) -> Iterator[None]:
    """Put the account's decisions journal back as it was: every run starts the same."""
    files = [journal.with_name(journal.name + suffix) for suffix in ("", "-wal", "-shm")]
    saved = {f: f.read_bytes() for f in files if f.exists()}
    try:
        yield
    finally:
        for f in files:
            f.unlink(missing_ok=True)
        for f, data in saved.items():
            f.write_bytes(data)


async def _session(home: str, slug: str, today: date) -> dict[str, float]:
    from ipitui.store.paths import resolve_home
    from ipitui.tui.app import IpituiApp
    from ipitui.tui.panes.list_pane import ListPane
    from ipitui.tui.widgets.header import IpiHeader

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    app = IpituiApp(resolve_home(home), slug, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        screen = app.triage
        assert screen is not None
        pane = screen.query_one("#excess", ListPane)
        table = pane.table

        def shows_rows() -> bool:
            key = table.cursor_key
            return table.ready and not table.busy and key is not None and key in visible_text(table)

        await until(pilot, shows_rows)
        out["first paint"] = time.perf_counter() - t0
        out["n_rows"] = table.total

        presses = []
        for _ in range(KEY_PRESSES):
            row = table.cursor_row
            t = time.perf_counter()
            await pilot.press("j")
            await until(pilot, lambda row=row: table.cursor_row == row + 1 and shows_rows())
            presses.append(time.perf_counter() - t)
        out["key to paint"] = statistics.median(presses)

        before = table.sort_state
        t = time.perf_counter()
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: table.sort_state != before and shows_rows())
        out["sort"] = time.perf_counter() - t

        text = (table.cursor_key or "")[-4:]
        await pilot.press("slash", *text)
        t = time.perf_counter()
        await pilot.press("enter")
        await until(pilot, lambda: table.filter_text == text and shows_rows())
        out["filter"] = time.perf_counter() - t
        out["n_filtered_rows"] = table.shown

        header = screen.query_one(IpiHeader)
        decisions = header.state.decisions
        t = time.perf_counter()
        await pilot.press("r")
        if app.screen is not screen:  # the decision form: accept its defaults
            await pilot.press("enter")
        await until(
            pilot, lambda: header.state.decisions == decisions + 1 and not header.state.busy
        )
        out["mark + what-if"] = time.perf_counter() - t
        await pilot.exit(None)
    return out
