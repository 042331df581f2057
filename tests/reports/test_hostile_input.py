"""Encodings that are not text, UTF-16 without a BOM, and hostile sizes refused quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ipitui.reports import layouts as L
from ipitui.reports.decode import open_report
from ipitui.reports.errors import ReportError

ROW = dict.fromkeys(L.PLANNING_2026_US, "")


def _text() -> str:
    rows = ["\t".join(L.PLANNING_2026_US)]
    for n in range(3):
        row = {**ROW, "snapshot-date": "2026-05-14", "sku": f"S-{n}", "available": str(n)}
        rows.append("\t".join(row.values()))
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("given", [None, "utf-16"])
def test_utf16_without_a_bom_is_read(tmp_path: Path, codec: str, given: str | None) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(_text().encode(codec))
    work = tmp_path / "w"
    work.mkdir()
    source = open_report(path, work, given)
    assert source.header == list(L.PLANNING_2026_US)
    assert source.text.read_text("utf-8") == _text()


@pytest.mark.parametrize(
    "name", ["rot13", "base64", "zlib", "utf-7", "idna", "hex", "bz2", "uu", "quopri", "punycode"]
)
def test_codecs_that_are_not_report_text_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(_text())
    work = tmp_path / "w"
    work.mkdir()
    with pytest.raises(ReportError, match="not a text encoding") as err:
        open_report(path, work, name)
    assert "cp1252" in str(err.value) and "utf-16" in str(err.value)
    assert list(work.iterdir()) == []


def test_a_long_line_is_refused_fast_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(_text().encode() + b"x" * (3 << 20) + b"\n")
    work = tmp_path / "w"
    work.mkdir()
    began = time.monotonic()
    with pytest.raises(ReportError, match="longer than 1 MB") as err:
        open_report(path, work)
    assert time.monotonic() - began < 1.0
    assert err.value.line == 5


@pytest.mark.parametrize("tabs", [5_000_000, 3_000])
def test_a_header_of_thousands_of_columns_is_refused_fast(tmp_path: Path, tabs: int) -> None:
    path = tmp_path / "r.txt"
    head, rest = _text().encode().split(b"\n", 1)
    path.write_bytes(head + b"\t" * tabs + b"\n" + rest)
    work = tmp_path / "w"
    work.mkdir()
    began = time.monotonic()
    with pytest.raises(ReportError, match="longer than 1 MB|columns") as err:
        open_report(path, work)
    assert time.monotonic() - began < 1.0
    assert err.value.line == 1
