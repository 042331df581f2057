"""docs/benchmarks.md: the machine, a table per size, growth per SKU and the targets."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from bench.measure import ROOT, Record, Stat, commit

ONE_MILLION = 1_000_000
ONE_AND_HALF_MILLION = 1_500_000
GROWTH_FROM, GROWTH_TO = 100_000, 1_500_000  # the largest size measured stands in for 1.5M
# Per-SKU time may wobble with noise; "not rising" allows this much.
GROWTH_TOLERANCE = 1.15
LIBRARIES = ("polars", "textual", "platformdirs", "pandas", "numpy", "visidata")
FINDINGS = ROOT / "bench" / "findings.md"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024**2:.1f} GiB"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info = {
        "CPU": f"{cpu}, {cores} cores usable",
        "Memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }
    for name in LIBRARIES:
        try:
            info[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info[name] = "not installed"
    info["ipitui commit"] = commit()
    return info


def size_label(n: int) -> str:
    if n >= ONE_MILLION:
        return f"{n / ONE_MILLION:g}M"
    return f"{n / 1000:g}k" if n >= 1000 else str(n)


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def spread(stat: Stat) -> str:
    return f"{seconds(stat.low)} – {seconds(stat.high)}"


def mib(stat: Stat | None) -> str:
    return "" if stat is None else f"{stat.median:,.0f} MiB"


class Results:
    """The records of one run, found by name, phase and size."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.records = list(records)

    def get(self, name: str, size: int) -> Record | None:
        for record in self.records:
            if record.name == name and record.size == size:
                return record
        return None

    def median(self, name: str, phase: str, size: int) -> float | None:
        record = self.get(name, size)
        if record is None or phase not in record.phases:
            return None
        return record.phases[phase].median

    def total(self, parts: list[tuple[str, str]], size: int) -> float | None:
        values = [self.median(name, phase, size) for name, phase in parts]
        return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]

    def growth_to(self) -> int | None:
        """1.5M if measured, else the largest size measured above 100k."""
        above = [s for s in self.sizes() if s > GROWTH_FROM]
        return GROWTH_TO if GROWTH_TO in above else max(above, default=None)

    def sizes(self) -> list[int]:
        return sorted({r.size for r in self.records if r.name != "datatable"})


# The whole job, both ways, on one download (today's planning and stranded reports): ipitui
# imports the files into a new account and scores it; the pandas script reads the same
# files, computes the four factors and builds the excess list.
IPITUI_JOB = [("ipitui job", "import"), ("ipitui job", "score")]
PANDAS_JOB = [("pandas script", "total")]


@dataclass
class Ratio:
    """A row's ratio column: this record's phase against another median of the same run."""

    label: str
    numerator: list[tuple[str, str]]
    denominator: list[tuple[str, str]]

    def value(self, results: Results, size: int) -> float | None:
        top = results.total(self.numerator, size)
        bottom = results.total(self.denominator, size)
        return None if top is None or not bottom else top / bottom


def _ratios(record: Record) -> dict[str, Ratio]:
    name = record.name
    if name.startswith("import "):
        kind = name.removeprefix("import ")
        return {
            "import": Ratio("x bare polars", [(name, "import")], [(f"read_csv {kind}", "read_csv")])
        }
    if name == "pandas script":
        return {
            "read": Ratio("x ipitui import", [(name, "read")], [("ipitui job", "import")]),
            "total": Ratio("x ipitui import + scoring", PANDAS_JOB, IPITUI_JOB),
        }
    if name == "visidata":
        return {
            "first screen": Ratio(
                "x ipitui first list", [(name, "first screen")], [("tui", "first list")]
            )
        }
    return {}


def verdict(value: float | None, limit: float, at_most: bool = True) -> str:
    if value is None:
        return "not measured"
    return "met" if (value <= limit if at_most else value >= limit) else "**not met**"


def _peak(results: Results, name: str, size: int) -> float | None:
    record = results.get(name, size)
    return None if record is None or record.peak_rss_mib is None else record.peak_rss_mib.median


def _growth(results: Results, name: str, phase: str) -> float | None:
    top = results.growth_to()
    low = results.median(name, phase, GROWTH_FROM)
    high = None if top is None else results.median(name, phase, top)
    if low is None or high is None or top is None:
        return None
    return (high / top) / (low / GROWTH_FROM)


GROWTH_ROWS = [
    ("import planning", "import"),
    ("read_csv planning", "read_csv"),
    ("scoring", "prepare"),
    ("scoring", "evaluate"),
    ("scoring", "what-if after one decision"),
    ("open", "open stored"),
    ("tui", "first frame"),
    ("tui", "launch to numbers"),
    ("tui", "launch to excess rows"),
    ("tui", "first list"),
    ("tui", "sort"),
    ("tui", "filter"),
    ("pandas script", "total"),
]


def targets(results: Results) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of the performance budget."""
    m = ONE_MILLION
    r_import = Ratio("", [("import planning", "import")], [("read_csv planning", "read_csv")])
    r_pandas_job = Ratio("", PANDAS_JOB, IPITUI_JOB)
    r_pandas_read = Ratio("", [("pandas script", "read")], [("ipitui job", "import")])
    scoring = results.total(
        [
            ("scoring", "prepare"),
            ("scoring", "evaluate"),
            ("scoring", "what-if after one decision"),
        ],
        m,
    )
    rows = [
        ("Import of the planning report at most 0.6x bare polars.read_csv (1M)", r_import.value(results, m), 0.6, True, "x"),
        ("Import of the planning report at most 0.6x bare polars.read_csv (1.5M)", r_import.value(results, ONE_AND_HALF_MILLION), 0.6, True, "x"),
        ("Import + scoring at least 5x faster than the pandas script (1M)", r_pandas_job.value(results, m), 5.0, False, "x"),
        ("Import at least 5x faster than pandas reading the same files (1M)", r_pandas_read.value(results, m), 5.0, False, "x"),
        ("Scoring (prepare + evaluate) plus what-if after one decision under 100 ms (1M)", scoring, 0.1, True, "s"),
        ("What-if after one decision alone under 100 ms (1M)", results.median("scoring", "what-if after one decision", m), 0.1, True, "s"),
        ("TUI first paint (launch to first frame, imports included) under 1 s (1M)", results.median("tui", "first frame", m), 1.0, True, "s"),
        ("TUI launch to the excess list's scored rows at most 1.0 s (1M)", results.median("tui", "launch to excess rows", m), 1.0, True, "s"),
        ("TUI launch to the excess list's scored rows at most 1.2 s (1.5M)", results.median("tui", "launch to excess rows", ONE_AND_HALF_MILLION), 1.2, True, "s"),
        ("TUI launch to the Overview's numbers at most 1.0 s (1M)", results.median("tui", "launch to numbers", m), 1.0, True, "s"),
        ("TUI launch to the Overview's numbers at most 1.2 s (1.5M)", results.median("tui", "launch to numbers", ONE_AND_HALF_MILLION), 1.2, True, "s"),
        ("Cursor key to paint under 16 ms (1M)", results.median("tui", "key to paint", m), 0.016, True, "s"),
        ("Sort under 250 ms (1M)", results.median("tui", "sort", m), 0.25, True, "s"),
        ("Filter under 250 ms (1M)", results.median("tui", "filter", m), 0.25, True, "s"),
        ("TUI mark plus the what-if update (enter on the form to the new header) under 100 ms (1M)", results.median("tui", "mark + what-if", m), 0.1, True, "s"),
        ("TUI peak memory at most 700 MiB (1M)", _peak(results, "tui", m), 700, True, "MiB"),
        ("TUI peak memory under 1 GB (1.5M)", _peak(results, "tui", ONE_AND_HALF_MILLION), 1000 / 1.048576, True, "MiB"),
        ("Scoring peak memory under 1 GB (1M)", _peak(results, "scoring", m), 1000 / 1.048576, True, "MiB"),
        ("Opening a scored account (stored numbers read, decisions evaluated) under 0.5 s (1M)", results.median("open", "open stored", m), 0.5, True, "s"),
    ]  # fmt: skip
    out = []
    for text, value, limit, at_most, unit in rows:
        if value is None:
            shown = "–"
        elif unit == "x":
            shown = f"{value:.2f}x"
        elif unit == "MiB":
            shown = f"{value:,.0f} MiB"
        else:
            shown = seconds(value)
        out.append((text, shown, verdict(value, limit, at_most)))
    for name, phase in GROWTH_ROWS:
        growth = _growth(results, name, phase)
        top = results.growth_to()
        upto = size_label(top) if top else "1.5M"
        text = f"Time per SKU of {name} / {phase} not rising from 100k to {upto}"
        shown = "–" if growth is None else f"{growth:.2f}x"
        out.append((text, shown, verdict(growth, GROWTH_TOLERANCE)))
    return out


def render(records: list[Record], info: dict[str, str], command: str, notes: list[str]) -> str:
    results = Results(records)
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {datetime.now():%Y-%m-%d %H:%M} from the figures of the",
        "runs of `python -m bench` kept in its work directory; do not edit by hand",
        "(re-run the command; hand-written findings live in `bench/findings.md`).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        "## Method",
        "",
        "* Accounts come from the demo generator (`ipitui.demo.write_demo`, seed 1, snapshot date",
        "  2026-06-15: fourteen weekly planning reports, stranded, restock and Manage FBA",
        "  Inventory), imported once into `bench/out/`; runs reuse them. Scoring and the TUI work",
        "  on that stored account (all fourteen snapshots).",
        "* *import KIND*: the newest file of that kind into a new, empty account (detect, decode,",
        "  validate, type, store as parquet); *read_csv KIND*: `polars.read_csv(file,",
        '  separator="\\t", quote_char=None, infer_schema_length=10_000)` of the same file.',
        "* *pandas script* (`bench/pandas_script.py`): what a Python-savvy seller writes for one",
        "  download (today's planning and stranded reports): `pandas.read_csv` of both, the four",
        "  factors, the estimate and the excess list with points at stake. *ipitui job* does the",
        "  same job: imports the same two files into a new account, then loads, prepares and",
        "  evaluates it. The test suite checks that both compute the same factors and list.",
        "* *scoring*: loading the stored snapshot, `core.prepare`, `core.evaluate` with the",
        "  account's decisions, then `evaluate` again with one more decision (the what-if).",
        "* Every run is a fresh Python process: one warm-up run is discarded, then the timed",
        "  runs; the tables give the median and the min–max. Only the measured work is timed",
        "  (`time.perf_counter`), not the interpreter's start or the imports.",
        "* Peak memory is the process's `VmHWM` (peak resident set) and so includes the",
        "  interpreter and the libraries (about 100 MiB for polars + Textual).",
        "* Ratios divide medians measured in the same run.",
        "* Load: the machine's highest 1-minute load average before a timed run. Above the",
        "  number of cores, other processes were competing for the CPU during that measurement.",
        "* TUI: the real app under `App.run_test` (headless, 120x40). Keys are posted as a",
        "  terminal sends them, and a phase ends at the first frame the app paints (its",
        "  compositor update) that shows the result: Textual paints at most 60 frames a second,",
        "  so a key waits up to 16.7 ms for its frame (see `bench/tui.py`). *first frame*: from",
        "  launching a fresh Python process to the account's screen (header, tabs, panes,",
        '  "loading"), imports included; *first list*: from constructing the app to the excess',
        "  list showing its rows (the account loaded and scored).",
        "* VisiData: `vd -f tsv FILE` in a detached tmux session of 120x40, the pane read every",
        "  10 ms (resolution: 10 ms plus one `capture-pane` call, a few ms).",
        *[f"* {note}" for note in notes],
        "",
        "## Targets",
        "",
        'From DESIGN.md, "Performance budget" (2-core machine, 1,000,000 SKUs unless stated).',
        f'"Not rising" allows {GROWTH_TOLERANCE:.2f}x for noise.',
        "",
        "| Target | Measured | |",
        "|---|---|---|",
        *[f"| {t} | {v} | {ok} |" for t, v, ok in targets(results)],
    ]
    for size in results.sizes():
        lines += ["", f"## {size_label(size)} SKUs ({size:,})", ""]
        lines += [
            "| Measured | Phase | Median | Min – max | Peak memory | Ratio | Load | Run of |",
            "|---|---|---|---|---|---|---|---|",
        ]
        shown_here = [r for r in results.records if r.size == size and r.name != "datatable"]
        for record in sorted(shown_here, key=_table_order):
            ratios = _ratios(record)
            for i, (phase, stat) in enumerate(record.phases.items()):
                ratio = ratios.get(phase)
                value = None if ratio is None else ratio.value(results, size)
                shown = "" if value is None else f"{value:.2f} {ratio.label}"  # type: ignore[union-attr]
                name = record.name if i == 0 else ""
                peak = mib(record.peak_rss_mib) if i == 0 else ""
                load = f"{record.load:.1f}" if i == 0 else ""
                run_of = (record.measured or "an earlier run") if i == 0 else ""
                lines.append(
                    f"| {name} | {phase} | {seconds(stat.median)} | {spread(stat)} | {peak} "
                    f"| {shown} | {load} | {run_of} |"
                )
            counts = ", ".join(
                f"{k.removeprefix('n_').replace('_', ' ')}: {v:,}" for k, v in record.counts.items()
            )
            if counts or record.note:
                lines.append(
                    f"| | ({'; '.join(filter(None, [counts, record.note]))}) | | | | | | |"
                )
    lines += _growth_section(results)
    lines += _datatable_section(results)
    if FINDINGS.exists():
        lines += ["", FINDINGS.read_text().strip()]
    return "\n".join(lines) + "\n"


ORDER = [
    f"{what} {kind}"
    for kind in ("planning", "stranded", "restock", "inventory")
    for what in ("import", "read_csv")
] + ["ipitui job", "pandas script", "scoring", "tui", "visidata"]


def _table_order(record: Record) -> int:
    return ORDER.index(record.name) if record.name in ORDER else len(ORDER)


def _growth_section(results: Results) -> list[str]:
    sizes = [s for s in results.sizes() if s >= GROWTH_FROM]
    if len(sizes) < 2:
        return []
    lines = [
        "",
        "## Growth: time per SKU",
        "",
        "Microseconds per SKU (median time / SKUs). Flat means the work grows linearly.",
        "",
        "| Measured | Phase | "
        + " | ".join(size_label(s) for s in sizes)
        + f" | {size_label(results.growth_to() or GROWTH_TO)} / 100k |",
        "|---|---|" + "---|" * len(sizes) + "---|",
    ]
    for name, phase in GROWTH_ROWS:
        cells = []
        for size in sizes:
            value = results.median(name, phase, size)
            cells.append("–" if value is None else f"{value / size * 1e6:.2f}")
        growth = _growth(results, name, phase)
        shown = "–" if growth is None else f"{growth:.2f}x"
        lines.append(f"| {name} | {phase} | " + " | ".join(cells) + f" | {shown} |")
    return lines


def _datatable_section(results: Results) -> list[str]:
    rows = [r for r in results.records if r.name == "datatable"]
    if not rows:
        return []
    lines = [
        "",
        "## Baseline: Textual's built-in DataTable",
        "",
        "The excess list's rows as strings, added to `textual.widgets.DataTable` in `on_mount`;",
        "time from constructing the app to the first frame showing the first row.",
        "",
        "| Rows | First paint (median) | Min – max | Peak memory | ipitui first list at that many SKUs | Run of |",
        "|---|---|---|---|---|---|",
    ]
    for record in sorted(rows, key=lambda r: r.size):
        stat = record.phases["first paint"]
        ours = results.median("tui", "first list", record.size)
        lines.append(
            f"| {record.size:,} | {seconds(stat.median)} | {spread(stat)} | {mib(record.peak_rss_mib)} "
            f"| {'–' if ours is None else seconds(ours)} | {record.measured or 'an earlier run'} |"
        )
    return lines
