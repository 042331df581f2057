"""`ipitui import`: the summary table, refusals with exit code 2, and the account it uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipitui.cli import main
from ipitui.reports import layouts as L
from ipitui.store.accounts import find_account, list_accounts
from ipitui.store.paths import Home
from ipitui.store.settings import load_global_settings
from ipitui.store.snapshots import list_snapshots


def stranded(path: Path, quantities: list[str]) -> Path:
    lines = ["\t".join(L.STRANDED)]
    for n, qty in enumerate(quantities):
        row = dict.fromkeys(L.STRANDED, "")
        row.update({"sku": f"S{n}", "stranded-reason": "No listing", "fulfillable-qty": qty})
        lines.append("\t".join(row.values()))
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


def test_import_into_a_new_account(ipitui_home: Home, tmp_path: Path, capsys) -> None:
    path = stranded(tmp_path / "Stranded.txt", ["1", "2", "3"])
    assert main(["import", str(path), "--account", "My Shop", "--date", "2026-05-14"]) == 0
    out = capsys.readouterr().out
    assert "Imported into account 'My Shop'" in out
    assert "Stranded.txt  stranded  2026-05-14     3     3" in out
    assert "Stranded inventory (18 columns), 2026-05-14 [--date], 3 rows, 3 SKUs" in out
    account = find_account(ipitui_home, "My Shop")
    assert account is not None
    assert load_global_settings(ipitui_home)[0].default_account == account.slug
    # Without --account the default one is used.
    assert main(["import", str(path), "--date", "2026-05-15"]) == 0
    assert list_snapshots(ipitui_home, account.slug)["stranded"][-1].isoformat() == "2026-05-15"


def test_a_refusal_exits_2_and_changes_nothing(ipitui_home: Home, tmp_path: Path, capsys) -> None:
    path = stranded(tmp_path / "bad.txt", ["1", "x", "-4"])
    assert main(["import", str(path), "--account", "New One", "--date", "2026-05-14"]) == 2
    err = capsys.readouterr().err
    assert "bad.txt" in err and "2 rows cannot be read" in err
    assert "line 3, column 'fulfillable-qty': not a whole number ('x')" in err
    assert "line 4, column 'fulfillable-qty': a negative quantity ('-4')" in err
    assert "Nothing was changed" in err
    assert list_accounts(ipitui_home) == []  # the account named for this import is not kept


def test_skip_bad_rows_reports_what_was_skipped(ipitui_home: Home, tmp_path: Path, capsys) -> None:
    path = stranded(tmp_path / "s.txt", ["1", "x", "2", "3", "y"])
    code = main(["import", str(path), "-a", "Shop", "--date", "2026-05-14", "--skip-bad-rows"])
    assert code == 0
    out = capsys.readouterr().out
    assert "skipped 2 bad rows (lines 3, 6)" in out
    assert "line 6, column 'fulfillable-qty': not a whole number ('y')" in out


def test_no_account_yet_and_none_named(ipitui_home: Home, tmp_path: Path, capsys) -> None:
    assert main(["import", str(stranded(tmp_path / "s.txt", ["1"]))]) == 2
    assert "no accounts yet" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--date", "14/05/2026"], "not a date like"), (["--encoding", "nope"], "unknown encoding")],
)
def test_bad_options(ipitui_home: Home, tmp_path: Path, capsys, args, message) -> None:
    path = stranded(tmp_path / "s.txt", ["1"])
    assert main(["import", str(path), "-a", "Shop", *args]) == 2
    assert message in capsys.readouterr().err


def test_a_blank_account_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["score", "--account", ""])
    assert exit_.value.code == 2 and "--account needs" in capsys.readouterr().err


def test_a_crashing_import_removes_the_account_it_made(
    ipitui_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipitui.commands import imports

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "import_files", crash)
    with pytest.raises(RuntimeError):
        main(["import", str(tmp_path / "x.txt"), "--account", "Brand new"])
    assert find_account(ipitui_home, "Brand new") is None
