"""Calibration: the estimate at the date of an actual IPI reading, and a mapping fitted to
three or more readings.

A reading qualifies when a planning snapshot lies within 7 days of its date; the factors are
computed as if that snapshot were the newest (with the snapshots before it as history). The
stranded report is only kept for the newest snapshot, so it counts only for readings within
7 days of the newest snapshot.

The fit adjusts every weight and both breakpoints of every factor to minimise the squared
difference between the estimate and the readings, with a gentle pull towards the defaults so
that three readings cannot bend the mapping into nonsense; each factor keeps its direction
(monotone) and stays within sensible bounds. The fit error is the root mean square of
(rounded estimate − reading) over the qualifying readings, in IPI points.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date

import polars as pl

from ipitui.core.estimate import Estimate, estimate_from_factors
from ipitui.core.factors import FACTORS, Factors
from ipitui.core.history import nearest, snapshot_dates
from ipitui.core.inputs import AccountData
from ipitui.core.prepared import measure
from ipitui.core.settings import AccountSettings, FactorMapping, IpiSettings

NEAR_DAYS = 7
MIN_READINGS = 3
# Per factor: bounds of (best, worst), the least gap between them, and the scale the pull
# towards the defaults is measured in.
BOUNDS = {
    "excess_pct": ((0.0, 30.0), (5.0, 100.0), 5.0, 10.0),
    "sell_through": ((0.5, 10.0), (0.0, 2.0), 0.25, 0.5),
    "stranded_pct": ((0.0, 5.0), (1.0, 100.0), 1.0, 5.0),
    "in_stock_pct": ((60.0, 100.0), (0.0, 95.0), 5.0, 10.0),
}
MIN_WEIGHT = 0.02
WEIGHT_SCALE = 0.1
PULL = 25.0  # points² of mean squared error that one scale unit away from the default costs


def data_at(data: AccountData, when: date) -> AccountData | None:
    """The account as it was at the planning snapshot nearest ``when`` (within 7 days)."""
    chosen = nearest(snapshot_dates(data.planning_history), when, NEAR_DAYS)
    if chosen is None:
        return None
    day = pl.col("snapshot_date").cast(pl.Date)
    history = data.planning_history.filter(day <= chosen)
    planning = history.filter(day == chosen)
    stranded = data.stranded if abs((chosen - data.snapshot_date).days) <= NEAR_DAYS else None
    return AccountData(
        snapshot_date=chosen, planning=planning, planning_history=history, stranded=stranded
    )


def estimate_at(
    data: AccountData, settings: AccountSettings, when: date
) -> tuple[Factors, Estimate]:
    """The factors and estimate at ``when`` (empty, with a note, without a snapshot near it)."""
    then = data_at(data, when)
    if then is None:
        note = f"no planning snapshot within {NEAR_DAYS} days of {when}"
        return Factors(notes=dict.fromkeys(FACTORS, note)), Estimate()
    m = measure(then, settings)
    m.factors.notes["snapshot"] = f"snapshot of {then.snapshot_date}"
    return m.factors, m.estimate


def _pack(ipi: IpiSettings) -> list[float]:
    out: list[float] = []
    for name in FACTORS:
        m = getattr(ipi, name)
        out += [m.weight, m.best, m.worst]
    return out


def _unpack(params: Sequence[float]) -> IpiSettings:
    maps = {}
    for i, name in enumerate(FACTORS):
        w, best, worst = params[3 * i : 3 * i + 3]
        maps[name] = FactorMapping(weight=w, best=best, worst=worst)
    return IpiSettings(**maps)


def _project(params: list[float]) -> list[float]:
    """Keep weights positive and breakpoints within bounds, in the factor's direction."""
    out = list(params)
    for i, name in enumerate(FACTORS):
        (blo, bhi), (wlo, whi), gap, _ = BOUNDS[name]
        out[3 * i] = max(MIN_WEIGHT, min(1.0, out[3 * i]))
        best = max(blo, min(bhi, out[3 * i + 1]))
        worst = max(wlo, min(whi, out[3 * i + 2]))
        if name in ("excess_pct", "stranded_pct"):  # lower is better: worst above best
            worst = max(worst, best + gap)
        else:
            worst = min(worst, best - gap)
        out[3 * i + 1], out[3 * i + 2] = best, worst
    return out


def _scales() -> list[float]:
    out: list[float] = []
    for name in FACTORS:
        scale = BOUNDS[name][3]
        out += [WEIGHT_SCALE, scale, scale]
    return out


def _mse(params: Sequence[float], points: list[tuple[dict[str, float | None], int]]) -> float:
    ipi = _unpack(params)
    total = 0.0
    for values, actual in points:
        raw = estimate_from_factors(values, ipi).raw
        total += (actual - (raw if raw is not None else 0.0)) ** 2
    return total / len(points)


def fit_error(ipi: IpiSettings, points: list[tuple[dict[str, float | None], int]]) -> float:
    """Root mean square of (rounded estimate − reading), in IPI points."""
    errors = []
    for values, actual in points:
        score = estimate_from_factors(values, ipi).score
        errors.append((actual - (score if score is not None else 0)) ** 2)
    return math.sqrt(sum(errors) / len(errors))


def fit_mapping(
    readings: Sequence[tuple[date, int]],
    factor_rows: Sequence[Factors | None],
    scored: Collection[str] = FACTORS,
) -> tuple[IpiSettings, float]:
    """Fit the mapping to readings ``(date, score)`` and the factors at their dates (None
    where no snapshot was near). Only the factors ``scored`` (the marketplace's, see
    ``core.marketplaces``) enter the fit; the others keep their defaults. Needs three
    qualifying readings; raises ValueError else."""
    points = [
        ({n: v if n in scored else None for n, v in f.values().items()}, int(score))
        for (_, score), f in zip(readings, factor_rows, strict=True)
        if f is not None and any(f.values()[n] is not None for n in scored)
    ]
    if len(points) < MIN_READINGS:
        raise ValueError(
            f"{len(points)} reading(s) have a snapshot within {NEAR_DAYS} days; "
            f"fitting needs {MIN_READINGS}"
        )
    start = _pack(IpiSettings())
    scales = _scales()

    def cost(p: list[float]) -> float:
        pull = sum(((a - b) / s) ** 2 for a, b, s in zip(p, start, scales, strict=True))
        return _mse(p, points) + PULL * pull / len(p)

    params = _project(start)
    best = cost(params)
    steps = list(scales)
    for _ in range(400):
        improved = False
        for i in range(len(params)):
            for sign in (1.0, -1.0):
                trial = list(params)
                trial[i] += sign * steps[i]
                trial = _project(trial)
                value = cost(trial)
                if value < best - 1e-12:
                    params, best, improved = trial, value, True
                    break
        if not improved:
            steps = [s / 2 for s in steps]
            if max(st / sc for st, sc in zip(steps, scales, strict=True)) < 1e-3:
                break
    fitted = _unpack(params)
    total = sum(getattr(fitted, n).weight for n in FACTORS)
    for name in FACTORS:  # rounded, so the settings file stays readable
        m = getattr(fitted, name)
        rounded = replace(m, weight=round(m.weight / total, 4), best=round(m.best, 3),
                          worst=round(m.worst, 3))  # fmt: skip
        setattr(fitted, name, rounded)
    fitted.fitted = True
    return fitted, fit_error(fitted, points)
