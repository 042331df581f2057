"""A damaged stored snapshot (a torn or emptied parquet file) gives a message that names the
file and says what to do, in the CLI and the TUI, and nothing stored is changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipitui.account import load_account
from ipitui.demo import write_demo
from ipitui.errors import UserError
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import DamagedSnapshot, import_files, load_account_data

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory):
    return write_demo(tmp_path_factory.mktemp("demo"), skus=60, seed=3, today=TODAY)


def stored_files(home: Home, slug: str) -> dict[Path, bytes]:
    root = home.snapshots_dir(slug)
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def damaged_account(home: Home, demo_files, kind: str, which: int, cut: int | None) -> Path:
    slug = add_account(home, "Demo").slug
    import_files(home, slug, demo_files.paths)
    files = sorted((home.snapshots_dir(slug) / kind).glob("*.parquet"))
    path = files[which]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if cut is None else data[:cut])
    return path


@pytest.mark.parametrize(
    ("kind", "which", "cut"),
    [("planning", -1, None), ("planning", 0, None), ("stranded", -1, 0)],
    ids=["newest planning torn", "oldest planning torn", "stranded emptied"],
)
def test_a_damaged_snapshot_is_named_with_what_to_do(
    ipitui_home: Home, demo_files, kind: str, which: int, cut: int | None
) -> None:
    path = damaged_account(ipitui_home, demo_files, kind, which, cut)
    slug = "demo"
    before = stored_files(ipitui_home, slug)
    with pytest.raises(DamagedSnapshot) as caught:
        load_account_data(ipitui_home, slug)
    message = str(caught.value)
    assert str(path) in message and f"stored {kind} snapshot" in message
    assert "Import that report again" in message and "move the file" in message
    assert "ComputeError" not in message
    # the TUI's load raises it as a message to show (a UserError), not a polars error
    with pytest.raises(UserError, match="is damaged and cannot be read"):
        load_account(ipitui_home, slug)
    assert stored_files(ipitui_home, slug) == before  # nothing stored is changed


def test_moving_the_damaged_file_aside_loads_the_rest(ipitui_home: Home, demo_files) -> None:
    path = damaged_account(ipitui_home, demo_files, "planning", 0, None)
    path.rename(path.with_suffix(".damaged"))
    data = load_account_data(ipitui_home, "demo")
    assert data is not None and data.snapshot_date == TODAY


def test_importing_the_report_again_mends_it(ipitui_home: Home, demo_files) -> None:
    damaged_account(ipitui_home, demo_files, "planning", -1, None)
    import_files(ipitui_home, "demo", demo_files.paths)
    data = load_account_data(ipitui_home, "demo")
    assert data is not None and data.planning.collect().height == 60


def test_a_new_report_is_imported_beside_a_damaged_older_one(
    ipitui_home: Home, demo_files, tmp_path: Path
) -> None:
    path = damaged_account(ipitui_home, demo_files, "planning", 0, None)
    later = write_demo(tmp_path / "later", skus=60, seed=3, today=date(2026, 11, 29))
    # the new snapshot is stored and said so; the history sums are left to the next load
    summaries = import_files(ipitui_home, "demo", [later.planning[-1]])
    assert [s.kind for s in summaries] == ["planning"] and summaries[0].changed
    stored = sorted((ipitui_home.snapshots_dir("demo") / "planning").glob("*.parquet"))
    assert path in stored and len(stored) == len(demo_files.planning) + 1
    with pytest.raises(DamagedSnapshot, match="is damaged"):  # which the next load names
        load_account_data(ipitui_home, "demo")
