from __future__ import annotations

import subprocess
import sys

import pytest

from ipitui.cli import HANDLERS, build_parser, main
from ipitui.store.paths import resolve_home


def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in [c for c in HANDLERS if c]:
        with pytest.raises(SystemExit) as exc:
            build_parser().parse_args([command, "--help"])
        assert exc.value.code == 0
        assert command in capsys.readouterr().out


def test_global_and_subcommand_account() -> None:
    parser = build_parser()
    assert parser.parse_args(["--account", "A", "score"]).account == "A"
    assert parser.parse_args(["score", "--account", "B"]).account == "B"
    assert parser.parse_args(["score"]).account is None


def test_home_flag_and_env(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("IPITUI_HOME", raising=False)
    home = resolve_home(tmp_path / "h")
    assert home.config_dir == (tmp_path / "h" / "config").resolve()
    assert home.data_dir == (tmp_path / "h" / "data").resolve()
    monkeypatch.setenv("IPITUI_HOME", str(tmp_path / "e"))
    assert resolve_home().config_dir == (tmp_path / "e" / "config").resolve()


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ipitui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("ipitui ")


def test_user_error_exit_code(capsys) -> None:
    assert main(["accounts", "rename", "nobody", "x"]) == 2
    assert "no account named 'nobody'" in capsys.readouterr().err


def test_atomic_write_gives_files_the_users_permissions(tmp_path) -> None:
    import os

    from ipitui.store.atomic import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "f.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "f.txt").read_bytes() == b"x"


def test_the_mouse_is_captured_over_ssh_only_when_asked_for() -> None:
    from ipitui.commands.tui import captures_mouse
    from ipitui.core.settings import GlobalSettings

    ssh = {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}
    assert captures_mouse(GlobalSettings(), {}, no_mouse=False)
    assert not captures_mouse(GlobalSettings(), {}, no_mouse=True)
    assert not captures_mouse(GlobalSettings(mouse=False), {}, no_mouse=False)
    assert not captures_mouse(GlobalSettings(), ssh, no_mouse=False)
    assert not captures_mouse(GlobalSettings(), {"SSH_TTY": "/dev/pts/3"}, no_mouse=False)
    assert captures_mouse(GlobalSettings(mouse_over_ssh=True), ssh, no_mouse=False)
    assert not captures_mouse(GlobalSettings(mouse_over_ssh=True), ssh, no_mouse=True)
