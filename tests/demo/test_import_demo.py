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
