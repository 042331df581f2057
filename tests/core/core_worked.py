"""The definitions' default mapping, written out independently of ipitui for the tests."""

from __future__ import annotations


def clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def raw_estimate(excess=None, sell_through=None, stranded=None, in_stock=None) -> float:
    """1000 · Σ weight · sub-score / Σ weight over the factors given."""
    parts = []
    if excess is not None:
        parts.append((0.40, clamp((40 - excess) / 40)))
    if sell_through is not None:
        parts.append((0.30, clamp((sell_through - 0.25) / 2.75)))
    if stranded is not None:
        parts.append((0.15, clamp((10 - stranded) / 10)))
    if in_stock is not None:
        parts.append((0.15, clamp((in_stock - 50) / 50)))
    return 1000 * sum(w * s for w, s in parts) / sum(w for w, _ in parts)
