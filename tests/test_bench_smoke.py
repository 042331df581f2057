"""The benchmark code still runs (not how fast), and its pandas baseline computes the right thing."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import pytest

from ipitui.reports.layouts import PLANNING_2026_US, STRANDED

# bench/ sits beside src/ at the top of the repository, outside the installed package (ruff
# allows the imports below this sys.path change).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report
from bench.__main__ import main as bench_main
from bench.__main__ import parse_size
from bench.measure import Record, Stat, measure


@pytest.fixture
def pandas_script():
    pytest.importorskip("pandas")
    from bench import pandas_script

    return pandas_script


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


def test_pandas_script_factors_follow_the_definitions(
    pandas_script, planning: Path, stranded: Path
) -> None:
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


def test_pandas_script_excess_list(pandas_script, planning: Path, stranded: Path) -> None:
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


def test_pandas_script_history_averages_snapshots(
    pandas_script, tmp_path: Path, planning: Path
) -> None:
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


def test_pandas_script_task_times_each_step(pandas_script, planning: Path, stranded: Path) -> None:
    out = pandas_script.task([str(planning)], str(stranded))
    assert out["n_excess_rows"] == 2
    assert set(out) >= {"read", "factors", "excess list", "total"}
    assert out["total"] >= out["read"] > 0


def test_sizes_read_like_a_seller_writes_them() -> None:
    assert [parse_size(s) for s in ("10k", "100K", "1m", "1.5m", "2500")] == [
        10_000,
        100_000,
        1_000_000,
        1_500_000,
        2_500,
    ]
    for bad in ("lots", "0", "-5k"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_size(bad)


def test_a_task_runs_in_a_fresh_process(planning: Path) -> None:
    record = measure(
        "read_csv planning", "bench.imports:read_csv_task", {"file": str(planning)}, size=4,
        runs=2, warmup=0,
    )  # fmt: skip
    assert record.runs == 2 and record.counts == {"n_rows": 4}
    stat = record.phases["read_csv"]
    assert 0 < stat.low <= stat.median <= stat.high
    assert record.peak_rss_mib is not None and record.peak_rss_mib.median > 20  # polars loaded


def _stat(value: float) -> Stat:
    return Stat(value, value, value)


def test_report_judges_the_targets_from_the_medians() -> None:
    m = report.ONE_MILLION
    records = [
        Record("import planning", m, 5, {"import": _stat(1.6)}, _stat(500)),
        Record("read_csv planning", m, 5, {"read_csv": _stat(1.0)}, _stat(400)),
        Record("tui", m, 5, {"first frame": _stat(0.5), "key to paint": _stat(0.02)}, _stat(2000)),
    ]
    verdicts = {text: (shown, ok) for text, shown, ok in report.targets(report.Results(records))}
    assert verdicts["Import of the planning report at most 0.6x bare polars.read_csv (1M)"] == (
        "1.60x",
        "**not met**",
    )
    assert verdicts["TUI first paint (launch to first frame, imports included) under 1 s (1M)"] == (
        "500 ms",
        "met",
    )
    assert verdicts["Cursor key to paint under 16 ms (1M)"][1] == "**not met**"
    assert verdicts["TUI peak memory at most 700 MiB (1M)"] == ("2,000 MiB", "**not met**")
    assert verdicts["TUI launch to the excess list's scored rows at most 1.0 s (1M)"] == (
        "–",
        "not measured",
    )
    assert verdicts["Sort under 250 ms (1M)"] == ("–", "not measured")


def test_report_only_rewrites_the_document(tmp_path: Path) -> None:
    import json

    records = [
        Record("import planning", 100_000, 5, {"import": _stat(0.2)}, _stat(300)),
        Record("read_csv planning", 100_000, 5, {"read_csv": _stat(0.1)}, _stat(250)),
        Record("import planning", 1_500_000, 5, {"import": _stat(3.6)}, _stat(900)),
        Record("datatable", 10_000, 5, {"first paint": _stat(2.5)}, _stat(120), {"n_rows": 10_000}),
    ]
    (tmp_path / "results.json").write_text(
        json.dumps({"notes": ["1.5M: a note"], "records": [r.to_json() for r in records]})
    )
    out = tmp_path / "benchmarks.md"
    assert bench_main(["--report-only", "--work", str(tmp_path), "--out", str(out)]) == 0
    text = out.read_text()
    assert "## 100k SKUs (100,000)" in text and "## 1.5M SKUs (1,500,000)" in text
    assert (
        "| import planning | import | 200 ms | 200 ms – 200 ms | 300 MiB | 2.00 x bare polars |"
        in text
    )
    # 3.6 s / 1.5M against 0.2 s / 100k: 1.2x per SKU, which is "rising".
    assert "| import planning | import | 2.00 | 2.40 | 1.20x |" in text
    assert "| 10,000 | 2.50 s |" in text and "* 1.5M: a note" in text


# ----------------------------------------------------------------- the 10k smoke run

SMOKE_SKUS = 10_000


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """``python -m bench`` at 10k SKUs, one run of everything, no warm-up."""
    import json

    from bench import visidata_run

    work = tmp_path_factory.mktemp("bench-work")
    out = work / "benchmarks.md"
    skip = ["visidata"] if visidata_run.available() else []
    argv = ["--sizes", "10k", "--runs", "1", "--warmup", "0", "--datatable-rows", "500"]
    argv += ["--kinds", "planning"]  # the other kinds run the same two functions
    argv += ["--work", str(work), "--out", str(out)] + (["--skip", ",".join(skip)] if skip else [])
    assert bench_main(argv) == 0
    return out, json.loads((work / "results.json").read_text())


def test_smoke_run_measures_every_part(smoke_run: tuple[Path, dict]) -> None:
    out, results = smoke_run
    assert results["notes"] == [] or all("VisiData not measured" in n for n in results["notes"])
    records = {(r["name"], r["size"]): Record.from_json(r) for r in results["records"]}
    expected = {
        ("import planning", SMOKE_SKUS): {"import"},
        ("read_csv planning", SMOKE_SKUS): {"read_csv"},
        ("ipitui job", SMOKE_SKUS): {"import", "score"},
        ("pandas script", SMOKE_SKUS): {"read", "factors", "excess list", "total"},
        ("scoring", SMOKE_SKUS): {
            "load snapshot",
            "prepare",
            "evaluate",
            "what-if after one decision",
            "store scored",
        },
        ("open", SMOKE_SKUS): {"open stored"},
        ("tui", SMOKE_SKUS): {
            "first frame",
            "launch to numbers",
            "launch to excess rows",
            "first list",
            "key to paint",
            "sort",
            "filter",
            "decision form",
            "mark + what-if",
        },
        ("datatable", 500): {"first paint"},
    }
    for key, phases in expected.items():
        record = records[key]
        assert set(record.phases) == phases, key
        assert all(stat.median > 0 for stat in record.phases.values()), key
        assert record.peak_rss_mib is not None and 20 < record.peak_rss_mib.median < 4000, key
    if ("visidata", SMOKE_SKUS) in records:  # VisiData and tmux are installed
        vd = records[("visidata", SMOKE_SKUS)]
        assert 0 < vd.phases["first screen"].median <= vd.phases["loaded"].median
        assert vd.counts == {"n_rows": SMOKE_SKUS}
    tui = records[("tui", SMOKE_SKUS)].counts
    assert 0 < tui["n_filtered_rows"] < tui["n_rows"] <= SMOKE_SKUS
    assert records[("datatable", 500)].counts == {"n_rows": 500}
    excess = records[("scoring", SMOKE_SKUS)].counts["n_excess_rows"]
    assert records[("ipitui job", SMOKE_SKUS)].counts["n_excess_rows"] == excess
    text = out.read_text()
    assert "## 10k SKUs (10,000)" in text and "## Targets" in text
    assert "x bare polars" in text and "x ipitui import + scoring" in text


def test_pandas_script_agrees_with_ipitui_on_the_demo(
    smoke_run: tuple[Path, dict], pandas_script, tmp_path: Path
) -> None:
    """Both sides of the pandas comparison compute the same factors from the same files."""
    from bench import accounts

    from ipitui.core import evaluate, prepare
    from ipitui.store import snapshots
    from ipitui.store.accounts import add_account
    from ipitui.store.paths import resolve_home
    from ipitui.store.settings import load_account_settings

    out, _ = smoke_run
    account = accounts.write_reports(SMOKE_SKUS, work=out.parent)
    files = [account.planning, account.reports["stranded"][0]]
    home = resolve_home(tmp_path / "home")
    slug = add_account(home, "check").slug
    snapshots.import_files(home, slug, [Path(f) for f in files])
    settings, _ = load_account_settings(home, slug)
    card = evaluate(prepare(snapshots.load_account_data(home, slug), settings), {})
    df, factors = pandas_script.score(
        pandas_script.read_report(files[0]), [], pandas_script.read_report(files[1])
    )
    for name, ours in card.factors_now.values().items():
        assert factors[name] == pytest.approx(ours, rel=1e-6), name
    assert len(pandas_script.excess_list(df, factors)) == card.lists["excess"].height
