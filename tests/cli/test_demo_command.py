"""`ipitui demo`: write the files, or write, import and open the demo account."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import TODAY
from ipitui.cli import main
from ipitui.core.inputs import INVENTORY, PLANNING, RESTOCK, STRANDED
from ipitui.store.accounts import find_account, resolve_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import list_snapshots

DEMO = ["demo", "--skus", "300", "--seed", "4"]


def _stored(home: Home) -> dict[str, str]:
    """Every stored snapshot and demo report, by path, with a digest of its bytes."""
    root = home.account_data("demo")
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".parquet", ".txt")
    }


def test_write_only_writes_the_files(tmp_path: Path, capsys, ipitui_home: Home) -> None:
    out = tmp_path / "reports"
    assert main([*DEMO, "--write", str(out), "--date", TODAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert "wrote 17 report files for 300 SKUs (newest snapshot 2026-11-22)" in text
    assert "Stranded_Inventory_2026-11-22.txt" in text
    assert len(list(out.iterdir())) == 17
    assert find_account(ipitui_home, "demo") is None  # nothing imported


def test_demo_account_is_imported_and_made_the_default(capsys, ipitui_home: Home) -> None:
    assert main([*DEMO, "--no-open", "--date", TODAY.isoformat()]) == 0
    assert "17 snapshots stored" in capsys.readouterr().out
    assert resolve_account(ipitui_home, None).slug == "demo"
    stored = list_snapshots(ipitui_home, "demo")
    assert len(stored[PLANNING]) == 14 and max(stored[PLANNING]) == TODAY
    for kind in (STRANDED, RESTOCK, INVENTORY):
        assert stored[kind] == [TODAY], kind
    assert len(list((ipitui_home.account_data("demo") / "reports").iterdir())) == 17


def test_running_it_again_changes_nothing(capsys, ipitui_home: Home) -> None:
    assert main([*DEMO, "--no-open", "--date", TODAY.isoformat()]) == 0
    before = _stored(ipitui_home)
    assert len(before) == 17 + 17 + 1  # reports, snapshots, the stored history sums
    assert "history-sums.parquet" in before
    # Again, and again without a date: the stored demo's date is kept, nothing is added.
    assert main([*DEMO, "--no-open", "--date", TODAY.isoformat()]) == 0
    assert main([*DEMO, "--no-open"]) == 0
    assert "nothing changed" in capsys.readouterr().out.splitlines()[-1]
    assert _stored(ipitui_home) == before


def test_a_demo_of_another_date_is_refused(capsys, ipitui_home: Home) -> None:
    assert main([*DEMO, "--no-open", "--date", TODAY.isoformat()]) == 0
    before = _stored(ipitui_home)
    capsys.readouterr()
    assert main([*DEMO, "--no-open", "--date", "2026-12-06"]) == 2
    err = capsys.readouterr().err
    assert "holds the demo of 2026-11-22" in err and "accounts remove demo" in err
    assert _stored(ipitui_home) == before


def test_opens_the_tui_on_the_demo_account(monkeypatch, ipitui_home: Home) -> None:
    opened = []

    def open_tui(home, slug, args) -> int:
        opened.append((home, slug, args.no_mouse))
        return 0

    monkeypatch.setattr("ipitui.commands.tui.open_tui", open_tui)
    assert main(["--no-mouse", *DEMO, "--date", TODAY.isoformat()]) == 0
    assert opened == [(ipitui_home, "demo", True)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "22/11/2026"], "expected a date as YYYY-MM-DD"),
        (["--skus", "0"], "--skus must be between 1 and"),
    ],
)
def test_bad_arguments_are_refused(tmp_path, capsys, extra, message) -> None:
    out = tmp_path / "reports"
    assert main(["demo", "--write", str(out), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
