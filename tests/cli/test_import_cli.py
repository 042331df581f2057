"""`ipitui import`: the summary table, refusals with exit code 2, and the account it uses."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from datetime import date
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


def _planning_file(path: Path, rows: int) -> Path:
    """A planning report of ``rows`` SKUs (the demo's newest row, repeated with new SKUs)."""
    from ipitui.demo import write_demo

    files = write_demo(path.parent / "demo", skus=20, seed=1, today=date(2026, 5, 1))
    header, first = files.planning[-1].read_text(encoding="utf-8").splitlines()[:2]
    names, cells = header.split("\t"), first.split("\t")
    at = names.index("sku")
    lines = [header]
    for n in range(rows):
        cells[at] = f"SKU-{n:07d}"
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ipitui(home: Path) -> list[str]:
    return [sys.executable, "-m", "ipitui", "--home", str(home)]


def test_a_piped_import_prints_the_summary_and_nothing_else(
    ipitui_home: Home, tmp_path: Path, capsys
) -> None:
    path = _planning_file(tmp_path / "FBA_Inventory.txt", 50)
    args = ["import", str(path), "-a", "Shop"]
    assert main(args) == 0
    expected = capsys.readouterr()
    done = subprocess.run(
        [*_ipitui(tmp_path / "other"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == expected.out and done.stderr == expected.err == ""
    assert "\x1b" not in done.stdout


def test_progress_draws_nothing_unless_stderr_is_a_terminal(monkeypatch) -> None:
    from ipitui.commands.progress import progress_bar

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with progress_bar() as progress:
        assert progress is None


def _read_pty(fd: int, until: float, found: dict[str, float], words: list[str]) -> bytes:
    out = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child is gone
            break
        if not chunk:
            break
        out += chunk
        for word in words:
            if word not in found and word.encode() in out:
                found[word] = time.monotonic()
    return out


def _started() -> float:
    """Seconds Python takes to start and load what ``ipitui import`` runs (polars above all),
    on this machine now."""
    began = time.monotonic()
    load = "import ipitui.cli, ipitui.commands.imports, ipitui.store.snapshots"
    subprocess.run([sys.executable, "-c", load], capture_output=True, check=True, timeout=60)
    return time.monotonic() - began


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs POSIX")
def test_a_terminal_sees_each_phase_within_a_second(tmp_path: Path) -> None:
    import pty

    path = _planning_file(tmp_path / "FBA_Inventory.txt", 300_000)
    home = tmp_path / "home"
    startup = _started()
    began = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # the child: ipitui on the pseudo-terminal (stdout and stderr)
        os.execv(sys.executable, [*_ipitui(home), "import", str(path), "-a", "Shop"])
    found: dict[str, float] = {}
    words = ["reading FBA_Inventory.txt", "MB", "storing", "Imported into", "scoring"]
    try:
        out = _read_pty(fd, began + 120, found, words)
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out[-2000:]
    assert set(found) == set(words), out[-2000:]
    # the first phase shows within a second of the command starting (after Python's start)
    assert found["reading FBA_Inventory.txt"] - began < startup + 1.0
    assert found["storing"] < found["Imported into"] < found["scoring"]


def test_a_report_without_the_planning_one_is_not_scored_and_says_nothing_of_it(
    ipitui_home: Home, tmp_path: Path, capsys
) -> None:
    from ipitui.demo import write_demo

    files = write_demo(tmp_path / "demo", skus=20, seed=1, today=date(2026, 5, 1))
    assert main(["import", str(files.stranded), "-a", "Shop"]) == 0
    err = capsys.readouterr().err
    assert "could not be scored" not in err and err == ""  # nothing to score yet, no warning
