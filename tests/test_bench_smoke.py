"""The benchmark code still runs (not how fast), and its pandas baseline computes the right thing."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from ipitui.reports.layouts import PLANNING_2026_US, STRANDED

# bench/ sits beside src/ at the top of the repository, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
pd = pytest.importorskip("pandas")
from bench import pandas_script  # noqa: E402  (needs pandas)


def _write_report(path: Path, header: tuple[str, ...], rows: list[dict[str, object]]) -> Path:
    lines = ["\t".join(header)]
    lines += ["\t".join("" if row.get(h) is None else str(row[h]) for h in header) for row in rows]
    # Seller Central's planning download: BOM, CRLF, no newline at the end.
    path.write_text("\ufeff" + "\r\n".join(lines), encoding="utf-8")
    return path


def _planning_row(day: str, sku: str, available: int, t30, t60, t90, **extra) -> dict:
    row = {
        "snapshot-date": day,
        "sku": sku,
        "available": available,
        "units-shipped-t7": 0 if t30 is not None else None,
        "units-shipped-t30": t30,
        "units-shipped-t60": t60,
        "units-shipped-t90": t90,
        "your-price": 20.0,
        "item-volume": 0.1,
        "volume-unit-measurement": "cubic feet",
        "storage-type": "Standard",
        "product-name": 'Figura 10" Deluxe, edicion N',
    }
    row.update(extra)
    return row


@pytest.fixture
def planning(tmp_path: Path) -> Path:
    rows = [
        # d = 0.5*30/30 + 0.25*60/60 + 0.25*90/90 = 1.0 -> E = 100 - 90 = 10
        _planning_row(
            "2026-06-15", "A", 100, 30, 60, 90, **{"quantity-to-be-charged-ais-271-300-days": 5}
        ),
        # no sales: E = U = 50, oversize, 1 cubic foot a unit
        _planning_row(
            "2026-06-15", "B", 50, 0, 0, 0, **{"item-volume": 1.0, "storage-type": "Oversize"}
        ),
        # d = 2, nothing available: no excess, out of stock
        _planning_row("2026-06-15", "C", 0, 60, 120, 180),
        # sales unknown: left out of every formula that needs them
        _planning_row("2026-06-15", "D", 20, None, None, None),
    ]
    return _write_report(tmp_path / "planning.txt", PLANNING_2026_US, rows)


@pytest.fixture
def stranded(tmp_path: Path) -> Path:
    rows = [{"sku": "S1", "fulfillable-qty": 30}, {"sku": "S2", "fulfillable-qty": 20}]
    return _write_report(tmp_path / "stranded.txt", STRANDED, rows)


def test_pandas_script_factors_follow_the_definitions(planning: Path, stranded: Path) -> None:
    df = pandas_script.read_report(planning)
    assert list(df.columns) == list(PLANNING_2026_US)  # BOM stripped, quotes kept as text
    assert df.loc[0, "product-name"] == 'Figura 10" Deluxe, edicion N'
    scored, factors = pandas_script.score(df, [], pandas_script.read_report(stranded))
    assert factors["excess_pct"] == pytest.approx(60 / 150 * 100)  # D has no demand: left out
    assert factors["sell_through"] == pytest.approx(270 / 150)
    assert factors["stranded_pct"] == pytest.approx(50 / (170 + 50) * 100)
    assert factors["in_stock_pct"] == pytest.approx(1 / 3 * 100)  # A in stock (d=1), C out (d=2)
    # only sell-through scores: 0.30 * (1.8 - 0.25) / 2.75
    assert factors["estimate"] == round(1000 * 0.30 * (1.8 - 0.25) / 2.75)
    assert math.isnan(scored.set_index("sku").loc["D", "E"])


def test_pandas_script_excess_list(planning: Path, stranded: Path) -> None:
    df, factors = pandas_script.score(
        pandas_script.read_report(planning), [], pandas_script.read_report(stranded)
    )
    ex = pandas_script.excess_list(df, factors).set_index("sku")
    assert list(ex.index) == ["B", "A"]  # dearest excess first
    assert ex.loc["B", "monthly_cost"] == pytest.approx(50 * 1.0 * 0.56)
    assert ex.loc["A", "monthly_cost"] == pytest.approx(10 * 0.1 * 0.78 + 5 * 0.1 * 5.45)
    assert ex.loc["B", "action"] == "liquidate" and ex.loc["A", "action"] == "promote"
    assert math.isnan(ex.loc["B", "DoS"]) and ex.loc["A", "DoS"] == pytest.approx(100)
    # Without B's excess: excess 10/100 % -> 0.75, sell-through 270/100 -> 2.45/2.75.
    fixed = round(1000 * (0.40 * 0.75 + 0.30 * (2.7 - 0.25) / 2.75))
    assert ex.loc["B", "points_at_stake"] == fixed - factors["estimate"]


def test_pandas_script_history_averages_snapshots(tmp_path: Path, planning: Path) -> None:
    older = _write_report(
        tmp_path / "older.txt",
        PLANNING_2026_US,
        [
            _planning_row("2026-05-17", "A", 200, 30, 60, 90),
            _planning_row("2026-05-17", "B", 50, 0, 0, 0),
            _planning_row("2026-05-17", "C", 100, 60, 120, 180),
        ],
    )
    frames = [pandas_script.read_report(p) for p in (planning, older)]
    _, factors = pandas_script.score(frames[0], frames[1:], None)
    assert factors["sell_through"] == pytest.approx(270 / (150 + 50 + 50))
    assert factors["stranded_pct"] is None
    # Two daily snapshots in the last 30 days: C was in stock in one of them.
    assert factors["in_stock_pct"] == pytest.approx((1 * 1 + 2 * 0.5) / 3 * 100)


def test_pandas_script_task_times_each_step(planning: Path, stranded: Path) -> None:
    out = pandas_script.task([str(planning)], str(stranded))
    assert out["n_excess_rows"] == 2
    assert set(out) >= {"read", "factors", "excess list", "total"}
    assert out["total"] >= out["read"] > 0
