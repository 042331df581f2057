"""Reading the demo's report files back for the tests: text cells, typed on request."""

from __future__ import annotations

from pathlib import Path

import polars as pl

BOM = "\ufeff".encode()


def read_text(path: Path) -> pl.DataFrame:
    """Every cell as text exactly as written (blank cells are null)."""
    frame = pl.read_csv(path, separator="\t", quote_char=None, infer_schema=False, encoding="utf8")
    return frame.rename({c: c.removeprefix("\ufeff") for c in frame.columns})


def whole(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``columns`` as integers; a cell that is not a whole number fails the cast."""
    return frame.with_columns(pl.col(c).cast(pl.Int64) for c in columns)


def cents(column: str) -> pl.Expr:
    """A money cell as whole cents, only if it has exactly two decimals."""
    text = pl.col(column)
    checked = pl.when(text.is_null() | text.str.contains(r"^\d+\.\d\d$")).then(text)
    return checked.str.replace(".", "", literal=True).cast(pl.Int64)
