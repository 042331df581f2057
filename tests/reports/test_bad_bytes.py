"""Bytes that are not valid UTF-8, found wherever they are in the file.

The fast pass lets polars prove a file is UTF-8 while it parses; only a file polars refuses is
decoded in Python, to name the line and column (declared UTF-8) or to read it as a legacy
encoding (undeclared). These tests put the bad byte far from the start, past the decoder's
chunk boundaries, so the line count across chunks is exercised too.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from report_files import TITLES, Variant, encode, rows_for

from ipitui.reports import decode
from ipitui.reports import layouts as L
from ipitui.reports.detect import LAYOUTS
from ipitui.reports.errors import ReportError
from ipitui.reports.reader import read_report

PLAIN = Variant()
MYI = LAYOUTS[[lay.headers for lay in LAYOUTS].index(L.MYI)]
ROWS = 3000
LINE = 2500  # the header is line 1, so this is row LINE - 2 of the list


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "CHUNK", 4096)  # the file spans many chunks


def with_bytes(path: Path, column: str, bad: bytes, variant: Variant = PLAIN) -> Path:
    """A UTF-8 report whose cell in ``column`` on line ``LINE`` ends in ``bad``."""
    rows = rows_for(MYI, ROWS)
    rows[LINE - 2][L.MYI.index(column)] += "\ufffd"  # a placeholder, swapped for ``bad``
    data = encode(L.MYI, rows, Variant(encoding=variant.encoding, bom=variant.bom))
    assert data.count("\ufffd".encode()) == 1
    data = data.replace("\ufffd".encode(), bad)
    path.write_bytes(gzip.compress(data) if variant.gzip else data)
    return path


@pytest.mark.parametrize("column", ["sku", "product-name", "afn-total-quantity", "your-price"])
@pytest.mark.parametrize("variant", [Variant(), Variant(gzip=True)], ids=["plain", "gzip"])
def test_declared_utf8_names_the_line_and_column_of_a_bad_byte(
    tmp_path: Path, column: str, variant: Variant
) -> None:
    path = with_bytes(tmp_path / "r.txt", column, b"\xff", variant)
    with pytest.raises(ReportError) as err:
        read_report(path, encoding="utf-8")
    text = str(err.value)
    assert f"line {LINE}, column '{column}'" in text
    assert "not valid UTF-8" in text and "--encoding" in text


def test_a_bom_declares_utf8_too(tmp_path: Path) -> None:
    path = with_bytes(tmp_path / "r.txt", "condition", b"\xc3", Variant(bom=True))
    with pytest.raises(ReportError) as err:
        read_report(path)
    assert f"line {LINE}, column 'condition'" in str(err.value)


def test_an_undeclared_file_with_a_legacy_byte_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = with_bytes(tmp_path / "r.txt", "product-name", b"\xe9")  # é in Windows-1252
    result = read_report(path)
    assert result.encoding == "Windows-1252"
    names = result.frame["product_name"]
    assert names[LINE - 2].endswith("\u00e9")
    # The file's UTF-8 text elsewhere is now read as Windows-1252 too (each byte a character):
    # a mixed file has no single right reading, and the summary says how it was read.
    assert names[0] == TITLES["utf-8"].format(i=1).encode().decode("cp1252")


def test_valid_utf8_refused_for_a_bad_cell_stays_utf8_and_names_the_cell(tmp_path: Path) -> None:
    """Polars refuses the file for a bad number; the Python check then finds it is UTF-8 after
    all, and the careful pass names the cell (the file is not mistaken for Windows-1252)."""
    rows = rows_for(MYI, ROWS)
    rows[LINE - 2][L.MYI.index("afn-total-quantity")] = "12 units"
    path = tmp_path / "r.txt"
    path.write_bytes(encode(L.MYI, rows, Variant()))
    with pytest.raises(ReportError) as err:
        read_report(path)
    assert f"line {LINE}, column 'afn-total-quantity': not a whole number ('12 units')" in str(
        err.value
    )
    result = read_report(path, skip_bad_rows=True)
    assert result.encoding == "UTF-8" and result.skipped_lines == [(LINE, LINE)]
    assert result.frame["product_name"][0] == TITLES["utf-8"].format(i=1)


@pytest.mark.parametrize("row_is_bad", [True, False])
def test_a_bad_byte_in_the_header_alone_is_found_before_the_careful_pass(
    tmp_path: Path, row_is_bad: bool
) -> None:
    """The fast pass skips the header, so a file whose only invalid byte is there passes it;
    when a row then marks itself bad, the careful pass (which reads every line, the header
    too) must read a settled text: a Windows-1252 copy here, never polars' "invalid utf-8"."""
    rows = rows_for(MYI, 20)
    if row_is_bad:
        rows[5][L.MYI.index("afn-fulfillable-quantity")] = "2000000000"  # parses, too big
    data = encode(L.MYI, rows, PLAIN)
    data = data.replace(b"afn-total-quantity", b"afn-total-q\xf5antity", 1)  # found by fuzzing
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    if row_is_bad:
        with pytest.raises(ReportError) as refused:
            read_report(path)
        assert "line 7" in str(refused.value)
    else:
        result = read_report(path)
        assert result.rows == 20
