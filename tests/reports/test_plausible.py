"""Values that parse but no real report holds are refused at the door, with line and column,
by the fast pass (which marks the row) and the careful pass (which names the cell) alike."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from report_files import rows_for, write

from ipitui.reports import layouts as L
from ipitui.reports.canonical import MARK
from ipitui.reports.decode import open_report
from ipitui.reports.detect import LAYOUTS, match_header
from ipitui.reports.errors import ReportError
from ipitui.reports.reader import _fast, read_report

MYI = LAYOUTS[[lay.headers for lay in LAYOUTS].index(L.MYI)]
PLANNING = LAYOUTS[[lay.headers for lay in LAYOUTS].index(L.PLANNING_2026_US)]
SOON = (date.today() + timedelta(days=2)).isoformat()
TOO_SOON = (date.today() + timedelta(days=3)).isoformat()

IMPLAUSIBLE = [
    (PLANNING, "snapshot-date", "9999-12-31", "a snapshot date outside 2015-01-01 to"),
    (PLANNING, "snapshot-date", "0000-01-01", "a snapshot date outside"),
    (PLANNING, "snapshot-date", "2014-12-31", "a snapshot date outside"),
    (PLANNING, "snapshot-date", TOO_SOON, f"a snapshot date outside 2015-01-01 to {SOON} (two"),
    (PLANNING, "snapshot-date", "-0001-01-01", "not a date"),
    (PLANNING, "season-end-date", "9999-12-31", "a date outside 1990-01-01 to 2100-12-31"),
    (PLANNING, "season-start-date", "0000-06-01", "a date outside 1990-01-01 to 2100-12-31"),
    (PLANNING, "your-price", "1e300", "larger than 10,000,000 in size"),
    (PLANNING, "your-price", "-20000000", "larger than 10,000,000 in size"),
    (PLANNING, "sales-shipped-last-90-days", "2e12", "larger than 1,000,000,000,000 in size"),
    (PLANNING, "sales-shipped-last-90-days", "NaN", "not a finite number"),
    (PLANNING, "sales-shipped-last-90-days", "inf", "not a finite number"),
    (PLANNING, "sales-rank", "-5000000000", "larger than 1,000,000,000 in size"),
    (MYI, "afn-total-quantity", "9223372036854775800", "larger than 1,000,000,000 in size"),
    (MYI, "afn-total-quantity", "1e300", "larger than 1,000,000,000 in size"),
    (MYI, "afn-total-quantity", "1000000001", "larger than 1,000,000,000 in size"),
    (MYI, "your-price", "1e300", "larger than 10,000,000 in size"),
]


def _file(tmp_path: Path, layout, header: str, value: str, other: tuple[str, str] | None = None):
    rows = rows_for(layout, 4)
    rows[2][layout.headers.index(header)] = value
    if other:  # a cell only the careful pass reads, so that it reads the whole file
        rows[0][layout.headers.index(other[0])] = other[1]
    return write(tmp_path / "r.txt", layout.headers, rows)


@pytest.mark.parametrize(("layout", "header", "value", "reason"), IMPLAUSIBLE)
def test_an_implausible_value_is_refused_with_its_line_and_column(
    tmp_path: Path, layout, header: str, value: str, reason: str
) -> None:
    path = _file(tmp_path, layout, header, value)
    with pytest.raises(ReportError) as err:
        read_report(path)
    text = str(err.value)
    assert err.value.bad_row_count == 1
    assert f"line 4, column '{header}': {reason}" in text and repr(value) in text


@pytest.mark.parametrize(("layout", "header", "value", "reason"), IMPLAUSIBLE)
def test_the_fast_pass_marks_what_the_careful_pass_refuses(
    tmp_path: Path, layout, header: str, value: str, reason: str
) -> None:
    """Either the fast pass cannot parse the cell (the careful pass then reads the file) or
    it marks the row: it never writes the value as good."""
    path = _file(tmp_path, layout, header, value)
    source = open_report(path, tmp_path, None)
    out = tmp_path / "fast.parquet"
    if _fast(source, match_header(path, source.header), out):
        import polars as pl

        identity = pl.read_parquet(out)["sku"].to_list()
        assert identity[2] == MARK and MARK not in identity[:2] + identity[3:]


@pytest.mark.parametrize(("layout", "header", "value", "reason"), IMPLAUSIBLE)
def test_skip_bad_rows_skips_an_implausible_row(
    tmp_path: Path, layout, header: str, value: str, reason: str
) -> None:
    result = read_report(_file(tmp_path, layout, header, value), skip_bad_rows=True)
    assert result.rows == 3 and result.skipped_count == 1
    assert [r.line for r in result.skipped_rows] == [4]
    assert result.skipped_rows[0].reason.startswith(reason)


def test_the_careful_pass_names_the_same_cell_when_it_reads_the_whole_file(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, MYI, "afn-total-quantity", "1e300", ("afn-reserved-quantity", "x"))
    with pytest.raises(ReportError) as err:
        read_report(path)
    text = str(err.value)
    assert err.value.bad_row_count == 2
    assert "line 2, column 'afn-reserved-quantity': not a whole number" in text
    assert "line 4, column 'afn-total-quantity': larger than 1,000,000,000 in size" in text


@pytest.mark.parametrize(
    ("layout", "header", "value"),
    [
        (PLANNING, "snapshot-date", SOON),
        (PLANNING, "snapshot-date", "2015-01-01"),
        (PLANNING, "season-end-date", "2100-12-31"),
        (PLANNING, "your-price", "9999999.99"),
        (PLANNING, "sales-shipped-last-90-days", "999999999999"),
        (MYI, "afn-total-quantity", "1000000000"),
    ],
)
def test_values_at_the_bounds_are_accepted(tmp_path: Path, layout, header: str, value: str) -> None:
    assert read_report(_file(tmp_path, layout, header, value)).rows == 4
