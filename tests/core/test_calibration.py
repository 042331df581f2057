"""Calibration: the estimate at a reading's date, the fitted mapping, and `ipitui ipi`."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from core_build import account, sku
from core_worked import raw_estimate

from ipitui.core import Factors, estimate_at, fit_mapping
from ipitui.core.calibration import (
    PULL,
    _Cost,
    _fit,
    _pack,
    _points,
    _project,
    _scales,
    _unpack,
    calibrate,
    fit_error,
    leave_one_out,
    rough,
)
from ipitui.core.estimate import estimate_from_factors, mappings, raw_from_factors
from ipitui.core.settings import AccountSettings, FactorMapping, IpiSettings

TODAY = date(2026, 3, 10)


def three_snapshots():
    return account(
        [sku("A", 100, 30, 60, 90), sku("B", 50)],
        TODAY,
        history={
            date(2026, 2, 9): [sku("A", 200, 30, 60, 90), sku("B", 50)],
            date(2026, 1, 10): [sku("A", 300, 30, 60, 90), sku("B", 60)],
        },
        stranded=[{"sku": "S", "fulfillable_qty": 15}],
    )


def test_estimate_at_a_past_date_uses_the_snapshot_then_and_the_ones_before() -> None:
    data = three_snapshots()
    factors, estimate = estimate_at(data, AccountSettings(), date(2026, 2, 12))
    # the 2026-02-09 snapshot (3 days off): A 200 (d 1, E 110), B 50 (E 50): 160 / 250;
    # Ū averages it with 2026-01-10 (its -30 days): A 250, B 55; t90 90 / 305
    assert factors.excess_pct == pytest.approx(160 / 250 * 100)
    assert factors.sell_through == pytest.approx(90 / 305)
    # the stranded report is today's: more than 7 days from the reading, left out
    assert factors.stranded_pct is None
    assert estimate.score == round(raw_estimate(160 / 250 * 100, 90 / 305, None, 100.0))
    assert "2026-02-09" in factors.notes["snapshot"]


def test_no_estimate_without_a_snapshot_within_7_days() -> None:
    factors, estimate = estimate_at(three_snapshots(), AccountSettings(), date(2026, 1, 25))
    assert estimate.score is None
    assert "no planning snapshot within 7 days of 2026-01-25" in factors.notes["excess_pct"]


def test_the_fit_finds_a_mapping_closer_to_the_readings() -> None:
    truth = IpiSettings(
        excess_pct=FactorMapping(0.55, 0.0, 30.0),
        sell_through=FactorMapping(0.25, 2.5, 0.25),
        stranded_pct=FactorMapping(0.10, 0.0, 10.0),
        in_stock_pct=FactorMapping(0.10, 100.0, 60.0),
    )
    rows = [
        Factors(excess_pct=e, sell_through=s, stranded_pct=x, in_stock_pct=i)
        for e, s, x, i in [(5, 2.0, 1, 95), (25, 1.0, 4, 80), (12, 1.5, 0, 90), (35, 0.6, 8, 70)]
    ]
    readings = [
        (date(2026, 1, d), estimate_from_factors(f.values(), truth).score)
        for d, f in zip((1, 8, 15, 22), rows, strict=True)
    ]
    points = [(f.values(), score) for (_, score), f in zip(readings, rows, strict=True)]
    before = fit_error(IpiSettings(), points)
    fitted, error = fit_mapping(readings, rows)
    assert fitted.fitted is True
    assert error < before / 2
    assert error == pytest.approx(fit_error(fitted, points))
    assert sum(getattr(fitted, n).weight for n in rows[0].values()) == pytest.approx(1.0)
    # each factor keeps its direction
    assert fitted.excess_pct.best < fitted.excess_pct.worst
    assert fitted.sell_through.best > fitted.sell_through.worst


def test_fitting_needs_three_readings_with_snapshots() -> None:
    rows = [Factors(excess_pct=10.0), None, Factors(excess_pct=20.0)]
    readings = [(date(2026, 1, 1), 500), (date(2026, 1, 8), 450), (date(2026, 1, 15), 400)]
    with pytest.raises(ValueError, match="2 reading"):
        fit_mapping(readings, rows)


# Leave-one-out: each reading predicted by the mapping fitted to the others.

SPREAD = [
    (5, 2.0, 1, 95),
    (25, 1.0, 4, 80),
    (12, 1.5, 0, 90),
    (35, 0.6, 8, 70),
    (18, 2.6, 2, 85),
    (8, 0.9, 6, 99),
]


def _made_by(ipi: IpiSettings, spread=SPREAD) -> tuple[list, list[Factors]]:
    rows = [
        Factors(excess_pct=e, sell_through=s, stranded_pct=x, in_stock_pct=i)
        for e, s, x, i in spread
    ]
    readings = [
        (date(2026, 1, 1) + timedelta(weeks=n), estimate_from_factors(f.values(), ipi).score)
        for n, f in enumerate(rows)
    ]
    return readings, rows


def test_readings_made_exactly_by_the_mapping_have_no_error_out_of_sample() -> None:
    # the defaults are where the pull holds the fit, so readings they produce are met
    readings, rows = _made_by(IpiSettings())
    result = calibrate(readings, rows)
    assert result.readings == 6
    assert result.in_sample < 1.0
    assert result.loo < 1.0
    assert leave_one_out(readings, rows) == pytest.approx(result.loo)


def test_an_outlier_costs_more_out_of_sample_than_in_sample() -> None:
    readings, rows = _made_by(IpiSettings())
    day, score = readings[3]
    readings[3] = (day, score + 200)
    result = calibrate(readings, rows)
    # the fit bends towards the outlier when it sees it; the others' fit does not, so it
    # misses that reading by most of the 200 points (and the others by a little)
    assert result.loo > 2 * result.in_sample
    assert result.loo > 0.8 * 200 / math.sqrt(len(readings))


def test_leave_one_out_is_each_reading_predicted_by_the_fit_to_the_others() -> None:
    truth = IpiSettings(
        excess_pct=FactorMapping(0.55, 0.0, 30.0),
        sell_through=FactorMapping(0.25, 2.5, 0.25),
        stranded_pct=FactorMapping(0.10, 0.0, 10.0),
        in_stock_pct=FactorMapping(0.10, 100.0, 60.0),
    )
    readings, rows = _made_by(truth, SPREAD[:4])
    errors = []
    for i in range(4):
        others, _ = fit_mapping(readings[:i] + readings[i + 1 :], rows[:i] + rows[i + 1 :])
        predicted = estimate_from_factors(rows[i].values(), others).score
        errors.append(predicted - readings[i][1])
    expected = math.sqrt(sum(e * e for e in errors) / 4)
    assert leave_one_out(readings, rows) == pytest.approx(expected)
    assert expected > 0  # a mapping away from the defaults is not met exactly


def test_with_three_readings_each_held_out_one_is_predicted_by_a_fit_to_two() -> None:
    readings, rows = _made_by(IpiSettings(), SPREAD[:3])
    readings = [(d, s + 60) for d, s in readings]  # all 60 above the defaults
    points = [(f.values(), s) for (_, s), f in zip(readings, rows, strict=True)]
    errors = []
    for i in range(3):
        two = _fit(points[:i] + points[i + 1 :])  # the same fit, on two readings
        errors.append(estimate_from_factors(rows[i].values(), two).score - readings[i][1])
    loo = leave_one_out(readings, rows)
    assert loo == pytest.approx(math.sqrt(sum(e * e for e in errors) / 3))
    # not the defaults' predictions, which miss every reading by the 60 points
    assert fit_error(IpiSettings(), points) == pytest.approx(60, abs=1)
    assert [abs(e) for e in errors] != pytest.approx([60, 60, 60], abs=1)


def test_leave_one_out_needs_three_readings_with_snapshots() -> None:
    rows = [Factors(excess_pct=10.0), None, Factors(excess_pct=20.0)]
    readings = [(date(2026, 1, 1), 500), (date(2026, 1, 8), 450), (date(2026, 1, 15), 400)]
    with pytest.raises(ValueError, match="2 reading"):
        leave_one_out(readings, rows)


def test_the_fitted_mapping_carries_its_leave_one_out_error() -> None:
    readings, rows = _made_by(IpiSettings())
    readings[0] = (readings[0][0], readings[0][1] - 90)
    result = calibrate(readings, rows)
    assert result.mapping.fitted is True
    assert result.mapping.loo_readings == 6
    assert result.mapping.loo_error == pytest.approx(result.loo, abs=1e-3)
    assert result.mapping.uncertainty == result.mapping.loo_error
    assert result.in_sample == pytest.approx(fit_error(result.mapping, _points(readings, rows)))
    assert not rough(result.readings)
    assert rough(calibrate(readings[:4], rows[:4]).readings)
    # the mapping is the one fit_mapping finds
    assert fit_mapping(readings, rows)[0].excess_pct == result.mapping.excess_pct


def test_no_uncertainty_without_a_measured_fit() -> None:
    assert IpiSettings().uncertainty is None
    assert IpiSettings(fitted=True).uncertainty is None  # fitted before it was measured
    assert IpiSettings(fitted=True, loo_error=12.5, loo_readings=4).uncertainty == 12.5
    assert IpiSettings(fitted=False, loo_error=12.5, loo_readings=4).uncertainty is None


@pytest.mark.parametrize("k", range(4))
def test_the_fits_per_factor_cost_is_the_estimates_squared_error_plus_the_pull(k: int) -> None:
    readings, rows = _made_by(IpiSettings())
    rows[2] = Factors(excess_pct=20.0, sell_through=None, stranded_pct=None, in_stock_pct=90.0)
    points = _points(readings, rows)
    start, scales = _pack(IpiSettings()), _scales()

    def direct(params: list[float]) -> float:
        maps = mappings(_unpack(params))
        mse = sum((a - raw_from_factors(v, maps)) ** 2 for v, a in points) / len(points)
        pull = sum(((a - b) / s) ** 2 for a, b, s in zip(params, start, scales, strict=True))
        return mse + PULL * pull / len(params)

    cost = _Cost(points, start, scales)
    here = _project([p * 1.1 for p in start])
    assert cost.accept(here) == pytest.approx(direct(here), rel=1e-12)
    moved = list(here)
    moved[3 * k : 3 * k + 3] = [here[3 * k] * 0.7, here[3 * k + 1] + 1.0, here[3 * k + 2] - 0.1]
    moved = _project(moved)
    assert cost.trial(moved, k) == pytest.approx(direct(moved), rel=1e-12)
