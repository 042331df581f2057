"""`ipitui serve`: its defaults, the command each browser session runs, and its refusals.

Serving in a real browser is tested end to end in tests/tui/test_serve_browser.py.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ipitui.cli import build_parser, main
from ipitui.commands.serve import app_command, public_url, warning
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home


def test_serve_listens_on_loopback_port_8000_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.public_url) == ("127.0.0.1", 8000, None)
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert (args.host, args.port) == ("0.0.0.0", 9001)


def test_each_session_runs_this_ipitui_on_the_same_home_and_account(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--home", str(tmp_path / "h"), "--theme", "nord", "serve", "--account", "Shop"]
    )
    command = app_command(args, "shop")
    assert command[:3] == [sys.executable, "-m", "ipitui"]
    assert command[3:] == ["--home", str(tmp_path / "h"), "--account", "shop", "--theme", "nord"]
    # textual-serve runs it through the shell: the quoted form gives back the same arguments
    assert shlex.split(shlex.join(command)) == command


def test_without_home_the_session_finds_the_home_as_the_server_did() -> None:
    args = build_parser().parse_args(["serve"])
    command = app_command(args, "demo")
    assert "--home" not in command  # IPITUI_HOME and the platform's directories are inherited
    out = subprocess.run(
        [*command[:3], "--help"], capture_output=True, text=True, check=True
    ).stdout  # the command runs as written: this interpreter has ipitui
    assert "usage: ipitui" in out


def test_the_url_and_warning() -> None:
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8000) == "http://[::1]:8000"
    assert public_url("0.0.0.0", 8000) not in ("http://0.0.0.0:8000", "http://:8000")
    said = warning("127.0.0.1", "http://127.0.0.1:8000")
    assert "anyone who can reach this port can use the account" in said
    assert "only programs on this machine" in said and "http://127.0.0.1:8000" in said
    assert "it listens on 0.0.0.0" in warning("0.0.0.0", "http://box:8000")


def test_serve_refuses_before_listening_when_there_is_no_account(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--port", "1"]) == 2
    assert "no accounts yet" in capsys.readouterr().err


def test_serve_refuses_an_unknown_account(
    ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    add_account(ipitui_home, "Shop")
    assert main(["serve", "--account", "Nope", "--port", "1"]) == 2
    assert "Nope" in capsys.readouterr().err
