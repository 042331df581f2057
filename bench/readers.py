"""How fast can any reader here take in a planning report? ``python -m bench.readers FILE``.

The import's target is a fraction of a bare ``polars.read_csv`` of the same file. This
measures, in fresh processes (medians of ``--runs``, ratios to the bare read of the same
run), what the CSV readers installable on this machine do with the columns scoring reads
(``scored_columns``: the planning report's columns ``core.metrics`` computes with, the
aged-inventory surcharge's and the snapshot date), parsed only, and parsed and stored as
parquet, against ipitui's whole import. Nothing is checked or validated by the readers:
their figures are floors, not imports.

Needs the bench group (pyarrow and duckdb are in it only for this comparison).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.measure import run_once

DEFAULT_FILE = "bench/out/accounts/skus-1000000-seed-1/reports/Inventory_Health_2026-06-15.txt"


def scored_columns(header: list[str]) -> dict[str, str]:
    """The file's columns (as it spells them) that scoring reads, with ipitui's type of each
    (``int``, ``float`` or ``text``: dates are left as text, as the import's careful pass
    reads them)."""
    from ipitui.core import metrics, surcharge
    from ipitui.core.rates import resolve_rates
    from ipitui.reports.columns import Type
    from ipitui.reports.detect import match_header

    match = match_header(Path("report.txt"), header)
    names = list(match.positions.values())
    card = resolve_rates("us", collections.defaultdict(lambda: date.today()), 1.0)
    wanted = set(metrics.planning_reads(names, card)) | set(metrics.TEXT_LOOKUPS)
    wanted |= {n for n in names if surcharge.AIS_QTY.match(n) or surcharge.AIS_EST.match(n)}
    wanted.add("snapshot_date")
    kinds = {Type.QTY: "int", Type.INT: "int", Type.PRICE: "float", Type.NUMBER: "float"}
    return {
        header[i]: kinds.get(match.kind.by_name[name].type, "text")
        for i, name in match.positions.items()
        if name in wanted
    }


def filled_copy(source: str, target: str, title_chars: int = 200) -> None:
    """A copy of the planning report ``source`` whose every blank cell holds its column's
    most common value and whose titles are ``title_chars`` long (Amazon allows 200): the
    kind of file a catalog with full listings downloads."""
    import polars as pl

    frame = pl.read_csv(source, separator="\t", quote_char=None, infer_schema=False)
    title = next(c for c in frame.columns if c.strip() == "product-name")
    filled = []
    for name in frame.columns:
        column = frame.get_column(name)
        common = column.drop_nulls().mode().sort()
        value = column.fill_null(common[0]) if len(common) else column.fill_null("1")
        if name == title:
            value = (value + " " + value.str.reverse()).str.pad_end(title_chars, "x")
            value = value.str.slice(0, title_chars)
        filled.append(value)
    pl.DataFrame(filled).write_csv(target, separator="\t", quote_style="never")


def _header(file: str) -> list[str]:
    with open(file, encoding="utf-8-sig") as fh:
        return fh.readline().rstrip("\r\n").split("\t")


def _timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def polars_task(file: str, store: bool) -> dict[str, float]:
    import polars as pl

    columns = scored_columns(_header(file))
    types = {"int": pl.Int64, "float": pl.Float64, "text": pl.String}
    scan = pl.scan_csv(
        file,
        separator="\t",
        quote_char=None,
        infer_schema=False,
        schema_overrides={c: types[t] for c, t in columns.items()},
    ).select(list(columns))
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "scored.parquet"
        if store:
            took = _timed(lambda: scan.sink_parquet(out, compression="uncompressed"))
        else:
            took = _timed(lambda: scan.collect())
    return {"seconds": took}


def pyarrow_task(file: str, scored: bool, store: bool) -> dict[str, float]:
    import pyarrow as pa
    import pyarrow.csv as pc
    import pyarrow.parquet as pq

    columns = scored_columns(_header(file))
    types = {"int": pa.int64(), "float": pa.float64(), "text": pa.string()}
    convert = (
        pc.ConvertOptions(
            include_columns=list(columns), column_types={c: types[t] for c, t in columns.items()}
        )
        if scored
        else pc.ConvertOptions()
    )
    parse = pc.ParseOptions(delimiter="\t", quote_char=False)
    with tempfile.TemporaryDirectory() as work:
        t = time.perf_counter()
        table = pc.read_csv(file, parse_options=parse, convert_options=convert)
        if store:
            pq.write_table(table, Path(work) / "scored.parquet", compression="none")
        took = time.perf_counter() - t
    return {"seconds": took}


def duckdb_task(file: str) -> dict[str, float]:
    import duckdb

    columns = scored_columns(_header(file))
    chosen = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "scored.parquet"
        query = (
            f"copy (select {chosen} from read_csv(?, delim='\t', quote='', header=true)) "
            f"to '{out}' (format parquet, compression uncompressed)"
        )
        took = _timed(lambda: con.execute(query, [file]))
    return {"seconds": took}


def bare_task(file: str) -> dict[str, float]:
    from bench.imports import read_csv_task

    return {"seconds": read_csv_task(file)["read_csv"]}


def import_task(file: str) -> dict[str, float]:
    from bench.imports import import_task as ipitui_import

    with tempfile.TemporaryDirectory(prefix="ipitui-readers-") as work:
        return {"seconds": ipitui_import([file], work)["import"]}


MEASURED = [
    ("polars.read_csv, every column, types inferred (the reference)", "bench.readers:bare_task", {}),
    ("ipitui import (checked and stored)", "bench.readers:import_task", {}),
    ("polars, scored columns parsed", "bench.readers:polars_task", {"store": False}),
    ("polars, scored columns parsed and stored", "bench.readers:polars_task", {"store": True}),
    ("pyarrow, every column parsed", "bench.readers:pyarrow_task", {"scored": False, "store": False}),
    ("pyarrow, scored columns parsed", "bench.readers:pyarrow_task", {"scored": True, "store": False}),
    ("pyarrow, scored columns parsed and stored", "bench.readers:pyarrow_task", {"scored": True, "store": True}),
    ("duckdb, scored columns parsed and stored", "bench.readers:duckdb_task", {}),
]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.readers", description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", default=DEFAULT_FILE)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument(
        "--filled",
        metavar="COPY",
        help="first write a copy of FILE with every cell filled and 200-character titles to "
        "COPY, and measure that",
    )
    args = p.parse_args(argv)
    if args.filled:
        filled_copy(args.file, args.filled)
        args.file = args.filled
    header = _header(args.file)
    print(f"{args.file}: {len(header)} columns, {len(scored_columns(header))} scored")
    times: dict[str, list[float]] = {name: [] for name, _, _ in MEASURED}
    for run in range(args.runs + 1):  # the first is a warm-up; in turn, so that the
        for name, task, params in MEASURED:  # machine's moods fall on all alike
            took = run_once(task, {"file": args.file, **params})["seconds"]
            if run:
                times[name].append(took)
    bare = statistics.median(times[MEASURED[0][0]])
    print("\n| Reader | Median | Min – max | Ratio to the bare read |\n|---|---|---|---|")
    for name, values in times.items():
        mid = statistics.median(values)
        print(
            f"| {name} | {mid:.2f} s | {min(values):.2f} – {max(values):.2f} s | {mid / bare:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
