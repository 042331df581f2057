from __future__ import annotations

import pytest

from ipitui.cli import main
from ipitui.store.paths import Home


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_rename_use_remove(ipitui_home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "accounts", "list")[1].startswith("no accounts yet")
    code, out, _ = _run(capsys, "accounts", "add", "../../etc", "--marketplace", "de")
    assert code == 0
    assert out.splitlines() == [
        "added account '../../etc' (DE, EUR)",
        f"settings: {ipitui_home.account_settings('etc')}",
    ]
    _run(capsys, "accounts", "add", "Main")
    assert _run(capsys, "accounts", "use", "main")[1] == "default account is now 'Main'\n"
    assert _run(capsys, "accounts", "rename", "../../etc", "EU shop")[0] == 0
    assert _run(capsys, "accounts", "list")[1].splitlines() == [
        "  EU shop\tDE\tEUR\tetc",
        "* Main\tUS\tUSD\tmain",
    ]
    code, _, err = _run(capsys, "accounts", "remove", "Main")
    assert code == 2 and "add --yes to confirm" in err
    assert _run(capsys, "accounts", "remove", "Main", "--yes")[1] == "removed account 'Main'\n"
    assert _run(capsys, "accounts", "list")[1] == "  EU shop\tDE\tEUR\tetc\n"


def test_refusals_exit_2_and_change_nothing(
    ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "accounts", "add", "Shop")
    before = ipitui_home.account_settings("shop").read_bytes()
    for argv, message in [
        (("accounts", "add", "shop"), "already exists"),
        (("accounts", "add", "\x00"), "at least one visible character"),
        (("accounts", "add", "X", "--marketplace", "ZZ"), "unknown marketplace 'ZZ'"),
        (("accounts", "rename", "nobody", "x"), "no account named 'nobody'"),
    ]:
        code, _, err = _run(capsys, *argv)
        assert (code, message in err) == (2, True), argv
    assert ipitui_home.account_settings("shop").read_bytes() == before
    assert sorted(p.name for p in ipitui_home.accounts_config_dir.iterdir()) == ["shop.toml"]


def test_list_reports_settings_problems_with_their_line(
    ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "accounts", "add", "Shop")
    path = ipitui_home.account_settings("shop")
    path.write_text('display_name = "Shop \\u001b[31m"\n[stock]\nlead_time_days = "x"\n')
    code, out, err = _run(capsys, "accounts", "list")
    assert code == 0
    assert out == "  Shop [31m\tUS\tUSD\tshop\n"  # no escape character reaches the terminal
    assert err == (
        f"ipitui: {path}:3: stock.lead_time_days: expected an integer, got 'x'; using 30\n"
    )
