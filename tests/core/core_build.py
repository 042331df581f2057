"""Small hand-built accounts: canonical planning and stranded frames with the reader's dtypes.

Quantities are Int64, money, volumes and ratios Float64, dates Date, the rest String; a column
a row does not mention is left out of the frame entirely (absent), as in an older report.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

from ipitui.core.inputs import AccountData

TEXT = {
    "sku", "asin", "product_name", "fnsku", "condition", "currency", "alert", "storage_type",
    "volume_unit_measurement", "recommended_action", "stranded_reason", "primary_action",
    "status_primary", "error_message", "exempted_from_low_inventory_level_fee", "marketplace",
    "is_seasonal_in_next_3_months", "season_name",
}  # fmt: skip
FLOAT_WORDS = ("price", "volume", "sales_shipped", "estimated", "sell_through", "supply", "cubic")
DATES = {
    "snapshot_date", "date_stranded", "date_to_take_auto_removal", "season_start_date",
    "season_end_date",
}  # fmt: skip


def dtype(name: str) -> pl.DataType:
    if name in TEXT:
        return pl.String()
    if name in DATES:
        return pl.Date()
    if any(word in name for word in FLOAT_WORDS) and not name.startswith("quantity_to_be"):
        return pl.Float64()
    return pl.Int64()


def frame(rows: Iterable[dict], day: date | None = None) -> pl.DataFrame:
    rows = [dict(r) for r in rows]
    if day is not None:
        for r in rows:
            r.setdefault("snapshot_date", day)
    names: list[str] = []
    for r in rows:
        names += [k for k in r if k not in names]
    return pl.DataFrame(
        {n: [r.get(n) for r in rows] for n in names}, schema={n: dtype(n) for n in names}
    )


def sku(name: str, available: int | None, t30=0, t60=0, t90=0, **extra) -> dict:
    """A planning row with the usual columns (t7 is 0 unless given)."""
    row = {
        "sku": name,
        "asin": f"B0{name}",
        "product_name": f"Product {name}",
        "available": available,
        "units_shipped_t7": extra.pop("t7", 0),
        "units_shipped_t30": t30,
        "units_shipped_t60": t60,
        "units_shipped_t90": t90,
    }
    row.update(extra)
    return row


def account(
    rows: list[dict],
    day: date,
    history: dict[date, list[dict]] | None = None,
    stranded: list[dict] | None = None,
) -> AccountData:
    """The newest snapshot ``rows`` of ``day``, older snapshots by date, a stranded report."""
    newest = frame(rows, day)
    older = [frame(r, d) for d, r in (history or {}).items()]
    everything = pl.concat([newest, *older], how="diagonal_relaxed")
    return AccountData(
        snapshot_date=day,
        planning=newest.lazy(),
        planning_history=everything.lazy(),
        stranded=None if stranded is None else frame(stranded),
    )


def write_report(path: Path, header: tuple[str, ...], rows: list[dict[str, object]]) -> Path:
    """A Seller Central download: tab-separated, BOM, CRLF, no newline at the end."""
    lines = ["\t".join(header)]
    lines += ["\t".join("" if row.get(h) is None else str(row[h]) for h in header) for row in rows]
    path.write_text("\ufeff" + "\r\n".join(lines), encoding="utf-8")
    return path


def report_row(day: str, name: str, available, t30, t60, t90, **extra) -> dict[str, object]:
    """A row of the 2026 planning report, by its header names."""
    row = {
        "snapshot-date": day, "sku": name, "asin": f"B0{name}", "product-name": f"Product {name}",
        "available": available, "units-shipped-t7": 0, "units-shipped-t30": t30,
        "units-shipped-t60": t60, "units-shipped-t90": t90, "your-price": 20.0,
        "item-volume": 0.1, "volume-unit-measurement": "cubic feet", "storage-type": "Standard",
        "inbound-quantity": 0,
    }  # fmt: skip
    row.update(extra)
    return row
