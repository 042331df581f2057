"""How every figure is taken: one fresh process per run, wall time and peak RSS.

A *task* is a function ``task(**params) -> dict[str, float]`` in one of the bench modules; it
does its own setup, times only what it measures with ``time.perf_counter`` and returns the
phases it timed, in seconds (plus any counts it wants to report, as ``n_*`` keys). The
parent runs it in ``python -m bench.measure`` once as a warm-up (discarded) and then
``runs`` times, each in a new process, and keeps the median, min and max of every phase and
the process's peak resident memory (``VmHWM`` from ``/proc/self/status``).
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Stat:
    """Median, min and max over the timed runs of one phase."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Stat:
        return cls(statistics.median(values), min(values), max(values))


@dataclass
class Record:
    """One measured thing at one size: its phases (seconds) and its peak memory (MiB)."""

    name: str  # e.g. "import planning", "tui", "pandas script"
    size: int  # SKUs in the account
    runs: int
    phases: dict[str, Stat] = field(default_factory=dict)
    peak_rss_mib: Stat | None = None
    counts: dict[str, int] = field(default_factory=dict)  # rows shown, rows read …
    note: str = ""
    # The machine's 1-minute load average, highest seen before a timed run: above the core
    # count, other processes competed with the measurement.
    load: float = 0.0
    # When and from which commit (``2026-11-22 82c32dd``); blank in records of older runs.
    measured: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        phases = {k: Stat(**v) for k, v in data.pop("phases").items()}
        peak = data.pop("peak_rss_mib")
        return cls(phases=phases, peak_rss_mib=Stat(**peak) if peak else None, **data)


class TaskFailed(RuntimeError):
    """A measured process exited with an error (its stderr is in the message)."""


def peak_rss_mib(pid: int | str = "self") -> float:
    """The peak resident set size of a live process, from ``/proc/<pid>/status``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def run_once(task: str, params: dict[str, Any], timeout: float | None = None) -> dict[str, float]:
    """Run ``task`` (``module:function``) in a new interpreter and return what it measured."""
    # Run as an installed Python does: it keeps the modules it compiled (``__pycache__``), so
    # the warm-up run compiles and the timed runs do not. With PYTHONDONTWRITEBYTECODE set
    # (as some shells and containers do) every run would compile Textual and polars' Python
    # anew, and the first frame would measure the compiler, not what a seller waits for.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bench.measure", task, json.dumps(params)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise TaskFailed(f"{task} {params} failed:\n{proc.stderr[-4000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise TaskFailed(f"{task} printed no result:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def measure(
    name: str,
    task: str,
    params: dict[str, Any],
    *,
    size: int,
    runs: int = 5,
    warmup: int = 1,
    note: str = "",
    timeout: float | None = None,
) -> Record:
    """Warm up, then time ``runs`` fresh processes of ``task`` and summarise them."""
    for _ in range(warmup):
        run_once(task, params, timeout)
    results, loads = [], []
    for _ in range(max(1, runs)):
        loads.append(os.getloadavg()[0])
        results.append(run_once(task, params, timeout))
    phases = [k for k in results[0] if not k.startswith("n_") and k != "peak_rss_mib"]
    counts = {k: int(results[-1][k]) for k in results[-1] if k.startswith("n_")}
    record = Record(
        name=name,
        size=size,
        runs=len(results),
        counts=counts,
        note=note,
        load=max(loads),
        measured=f"{date.today().isoformat()} {commit()}",
    )
    for phase in phases:
        record.phases[phase] = Stat.of([r[phase] for r in results if phase in r])
    rss = [r["peak_rss_mib"] for r in results if "peak_rss_mib" in r]
    record.peak_rss_mib = Stat.of(rss) if rss else None
    return record


def commit() -> str:
    """The checked-out commit of the repository (short), or "unknown"."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return done.stdout.strip() or "unknown"


def _child(task: str, params_json: str) -> None:
    module, _, func = task.partition(":")
    fn = getattr(importlib.import_module(module), func)
    result = dict(fn(**json.loads(params_json)))
    result.setdefault("peak_rss_mib", peak_rss_mib())
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
