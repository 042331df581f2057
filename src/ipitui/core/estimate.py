"""The estimated IPI (0–1000) from the four factors.

Each factor maps to a sub-score in [0, 1], linear between the value where it is 1 (``best``)
and the value where it is 0 (``worst``), clamped outside. The estimate is
``round(1000 · Σ weight · sub-score / Σ weight)`` over the factors that could be computed
(a missing one drops out and the others' weights are re-normalised); halves round up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import polars as pl

from ipitui.core.factors import FACTORS, Factors, Totals, factor_exprs, totals_frame
from ipitui.core.settings import FactorMapping, IpiSettings

N = TypeVar("N", float, pl.Expr)
LOWER_IS_BETTER = frozenset({"excess_pct", "stranded_pct"})


@dataclass
class Estimate:
    score: int | None = None
    points_lost: dict[str, float] = field(default_factory=dict)  # factor -> points below 1000
    sub_scores: dict[str, float] = field(default_factory=dict)
    factors_used: list[str] = field(default_factory=list)
    raw: float | None = None  # 0–1000 before rounding


def mappings(ipi: IpiSettings) -> dict[str, FactorMapping]:
    return {name: getattr(ipi, name) for name in FACTORS}


def sub_score(name: str, value: N, m: FactorMapping, clip: Callable[[N], N]) -> N:
    """The one formula of a sub-score, for a float or a polars expression."""
    if m.best == m.worst:  # a degenerate mapping: a step at that value
        better = value <= m.best if name in LOWER_IS_BETTER else value >= m.best
        return clip(better * 1.0)
    return clip((value - m.worst) / (m.best - m.worst))


def _clip_float(v: float) -> float:
    return min(1.0, max(0.0, float(v)))


def _clip_expr(e: pl.Expr) -> pl.Expr:
    return e.clip(0.0, 1.0)


def round_score(raw: float) -> int:
    """Half up, after dropping floating-point noise."""
    return math.floor(round(raw, 6) + 0.5)


def estimate_exprs(ipi: IpiSettings, prefix: str = "") -> dict[str, pl.Expr]:
    """``sub_<factor>`` for each factor and ``ipi_raw`` (0–1000), from factor columns (all
    names after ``prefix``)."""
    maps = mappings(ipi)
    value = {n: pl.col(prefix + n) for n in maps}
    subs = {n: sub_score(n, value[n], m, _clip_expr) for n, m in maps.items()}
    weight = [
        pl.when(value[n].is_not_null()).then(max(0.0, m.weight)).otherwise(0.0)
        for n, m in maps.items()
    ]
    scored = [(subs[n] * max(0.0, m.weight)).fill_null(0.0) for n, m in maps.items()]
    used = pl.sum_horizontal(weight)
    raw = pl.when(used > 0).then(pl.sum_horizontal(scored) / used * 1000)
    return {**{f"{prefix}sub_{n}": e for n, e in subs.items()}, f"{prefix}ipi_raw": raw}


def with_estimate(frame: pl.LazyFrame | pl.DataFrame, ipi: IpiSettings, prefix: str = ""):
    """Add the four factor columns, the sub-scores and ``ipi_raw`` to a frame of totals."""
    return frame.with_columns(**factor_exprs(prefix)).with_columns(**estimate_exprs(ipi, prefix))


def raw_from_factors(
    values: dict[str, float | None], maps: dict[str, FactorMapping]
) -> float | None:
    """``1000 · Σ weight · sub-score / Σ weight`` over the computable factors with a positive
    weight (None when there is none): the estimate before rounding, without the details
    (calibration evaluates it many thousand times)."""
    weighted = total = 0.0
    for n, m in maps.items():
        v = values.get(n)
        if v is not None and m.weight > 0:
            weighted += m.weight * sub_score(n, float(v), m, _clip_float)
            total += m.weight
    return 1000 * weighted / total if total > 0 else None


def estimate_from_factors(values: dict[str, float | None], ipi: IpiSettings) -> Estimate:
    """The estimate of given factor values (None: not computable)."""
    maps = mappings(ipi)
    raw = raw_from_factors(values, maps)
    if raw is None:
        return Estimate()
    present = {n: v for n, v in values.items() if v is not None}
    used = {n: m for n, m in maps.items() if n in present and m.weight > 0}
    total = sum(m.weight for m in used.values())
    subs = {n: sub_score(n, float(present[n]), m, _clip_float) for n, m in used.items()}
    lost = {n: 1000 * m.weight / total * (1 - subs[n]) for n, m in used.items()}
    return Estimate(
        score=round_score(raw),
        points_lost=lost,
        sub_scores=subs,
        factors_used=list(used),
        raw=raw,
    )


def score_totals(totals: Totals, ipi: IpiSettings) -> tuple[Factors, Estimate]:
    """The factors and the estimate of one set of totals."""
    row = totals_frame([totals]).with_columns(**factor_exprs()).row(0, named=True)
    factors = Factors(**{n: row[n] for n in FACTORS})
    return factors, estimate_from_factors(factors.values(), ipi)
