"""``uv run --group bench python -m bench``: measure ipitui at catalog scale, write the report.

Generates (or reuses) demo accounts of each size, measures every part in fresh processes
and writes ``docs/benchmarks.md``; the raw figures go to ``results.json`` in the work
directory (``bench/out``) so the report can be rewritten without measuring (``--report-only``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import accounts, report, visidata_run
from bench.measure import ROOT, Record, measure, run_once

PARTS = ("import", "pandas", "scoring", "tui", "datatable", "visidata")
# Sizes above this need several GiB (the pandas script and VisiData hold every cell as a
# Python object); they are skipped when less memory than MIN_FREE_GIB is available.
LARGE = 1_000_000
MIN_FREE_GIB = 12


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    try:
        size = round(float(number) * factor)
    except ValueError:
        size = 0
    if size <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 1m, 1.5m)")
    return size


def parse_list(text: str, parse: Callable[[str], object]) -> list:
    return [parse(part) for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        type=lambda s: parse_list(s, parse_size),
        default="10k,100k,1m,1.5m",
        help="catalog sizes in SKUs (default 10k,100k,1m,1.5m)",
    )
    p.add_argument("--runs", type=int, default=5, help="timed runs per measurement (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="discarded runs first (default 1)")
    p.add_argument("--seed", type=int, default=1, help="demo generator seed (default 1)")
    p.add_argument(
        "--skip",
        type=lambda s: parse_list(s, _part),
        default=[],
        help=f"parts to leave out, comma-separated: {','.join(PARTS)}",
    )
    p.add_argument(
        "--datatable-rows",
        type=lambda s: parse_list(s, parse_size),
        default="10k,100k",
        help="rows for the DataTable baseline (default 10k,100k)",
    )
    p.add_argument(
        "--kinds",
        type=lambda s: parse_list(s, str.strip),
        default="planning,stranded,restock,inventory",
        help="report kinds whose import is timed (default: all four)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    p.add_argument(
        "--work",
        type=Path,
        default=accounts.OUT,
        help="where accounts, lists and results.json go (default bench/out)",
    )
    p.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite --out from WORK/results.json, no measuring",
    )
    p.add_argument("--rebuild", action="store_true", help="generate and import the accounts again")
    p.add_argument(
        "--fresh", action="store_true", help="forget the figures of earlier runs in WORK"
    )
    p.add_argument(
        "--force", action="store_true", help="measure large sizes even if memory is short"
    )
    return p


def _part(name: str) -> str:
    name = name.strip().lower()
    if name not in PARTS:
        raise argparse.ArgumentTypeError(f"unknown part {name!r}; parts: {', '.join(PARTS)}")
    return name


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def free_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024**2
    return float("inf")


class Bench:
    """One benchmark run: what to measure, and the records so far (saved after each)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.earlier: list[Record] = []
        self.earlier_notes: list[str] = []
        results = args.work / "results.json"
        if results.exists() and not args.fresh:
            data = json.loads(results.read_text())
            self.earlier = [Record.from_json(r) for r in data["records"]]
            self.earlier_notes = data["notes"]

    def add(self, name: str, task: str, params: dict, size: int, note: str = "") -> Record | None:
        log(f"{report.size_label(size)}: {name}")
        try:
            record = measure(
                name,
                task,
                params,
                size=size,
                runs=self.args.runs,
                warmup=self.args.warmup,
                note=note,
            )
        except Exception as exc:  # one failing part must not lose the others' figures
            log(f"  failed: {exc}")
            self.notes.append(
                f"{report.size_label(size)} {name}: failed ({str(exc).splitlines()[0]})"
            )
            return None
        summary = ", ".join(f"{k} {report.seconds(v.median)}" for k, v in record.phases.items())
        log(f"  {summary}; peak {report.mib(record.peak_rss_mib)}")
        self.records.append(record)
        self.save()
        return record

    def save(self) -> None:
        """Write this run's records, keeping an earlier run's for what this one did not
        measure (so sizes can be measured in separate runs; ``--fresh`` starts over)."""
        self.args.work.mkdir(parents=True, exist_ok=True)
        measured = {(r.name, r.size) for r in self.records}
        kept = [r for r in self.earlier if (r.name, r.size) not in measured]
        data = {
            "notes": [*self.earlier_notes, *self.notes],
            "records": [r.to_json() for r in [*kept, *self.records]],
        }
        (self.args.work / "results.json").write_text(json.dumps(data, indent=1))

    def all_records(self) -> tuple[list[Record], list[str]]:
        data = json.loads((self.args.work / "results.json").read_text())
        return [Record.from_json(r) for r in data["records"]], data["notes"]

    def size(self, skus: int, lists: dict[int, str]) -> None:
        skip = set(self.args.skip)
        log(f"{report.size_label(skus)}: preparing the demo account")
        work = str(self.args.work)
        account = accounts.prepare(
            skus, self.args.seed, work=self.args.work, rebuild=self.args.rebuild
        )
        home = {"home": str(account.home), "slug": account.slug}
        if "import" not in skip:
            for kind in self.args.kinds:
                files = account.reports[kind]
                self.add(
                    f"import {kind}",
                    "bench.imports:import_task",
                    {"files": files[:1], "work": work},
                    skus,
                )
                self.add(
                    f"read_csv {kind}", "bench.imports:read_csv_task", {"file": files[0]}, skus
                )
        if "pandas" not in skip:
            # One download, as a seller's script reads it: today's planning and stranded files.
            files = {"planning": account.reports["planning"][:1]}
            files["stranded"] = account.reports.get("stranded", [None])[0]
            params = {
                "files": [*files["planning"], *filter(None, [files["stranded"]])],
                "work": work,
            }
            self.add("ipitui job", "bench.imports:job_task", params, skus)
            self.add("pandas script", "bench.pandas_script:task", files, skus)
        if "scoring" not in skip:
            self.add("scoring", "bench.scoring:task", home, skus)
            self.add("open", "bench.scoring:open_task", home, skus)
        if "datatable" not in skip:
            out = str(self.args.work / "lists" / f"excess-{skus}-seed-{self.args.seed}.parquet")
            rows = run_once("bench.scoring:write_excess_list", {**home, "out": out})["n_rows"]
            lists[int(rows)] = out
        if "tui" not in skip:
            self.add("tui", "bench.tui:task", home, skus)
        if "visidata" not in skip:
            why = visidata_run.available()
            if why:
                self.notes.append(f"VisiData not measured: {why}")
            else:
                self.add(
                    "visidata",
                    "bench.visidata_run:task",
                    {"file": account.planning, "work": work},
                    skus,
                )

    def datatable(self, lists: dict[int, str]) -> None:
        for rows in self.args.datatable_rows:
            # The smallest stored excess list that has that many rows (else the longest).
            fits = sorted(n for n in lists if n >= rows) or sorted(lists)[-1:]
            if not fits:
                return
            self.add(
                "datatable",
                "bench.datatable:task",
                {"list_file": lists[fits[0]], "rows": rows},
                rows,
            )

    def run(self) -> None:
        lists: dict[int, str] = {}
        for skus in self.args.sizes:
            if skus > LARGE and free_gib() < MIN_FREE_GIB and not self.args.force:
                note = f"{report.size_label(skus)} skipped: {free_gib():.1f} GiB available"
                self.notes.append(note + f" (needs {MIN_FREE_GIB}; --force to try)")
                log(note)
                continue
            self.size(skus, lists)
        if "datatable" not in self.args.skip:
            self.datatable(lists)
        self.save()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = "uv run --group bench python -m bench " + shlex.join(argv or sys.argv[1:])
    if args.report_only:
        data = json.loads((args.work / "results.json").read_text())
        records = [Record.from_json(r) for r in data["records"]]
        notes = data["notes"]
    else:
        bench = Bench(args)
        bench.run()
        records, notes = bench.all_records()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.render(records, report.machine(), command.strip(), notes))
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
