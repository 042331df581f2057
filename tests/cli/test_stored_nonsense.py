"""An account whose stored snapshots hold values no report could (written by an older ipitui
that did not check them at import) still scores and exports: such a value is read as blank."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED

DAY = "2026-03-10"
YEAR_MINUS_2 = -719528 - 365 * 4  # days from 1970-01-01 to a day in year -2


def _date(days: int) -> pl.Expr:
    return pl.lit(days, pl.Int32).cast(pl.Date)


def _store(kind: str) -> Path:
    return next(Path(os.environ["IPITUI_HOME"]).rglob(f"{kind}/{DAY}.parquet"))


CASES = {
    "snapshot dated 9999-12-31": None,
    "quantity near 2^63": lambda f: f.with_columns(
        available=pl.lit(2**63 - 10, pl.Int64),
        quantity_to_be_charged_ais_271_300_days=pl.lit(2**63 - 10, pl.Int64),
    ),
    "price of 1e300": lambda f: f.with_columns(your_price=pl.lit(1e300), item_volume=1e300),
    "NaN and infinity": lambda f: f.with_columns(
        your_price=pl.lit(float("nan")), item_volume=pl.lit(float("inf"))
    ),
    "season in year -2 and 9999": lambda f: f.with_columns(
        season_start_date=_date(YEAR_MINUS_2),
        season_end_date=pl.lit(date(9999, 12, 31)),
        is_seasonal_in_next_3_months=pl.lit("Y"),
    ),
}


@pytest.mark.parametrize("case", [*CASES, "stranded in year -2"])
def test_every_command_works_on_stored_nonsense(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [report_row(DAY, "A", 100, 30, 60, 90), report_row(DAY, "B", 50, 0, 0, 0)],
    )
    stranded = write_report(tmp_path / "s.txt", STRANDED, [{"sku": "S1", "fulfillable-qty": 30}])
    assert main(["import", str(planning), str(stranded), "--account", "Shop"]) == 0
    assert main(["mark", "B", "--remove", "--account", "Shop"]) == 0
    path = _store("planning")
    frame = pl.read_parquet(path)
    if case == "snapshot dated 9999-12-31":
        frame.with_columns(snapshot_date=pl.lit(date(9999, 12, 31))).write_parquet(
            path.with_name("9999-12-31.parquet")
        )
    elif case == "stranded in year -2":
        rows = pl.read_parquet(_store("stranded"))
        rows.with_columns(
            date_stranded=_date(YEAR_MINUS_2), your_price=pl.lit(1e300)
        ).write_parquet(_store("stranded"))
    else:
        CASES[case](frame).write_parquet(path)  # type: ignore[misc]
    capsys.readouterr()
    assert main(["score", "--account", "Shop", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["snapshot_date"] == DAY and out["skus"] == 2
    for name in ("stranded", "excess", "aging", "stock_risk"):
        assert main(["score", "--account", "Shop", "--list", name, "--json"]) == 0
        json.loads(capsys.readouterr().out)
    assert main(["score", "--account", "Shop"]) == 0
    target = tmp_path / "decisions.csv"
    assert main(["export", "--account", "Shop", "--kind", "decisions", "-o", str(target)]) == 0
    assert "\nB," in target.read_text(encoding="utf-8-sig")


def test_a_note_says_how_many_values_of_which_column_were_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [report_row(DAY, sku, 100, 30, 60, 90) for sku in "ABC"],
    )
    stranded = write_report(tmp_path / "s.txt", STRANDED, [{"sku": "S1", "fulfillable-qty": 30}])
    assert main(["import", str(planning), str(stranded), "--account", "Shop"]) == 0
    capsys.readouterr()
    assert main(["score", "--account", "Shop"]) == 0
    assert "implausible" not in capsys.readouterr().out
    path = _store("planning")
    frame = pl.read_parquet(path)
    frame.with_columns(
        your_price=pl.Series([1e300, float("nan"), 5.0]),
        available=pl.Series([2**63 - 10, 4, 5]),
        # a column scoring does not read is not counted
        afn_warehouse_quantity=pl.lit(2**62, pl.Int64),
    ).write_parquet(path)
    rows = pl.read_parquet(_store("stranded"))
    rows.with_columns(date_stranded=_date(YEAR_MINUS_2)).write_parquet(_store("stranded"))
    assert main(["score", "--account", "Shop"]) == 0
    text = capsys.readouterr().out
    said = [line for line in text.splitlines() if "implausible" in line]
    assert len(said) == 2, text
    assert f"3 values of the planning report of {DAY}" in said[0]
    assert "your_price (2)" in said[0] and "available (1)" in said[0]
    assert "afn_warehouse_quantity" not in said[0]
    assert "1 value of the stranded report" in said[1] and "date_stranded (1)" in said[1]
    assert main(["score", "--account", "Shop", "--json"]) == 0
    notes = json.dumps(json.loads(capsys.readouterr().out))
    assert "your_price (2)" in notes and "date_stranded (1)" in notes


def test_a_snapshot_skipped_for_its_impossible_date_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipitui.account import load_account
    from ipitui.store.paths import resolve_home

    planning = write_report(
        tmp_path / "planning.txt", PLANNING_2026_US, [report_row(DAY, "A", 100, 30, 60, 90)]
    )
    assert main(["import", str(planning), "--account", "Shop"]) == 0
    home = resolve_home()
    assert not any("impossible" in w for w in load_account(home, "shop").warnings)
    path = _store("planning")
    pl.read_parquet(path).write_parquet(path.with_name("9999-12-31.parquet"))
    account = load_account(home, "shop")
    assert account.snapshot_date == date.fromisoformat(DAY)
    said = [w for w in account.warnings if "impossible" in w]
    assert len(said) == 1 and "of 9999-12-31: skipped" in said[0], account.warnings
    assert str(path.with_name("9999-12-31.parquet")) in said[0]
