"""Importing into an account: atomic, all or nothing, idempotent, with drift warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ipitui.reports import layouts as L
from ipitui.reports.errors import ReportError
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import (
    import_files,
    known_skus,
    latest_import_warnings,
    list_snapshots,
    load_account_data,
)

PLANNING = L.PLANNING_2026_US


def tsv(path: Path, headers, rows, newline: str = "\n") -> Path:
    lines = ["\t".join(headers)] + ["\t".join(r.get(h, "") for h in headers) for r in rows]
    path.write_text(newline.join(lines) + newline, encoding="utf-8")
    return path


def planning(path: Path, day: str, n: int, headers=PLANNING, extra=None) -> Path:
    rows = [
        {"snapshot-date": day, "sku": f"S{i}", "available": str(i), "marketplace": "US",
         "units-shipped-t30": str(i % 3), **(extra or {})}
        for i in range(n)
    ]  # fmt: skip
    return tsv(path, headers, rows)


def myi(path: Path, n: int) -> Path:
    rows = [
        {"sku": f"S{i}", "fnsku": f"X{i}", "afn-warehouse-quantity": "5",
         "afn-fulfillable-quantity": "4", "afn-total-quantity": "5"}
        for i in range(n)
    ]  # fmt: skip
    return tsv(path, L.MYI_2026, rows)


def stranded(path: Path, n: int) -> Path:
    rows = [
        {"sku": f"S{i}", "stranded-reason": "No listing", "fulfillable-qty": "2",
         "date-stranded": "2026-05-01T00:00:00Z"}
        for i in range(n)
    ]  # fmt: skip
    return tsv(path, L.STRANDED, rows)


@pytest.fixture
def shop(ipitui_home: Home) -> str:
    return add_account(ipitui_home, "Shop").slug


def stored_state(home: Home, slug: str) -> dict[str, tuple[bytes, int]]:
    root = home.account_data(slug)
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".import.lock"
    }


def test_import_then_load(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    files = [planning(tmp_path / "p.txt", "2026-05-14", 5), stranded(tmp_path / "s.txt", 2)]
    summaries = import_files(ipitui_home, shop, files)
    assert [(s.kind, s.rows, s.snapshot_date) for s in summaries] == [
        ("planning", 5, date(2026, 5, 14)),
        ("stranded", 2, date(2026, 5, 14)),
    ]
    assert "imported with it" in summaries[1].date_source
    assert list_snapshots(ipitui_home, shop) == {
        "planning": [date(2026, 5, 14)], "stranded": [date(2026, 5, 14)]
    }  # fmt: skip
    data = load_account_data(ipitui_home, shop)
    assert data is not None and data.snapshot_date == date(2026, 5, 14)
    assert data.planning.collect()["available"].to_list() == [0, 1, 2, 3, 4]
    assert data.stranded is not None and data.stranded["fulfillable_qty"].sum() == 4
    assert data.restock is None and data.inventory is None and data.removals is None
    assert data.planning_history.select(pl.len()).collect().item() == 5
    assert known_skus(ipitui_home, shop).to_list() == ["S0", "S1", "S2", "S3", "S4"]
    assert not list(ipitui_home.account_data(shop).glob(".import-*"))


def test_no_planning_snapshot_means_no_data(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    assert load_account_data(ipitui_home, shop) is None
    assert known_skus(ipitui_home, shop).to_list() == []
    import_files(ipitui_home, shop, [stranded(tmp_path / "s.txt", 1)], date="2026-05-01")
    assert load_account_data(ipitui_home, shop) is None
    assert known_skus(ipitui_home, shop).to_list() == ["S0"]


def test_history_scans_every_planning_snapshot(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    for day, n in (("2026-04-14", 3), ("2026-05-14", 4), ("2026-03-14", 2)):
        import_files(ipitui_home, shop, [planning(tmp_path / f"{day}.txt", day, n)])
    data = load_account_data(ipitui_home, shop)
    assert data is not None and data.snapshot_date == date(2026, 5, 14)
    per_day = data.planning_history.group_by("snapshot_date").len().sort("snapshot_date").collect()
    assert per_day["len"].to_list() == [2, 3, 4]


def test_older_snapshots_gain_new_columns_as_nulls(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    import_files(ipitui_home, shop, [planning(tmp_path / "p.txt", "2026-05-14", 2)])
    old = ipitui_home.snapshots_dir(shop) / "planning" / "2026-04-14.parquet"
    pl.DataFrame(
        {"snapshot_date": [date(2026, 4, 14)], "sku": ["S0"], "available": [7]}
    ).write_parquet(old)
    data = load_account_data(ipitui_home, shop)
    assert data is not None
    history = data.planning_history.collect()
    assert history.height == 3 and history.schema == data.planning.collect_schema()


def test_same_file_twice_changes_nothing(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    files = [planning(tmp_path / "p.txt", "2026-05-14", 30), myi(tmp_path / "m.txt", 10)]
    first = import_files(ipitui_home, shop, files)
    before = stored_state(ipitui_home, shop)
    again = import_files(ipitui_home, shop, files)
    assert stored_state(ipitui_home, shop) == before
    assert [s.changed for s in first] == [True, True]
    assert [s.changed for s in again] == [False, False]
    assert "nothing changed" in str(again[0])


def test_a_refused_file_changes_nothing(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    import_files(ipitui_home, shop, [planning(tmp_path / "p.txt", "2026-05-14", 10)])
    before = stored_state(ipitui_home, shop)
    good = planning(tmp_path / "p2.txt", "2026-05-14", 12)
    bad = planning(tmp_path / "bad.txt", "2026-05-15", 3, extra={"available": "lots"})
    with pytest.raises(ReportError, match="bad.txt"):
        import_files(ipitui_home, shop, [good, bad])
    assert stored_state(ipitui_home, shop) == before
    assert not list(ipitui_home.account_data(shop).glob(".import-*"))


def test_skip_bad_rows_imports_the_good_ones(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    rows = [{"sku": f"S{i}", "stranded-reason": "r", "fulfillable-qty": str(i)} for i in range(5)]
    rows[2]["fulfillable-qty"] = "-2"
    path = tsv(tmp_path / "s.txt", L.STRANDED, rows)
    (summary,) = import_files(ipitui_home, shop, [path], date="2026-05-01", skip_bad_rows=True)
    assert (summary.rows, summary.skipped_count, summary.skipped_lines) == (4, 1, [(4, 4)])
    assert "skipped 1 bad row (line 4)" in str(summary)


def test_undated_files_take_the_date_given_or_today(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    (given,) = import_files(ipitui_home, shop, [myi(tmp_path / "m.txt", 2)], date="2026-01-31")
    assert (given.snapshot_date, given.date_source) == (date(2026, 1, 31), "--date")
    (today,) = import_files(ipitui_home, shop, [stranded(tmp_path / "s.txt", 2)])
    assert today.snapshot_date == date.today() and today.date_source.startswith("today")
    p = planning(tmp_path / "p.txt", "2026-05-14", 2)
    dated, _ = import_files(ipitui_home, shop, [p, myi(tmp_path / "m2.txt", 3)], date="2026-02-01")
    assert (
        dated.snapshot_date == date(2026, 5, 14)
        and "--date 2026-02-01 applies only" in dated.date_source
    )


def test_a_bad_date_option(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not a date like"):
        import_files(ipitui_home, shop, [myi(tmp_path / "m.txt", 1)], date="31/01/2026")


def test_two_files_for_the_same_snapshot_are_refused(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    a, b = (
        planning(tmp_path / "a.txt", "2026-05-14", 2),
        planning(tmp_path / "b.txt", "2026-05-14", 3),
    )
    with pytest.raises(ReportError, match="one at a time"):
        import_files(ipitui_home, shop, [a, b])
    assert list_snapshots(ipitui_home, shop) == {}


def test_row_count_drift_is_warned(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    import_files(ipitui_home, shop, [planning(tmp_path / "a.txt", "2026-05-07", 100)])
    (steady,) = import_files(ipitui_home, shop, [planning(tmp_path / "b.txt", "2026-05-14", 140)])
    assert steady.warnings == []
    (partial,) = import_files(ipitui_home, shop, [planning(tmp_path / "c.txt", "2026-05-21", 60)])
    assert len(partial.warnings) == 1
    assert "60 rows, but the snapshot of 2026-05-14 had 140 (-57%)" in partial.warnings[0]
    assert "partial reports" in partial.warnings[0]
    assert latest_import_warnings(ipitui_home, shop) == [
        "FBA Inventory (Manage Inventory Health) of 2026-05-21: " + partial.warnings[0]
    ]
    again = import_files(ipitui_home, shop, [tmp_path / "c.txt"])
    assert again[0].warnings == partial.warnings and not again[0].changed


def test_column_drift_is_warned(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    import_files(ipitui_home, shop, [planning(tmp_path / "a.txt", "2026-05-07", 10)])
    headers = [h for h in PLANNING if h != "Reserved Staging"] + ["brand-new"]
    (changed,) = import_files(
        ipitui_home, shop, [planning(tmp_path / "b.txt", "2026-05-14", 10, headers)]
    )
    (warning,) = changed.warnings
    assert "appeared: 'brand-new'" in warning and "vanished: 'Reserved Staging'" in warning
    renamed = [h if h != "fc-transfer" else "Reserved FC Transfer" for h in PLANNING]
    (same,) = import_files(
        ipitui_home, shop, [planning(tmp_path / "c.txt", "2026-04-01", 10, renamed)]
    )
    assert same.warnings == []  # a renamed column is the same column


def test_planning_duplicates_prefer_the_account_marketplace(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    rows = [
        {"snapshot-date": "2026-05-14", "sku": "A", "available": "1", "marketplace": "CA"},
        {"snapshot-date": "2026-05-14", "sku": "B", "available": "2", "marketplace": "US"},
        {"snapshot-date": "2026-05-14", "sku": "A", "available": "3", "marketplace": "US"},
        {"snapshot-date": "2026-05-14", "sku": "C", "available": "4", "marketplace": "MX"},
        {"snapshot-date": "2026-05-14", "sku": "C", "available": "5", "marketplace": "CA"},
    ]
    (summary,) = import_files(ipitui_home, shop, [tsv(tmp_path / "p.txt", PLANNING, rows)])
    assert summary.duplicates_resolved == 2 and summary.rows == 3
    data = load_account_data(ipitui_home, shop)
    assert data is not None
    assert data.planning.select("sku", "available").collect().rows() == [
        ("B", 2),
        ("A", 3),
        ("C", 4),
    ]
    assert any("2 duplicate rows resolved" in n for n in summary.notes)


def test_myi_keeps_one_row_per_fnsku(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    rows = [
        {"sku": "US-1", "fnsku": "X1", "afn-warehouse-quantity": "9", "afn-fulfillable-quantity": "9"},
        {"sku": "CA-1", "fnsku": "X1", "afn-warehouse-quantity": "9", "afn-fulfillable-quantity": "9"},
        {"sku": "MFN-1", "fnsku": "", "afn-warehouse-quantity": "0", "afn-fulfillable-quantity": "0"},
        {"sku": "MFN-2", "fnsku": "", "afn-warehouse-quantity": "0", "afn-fulfillable-quantity": "0"},
    ]  # fmt: skip
    (summary,) = import_files(
        ipitui_home, shop, [tsv(tmp_path / "m.txt", L.MYI, rows)], date="2026-05-14"
    )
    assert summary.duplicates_resolved == 1
    frame = pl.read_parquet(summary.stored)
    assert frame["sku"].to_list() == ["US-1", "MFN-1", "MFN-2"]
    assert frame["afn_fulfillable_quantity"].sum() == 9


def test_identical_stranded_rows_are_dropped_but_distinct_ones_kept(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    row = {"sku": "A", "stranded-reason": "No listing", "fulfillable-qty": "2"}
    rows = [row, dict(row), {**row, "stranded-reason": "Pricing error"}]
    (summary,) = import_files(
        ipitui_home, shop, [tsv(tmp_path / "s.txt", L.STRANDED, rows)], date="2026-05-14"
    )
    assert (summary.rows, summary.duplicates_resolved) == (2, 1)


def test_restock_keeps_one_row_per_country_and_sku(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    base = {"Merchant SKU": "A", "Available": "3", "Recommended replenishment qty": "10"}
    rows = [
        {**base, "Country": "Germany"},
        {**base, "Country": "France"},
        {**base, "Country": "Germany"},
    ]
    (summary,) = import_files(
        ipitui_home, shop, [tsv(tmp_path / "r.txt", L.RESTOCK, rows)], date="2026-05-14"
    )
    assert (summary.rows, summary.duplicates_resolved) == (2, 1)


def test_rows_with_several_snapshot_dates(ipitui_home: Home, shop: str, tmp_path: Path) -> None:
    rows = [
        {"snapshot-date": "2026-05-13", "sku": "A", "available": "1"},
        {"snapshot-date": "2026-05-14", "sku": "B", "available": "2"},
        {"snapshot-date": "", "sku": "C", "available": "2"},
    ]
    (summary,) = import_files(ipitui_home, shop, [tsv(tmp_path / "p.txt", PLANNING, rows)])
    assert summary.snapshot_date == date(2026, 5, 14)
    data = load_account_data(ipitui_home, shop)
    assert data is not None and set(data.planning.collect()["snapshot_date"]) == {date(2026, 5, 14)}
    assert any("snapshot dates from 2026-05-13 to 2026-05-14" in n for n in summary.notes)


def test_a_report_with_no_rows_is_stored_empty(
    ipitui_home: Home, shop: str, tmp_path: Path
) -> None:
    path = tmp_path / "s.txt"
    path.write_text("\t".join(L.STRANDED) + "\r\n", encoding="utf-8")
    (summary,) = import_files(ipitui_home, shop, [path], date="2026-05-01")
    assert (summary.kind, summary.rows, summary.skus) == ("stranded", 0, 0)
    assert "the file has a header but no rows" in summary.notes
    assert pl.read_parquet(summary.stored).columns[:3] == [
        "primary_action",
        "date_stranded",
        "date_to_take_auto_removal",
    ]
