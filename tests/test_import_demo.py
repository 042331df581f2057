"""The demo account's report files import completely, and a second import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ipitui.demo import HISTORY_WEEKS, write_demo
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files, list_snapshots, load_account_data


def data_lines(path: Path) -> int:
    text = path.read_bytes().decode("utf-8-sig")
    return sum(1 for line in text.splitlines()[1:] if line.strip())


def test_demo_files_import_with_their_row_counts(ipitui_home: Home, tmp_path: Path) -> None:
    files = write_demo(tmp_path / "demo", skus=80, seed=3, today=date(2026, 11, 22))
    slug = add_account(ipitui_home, "Demo").slug
    summaries = import_files(ipitui_home, slug, files.paths)
    kinds = ["planning"] * (HISTORY_WEEKS + 1) + ["stranded", "restock", "inventory"]
    assert [s.kind for s in summaries] == kinds
    for summary, path in zip(summaries, files.paths, strict=True):
        assert summary.rows == data_lines(path), path.name
        assert summary.skipped_count == summary.duplicates_resolved == 0
        assert summary.unknown_columns == [] and summary.warnings == []
    assert {s.snapshot_date for s in summaries[-3:]} == {files.snapshot_date}
    assert len(list_snapshots(ipitui_home, slug)["planning"]) == HISTORY_WEEKS + 1
    data = load_account_data(ipitui_home, slug)
    assert data is not None
    assert data.planning.collect().height == data_lines(files.planning[-1])
    assert all(not s.changed for s in import_files(ipitui_home, slug, files.paths))


def test_the_demo_holds_seasonal_products_ahead_of_their_season(
    ipitui_home: Home, tmp_path: Path
) -> None:
    from ipitui.core import prepare
    from ipitui.core.settings import AccountSettings

    # 2026-11-22: Valentine's Day (2027-01-08 to 2027-02-14) is within three months
    files = write_demo(tmp_path / "demo", skus=300, seed=1, today=date(2026, 11, 22))
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, files.paths)
    data = load_account_data(ipitui_home, slug)
    assert data is not None
    p = prepare(data, AccountSettings())
    excess = p.explained("excess", p.lists["excess"])
    held = excess.filter("season_held")
    assert held.height >= 1
    assert set(held["suggested_action"]) == {"snooze"}
    assert (held["season_start"] > files.snapshot_date).all()  # ahead of the season
    assert held["reason"].str.starts_with("Seasonal (Valentine's Day, 2027-01-08 to ").all()
