"""Seeded random draws for every row at once, as polars expressions.

Each draw is SplitMix64 of (seed, stream name, row index), written with polars integer
arithmetic (which wraps on overflow), so the numbers depend only on the seed, the stream's
name and the row: never on the polars version, the thread count or the time of day.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import polars as pl

ROW = "_row"  # the UInt64 row index column every draw reads
_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB


def _u64(value: int) -> pl.Expr:
    return pl.lit(value & _MASK, dtype=pl.UInt64)


def _xorshift(z: pl.Expr, bits: int) -> pl.Expr:
    return z.xor(z // _u64(1 << bits))


def _mix(z: pl.Expr) -> pl.Expr:
    z = _xorshift(z + _u64(_GAMMA), 30) * _u64(_M1)
    z = _xorshift(z, 27) * _u64(_M2)
    return _xorshift(z, 31)


def _mix_int(z: int) -> int:
    z = (z + _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return z ^ (z >> 31)


class Dice:
    """Independent uniform streams over the rows of a frame with a ``_row`` column."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def bits(self, stream: str) -> pl.Expr:
        """64 random bits per row (UInt64)."""
        key = _mix_int(_mix_int(self.seed & _MASK) ^ zlib.crc32(stream.encode()))
        return _mix(pl.col(ROW) + _u64(key))

    def uniform(self, stream: str, low: float = 0.0, high: float = 1.0) -> pl.Expr:
        """A float in [low, high)."""
        unit = (self.bits(stream) // _u64(1 << 11)).cast(pl.Float64) / float(1 << 53)
        return unit * (high - low) + low if (low, high) != (0.0, 1.0) else unit

    def log_uniform(self, stream: str, low: float, high: float) -> pl.Expr:
        """A float in [low, high) whose logarithm is uniform (many small, a few large)."""
        return self.uniform(stream, math.log(low), math.log(high)).exp()

    def integer(self, stream: str, low: int, high: int) -> pl.Expr:
        """An Int64 in [low, high] inclusive."""
        return (self.bits(stream) % _u64(high - low + 1)).cast(pl.Int64) + low

    def chance(self, stream: str, p: float) -> pl.Expr:
        return self.uniform(stream) < p

    def pick(self, stream: str, count: int) -> pl.Expr:
        """An index in [0, count) (UInt32), for choosing from a word list."""
        return (self.bits(stream) % _u64(count)).cast(pl.UInt32)


def choose(options: Sequence[str], index: pl.Expr) -> pl.Expr:
    """The option at ``index`` for every row."""
    return pl.lit(pl.Series(list(options), dtype=pl.String)).gather(index)
