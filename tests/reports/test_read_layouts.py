"""Every known layout, in every encoding and line-ending variant, reads to the right values."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from report_files import TITLES, Variant, column_type, expected, rows_for, write

from ipitui.reports.columns import KIND_SPECS
from ipitui.reports.detect import LAYOUTS
from ipitui.reports.reader import read_report

VARIANTS = [
    Variant("utf-8", newline="\n", final_newline=True),
    Variant("utf-8", bom=True, newline="\r\n", final_newline=False),
    Variant("cp1252", newline="\r\n", final_newline=True, gzip=True),
    Variant("cp932", newline="\n", final_newline=False),
]


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.label)
@pytest.mark.parametrize("lay", LAYOUTS, ids=lambda lay: f"{lay.kind}-{lay.name}")
def test_each_layout_reads_every_cell(tmp_path: Path, lay, variant: Variant) -> None:
    rows = rows_for(lay, 6, variant.encoding)
    path = write(tmp_path / "report.txt", lay.headers, rows, variant)
    result = read_report(path)
    assert (result.kind, result.layout) == (lay.kind, lay.name)
    assert result.unknown_columns == [] and result.missing_columns == []
    assert result.rows == result.skus == 6
    frame = result.frame
    assert frame.schema == pl.Schema(KIND_SPECS[lay.kind].schema)
    for r, row in enumerate(rows):
        for header, text in zip(lay.headers, row, strict=True):
            name, _ = column_type(lay.kind, header)
            assert frame[name][r] == expected(lay.kind, header, text), (header, text)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.label)
def test_encoding_is_detected_and_titles_survive(tmp_path: Path, variant: Variant) -> None:
    lay = LAYOUTS[0]
    path = write(tmp_path / "r.txt", lay.headers, rows_for(lay, 3, variant.encoding), variant)
    result = read_report(path)
    labels = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "cp932": "Shift_JIS (CP932)"}
    assert result.encoding == labels[variant.encoding] + (" with BOM" if variant.bom else "")
    assert result.compressed is variant.gzip
    assert result.frame["product_name"].to_list() == [
        TITLES[variant.encoding].format(i=i) for i in (1, 2, 3)
    ]


def test_encoding_flag_overrides_detection(tmp_path: Path) -> None:
    lay = LAYOUTS[0]
    rows = rows_for(lay, 2, "cp1252")
    path = write(tmp_path / "r.txt", lay.headers, rows, Variant("cp1252"))
    # Read as Latin-1 on request: "™" (0x99 in Windows-1252) becomes U+0099.
    result = read_report(path, encoding="latin-1")
    assert result.encoding == "latin-1"
    assert result.frame["product_name"][0] == TITLES["cp1252"].format(i=1).replace("™", "\x99")


def test_blank_cells_are_null_not_zero(tmp_path: Path) -> None:
    lay = LAYOUTS[0]
    row = {"snapshot-date": "2026-05-14", "sku": "A", "available": "", "your-price": "0"}
    frame = read_report(write(tmp_path / "r.txt", lay.headers, [row])).frame
    assert frame["available"][0] is None and frame["your_price"][0] == 0.0
    assert frame["units_shipped_t30"][0] is None
