"""The demo files are byte for byte like Seller Central downloads, and reproducible."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from demo_reports import BOM, read_text

from conftest import TODAY
from ipitui.demo import HISTORY_WEEKS, DemoFiles, write_demo
from ipitui.errors import UserError
from ipitui.reports.layouts import MYI_2026, PLANNING_2026_US, RESTOCK, STRANDED


def _layouts(files: DemoFiles) -> list[tuple[Path, tuple[str, ...], bool]]:
    planning = [(p, PLANNING_2026_US, True) for p in files.planning]
    return [
        *planning,
        (files.stranded, STRANDED, False),
        (files.restock, RESTOCK, False),
        (files.inventory, MYI_2026, False),
    ]


def test_headers_are_amazons_byte_for_byte(small_demo: DemoFiles) -> None:
    for path, header, bom in _layouts(small_demo):
        data = path.read_bytes()
        expected = (BOM if bom else b"") + "\t".join(header).encode() + b"\r\n"
        assert data.startswith(expected), path.name
        if not bom:
            assert not data.startswith(BOM), path.name


def test_crlf_no_trailing_newline_no_quoting_and_full_rows(small_demo: DemoFiles) -> None:
    for path, header, _ in _layouts(small_demo):
        data = path.read_bytes()
        assert not data.endswith((b"\n", b"\r")), path.name
        lines = data.split(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b""), f"{path.name}: a bare LF"
        assert b"\r" not in data.replace(b"\r\n", b""), f"{path.name}: a bare CR"
        assert len(lines) > 1, path.name
        # No cell holds a tab or a line break: every row has exactly the header's cells.
        assert {line.count(b"\t") for line in lines} == {len(header) - 1}, path.name
        data.decode("utf-8")  # valid UTF-8 throughout


def test_titles_keep_quotes_commas_brackets_and_accents_unquoted(small_demo: DemoFiles) -> None:
    titles = read_text(small_demo.planning[-1])["product-name"].to_list()
    assert any('"' in t for t in titles)
    assert any("," in t for t in titles)
    assert any("[" in t and "]" in t for t in titles)
    assert any("™" in t for t in titles)
    assert any(any(ch in t for ch in "éüñö") for t in titles)
    # The raw bytes carry the quote as is, never doubled or wrapped in quotes.
    raw = small_demo.planning[-1].read_bytes()
    assert b'""' not in raw
    assert b'" ' in raw


def test_fourteen_weekly_planning_files_ending_today(small_demo: DemoFiles) -> None:
    assert len(small_demo.planning) == HISTORY_WEEKS + 1 == 14
    expected = [TODAY - timedelta(weeks=w) for w in range(HISTORY_WEEKS, -1, -1)]
    for path, day in zip(small_demo.planning, expected, strict=True):
        assert day.isoformat() in path.name
        dates = read_text(path)["snapshot-date"].unique().to_list()
        assert dates == [day.isoformat()], path.name
    assert small_demo.snapshot_date == TODAY
    assert len({p.name for p in small_demo.paths}) == 17


def test_same_seed_same_bytes_other_seed_other_bytes(small_demo: DemoFiles, tmp_path) -> None:
    again = write_demo(tmp_path / "again", skus=300, seed=1, today=TODAY)
    for first, second in zip(small_demo.paths, again.paths, strict=True):
        assert first.name == second.name
        assert first.read_bytes() == second.read_bytes(), first.name
    other = write_demo(tmp_path / "other", skus=300, seed=2, today=TODAY)
    for first, second in zip(small_demo.paths, other.paths, strict=True):
        assert first.read_bytes() != second.read_bytes(), first.name


def test_a_bigger_catalog_keeps_the_same_seed_stable(tmp_path) -> None:
    one = write_demo(tmp_path / "a", skus=50, seed=5, today=TODAY)
    two = write_demo(tmp_path / "b", skus=50, seed=5, today=TODAY)
    assert one.planning[-1].read_bytes() == two.planning[-1].read_bytes()
    assert len(read_text(one.inventory)) == 50


@pytest.mark.parametrize("skus", [0, -5, 10_000_001])
def test_impossible_catalog_sizes_write_nothing(tmp_path, skus: int) -> None:
    with pytest.raises(UserError, match="--skus"):
        write_demo(tmp_path / "out", skus=skus, today=TODAY)
    assert not (tmp_path / "out").exists()


def test_the_history_can_be_shorter(tmp_path: Path) -> None:
    """The benchmark's largest catalogs write one week of history (see bench/accounts.py)."""
    files = write_demo(tmp_path, skus=20, seed=3, today=TODAY, history_weeks=1)
    days = [TODAY - timedelta(weeks=1), TODAY]
    assert len(files.planning) == 2
    for path, day in zip(files.planning, days, strict=True):
        assert read_text(path)["snapshot-date"].unique().to_list() == [day.isoformat()]
    assert all(p.exists() for p in files.paths)
