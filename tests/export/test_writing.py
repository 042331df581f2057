from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import AccountSettings
from ipitui.errors import UserError
from ipitui.export import Export, ExportFile, build_export, output_paths, write_export
from ipitui.store.journal import Journal
from ipitui.store.paths import Home

DAY = date(2026, 3, 1)


def _export(*parts: tuple[str, str]) -> Export:
    files = [ExportFile(p, s, f"{p}{s}\n".encode(), 1, "") for p, s in parts]
    return Export("removal", DAY, files)


def test_default_paths_carry_kind_date_and_part(tmp_path: Path) -> None:
    export = _export(("return-1", ".txt"), ("disposal-1", ".txt"))
    assert output_paths(export, tmp_path, None) == [
        tmp_path / "removal-2026-03-01-return-1.txt",
        tmp_path / "removal-2026-03-01-disposal-1.txt",
    ]
    single = Export("decisions", DAY, [ExportFile("", ".csv", b"", 0, "")])
    assert output_paths(single, tmp_path, None) == [tmp_path / "decisions-2026-03-01.csv"]


def test_output_option_names_the_file_or_the_folder(tmp_path: Path) -> None:
    single = Export("decisions", DAY, [ExportFile("", ".csv", b"", 0, "")])
    assert output_paths(single, Path("unused"), tmp_path / "mine.tsv") == [tmp_path / "mine.tsv"]
    assert output_paths(single, Path("unused"), tmp_path) == [tmp_path / "decisions-2026-03-01.csv"]
    several = _export(("return-1", ".txt"), ("", ".csv"))
    assert output_paths(several, Path("unused"), tmp_path / "orders.txt") == [
        tmp_path / "orders-return-1.txt",
        tmp_path / "orders.csv",
    ]


def test_existing_files_are_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    export = _export(("return-1", ".txt"), ("disposal-1", ".txt"))
    first, second = paths = output_paths(export, tmp_path / "exports", None)
    second.parent.mkdir()
    second.write_bytes(b"mine")
    with pytest.raises(UserError, match="already exists; nothing written .add --force"):
        write_export(export, paths, force=False)
    assert not first.exists() and second.read_bytes() == b"mine"
    write_export(export, paths, force=True)
    assert first.read_bytes() == b"return-1.txt\n"
    assert second.read_bytes() == b"disposal-1.txt\n"
    assert sorted(p.name for p in second.parent.iterdir()) == sorted(p.name for p in paths)


def test_a_failure_half_way_removes_what_this_export_created(tmp_path: Path) -> None:
    export = _export(("return-1", ".txt"), ("disposal-1", ".txt"))
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    paths = [tmp_path / "ok.txt", blocked / "inside.txt"]
    with pytest.raises(UserError, match="cannot write .*inside.txt: File exists; nothing written"):
        write_export(export, paths, force=False)
    assert not (tmp_path / "ok.txt").exists()


def test_an_empty_export_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="nothing to export for removal"):
        write_export(Export("removal", DAY), [], force=False)


def test_undone_and_snoozed_decisions_never_appear(ipitui_home: Home) -> None:
    with Journal(ipitui_home, "shop") as journal:
        journal.record([Decision("KEEP", Action.DISPOSE, quantity=1)])
        journal.record([Decision("UNDONE", Action.DISPOSE, quantity=2)])
        journal.undo()
        journal.record([Decision("SNOOZED", Action.DISPOSE, quantity=3)])
        journal.record([Decision("SNOOZED", Action.SNOOZE, until=date.today() + timedelta(9))])
        journal.record([Decision("CLEARED", Action.PROMOTE)])
        journal.clear(["CLEARED"])
        decisions = journal.current()
    effects = pl.DataFrame({"sku": ["KEEP", "UNDONE", "SNOOZED", "CLEARED"]})
    texts = [
        f.data.decode("utf-8-sig")
        for kind in ("removal", "liquidation", "promotions", "decisions")
        for f in build_export(kind, decisions, effects, AccountSettings(), DAY).files
    ]
    assert len(texts) == 2  # the disposal order and the decisions CSV
    assert all("KEEP" in t for t in texts)
    for gone in ("UNDONE", "SNOOZED", "CLEARED"):
        assert not any(gone in t for t in texts), gone


def test_an_export_with_only_left_out_rows_says_why(tmp_path: Path) -> None:
    decisions = {"A": Decision("A", Action.LIQUIDATE)}
    export = build_export(
        "liquidation",
        decisions,
        pl.DataFrame({"sku": ["A"], "quantity": [0]}),
        AccountSettings(),
        DAY,
    )
    with pytest.raises(
        UserError, match="nothing to export for liquidation: A: no units to liquidate"
    ):
        write_export(export, output_paths(export, tmp_path, None), force=False)
    assert list(tmp_path.iterdir()) == []
