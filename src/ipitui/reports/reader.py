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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from ipitui.reports import duplicates
from ipitui.reports.cells import date_format, read_cell
from ipitui.reports.columns import OVER_A_YEAR, Type
from ipitui.reports.decode import Source, open_report, settle
from ipitui.reports.detect import HeaderMatch, match_header
from ipitui.reports.errors import SHOW_ROWS, BadRow, ReportError
from ipitui.reports.layouts import canon

_MARK = "\x00"  # never in accepted text (NUL bytes are refused), so it can flag a bad row
_KEEP_SKIPPED = 1000  # skipped rows kept with their reason; all are counted and ranged
_SEED = 20260514
# Uncompressed: encoding and compressing is most of an import's cost beyond parsing.
_WRITE = {"compression": "uncompressed", "statistics": False}


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

    def scan(self) -> pl.LazyFrame:
        return pl.scan_parquet(self.staged)

    @cached_property
    def frame(self) -> pl.DataFrame:
        return pl.read_parquet(self.staged)


def _names(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def _scan(text: Path, n: int, schema: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
    return pl.scan_csv(
        text,
        separator="\t",
        quote_char=None,
        has_header=True,
        new_columns=_names(n),
        infer_schema=False,
        schema_overrides=schema,
        truncate_ragged_lines=schema is None,
        raise_if_empty=False,
    )


@dataclass
class _Plan:
    """The canonical columns of one file as expressions over its raw columns ``c<i>``: first
    ``stage`` (each cell's value ``v<i>``, computed once), then ``values`` and ``problems``
    over those."""

    stage: list[pl.Expr]
    values: list[pl.Expr]
    problems: list[tuple[pl.Expr, str, int]]  # condition, reason, the column's position
    identity: str
    notes: list[str]


def _plan(match: HeaderMatch, header: Sequence[str], fast: dict[int, str] | None) -> _Plan:
    """Expressions for every canonical column. ``fast`` (the fast pass) maps the positions of
    date columns to the format they are read in; numbers arrive parsed."""
    kind = match.kind
    where = {column: i for i, column in match.positions.items()}
    stage, problems = [], []
    values: dict[str, pl.Expr] = {}
    for i in sorted(match.positions):
        spec = kind.by_name[match.positions[i]]
        raw, ref = pl.col(f"c{i}"), pl.col(f"v{i}")
        cell = read_cell(
            raw,
            spec.type,
            fast=fast is not None,
            identity=spec.name in kind.identity,
            date_fmt=(fast or {}).get(i, "iso"),
            ref=ref,
        )
        stage.append(cell.value.alias(f"v{i}"))
        values[spec.name] = ref
        problems += [(cond, reason, i) for cond, reason in cell.problems]
    notes = []
    canon_header = {canon(h): h for h in header}
    for alias, (column, value) in kind.implies.items():
        if alias in canon_header and column not in where:
            values[column] = pl.lit(value)
            notes.append(f"'{canon_header[alias]}' is read as item volume in {value}")
    for old, new in OVER_A_YEAR:
        if old in where and any(n in where for n in new):
            split_blank = pl.all_horizontal(values[n].is_null() for n in new if n in where)
            values[old] = pl.when(split_blank).then(values[old])
            notes.append(
                f"'{header[where[old]]}' is left blank where the newer 366-455/456+ columns "
                "have values, so no unit is counted twice"
            )
    exprs = [
        values.get(s.name, pl.lit(None)).cast(s.type.dtype).alias(s.name) for s in kind.columns
    ]
    return _Plan(stage, exprs, problems, kind.identity[0], notes)


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
    marks itself: its identity column holds ``_MARK`` (see ``_stats``)."""
    n = len(source.header)
    fields = _last_line_fields(source.text)
    if fields is not None and fields != n:
        return False
    schema: dict[str, pl.DataType] = dict.fromkeys(_names(n), pl.String())
    dates: dict[int, list[str]] = {}
    for i, column in match.positions.items():
        type_ = match.kind.by_name[column].type
        if type_ in (Type.QTY, Type.INT, Type.NUMBER):
            schema[f"c{i}"] = type_.dtype
        elif type_ is Type.DATE:
            dates[i] = []
    for line in _head_lines(source.text):
        cells = line.split("\t")
        for i, sample in dates.items():
            if i < len(cells):
                sample.append(cells[i])
    plan = _plan(match, source.header, {i: date_format(v) for i, v in dates.items()})
    # Any problem marks the row. Numbers are checked across the row at once: the smallest
    # quantity is not negative, and the sum of the other numbers is finite (a NaN or an
    # infinity anywhere makes it so; the careful pass then names the cell).
    numeric = {i for i in match.positions if schema[f"c{i}"] != pl.String()}
    by_type: dict[Type, list[pl.Expr]] = {Type.QTY: [], Type.NUMBER: []}
    for i in numeric:
        by_type.get(match.kind.by_name[match.positions[i]].type, []).append(pl.col(f"v{i}"))
    checks = [c for c, _, i in plan.problems if i not in numeric]
    if by_type[Type.QTY]:
        checks.append((pl.min_horizontal(by_type[Type.QTY]) < 0).fill_null(False))
    if by_type[Type.NUMBER]:
        checks.append(~pl.sum_horizontal(by_type[Type.NUMBER]).is_finite())
    flagged = pl.any_horizontal(checks or [pl.lit(False)])
    values = [
        pl.when(flagged).then(pl.lit(_MARK)).otherwise(v).alias(plan.identity)
        if v.meta.output_name() == plan.identity
        else v
        for v in plan.values
    ]
    try:
        _scan(source.text, n, schema).with_columns(plan.stage).select(values).sink_parquet(
            out, **_WRITE
        )
    except pl.exceptions.PolarsError:
        out.unlink(missing_ok=True)
        return False
    return True


def _ranges(lines: pl.Series) -> list[tuple[int, int]]:
    runs = (
        pl.DataFrame({"line": lines})
        .with_columns(run=(pl.col("line").diff().fill_null(1) != 1).cum_sum())
        .group_by("run", maintain_order=True)
        .agg(pl.col("line").min().alias("first"), pl.col("line").max().alias("last"))
    )
    return list(zip(runs["first"].to_list(), runs["last"].to_list(), strict=True))


@dataclass
class _Careful:
    bad: list[BadRow]
    count: int
    ranges: list[tuple[int, int]]
    blank_lines: int


def _careful(source: Source, match: HeaderMatch, out: Path, skip_bad_rows: bool) -> _Careful:
    """Read every cell as text, explain each bad row, and write the good ones (if allowed)."""
    n = len(source.header)
    # Fields and blankness of every line, read on their own: one scan per query (polars
    # merges two scans of the same file in one plan).
    lines = (
        pl.scan_csv(
            source.text,
            separator=_MARK,
            quote_char=None,
            has_header=False,
            new_columns=["__line"],
            infer_schema=False,
            empty_string_is_null=False,
            raise_if_empty=False,
        )
        .slice(1)
        .select(
            pl.col("__line").str.count_matches("\t", literal=True).alias("__tabs"),
            pl.col("__line").fill_null("").str.len_bytes().eq(0).alias("__blank"),
        )
        .collect()
    )
    plan = _plan(match, source.header, None)
    frame = pl.concat([lines.lazy(), _scan(source.text, n)], how="horizontal")
    blank = pl.col("__blank")
    ragged = ~blank & (pl.col("__tabs") != n - 1)
    checks = [(ragged, "", "", pl.lit(None, pl.String))] + [
        (c & ~blank, r, source.header[i], pl.col(f"c{i}")) for c, r, i in plan.problems
    ]
    first = pl.coalesce([pl.when(c).then(pl.lit(k, pl.Int32)) for k, (c, *_) in enumerate(checks)])
    frame = frame.with_row_index("__i").with_columns(plan.stage).with_columns(first.alias("__k"))
    value = pl.lit(None, pl.String)
    for k, (_, _, _, raw) in reversed(list(enumerate(checks))):
        value = pl.when(pl.col("__k") == k).then(raw.cast(pl.String)).otherwise(value)
    bad = (
        frame.filter(pl.col("__k").is_not_null())
        .select("__i", "__tabs", "__k", value.alias("__value"))
        .collect()
    )
    total, blank_lines = lines.height, int(lines["__blank"].sum())
    rows = []
    for i, tabs, k, cell in bad.head(_KEEP_SKIPPED).iter_rows():
        if k == 0:
            reason = f"has {tabs + 1} fields where the header has {n}"
            if i == total - 1 and tabs + 1 < n:
                reason += ": the file looks cut short"
            rows.append(BadRow(i + 2, None, None, reason))
        else:
            _, reason, header, _ = checks[k]
            rows.append(BadRow(i + 2, header, cell, reason))
    if bad.height and not skip_bad_rows:
        raise ReportError(
            source.path,
            f"{bad.height:,} row{'s' if bad.height != 1 else ''} cannot be read, so the file "
            "was not imported. Correct them, or import the other rows with --skip-bad-rows:",
            bad_rows=rows[:SHOW_ROWS],
            bad_row_count=bad.height,
        )
    frame.filter(pl.col("__k").is_null() & ~blank).select(plan.values).sink_parquet(out, **_WRITE)
    return _Careful(rows, bad.height, _ranges(bad["__i"] + 2), blank_lines or 0)


_RULES = {
    "planning": "one row kept per SKU (the account's marketplace first, else the first row)",
    "inventory": "the first row of each FNSKU kept, so its units count once",
    "restock": "one row kept per country and SKU",
}


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
        (pl.col(kind.identity[0]) == _MARK).any().alias("marked"),
    ]
    if kind.date_column in match.columns:
        d = pl.col(kind.date_column)
        stats += [d.max().alias("last"), d.min().alias("first"), d.null_count().alias("undated")]
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
    frame.sink_parquet(again, **_WRITE)
    again.replace(out)
    before, found = found["rows"], _stats(out, match)
    resolved = before - found["rows"]
    if resolved:
        rule = _RULES.get(kind.name, "identical rows dropped")
        notes.append(f"{resolved:,} duplicate rows resolved: {rule}")
    return found["rows"], found["skus"], when, resolved


def read_report(
    path: str | Path,
    *,
    encoding: str | None = None,
    skip_bad_rows: bool = False,
    marketplace: str | None = None,
    workdir: Path | None = None,
) -> ReadResult:
    """Read one report file. ``workdir`` receives the staged parquet (and any decoded copy,
    removed before returning); without one, a temporary directory lives as long as the
    result. ``marketplace`` (the account's) decides between duplicate planning rows.
    Raises :class:`ReportError` for anything the seller has to fix."""
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="ipitui-read-")) if own else Path(workdir)
    try:
        result = _read(Path(path), encoding, skip_bad_rows, marketplace, work)
    except BaseException:
        if own:
            shutil.rmtree(work, ignore_errors=True)
        raise
    if own:
        weakref.finalize(result, shutil.rmtree, work, True)
    return result


def _read(
    path: Path, encoding: str | None, skip_bad_rows: bool, marketplace: str | None, work: Path
) -> ReadResult:
    out = work / f"{uuid.uuid4().hex}.parquet"
    source = open_report(path, work, encoding)
    texts = {source.text}
    try:
        match = match_header(path, source.header)
        found = _stats(out, match) if _fast(source, match, out) else None
        if found is None and not source.checked:  # polars refused it: is it UTF-8 at all?
            settled = settle(source, work)
            if settled.text != source.text:
                source = settled
                texts.add(source.text)
                match = match_header(path, source.header)
                found = _stats(out, match) if _fast(source, match, out) else None
        notes = list(_plan(match, source.header, None).notes)
        notes += [f"column '{h}' repeats an earlier one and was ignored" for h in match.repeated]
        careful = None
        if found is None or found["marked"]:
            careful = _careful(source, match, out, skip_bad_rows)
            if careful.blank_lines:
                notes.append(f"{careful.blank_lines:,} blank lines ignored")
            found = _stats(out, match)
        rows, skus, when, resolved = _finish(out, match, marketplace, notes, found)
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
