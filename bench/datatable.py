"""The naive baseline: the excess list's rows, as strings, in Textual's built-in DataTable.

The rows are turned into strings before the clock starts (generous to the baseline); the
time is from constructing the app to the first frame that shows the first row.
"""

from __future__ import annotations

import asyncio
import time

import polars as pl
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from bench.screen import until, visible_text


class Baseline(App[None]):
    def __init__(self, columns: list[str], rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.columns, self.rows = columns, rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns)
        table.add_rows(self.rows)


def task(list_file: str, rows: int) -> dict[str, float]:
    """First paint of ``rows`` rows of the list stored in ``list_file`` (parquet)."""
    frame = pl.read_parquet(list_file).head(rows)
    columns = frame.columns
    as_text = frame.select(pl.all().cast(pl.String).fill_null("")).rows()
    first = as_text[0][0]
    return {
        "first paint": asyncio.run(_first_paint(columns, as_text, first)),
        "n_rows": len(as_text),
    }


async def _first_paint(columns: list[str], rows: list[tuple[str, ...]], first: str) -> float:
    t0 = time.perf_counter()
    app = Baseline(columns, rows)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        await until(pilot, lambda: table.row_count == len(rows) and first in visible_text(table))
        elapsed = time.perf_counter() - t0
        await pilot.exit(None)
    return elapsed
