"""The demo seller: a fictional US account whose Seller Central reports look real.

``write_demo`` writes, for a seed, the same bytes every time: fourteen weekly FBA Inventory
(planning) reports ending on ``today``, and that day's Stranded Inventory, Restock
Inventory and Manage FBA Inventory reports. Everything is computed for all SKUs at once
with polars, so two million SKUs take seconds, not hours.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from ipitui.demo.catalog import LOTS, MAX_SKUS, build_catalog
from ipitui.demo.figures import figures, next_charge_date
from ipitui.demo.files import (
    INVENTORY_NAME,
    PLANNING_NAME,
    RESTOCK_NAME,
    STRANDED_NAME,
    file_name,
    write_report,
)
from ipitui.demo.manage_inventory import manage_inventory_report
from ipitui.demo.planning import planning_report
from ipitui.demo.restock import restock_report
from ipitui.demo.stock import prepare, stock_on
from ipitui.demo.stranded import stranded_report
from ipitui.errors import UserError

HISTORY_WEEKS = 13  # weekly planning snapshots before today's

__all__ = ["HISTORY_WEEKS", "DemoFiles", "write_demo"]


@dataclass(frozen=True)
class DemoFiles:
    """What ``write_demo`` wrote."""

    directory: Path
    snapshot_date: date  # the newest planning snapshot's date
    skus: int
    planning: tuple[Path, ...]  # oldest first; the last is ``snapshot_date``'s
    stranded: Path
    restock: Path
    inventory: Path  # Manage FBA Inventory

    @property
    def paths(self) -> list[Path]:
        return [*self.planning, self.stranded, self.restock, self.inventory]


def write_demo(
    directory: str | Path,
    *,
    skus: int = 300,
    seed: int = 1,
    today: date | None = None,
    history_weeks: int = HISTORY_WEEKS,
) -> DemoFiles:
    """Write the demo seller's reports into ``directory`` (created if needed), with
    ``history_weeks`` weekly planning reports before today's (fewer for the benchmark's
    largest catalogs, whose 14 reports would not fit on its disk)."""
    if not 1 <= skus <= MAX_SKUS:
        raise UserError(f"--skus must be between 1 and {MAX_SKUS:,}, not {skus:,}")
    today = today or date.today()
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {directory}: {exc.strerror}; nothing was written") from exc
    catalog = prepare(build_catalog(skus, seed), today)
    # In catalog order (the families are sorted), so that the rows come out the same way.
    families = [
        (int(part["family"][0]), part.lazy())
        for part in catalog.partition_by("family", maintain_order=True)
    ]
    del catalog
    days = [today - timedelta(weeks=w) for w in range(history_weeks, -1, -1)]
    planning = [directory / file_name(PLANNING_NAME, day) for day in days]
    stranded = directory / file_name(STRANDED_NAME, today)
    restock = directory / file_name(RESTOCK_NAME, today)
    inventory = directory / file_name(INVENTORY_NAME, today)

    def write_history(day: date, path: Path) -> None:
        write_report(planning_report(_figures_on(families, day, today), day), path, bom=True)

    def write_today() -> None:
        facts = _figures_on(families, today, today).collect().lazy()  # feeds four reports
        write_report(planning_report(facts, today), planning[-1], bom=True)
        write_report(stranded_report(facts, today), stranded)
        write_report(restock_report(facts), restock)
        write_report(manage_inventory_report(facts), inventory)

    # Two reports at a time: while one is written, the next is worked out (polars leaves
    # Python's lock while it works, so the threads share the cores).
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(write_today)]
        jobs += [
            pool.submit(write_history, d, p) for d, p in zip(days[:-1], planning[:-1], strict=True)
        ]
        for job in jobs:
            job.result()
    return DemoFiles(directory, today, skus, tuple(planning), stranded, restock, inventory)


def _figures_on(families: list[tuple[int, pl.LazyFrame]], day: date, today: date) -> pl.LazyFrame:
    """Stock and Amazon's figures on ``day`` for every SKU listed by then."""
    t = (day - today).days
    charge_in = (next_charge_date(day) - day).days
    parts = []
    for family, part in families:
        if family == LOTS:  # a SKU sold off lots is listed from its first lot on
            part = part.filter(pl.col("lot1") <= t)
        parts.append(stock_on(part, family, t, charge_in))
    stock = pl.concat(parts, how="diagonal_relaxed")
    return figures(stock, day)
