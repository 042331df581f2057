"""The seeded draws and the SKU, FNSKU and ASIN codes behind the demo catalog."""

from __future__ import annotations

import polars as pl
import pytest

from ipitui.demo.catalog import _base36, _unique_code
from ipitui.demo.dice import ROW, Dice

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _reference(value: int, width: int) -> str:
    digits = ""
    for _ in range(width):
        value, digit = divmod(value, 36)
        digits = ALPHABET[digit] + digits
    return digits


@pytest.mark.parametrize("width", [6, 7, 8])
def test_base36_digits(width: int) -> None:
    values = [0, 1, 35, 36, 1295, 1296, 123_456_789 % 36**width, 36**width - 1]
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.UInt64)})
    got = frame.select(_base36(pl.col("v"), width)).to_series().to_list()
    assert got == [_reference(v, width) for v in values]


@pytest.mark.parametrize(("width", "seed"), [(6, 1), (7, 2), (8, 99)])
def test_codes_never_repeat(width: int, seed: int) -> None:
    rows = pl.DataFrame({ROW: pl.int_range(0, 300_000, dtype=pl.UInt64, eager=True)})
    codes = rows.select(_unique_code(pl.col(ROW), width, seed, 3)).to_series()
    assert codes.n_unique() == rows.height
    assert codes.str.len_chars().unique().to_list() == [width]


def test_draws_depend_on_seed_stream_and_row_only() -> None:
    rows = pl.DataFrame({ROW: pl.int_range(0, 10_000, dtype=pl.UInt64, eager=True)})

    def draw(seed: int, stream: str) -> pl.Series:
        return rows.select(Dice(seed).uniform(stream)).to_series()

    first = draw(1, "price")
    assert first.equals(draw(1, "price"))
    assert not first.equals(draw(2, "price"))
    assert not first.equals(draw(1, "volume"))
    assert first.min() >= 0.0 and first.max() < 1.0
    assert 0.45 < first.mean() < 0.55
    # A row's draw does not depend on how many rows there are.
    assert rows.head(10).select(Dice(1).uniform("price")).to_series().equals(first.head(10))
