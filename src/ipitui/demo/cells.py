"""How the demo writes a cell: the number formats Seller Central's reports use.

Money and ratios are decimals with two places (``12.50``), volumes with four (``0.0450``):
exact, and written by polars as they are. Every helper keeps a null as a null, which the
writer turns into a blank cell.
"""

from __future__ import annotations

import polars as pl


def _places(scaled: pl.Expr, places: int) -> pl.Expr:
    """An integer count of 10**-places units as a decimal: (1299, 2) -> 12.99."""
    return scaled.cast(pl.Decimal(38, places)) / 10**places


def _scaled(value: pl.Expr, places: int) -> pl.Expr:
    rounded = (value * 10**places).round(0)
    return pl.when(rounded.is_finite()).then(rounded).cast(pl.Int64)


def money(cents: pl.Expr) -> pl.Expr:
    """Whole cents as dollars and cents."""
    return _places(cents, 2)


def hundredths(value: pl.Expr) -> pl.Expr:
    """A ratio or an amount with two decimals; infinite values become blank."""
    return _places(_scaled(value, 2), 2)


def four_places(value: pl.Expr) -> pl.Expr:
    """A volume with four decimals."""
    return _places(_scaled(value, 4), 4)


def blank_unless(condition: pl.Expr, value: pl.Expr) -> pl.Expr:
    """``value`` where ``condition`` holds, a blank cell elsewhere."""
    return pl.when(condition).then(value)
