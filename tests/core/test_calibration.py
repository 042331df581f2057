"""Calibration: the estimate at a reading's date, the fitted mapping, and `ipitui ipi`."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku
from core_worked import raw_estimate

from ipitui.core import Factors, estimate_at, fit_mapping
from ipitui.core.calibration import fit_error
from ipitui.core.estimate import estimate_from_factors
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
