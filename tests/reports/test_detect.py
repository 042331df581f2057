"""The kind of a file comes from its header alone, matched tolerantly."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_files import Variant, write

from ipitui.reports import layouts as L
from ipitui.reports.detect import match_header
from ipitui.reports.errors import ReportError
from ipitui.reports.reader import read_report


def test_kind_comes_from_the_header_not_the_name(tmp_path: Path) -> None:
    path = write(tmp_path / "Stranded_Inventory.txt", L.MYI, [{"sku": "A"}])
    assert read_report(path).kind == "inventory"


@pytest.mark.parametrize(
    ("headers", "kind", "layout"),
    [
        (L.PLANNING_2026_US, "planning", "2026 US, 99 columns"),
        (L.PLANNING_2026_97, "planning", "2026, 97 columns"),
        (L.PLANNING_UK_EU, "planning", "UK/EU 2024-25, 80 columns"),
        (L.PLANNING_2023_US, "planning", "US 2023-25, 73 columns"),
        (L.PLANNING_2022_LTSF, "planning", "2022-23 with long-term storage fees, 63 columns"),
        (L.INVENTORY_AGE_LEGACY, "planning", "legacy Inventory Age report, 36 columns"),
        (L.STRANDED, "stranded", "18 columns"),
        (L.STRANDED_2026, "stranded", "2026, 19 columns"),
        (L.RESTOCK, "restock", "30 columns"),
        (L.RESTOCK_OLD, "restock", "older, 27 columns"),
        (L.MYI, "inventory", "21 columns"),
        (L.MYI_STORE, "inventory", "with store, 22 columns"),
        (L.MYI_EU, "inventory", "Pan-EU, 23 columns"),
        (L.MYI_2026, "inventory", "2026, 26 columns, undated"),
        (L.REMOVAL_ORDERS, "removals", "16 columns"),
    ],
)
def test_every_layout_is_recognised(headers, kind: str, layout: str) -> None:
    match = match_header("f.txt", headers)
    assert (match.kind.name, match.layout_name, match.exact) == (kind, layout, True)


def test_header_lengths_match_the_reference() -> None:
    lengths = {
        "PLANNING_2026_US": 99, "PLANNING_2026_97": 97, "PLANNING_UK_EU": 80,
        "PLANNING_2023_US": 73, "PLANNING_2022_LTSF": 63, "INVENTORY_AGE_LEGACY": 36,
        "STRANDED": 18, "STRANDED_2026": 19, "RESTOCK": 30, "RESTOCK_OLD": 27, "MYI": 21,
        "MYI_STORE": 22, "MYI_EU": 23, "MYI_2026": 26, "REMOVAL_ORDERS": 16,
    }  # fmt: skip
    for name, n in lengths.items():
        headers = getattr(L, name)
        assert len(headers) == len(set(headers)) == n, name
    assert "Reserved FC Transfer" in L.PLANNING_2026_97 and "fc-transfer" not in L.PLANNING_2026_97
    uk_ais = [h for h in L.PLANNING_UK_EU if h.startswith("quantity-to-be-charged-ais")]
    assert uk_ais[0] == "quantity-to-be-charged-ais-241-270-days"


def test_headers_match_whatever_the_case_bom_and_separators() -> None:
    messy = ["\ufeffSnapshot_Date", " SKU ", "Available", "FC Transfer", "total-reserved-quantity"]
    match = match_header("f.txt", messy)
    assert match.kind.name == "planning"
    assert match.columns == [
        "snapshot_date", "sku", "available", "fc_transfer", "total_reserved_quantity"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("alias", "column"),
    [
        ("Reserved FC Transfer", "fc_transfer"),
        ("DEPRECATED healthy-inventory-level", "healthy_inventory_level"),
        ("reserved-quantity", "total_reserved_quantity"),
        ("units-shipped-last-30-days", "units_shipped_t30"),
        ("Exempted from Low-Inventory cost coverage fee?", "exempted_from_low_inventory_level_fee"),
        ("Low-Inventory cost coverage fee applied in current week?",
         "low_inventory_level_fee_applied_in_current_week"),
        ("cubic-feet", "item_volume"),
        ("qty-with-removals-in-progress", "pending_removal_quantity"),
        ("inventory-age-0-to-90-days", "inv_age_0_to_90_days"),
    ],
)  # fmt: skip
def test_aliases_map_old_spellings(alias: str, column: str) -> None:
    match = match_header("f.txt", ["snapshot-date", "sku", "avaliable-quantity(sellable)", alias])
    assert match.columns[2:] == ["available", column]


def test_restock_merchant_sku_is_the_sku() -> None:
    match = match_header("f.txt", L.RESTOCK)
    assert match.positions[L.RESTOCK.index("Merchant SKU")] == "sku"


def test_unknown_columns_are_kept_out_and_reported(tmp_path: Path) -> None:
    headers = [*L.STRANDED, "shiny-new-column", ""]
    row = {"sku": "A", "stranded-reason": "x", "fulfillable-qty": "3", "shiny-new-column": "9"}
    result = read_report(write(tmp_path / "s.txt", headers, [row]))
    assert result.unknown_columns == ["shiny-new-column", "(a column without a name)"]
    assert "shiny_new_column" not in result.frame.columns
    assert result.layout == "like 18 columns" and result.frame["fulfillable_qty"][0] == 3


def test_missing_columns_of_the_layout_are_reported(tmp_path: Path) -> None:
    headers = [h for h in L.PLANNING_2026_US if h not in ("Reserved Staging", "alert")]
    result = read_report(write(tmp_path / "p.txt", headers, [{"sku": "A"}]))
    assert result.layout == "like 2026 US, 99 columns"
    assert result.missing_columns == ["alert", "Reserved Staging"]
    assert result.frame["reserved_staging"].dtype.is_integer()  # typed nulls for core
    assert result.frame["reserved_staging"][0] is None


def test_a_repeated_column_keeps_the_first(tmp_path: Path) -> None:
    headers = ["snapshot-date", "sku", "available", "fc-transfer", "Reserved FC Transfer"]
    rows = [["2026-05-14", "A", "1", "4", "99"]]
    result = read_report(write(tmp_path / "p.txt", headers, rows))
    assert result.frame["fc_transfer"][0] == 4
    assert any("Reserved FC Transfer" in n and "repeats" in n for n in result.notes)


def test_not_a_report_says_what_was_tried_and_the_closest(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.txt",
        ["sku", "fnsku", "afn-total-quantity", "reserved_qty"],
        [["A", "B", "3", "1"]],
    )
    with pytest.raises(ReportError) as err:
        read_report(path)
    text = str(err.value)
    assert "x.txt" in text and "line 1" in text and "not a report ipitui knows" in text
    for title in ("FBA Inventory", "Stranded inventory", "Restock", "Manage FBA Inventory",
                  "Removal order detail"):  # fmt: skip
        assert title in text
    assert "closest is Manage FBA Inventory" in text
    assert "'afn-warehouse-quantity'" in text and "'afn-fulfillable-quantity'" in text


def test_required_columns_missing_are_listed(tmp_path: Path) -> None:
    headers = [h for h in L.PLANNING_2026_US if h != "available"]
    path = write(tmp_path / "p.txt", headers, [{"sku": "A"}], Variant(newline="\r\n"))
    with pytest.raises(ReportError) as err:
        read_report(path)
    assert "closest is FBA Inventory (Manage Inventory Health)" in str(err.value)
    assert "lacks 'available'" in str(err.value)


def test_a_comma_separated_download_is_named(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(",".join(L.MYI) + "\n" + ",".join(["A"] * 21) + "\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"comma-separated \(.csv\) download"):
        read_report(path)
