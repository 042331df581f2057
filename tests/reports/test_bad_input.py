"""Bad input gets a clear error that says where, and bad rows are refused or skipped."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from report_files import Variant, encode, rows_for, write

from ipitui.reports import layouts as L
from ipitui.reports.detect import LAYOUTS
from ipitui.reports.errors import ReportError
from ipitui.reports.reader import read_report

MYI = LAYOUTS[[lay.headers for lay in LAYOUTS].index(L.MYI)]


def refused(path: Path, **kw) -> ReportError:
    with pytest.raises(ReportError) as err:
        read_report(path, **kw)
    return err.value


def myi_rows(n: int) -> list[list[str]]:
    return rows_for(MYI, n)


def put(rows: list[list[str]], row: int, header: str, value: str) -> list[list[str]]:
    rows[row][L.MYI.index(header)] = value
    return rows


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \r\n", gzip.compress(b"")])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    assert "the file is empty" in str(refused(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read the file" in str(refused(tmp_path / "nope.txt"))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(encode(L.MYI, myi_rows(2), Variant()) + b"\x00\x01\x02garbage")
    assert "binary file" in str(refused(path))


def test_excel_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 20)
    assert "Excel workbook" in str(refused(path))


def test_damaged_gzip(tmp_path: Path) -> None:
    path = tmp_path / "r.txt.gz"
    path.write_bytes(gzip.compress(encode(L.MYI, myi_rows(50), Variant()))[:-30])
    assert "gzip-compressed file is damaged" in str(refused(path))


def test_not_a_number_names_file_line_column_and_value(tmp_path: Path) -> None:
    path = write(tmp_path / "myi.txt", L.MYI, put(myi_rows(5), 2, "afn-total-quantity", "12 units"))
    err = refused(path)
    assert err.bad_row_count == 1
    assert "myi.txt" in str(err) and "1 row cannot be read" in str(err)
    assert "line 4, column 'afn-total-quantity': not a whole number ('12 units')" in str(err)
    assert "--skip-bad-rows" in str(err)


def test_a_decimal_where_money_belongs_is_fine_but_not_a_comma(tmp_path: Path) -> None:
    rows = put(myi_rows(3), 0, "your-price", "19.5")
    assert read_report(write(tmp_path / "a.txt", L.MYI, rows)).frame["your_price"][0] == 19.5
    err = refused(write(tmp_path / "b.txt", L.MYI, put(rows, 1, "your-price", "19,50")))
    assert "line 3, column 'your-price': not a number ('19,50')" in str(err)


@pytest.mark.parametrize("value", ["NaN", "inf", "-inf"])
def test_not_finite_numbers_are_refused(tmp_path: Path, value: str) -> None:
    err = refused(write(tmp_path / "a.txt", L.MYI, put(myi_rows(3), 0, "your-price", value)))
    assert "line 2, column 'your-price': not a finite number" in str(err)


def test_whole_numbers_written_as_decimals_are_accepted(tmp_path: Path) -> None:
    rows = put(myi_rows(3), 0, "afn-total-quantity", "12.0")
    rows = put(rows, 1, "afn-total-quantity", " 7 ")
    frame = read_report(write(tmp_path / "a.txt", L.MYI, rows)).frame
    assert frame["afn_total_quantity"].to_list()[:2] == [12, 7]
    err = refused(write(tmp_path / "b.txt", L.MYI, put(rows, 2, "afn-total-quantity", "1.5")))
    assert "line 4, column 'afn-total-quantity': not a whole number ('1.5')" in str(err)


def test_negative_quantity(tmp_path: Path) -> None:
    path = write(tmp_path / "m.txt", L.MYI, put(myi_rows(4), 3, "afn-fulfillable-quantity", "-3"))
    assert "line 5, column 'afn-fulfillable-quantity': a negative quantity ('-3')" in str(
        refused(path)
    )


def test_bad_date(tmp_path: Path) -> None:
    rows = rows_for(LAYOUTS[0], 3)
    rows[1][0] = "14/05/2026"
    err = refused(write(tmp_path / "p.txt", L.PLANNING_2026_US, rows))
    assert "line 3, column 'snapshot-date': not a date" in str(err)


def test_a_season_date_that_is_not_a_date_names_file_line_and_column(tmp_path: Path) -> None:
    rows = rows_for(LAYOUTS[0], 3)
    rows[1][L.PLANNING_2026_US.index("season-end-date")] = "end of October"
    err = refused(write(tmp_path / "planning.txt", L.PLANNING_2026_US, rows))
    assert "planning.txt" in str(err)
    assert "line 3, column 'season-end-date': not a date" in str(err)


def test_a_season_that_ends_before_it_starts_is_named_in_a_note(tmp_path: Path) -> None:
    rows = rows_for(LAYOUTS[0], 4)
    start = L.PLANNING_2026_US.index("season-start-date")
    end = L.PLANNING_2026_US.index("season-end-date")
    sku = L.PLANNING_2026_US.index("sku")
    for row in rows:
        row[start], row[end] = "2026-09-01", "2026-10-31"
    rows[2][start], rows[2][end] = "2026-10-31", "2026-09-01"  # inverted
    result = read_report(write(tmp_path / "p.txt", L.PLANNING_2026_US, rows))
    assert result.rows == 4  # the file is read: only those dates are ignored when scoring
    inverted = [n for n in result.notes if "season-end-date before" in n]
    assert inverted == [
        f"1 row has a season-end-date before the season-start-date (SKU {rows[2][sku]}): "
        "their season dates are ignored"
    ]
    rows[2][start], rows[2][end] = "2026-09-01", "2026-09-01"  # a one-day season is fine
    result = read_report(write(tmp_path / "q.txt", L.PLANNING_2026_US, rows))
    assert not [n for n in result.notes if "season" in n]


def test_dates_in_several_formats(tmp_path: Path) -> None:
    headers = ["request-date", "order-id", "order-status", "sku", "requested-quantity",
               "last-updated-date"]  # fmt: skip
    rows = [
        ["2023-07-18T22:54:07+00:00", "A", "Completed", "S1", "1", "7/4/2023"],
        ["2023-07-19", "B", "Pending", "S2", "2", "07/05/2023"],
        ["2023-07-20 10:00:00 PDT", "C", "Pending", "S3", "3", "5.7.2023"],
    ]
    frame = read_report(write(tmp_path / "r.txt", headers, rows)).frame
    assert [d.isoformat() for d in frame["request_date"]] == [
        "2023-07-18",
        "2023-07-19",
        "2023-07-20",
    ]
    assert [d.isoformat() for d in frame["last_updated_date"]] == [
        "2023-07-04",
        "2023-07-05",
        "2023-07-05",
    ]


def test_blank_sku_is_a_bad_row(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "m.txt", L.MYI, put(myi_rows(3), 1, "sku", "  ")))
    assert "line 3, column 'sku': blank, but every row needs one" in str(err)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_truncated_last_line(tmp_path: Path, newline: str) -> None:
    data = encode(L.MYI, myi_rows(4), Variant(newline=newline, final_newline=False))
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.rindex(b"\t") - 2])
    err = refused(path)
    assert "line 5: has 20 fields where the header has 21: the file looks cut short" in str(err)


def test_a_line_with_too_many_fields(tmp_path: Path) -> None:
    rows = myi_rows(3)
    rows[0] = [*rows[0], "extra"]
    err = refused(write(tmp_path / "m.txt", L.MYI, rows))
    assert "line 2: has 22 fields where the header has 21" in str(err)


def test_blank_lines_are_ignored_and_keep_their_number(tmp_path: Path) -> None:
    text = encode(L.MYI, myi_rows(2), Variant(newline="\r\n")).decode()
    lines = text.split("\r\n")
    bad = lines[1].split("\t")
    bad[L.MYI.index("afn-total-quantity")] = "x"
    text = "\r\n".join([lines[0], "", lines[1], "", "\t".join(bad), "", ""])
    (tmp_path / "b.txt").write_text(text, encoding="utf-8", newline="")
    err = refused(tmp_path / "b.txt")
    assert err.bad_row_count == 1 and "line 5, column 'afn-total-quantity'" in str(err)
    good = "\r\n".join([lines[0], "", lines[1], "", lines[2], "", ""])
    (tmp_path / "g.txt").write_text(good, encoding="utf-8", newline="")
    result = read_report(tmp_path / "g.txt")
    assert result.rows == 2 and any("blank lines ignored" in n for n in result.notes)


def test_first_bad_rows_are_listed_and_all_are_counted(tmp_path: Path) -> None:
    rows = myi_rows(40)
    for r in range(3, 40, 2):
        put(rows, r, "afn-reserved-quantity", f"n/a{r}")
    err = refused(write(tmp_path / "m.txt", L.MYI, rows))
    assert err.bad_row_count == 19 and len(err.bad_rows) == 10
    text = str(err)
    assert "line 5, column 'afn-reserved-quantity'" in text and "… and 9 more" in text
    assert "line 41" not in text


def test_skip_bad_rows_imports_the_rest_and_says_what_was_skipped(tmp_path: Path) -> None:
    rows = myi_rows(10)
    put(rows, 2, "afn-total-quantity", "x")
    put(rows, 3, "afn-total-quantity", "-1")
    put(rows, 7, "sku", "")
    result = read_report(write(tmp_path / "m.txt", L.MYI, rows), skip_bad_rows=True)
    assert result.rows == 7 and result.skipped_count == 3
    assert result.skipped_lines == [(4, 5), (9, 9)]
    assert [r.line for r in result.skipped_rows] == [4, 5, 9]
    assert [r.reason for r in result.skipped_rows] == [
        "not a whole number", "a negative quantity", "blank, but every row needs one"
    ]  # fmt: skip
    assert "SKU-0003" not in result.frame["sku"].to_list()
    assert result.frame["sku"].to_list()[:2] == ["SKU-0001", "SKU-0002"]


def test_invalid_bytes_in_a_declared_encoding_are_located(tmp_path: Path) -> None:
    data = encode(L.MYI, myi_rows(3), Variant(bom=True))
    lines = data.split(b"\n")
    lines[2] = lines[2].replace(b"SKU-0002", b"SKU-\xff\xfe02")
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\n".join(lines))
    err = refused(path)
    assert "line 3, column 'sku'" in str(err) and "--encoding" in str(err)


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = write(tmp_path / "m.txt", L.MYI, myi_rows(1))
    assert "unknown encoding 'klingon'" in str(refused(path, encoding="klingon"))


def test_control_characters_in_values_are_escaped_in_messages(tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.txt", L.MYI, put(myi_rows(2), 0, "afn-total-quantity", "\x1b[31mred")
    )
    text = str(refused(path))
    assert "\x1b" not in text and "\\x1b[31mred" in text
