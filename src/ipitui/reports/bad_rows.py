"""The careful pass: every cell read as text, each bad row found and explained.

It runs only when the fast pass could not take a file. Each row's first problem is named with
its line (the header is line 1; blank lines are skipped but counted), column and value. The
file is then refused, or with ``skip_bad_rows`` the good rows are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ipitui.reports.canonical import MARK, WRITE, plan_for, scan_text
from ipitui.reports.decode import Source
from ipitui.reports.detect import HeaderMatch
from ipitui.reports.errors import SHOW_ROWS, BadRow, ReportError

KEEP_SKIPPED = 1000  # skipped rows kept with their reason; all are counted and ranged


def _ranges(lines: pl.Series) -> list[tuple[int, int]]:
    runs = (
        pl.DataFrame({"line": lines})
        .with_columns(run=(pl.col("line").diff().fill_null(1) != 1).cum_sum())
        .group_by("run", maintain_order=True)
        .agg(pl.col("line").min().alias("first"), pl.col("line").max().alias("last"))
    )
    return list(zip(runs["first"].to_list(), runs["last"].to_list(), strict=True))


@dataclass
class Careful:
    bad: list[BadRow]
    count: int
    ranges: list[tuple[int, int]]
    blank_lines: int


def find_bad_rows(source: Source, match: HeaderMatch, out: Path, skip_bad_rows: bool) -> Careful:
    """Read every cell as text, explain each bad row, and write the good ones (if allowed)."""
    n = len(source.header)
    # Fields and blankness of every line, read on their own: one scan per query (polars
    # merges two scans of the same file in one plan).
    lines = (
        pl.scan_csv(
            source.text,
            separator=MARK,
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
    plan = plan_for(match, source.header, None)
    frame = pl.concat([lines.lazy(), scan_text(source.text, n)], how="horizontal")
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
    for i, tabs, k, cell in bad.head(KEEP_SKIPPED).iter_rows():
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
    frame.filter(pl.col("__k").is_null() & ~blank).select(plan.values).sink_parquet(out, **WRITE)
    return Careful(rows, bad.height, _ranges(bad["__i"] + 2), blank_lines or 0)
