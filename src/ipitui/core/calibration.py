"""Calibration: the estimate at the date of an actual IPI reading, and a mapping fitted to
three or more readings, and how far that mapping can be trusted.

A reading qualifies when a planning snapshot lies within 7 days of its date; the factors are
computed as if that snapshot were the newest (with the snapshots before it as history). The
stranded report is only kept for the newest snapshot, so it counts only for readings within
7 days of the newest snapshot.

The fit adjusts every weight and both breakpoints of every factor to minimise the squared
difference between the estimate and the readings, with a gentle pull towards the defaults so
that three readings cannot bend the mapping into nonsense; each factor keeps its direction
(monotone) and stays within sensible bounds.

Two errors, both the root mean square of (rounded estimate − reading) in IPI points:

* in sample (``fit_error``): of the fitted mapping on the readings it was fitted to. Twelve
  parameters can follow three readings closely, so this says little about the next one.
* leave-one-out (``leave_one_out``): each reading is predicted by the mapping fitted to the
  other readings, as a new reading will be. With three readings each of these fits sees
  two: fewer than the three ``ipitui ipi`` needs before it replaces the default mapping,
  but the fit itself is the same (the pull towards the defaults is what keeps it sensible
  with few readings; that it may not replace the defaults below three is a choice about
  what to show, not a limit of the fit). Predicting a held-out reading with the defaults
  instead would measure the defaults, not the fitting that produced the mapping in use.
  With fewer than ``ROUGH_BELOW`` readings either error is a rough guide only.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from ipitui.core.estimate import (
    Estimate,
    estimate_from_factors,
    sub_score,
)
from ipitui.core.factors import FACTORS, Factors
from ipitui.core.history import nearest, snapshot_dates
from ipitui.core.inputs import AccountData
from ipitui.core.measure import measure
from ipitui.core.settings import AccountSettings, FactorMapping, IpiSettings
from ipitui.format import plural

NEAR_DAYS = 7
MIN_READINGS = 3
ROUGH_BELOW = 5  # fewer qualifying readings than this: the errors are a rough guide
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
    return IpiSettings(
        excess_pct=maps["excess_pct"],
        sell_through=maps["sell_through"],
        stranded_pct=maps["stranded_pct"],
        in_stock_pct=maps["in_stock_pct"],
    )


def _project(params: list[float], only: int | None = None) -> list[float]:
    """Keep weights positive and breakpoints within bounds, in the factor's direction (of
    factor ``only``'s parameters, when the others are known to be in bounds already)."""
    out = list(params)
    for i, name in enumerate(FACTORS):
        if only is not None and i != only:
            continue
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


Point = tuple[dict[str, float | None], int]  # a reading's factor values and its score


def _predict(ipi: IpiSettings, values: dict[str, float | None]) -> int:
    score = estimate_from_factors(values, ipi).score
    return score if score is not None else 0


def fit_error(ipi: IpiSettings, points: list[Point]) -> float:
    """Root mean square of (rounded estimate − reading), in IPI points."""
    errors = [(actual - _predict(ipi, values)) ** 2 for values, actual in points]
    return math.sqrt(sum(errors) / len(errors))


def _points(
    readings: Sequence[tuple[date, int]],
    factor_rows: Sequence[Factors | None],
    scored: Collection[str] = FACTORS,
) -> list[Point]:
    """The qualifying readings: those with a snapshot near and a factor ``scored`` (the
    marketplace's, see ``core.marketplaces``) computable then. Only those factors enter the
    fit; the others keep their defaults."""
    points = [
        ({n: v if n in scored else None for n, v in f.values().items()}, int(score))
        for (_, score), f in zip(readings, factor_rows, strict=True)
        if f is not None and any(f.values()[n] is not None for n in scored)
    ]
    if len(points) < MIN_READINGS:
        raise ValueError(
            f"{plural(len(points), 'reading')} {'has' if len(points) == 1 else 'have'} a snapshot "
            f"within {NEAR_DAYS} days; "
            f"fitting needs {MIN_READINGS}"
        )
    return points


class _Column(list[float]):
    """A factor's values at many readings, for ``sub_score``: the one formula of a sub-score
    then runs over all of them at once (a float at a time is what makes fitting slow)."""

    def __sub__(self, other: float) -> _Column:
        return _Column([x - other for x in self])

    def __truediv__(self, other: float) -> _Column:
        return _Column([x / other for x in self])

    def __le__(self, other: float) -> _Column:  # type: ignore[override]
        return _Column([float(x <= other) for x in self])

    def __ge__(self, other: float) -> _Column:  # type: ignore[override]
        return _Column([float(x >= other) for x in self])

    def __mul__(self, other: float) -> _Column:  # type: ignore[override]
        return _Column([x * other for x in self])


def _clip_column(values: _Column) -> _Column:
    return _Column([0.0 if x < 0.0 else 1.0 if x > 1.0 else x for x in values])


class _Cost:
    """The fit's cost: mean squared (reading − raw estimate) plus the pull towards the
    defaults. The raw estimate is ``raw_from_factors``'s (as ``Estimate.raw``), kept per
    factor: every search step moves one factor's parameters only, so a trial recomputes that
    factor's sub-scores and not the others' (the leave-one-out error runs the search once per
    reading, so this is what keeps ``ipitui ipi`` quick). The tests check it against
    ``raw_from_factors``."""

    def __init__(self, points: list[Point], start: list[float], scales: list[float]) -> None:
        self.actual = [float(a) for _, a in points]
        self.index: list[list[int]] = []  # per factor: the points where it is computable
        self.values: list[_Column] = []  # ... and its values there
        for name in FACTORS:
            present = [
                (p, v)
                for p, (values, _) in enumerate(points)
                if (v := values.get(name)) is not None
            ]
            self.index.append([p for p, _ in present])
            self.values.append(_Column(float(v) for _, v in present))
        self.start, self.scales = start, scales
        self.params: list[float] = []
        self.subs: list[list[float]] = []
        self.num: list[float] = []
        self.den: list[float] = []

    def _subs(self, k: int, params: Sequence[float]) -> list[float]:
        w, best, worst = params[3 * k : 3 * k + 3]
        m = FactorMapping(weight=w, best=best, worst=worst)
        return sub_score(FACTORS[k], self.values[k], m, _clip_column)  # type: ignore[type-var]

    def _pull(self, params: Sequence[float]) -> float:
        zipped = zip(params, self.start, self.scales, strict=True)
        return PULL * sum(((a - b) / s) ** 2 for a, b, s in zipped) / len(params)

    def accept(self, params: list[float]) -> float:
        """Make ``params`` the current point (recomputed in full); its cost."""
        self.params = params
        self.subs = [self._subs(k, params) for k in range(len(FACTORS))]
        n = len(self.actual)
        self.num, self.den = [0.0] * n, [0.0] * n
        for k, index in enumerate(self.index):
            w = params[3 * k]
            for p, sub in zip(index, self.subs[k], strict=True):
                self.num[p] += w * sub
                self.den[p] += w
        return self._total(self.num, self.den, params)

    def _total(self, num: list[float], den: list[float], params: Sequence[float]) -> float:
        se = 0.0
        for a, x, d in zip(self.actual, num, den, strict=True):
            se += (a - (1000 * x / d if d > 0 else 0.0)) ** 2
        return se / len(self.actual) + self._pull(params)

    def trial(self, params: list[float], k: int) -> float:
        """The cost of ``params``, which differ from the current ones in factor ``k`` only."""
        old_w, new_w = self.params[3 * k], params[3 * k]
        num, den = list(self.num), list(self.den)
        new = self._subs(k, params)
        for p, before, after in zip(self.index[k], self.subs[k], new, strict=True):
            num[p] += new_w * after - old_w * before
            den[p] += new_w - old_w
        return self._total(num, den, params)


def _fit(points: list[Point]) -> IpiSettings:
    """The search itself, on any number of points (the pull keeps it near the defaults)."""
    start = _pack(IpiSettings())
    scales = _scales()
    cost = _Cost(points, start, scales)
    params = _project(start)
    best = cost.accept(params)
    steps = list(scales)
    for _ in range(400):
        improved = False
        for i in range(len(params)):
            for sign in (1.0, -1.0):
                trial = list(params)
                trial[i] += sign * steps[i]
                trial = _project(trial, i // 3)
                value = cost.trial(trial, i // 3)
                if value < best - 1e-12:
                    params, improved = trial, True
                    best = cost.accept(trial)
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
    return fitted


def fit_mapping(
    readings: Sequence[tuple[date, int]],
    factor_rows: Sequence[Factors | None],
    scored: Collection[str] = FACTORS,
) -> tuple[IpiSettings, float]:
    """Fit the mapping to readings ``(date, score)`` and the factors at their dates (None
    where no snapshot was near), on the factors ``scored``. Needs three qualifying readings;
    raises ValueError else. Returns the mapping and its in-sample error (see ``fit_error``)."""
    points = _points(readings, factor_rows, scored)
    fitted = _fit(points)
    return fitted, fit_error(fitted, points)


def _loo(points: list[Point]) -> float:
    errors = []
    for i, (values, actual) in enumerate(points):
        others = _fit(points[:i] + points[i + 1 :])
        errors.append((actual - _predict(others, values)) ** 2)
    return math.sqrt(sum(errors) / len(errors))


def leave_one_out(
    readings: Sequence[tuple[date, int]],
    factor_rows: Sequence[Factors | None],
    scored: Collection[str] = FACTORS,
) -> float:
    """The leave-one-out error: for each qualifying reading, the mapping is fitted to the
    others and predicts it; the root mean square of (rounded prediction − reading). Needs
    three qualifying readings, like ``fit_mapping``; with three, each fold is fitted to two
    (the same fit, which the pull towards the defaults keeps sensible: see the module)."""
    return _loo(_points(readings, factor_rows, scored))


@dataclass
class Calibration:
    mapping: IpiSettings  # fitted, carrying its leave-one-out error
    in_sample: float  # RMS error of the mapping on the readings it was fitted to
    loo: float  # RMS error on each reading of the mapping fitted to the others
    readings: int  # how many readings qualified


def rough(readings: int) -> bool:
    """True with so few readings that the errors measured on them are a rough guide only."""
    return readings < ROUGH_BELOW


def calibrate(
    readings: Sequence[tuple[date, int]],
    factor_rows: Sequence[Factors | None],
    scored: Collection[str] = FACTORS,
) -> Calibration:
    """``fit_mapping`` and ``leave_one_out`` together, the factors of each reading computed
    once by the caller and reused by every fold; the mapping carries the leave-one-out error
    (``loo_error``, ``loo_readings``) so that the estimate can be shown with it."""
    points = _points(readings, factor_rows, scored)
    fitted = _fit(points)
    loo = _loo(points)
    fitted.loo_error = round(loo, 3)
    fitted.loo_readings = len(points)
    return Calibration(fitted, fit_error(fitted, points), loo, len(points))
