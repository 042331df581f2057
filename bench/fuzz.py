"""``uv run --frozen python -m bench.fuzz --files 10000 --seed 1``: fuzz the report reader.

Makes ``--files`` fuzzed report files from real seeds (``tests/reports/fuzz_reports.py``:
the demo's reports and every report kind and layout, mutated cell by cell, re-encoded and
damaged byte by byte) and checks the rule on each: importing it into a fresh account either
succeeds or raises ipitui's own error, and after an accepted import ``score`` in every form,
the TUI's load, ``mark`` and ``export`` work. File ``N`` of seed ``S`` is the same file on
any machine, so a failure is reproduced with ``--only N``.

Each failure's file and traceback are kept in ``--out`` (``bench/out/fuzz``); the summary
is printed and written to ``summary.json`` there. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reports"))

import fuzz_reports as F  # noqa: E402 (found through the path above)


def _work(run_seed: int, numbers: list[int], out: Path) -> dict:
    """Check files ``numbers`` in one process; return the counts and the failures."""
    tally: Counter[str] = Counter()
    failures = []
    with tempfile.TemporaryDirectory(prefix="ipitui-fuzz-") as scratch:
        tmp = Path(scratch)
        seeds = F.all_seeds(tmp / "seeds")
        base = F.make_base(tmp / "base-files", tmp / "base")
        for number in numbers:
            case = F.case(seeds, run_seed, number)
            path = tmp / f"report-{number}.txt"
            path.write_bytes(case.fuzzed.data)
            home = tmp / f"home-{number}"
            outcome = F.check(path, home, base if case.on_base else None, case.skip_bad_rows)
            tally["files"] += 1
            tally["accepted" if outcome.accepted else "refused"] += 1
            tally["later refusals"] += bool(outcome.accepted and outcome.refusals)
            if outcome.failure is not None:
                tally["failures"] += 1
                keep = out / "failures" / f"{run_seed}-{number}"
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, keep / "report.txt")
                (keep / "traceback.txt").write_text(
                    f"{case.fuzzed.label}\non_base={case.on_base} "
                    f"skip_bad_rows={case.skip_bad_rows}\n{outcome.failure}"
                )
                last = outcome.failure.strip().splitlines()[-1]
                failures.append({"number": number, "case": case.fuzzed.label, "error": last})
            shutil.rmtree(home, ignore_errors=True)
            path.unlink()
    return {"tally": dict(tally), "failures": failures}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=10_000, help="how many files (default 10000)")
    p.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    p.add_argument("--start", type=int, default=0, help="first file number (default 0)")
    p.add_argument("--only", type=int, nargs="+", metavar="N", help="only these file numbers")
    p.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    args = p.parse_args(argv)
    numbers = args.only or list(range(args.start, args.start + args.files))
    args.out.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    jobs = max(1, min(args.jobs, len(numbers)))
    parts = [numbers[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_work, [args.seed] * jobs, parts, [args.out] * jobs))
    tally: Counter[str] = Counter()
    failures = []
    for result in results:
        tally.update(result["tally"])
        failures += result["failures"]
    summary = {
        "command": "uv run --frozen python -m bench.fuzz " + " ".join(argv or sys.argv[1:]),
        "seed": args.seed,
        "files": tally["files"],
        "accepted": tally["accepted"],
        "refused": tally["refused"],
        "accepted, then a later command refused": tally["later refusals"],
        "failures": tally["failures"],
        "seconds": round(time.monotonic() - began),
        "failed": sorted(failures, key=lambda f: f["number"]),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "failed"}, indent=2))
    for failure in summary["failed"]:
        print(f"file {failure['number']}: {failure['case']}: {failure['error']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
