"""How the demo writes a cell: the number formats Seller Central's reports use.

Money and ratios are decimals with two places (``12.50``), volumes with four (``0.0450``),
which polars writes exactly as they are. Every helper keeps a null as a null, which the
writer turns into a blank cell, and turns an infinite value (a ratio over zero) into one.
"""

from __future__ import annotations

import polars as pl


def _places(value: pl.Expr, places: int) -> pl.Expr:
    finite = pl.when(value.is_finite()).then(value)
    return finite.round(places).cast(pl.Decimal(38, places))


def money(cents: pl.Expr) -> pl.Expr:
    """Whole cents as dollars and cents."""
    return _places(cents / 100, 2)


def hundredths(value: pl.Expr) -> pl.Expr:
    """A ratio or an amount with two decimals."""
    return _places(value, 2)


def four_places(value: pl.Expr) -> pl.Expr:
    """A volume with four decimals."""
    return _places(value, 4)


def blank_unless(condition: pl.Expr, value: pl.Expr) -> pl.Expr:
    """``value`` where ``condition`` holds, a blank cell elsewhere."""
    return pl.when(condition).then(value)
