"""Writing a report the way Seller Central's download does.

Tab-separated, never quoted, UTF-8 (with a byte-order mark on the planning report only),
CRLF line endings, no newline after the last row, and a blank cell for an unknown value.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import polars as pl

from ipitui.store.atomic import atomic_path

CRLF = b"\r\n"

# Download names, so a seller can tell the files apart; the reader recognises a report
# by its header, never by its name.
PLANNING_NAME = "Inventory_Health_{day}.txt"
STRANDED_NAME = "Stranded_Inventory_{day}.txt"
RESTOCK_NAME = "Restock_Inventory_{day}.txt"
INVENTORY_NAME = "Manage_FBA_Inventory_{day}.txt"


def file_name(pattern: str, day: date) -> str:
    return pattern.format(day=day.isoformat())


def report_files(directory: Path) -> list[Path]:
    """The demo reports already in ``directory``, of any date."""
    names = (PLANNING_NAME, STRANDED_NAME, RESTOCK_NAME, INVENTORY_NAME)
    return sorted(p for name in names for p in directory.glob(name.format(day="*")))


def write_report(report: pl.LazyFrame, target: Path, *, bom: bool = False) -> None:
    """Work out ``report`` and write it to ``target`` atomically, byte for byte like a
    download. The rows stream from the query to the file, never all in memory at once."""
    floats = [name for name, kind in report.collect_schema().items() if kind.is_float()]
    if floats:  # their text would depend on the writer: ``cells`` gives them fixed places
        raise TypeError(f"{target.name}: columns {floats} need a fixed number format")
    with atomic_path(target) as tmp:
        report.sink_csv(
            tmp,
            separator="\t",
            line_terminator="\r\n",
            quote_style="never",
            null_value="",
            include_bom=bom,
        )
        # polars ends every row, the last included, with the terminator: drop the last one.
        size = tmp.stat().st_size
        with open(tmp, "rb") as fh:
            fh.seek(size - len(CRLF))
            if fh.read() != CRLF:
                raise RuntimeError(f"{target.name}: the writer did not end the file with CRLF")
        os.truncate(tmp, size - len(CRLF))
