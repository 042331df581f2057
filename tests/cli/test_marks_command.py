"""`ipitui mark/marks/undo/redo/export` on a real imported account (the demo seller's files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from ipitui.cli import main
from ipitui.demo import DemoFiles, write_demo
from ipitui.store import snapshots
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import HOME_ENV, Home
from ipitui.store.settings import load_account_settings, save_account_settings

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), skus=40, seed=3)


@pytest.fixture
def skus(ipitui_home: Home, demo_files: DemoFiles) -> list[str]:
    """An account "Shop" with the demo reports imported; its first SKUs."""
    account = add_account(ipitui_home, "Shop")
    snapshots.import_files(ipitui_home, account.slug, demo_files.paths)
    planning = pl.read_csv(
        demo_files.planning[-1], separator="\t", quote_char=None, encoding="utf8-lossy"
    )
    sku_column = next(c for c in planning.columns if c.strip("\ufeff") == "sku")
    return sorted(planning[sku_column].cast(pl.String).to_list())[:6]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _events(home: Home) -> int:
    with Journal(home, "shop") as journal:
        return len(journal.history(1000))


def test_marks_made_in_one_process_appear_in_another(
    ipitui_home: Home, skus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "mark", skus[0], skus[1], "--dispose", "--qty", "2", "--note", "old"
    )
    assert code == 0 and out.startswith("D dispose (qty 2): 2 SKUs: ")
    promote = ["mark", skus[2], "--promote", "--discount", "15", "--days", "10"]
    env = {**os.environ, HOME_ENV: str(ipitui_home.config_dir.parent)}
    subprocess.run([sys.executable, "-m", "ipitui", *promote], env=env, check=True)
    listed = subprocess.run(
        [sys.executable, "-m", "ipitui", "marks", "--json"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rows = {r["sku"]: r for r in json.loads(listed)}
    assert set(rows) == set(skus[:3])
    assert {k: rows[skus[0]][k] for k in ("action", "letter", "quantity", "note")} == {
        "action": "dispose", "letter": "D", "quantity": 2, "note": "old",
    }  # fmt: skip
    assert (rows[skus[2]]["discount_pct"], rows[skus[2]]["days"]) == (15.0, 10)
    code, out, _ = _run(capsys, "marks")
    assert out.splitlines()[-1] == "3 decisions"


def test_unknown_skus_are_refused_and_nothing_is_recorded(
    ipitui_home: Home, skus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "mark", skus[0], "NOT-A-SKU", "ALSO-NOT", "--remove")
    assert code == 2
    assert "not in the data of account 'Shop': NOT-A-SKU, ALSO-NOT; nothing recorded" in err
    assert _events(ipitui_home) == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--remove", "--qty", "0"], "the quantity must be a whole number above 0"),
        (["--promote", "--discount", "96"], "discount must be between 0 and 95"),
        (["--remove", "--discount", "10"], "discount only apply to promote"),
        (["--dispose", "--days", "10"], "days only apply to promote"),
        (["--snooze"], "snooze needs a date"),
        (["--snooze", "--until", date.today().isoformat()], "is not in the future"),
        (["--snooze", "--until", "2026-02-30"], "is not a date (YYYY-MM-DD)"),
        (["--remove", "--until", TOMORROW], "only applies to snooze"),
        (["--clear", "--qty", "3"], "--clear takes no --qty"),
    ],
)
def test_bad_flags_are_refused_and_nothing_is_recorded(
    ipitui_home: Home,
    skus: list[str],
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    message: str,
) -> None:
    code, _, err = _run(capsys, "mark", skus[0], *flags)
    assert code == 2 and message in err and "nothing recorded" in err
    assert _events(ipitui_home) == 0


def test_undo_redo_and_clear_say_what_changed(
    ipitui_home: Home, skus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = skus[:2]
    _run(capsys, "mark", a, "--remove")
    _run(capsys, "mark", a, b, "--snooze", "--until", TOMORROW)
    assert _run(capsys, "undo")[1].splitlines() == [
        "undo: 2 SKUs",
        f"  {a}: snooze (until {TOMORROW}) -> remove",
        f"  {b}: snooze (until {TOMORROW}) -> no decision",
    ]
    assert _run(capsys, "redo")[1].splitlines()[1] == f"  {a}: remove -> snooze (until {TOMORROW})"
    assert _run(capsys, "redo")[1] == "nothing to redo\n"
    assert _run(capsys, "mark", a, skus[2], "--clear")[1].splitlines() == [
        f"cleared 1 SKU: {a}",
        f"had no decision: {skus[2]}",
    ]
    code, _, err = _run(capsys, "mark", skus[3], "--clear")
    assert code == 2 and "no decision to clear" in err
    assert [r["sku"] for r in json.loads(_run(capsys, "marks", "--json")[1])] == [b]


def test_export_refuses_a_return_order_without_an_address_then_writes_it(
    ipitui_home: Home, skus: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(capsys, "mark", skus[0], "--remove", "--qty", "1")
    _run(capsys, "mark", skus[1], "--dispose", "--qty", "2")
    _run(capsys, "mark", skus[2], "--remove", "--qty", "3")
    _run(capsys, "undo")
    code, _, err = _run(capsys, "export", "--kind", "removal")
    settings_file = ipitui_home.account_settings("shop")
    assert code == 2
    assert "fill return_address.name, return_address.line1, return_address.city" in err
    assert str(settings_file) in err
    assert not ipitui_home.exports_dir("shop").exists()

    settings, _ = load_account_settings(ipitui_home, "shop")
    settings.return_address.name = "Jo"
    settings.return_address.line1 = "1 Main St"
    settings.return_address.city = "Seattle"
    settings.return_address.state_or_region = "WA"
    settings.return_address.postal_code = "98101"
    settings.return_address.country_code = "US"
    save_account_settings(ipitui_home, "shop", settings)
    target = tmp_path / "orders.txt"
    code, out, _ = _run(capsys, "export", "--kind", "removal", "-o", str(target))
    assert code == 0
    day = date.today().isoformat()
    returns, disposals = tmp_path / "orders-return-1.txt", tmp_path / "orders-disposal-1.txt"
    assert returns.read_text().endswith(
        f"MerchantSKU\tSellableQuantity\tUnsellableQuantity\n{skus[0]}\t1\t0\n"
    )
    assert returns.read_text().startswith(f"MerchantRemovalOrderID\tipitui-{day}-return-1\n")
    assert disposals.read_text() == (
        f"MerchantRemovalOrderID\tipitui-{day}-disposal-1\nRemovalDisposition\tDisposal\n"
        f"MerchantSKU\tSellableQuantity\tUnsellableQuantity\n{skus[1]}\t2\t0\n"
    )
    assert f"wrote {returns}: Return order" in out

    disposals.write_text("mine")
    code, _, err = _run(capsys, "export", "--kind", "removal", "-o", str(target))
    assert code == 2 and "already exists; nothing written" in err
    assert disposals.read_text() == "mine"
    assert _run(capsys, "export", "--kind", "removal", "-o", str(target), "--force")[0] == 0
    assert disposals.read_text().endswith(f"{skus[1]}\t2\t0\n")


def test_export_of_the_decisions_csv_to_the_default_place(
    ipitui_home: Home, skus: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "export")
    assert code == 2 and "has no decisions to export" in err
    _run(capsys, "mark", skus[0], "--liquidate", "--qty", "1")
    _run(capsys, "mark", skus[1], "--snooze", "--until", TOMORROW)
    code, out, _ = _run(capsys, "export")
    path = ipitui_home.exports_dir("shop") / f"decisions-{date.today().isoformat()}.csv"
    assert code == 0 and out.startswith(f"wrote {path}: 1 decision\n")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("sku,asin,title,action,mark,quantity")
    assert len(lines) == 2 and lines[1].startswith(f"{skus[0]},")


def test_marking_before_any_import_says_what_to_do(
    ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    add_account(ipitui_home, "Empty")
    code, _, err = _run(capsys, "mark", "A", "--remove")
    assert code == 2 and "has no imported report yet" in err and "nothing recorded" in err
    with Journal(ipitui_home, "empty") as journal:
        assert journal.history() == []


def test_export_paths_make_no_stray_file_or_folder(
    ipitui_home: Home, skus: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "mark", skus[0], "--dispose", "--qty", "1")[0] == 0
    code, out, _ = _run(capsys, "export", "-o", f"{tmp_path / 'newdir'}/")
    assert code == 0 and (tmp_path / "newdir").is_dir()
    assert [p.suffix for p in (tmp_path / "newdir").iterdir()] == [".csv"]
    code, _, err = _run(capsys, "export", "-o", str(tmp_path / "missing" / ".." / "x.csv"))
    assert code == 2 and "not a folder that exists" in err
    assert not (tmp_path / "missing").exists() and not (tmp_path / "x.csv").exists()
