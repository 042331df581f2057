"""Daily demand, days of supply, cover and excess units of each SKU.

Per definitions: ``d = Σ w_k · t_k / k`` over k in 7, 30, 60, 90 (weights normalised to sum
to 1); ``DoS = U / d`` and ``C = (U + I) / d`` are infinite when ``d = 0``; excess units
``E = max(0, U − ceil(excess_days · d))``. A SKU missing a number a formula needs gets null.
"""

from __future__ import annotations

import functools
import operator

import polars as pl

from ipitui.core.settings import DemandSettings, ExcessSettings

HORIZONS = (7, 30, 60, 90)
# ceil(90 * 1.0) must be 90 even when 1.0 was summed as 0.9999999999 + 1e-16.
_EPS = 1e-9


def demand_weights(settings: DemandSettings) -> dict[int, float]:
    """The weights of t7, t30, t60, t90 normalised to sum to 1 (the defaults if all are 0)."""
    raw = {k: max(0.0, float(getattr(settings, f"weight_t{k}"))) for k in HORIZONS}
    if sum(raw.values()) <= 0:
        return demand_weights(DemandSettings())
    total = sum(raw.values())
    return {k: w / total for k, w in raw.items() if w > 0}


def daily_demand(settings: DemandSettings) -> pl.Expr:
    """``d`` from the columns ``t7 … t90``; null when a weighted one is unknown."""
    terms = [
        pl.col(f"t{k}").cast(pl.Float64) * (w / k) for k, w in demand_weights(settings).items()
    ]
    return functools.reduce(operator.add, terms)  # `+` keeps null when any term is null


def ceil_days(days: float, d: pl.Expr) -> pl.Expr:
    """``ceil(days · d)``, safe from floating-point noise."""
    return (d * days - _EPS).ceil()


def excess_units(units: pl.Expr, inbound: pl.Expr, d: pl.Expr, settings: ExcessSettings) -> pl.Expr:
    """``E``: units beyond ``excess_days`` of demand (all units when ``d = 0``).

    With ``excess_counts_inbound`` the inbound units fill the days of demand first, so more of
    the units on hand are excess (never more than are on hand).
    """
    held = units + inbound if settings.excess_counts_inbound else units
    over = (held.cast(pl.Float64) - ceil_days(settings.excess_days, d)).clip(lower_bound=0)
    if settings.excess_counts_inbound:
        over = pl.when(over > units).then(units.cast(pl.Float64)).otherwise(over)
    return over.cast(pl.Int64)


def days_of(units: pl.Expr, d: pl.Expr) -> pl.Expr:
    """``units / d`` in days; infinite when ``d = 0``."""
    return pl.when(d == 0).then(float("inf")).otherwise(units.cast(pl.Float64) / d)
