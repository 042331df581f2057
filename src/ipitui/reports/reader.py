"""Read one Amazon report file into a canonical polars frame, stored as a parquet file.

The file is streamed by polars from disk to parquet without Python work per row:

1. ``decode.open_report`` checks the bytes and hands over UTF-8 text and the header line;
2. ``detect.match_header`` names the kind and layout and maps the file's columns;
3. the fast pass parses numbers with the CSV reader's own types, derives every canonical
   column (``cells``) and writes parquet; a row with any problem marks itself, so that one
   look at the written file says whether every row was good;
4. only if the fast pass failed or a row marked itself, the careful pass reads every cell as
   text, finds each bad row with its line, column, value and reason, and either refuses the
   file or (``skip_bad_rows``) writes the good rows;
5. duplicate rows are resolved (``duplicates``) and the snapshot date is read.

Line numbers count the header as line 1; blank lines are ignored but keep their number.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import weakref
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from ipitui.format import plural
from ipitui.reports import duplicates
from ipitui.reports.bad_rows import find_bad_rows
from ipitui.reports.canonical import MARK, WRITE, names, plan_for, scan_text
from ipitui.reports.cells import date_format
from ipitui.reports.columns import Type
from ipitui.reports.decode import Source, open_report, settle
from ipitui.reports.detect import HeaderMatch, match_header
from ipitui.reports.errors import BadRow
from ipitui.reports.progress import Progress, quiet

_SEED = 20260514


@dataclass
class ReadResult:
    """One report file, read. ``staged`` holds the canonical frame as parquet."""

    path: Path
    kind: str
    layout: str
    snapshot_date: date | None  # from the file's own date column (None if it has none)
    staged: Path
    rows: int
    skus: int
    encoding: str
    compressed: bool
    header: list[str]  # the header as the file spells it
    columns: list[str]  # the canonical columns the file carries
    unknown_columns: list[str]
    missing_columns: list[str]
    skipped_rows: list[BadRow] = field(default_factory=list)  # the first of them
    skipped_count: int = 0
    skipped_lines: list[tuple[int, int]] = field(default_factory=list)  # every one, as ranges
    duplicates_resolved: int = 0
    notes: list[str] = field(default_factory=list)

    @cached_property
    def frame(self) -> pl.DataFrame:
        return pl.read_parquet(self.staged)


def _last_line_fields(text: Path) -> int | None:
    """Fields on the file's last non-blank line, or None if that line is the header."""
    with open(text, "rb") as fh:
        size = fh.seek(0, 2)
        start = max(0, size - (1 << 20))
        fh.seek(start)
        tail = fh.read()
    lines = [ln for ln in tail.split(b"\n") if ln.strip(b"\r")]
    if not lines or (start == 0 and len(lines) < 2):
        return None
    return lines[-1].count(b"\t") + 1


def _head_lines(text: Path, limit: int = 200) -> list[str]:
    """Up to ``limit`` data lines from the start of the file (for choosing date formats)."""
    with open(text, "rb") as fh:
        head = fh.read(1 << 20)
    lines = [ln.rstrip("\r") for ln in head.decode("utf-8", errors="replace").split("\n")]
    lines = lines[1 : limit + 1]
    return lines if len(head) < (1 << 20) else lines[:-1]


def _fast(source: Source, match: HeaderMatch, out: Path) -> bool:
    """Parse and write in one streaming pass; False if polars refused the text (a cell it
    cannot parse, a line too long, bytes that are not UTF-8). A row with any other problem
    marks itself: its identity column holds ``MARK`` (see ``_stats``)."""
    n = len(source.header)
    fields = _last_line_fields(source.text)
    if fields is not None and fields != n:
        return False
    schema: dict[str, pl.DataType] = dict.fromkeys(names(n), pl.String())
    dates: dict[int, list[str]] = {}
    for i, column in match.positions.items():
        type_ = match.kind.by_name[column].type
        if type_.numeric:
            schema[f"c{i}"] = type_.dtype
        elif type_ is Type.DATE:
            dates[i] = []
    for line in _head_lines(source.text):
        cells = line.split("\t")
        for i, sample in dates.items():
            if i < len(cells):
                sample.append(cells[i])
    plan = plan_for(match, source.header, {i: date_format(v) for i, v in dates.items()})
    # Any problem marks the row. Numbers are checked across the row at once: the smallest
    # quantity is not negative, the sum of the other numbers is finite (a NaN or an infinity
    # anywhere makes it so), and the largest size of each type is within its bounds; the
    # careful pass then names the cell.
    numeric = {i for i in match.positions if schema[f"c{i}"] != pl.String()}
    by_type: dict[Type, list[pl.Expr]] = {}
    for i in numeric:
        by_type.setdefault(match.kind.by_name[match.positions[i]].type, []).append(pl.col(f"v{i}"))
    checks = [c for c, _, i in plan.problems if i not in numeric]
    if by_type.get(Type.QTY):
        checks.append((pl.min_horizontal(by_type[Type.QTY]) < 0).fill_null(False))
    floats = by_type.get(Type.NUMBER, []) + by_type.get(Type.PRICE, [])
    if floats:
        checks.append(~pl.sum_horizontal(floats).is_finite())
    for type_, columns in by_type.items():
        _, high = type_.bounds()
        checks.append((pl.max_horizontal(c.abs() for c in columns) > high).fill_null(False))
    flagged = pl.any_horizontal(checks or [pl.lit(False)])
    values = [
        pl.when(flagged).then(pl.lit(MARK)).otherwise(v).alias(plan.identity)
        if v.meta.output_name() == plan.identity
        else v
        for v in plan.values
    ]
    try:
        scan_text(source.text, n, schema).with_columns(plan.stage).select(values).sink_parquet(
            out, **WRITE
        )
    except pl.exceptions.PolarsError:
        out.unlink(missing_ok=True)
        return False
    return True


_RULES = {
    "planning": "one row kept per SKU (the account's marketplace first, else the first row)",
    "inventory": "the first row of each FNSKU kept, so its units count once",
    "restock": "one row kept per country and SKU",
}


_SEASON_DATES = {"season_start_date", "season_end_date"}
_NAMED = 5  # SKUs a note names


def _inverted_season() -> pl.Expr:
    return (pl.col("season_end_date") < pl.col("season_start_date")).fill_null(False)


def _season_note(out: Path) -> str | None:
    """The note on the rows of the staged file ``out`` whose season ends before it starts,
    naming their SKUs (None: there are none)."""
    inverted = pl.scan_parquet(out).filter(_inverted_season())
    count = inverted.select(pl.len()).collect().item()
    if not count:
        return None
    sku = pl.col("sku").fill_null("(no SKU)")
    skus = inverted.select(sku).head(_NAMED).collect().to_series().to_list()
    more = f" and {count - len(skus):,} more" if count > len(skus) else ""
    rows = f"{count:,} row has" if count == 1 else f"{count:,} rows have"
    return (
        f"{rows} a season-end-date before the season-start-date (SKU {', '.join(skus)}{more}): "
        "their season dates are ignored"
    )


def _stats(out: Path, match: HeaderMatch) -> dict[str, Any]:
    """Rows, SKUs, duplicates, marked rows and the range of snapshot dates, in one look
    (distinct SKUs counted by hash first; by text only when the hashes repeat)."""
    kind = match.kind
    sku = pl.col("sku").drop_nulls()
    stats = [
        pl.len().alias("rows"),
        sku.len().alias("skus"),
        (sku.len() - sku.hash(_SEED).n_unique()).alias("repeats"),
        duplicates.count(kind),
        (pl.col(kind.identity[0]) == MARK).any().alias("marked"),
    ]
    if kind.date_column in match.columns:
        # a marked row's date may be none Python can hold (year 0): it is left to the careful pass
        d = pl.col(kind.date_column).filter(pl.col(kind.identity[0]) != MARK)
        stats += [d.max().alias("last"), d.min().alias("first"), d.null_count().alias("undated")]
    if set(match.columns) >= _SEASON_DATES:
        stats.append(_inverted_season().sum().alias("inverted_seasons"))
    found = pl.scan_parquet(out).select(stats).collect().row(0, named=True)
    if found["repeats"]:
        found["skus"] = pl.scan_parquet(out).select(sku.n_unique()).collect().item()
    return found


def _finish(
    out: Path, match: HeaderMatch, marketplace: str | None, notes: list[str], found: dict
) -> tuple[int, int, date | None, int]:
    """Resolve duplicates and the snapshot date; returns rows, SKUs, date, duplicates."""
    kind = match.kind
    when: date | None = found.get("last")
    same_day = when is None or (found["first"] == when and not found["undated"])
    if not found["duplicates"] and same_day:
        return found["rows"], found["skus"], when, 0
    frame = pl.scan_parquet(out)
    if found["duplicates"]:
        frame = duplicates.resolve(frame, kind, marketplace)
    if not same_day and kind.date_column:
        frame = frame.with_columns(pl.lit(when, pl.Date).alias(kind.date_column))
        notes.append(
            f"rows carry snapshot dates from {found['first']} to {when}"
            f"{' or none' if found['undated'] else ''}; the snapshot is dated {when}"
        )
    again = out.with_suffix(".tmp.parquet")
    frame.sink_parquet(again, **WRITE)
    again.replace(out)
    before, found = found["rows"], _stats(out, match)
    resolved = before - found["rows"]
    if resolved:
        rule = _RULES.get(kind.name, "identical rows dropped")
        notes.append(f"{plural(resolved, 'duplicate row')} resolved: {rule}")
    return found["rows"], found["skus"], when, resolved


def read_report(
    path: str | Path,
    *,
    encoding: str | None = None,
    skip_bad_rows: bool = False,
    marketplace: str | None = None,
    workdir: Path | None = None,
    progress: Progress | None = None,
) -> ReadResult:
    """Read one report file. ``workdir`` receives the staged parquet (and any decoded copy,
    removed before returning); without one, a temporary directory lives as long as the
    result. ``marketplace`` (the account's) decides between duplicate planning rows.
    ``progress`` hears each phase, counted in bytes of the file (see ``reports.progress``).
    Raises :class:`ReportError` for anything the seller has to fix."""
    own = workdir is None
    work = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="ipitui-read-"))
    try:
        result = _read(Path(path), encoding, skip_bad_rows, marketplace, work, progress or quiet)
    except BaseException:
        if own:
            shutil.rmtree(work, ignore_errors=True)
        raise
    if own:
        weakref.finalize(result, shutil.rmtree, work, True)
    return result


def _read(
    path: Path,
    encoding: str | None,
    skip_bad_rows: bool,
    marketplace: str | None,
    work: Path,
    progress: Progress,
) -> ReadResult:
    out = work / f"{uuid.uuid4().hex}.parquet"
    name = path.name
    try:
        size: int | None = path.stat().st_size
    except OSError:
        size = None  # open_report names the problem
    progress(f"reading {name}", 0, size)
    source = open_report(path, work, encoding)
    texts = {source.text}
    try:
        match = match_header(path, source.header)
        found = _stats(out, match) if _fast(source, match, out) else None
        if (found is None or found["marked"]) and not source.checked:
            # polars refused it, or the careful pass is to read every line (the header too,
            # which the fast pass skips): is it UTF-8 at all?
            settled = settle(source, work)
            if settled.text != source.text:
                texts.add(settled.text)
                match = match_header(path, settled.header)
                found = _stats(out, match) if _fast(settled, match, out) else None
            source = settled
        notes = list(plan_for(match, source.header, None).notes)
        notes += [f"column '{h}' repeats an earlier one and was ignored" for h in match.repeated]
        careful = None
        if found is None or found["marked"]:
            progress(f"finding the bad rows of {name}", 0, size)
            careful = find_bad_rows(source, match, out, skip_bad_rows)
            if careful.blank_lines:
                notes.append(f"{plural(careful.blank_lines, 'blank line')} ignored")
            found = _stats(out, match)
        if found["duplicates"]:
            progress(f"resolving the duplicate rows of {name}", 0, size)
        rows, skus, when, resolved = _finish(out, match, marketplace, notes, found)
        progress(f"read {name}", size or 0, size)
        if found.get("inverted_seasons") and (note := _season_note(out)):
            notes.append(note)
        if not rows:
            notes.append("the file has a header but no rows")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        for temp in texts - {path}:
            temp.unlink(missing_ok=True)
    unknown = [u if u.strip() else "(a column without a name)" for u in match.unknown]
    return ReadResult(
        path=path,
        kind=match.kind.name,
        layout=match.layout_name,
        snapshot_date=when,
        staged=out,
        rows=rows,
        skus=skus,
        encoding=source.encoding,
        compressed=source.compressed,
        header=list(source.header),
        columns=match.columns,
        unknown_columns=unknown,
        missing_columns=list(match.missing),
        skipped_rows=careful.bad if careful else [],
        skipped_count=careful.count if careful else 0,
        skipped_lines=careful.ranges if careful else [],
        duplicates_resolved=resolved,
        notes=notes,
    )
