"""End to end over a real SSH connection: sshd on a loopback port, `ssh -tt` in tmux at 80x24.

For TERM=xterm and TERM=xterm-256color: the seller connects, marks a SKU (2, r, enter), the
window is resized, and the connection is dropped (the ssh client hangs up). The decision is in
the journal, the remote ipitui has exited, and no mouse tracking is left enabled in the
terminal: over SSH the mouse is captured only with `mouse_over_ssh = true` (a dropped
connection could not switch it off again), and then a clean quit leaves it off.
Skipped when sshd, ssh or tmux is not installed (`.ci/run` installs them).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from tmux_pane import TIMEOUT_S, Pane

from ipitui.store.paths import resolve_home
from ipitui.store.settings import load_global_settings, save_global_settings

SSHD = shutil.which("sshd") or next(
    (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if Path(p).exists()), None
)
pytestmark = pytest.mark.skipif(
    SSHD is None or shutil.which("ssh") is None or shutil.which("tmux") is None,
    reason="sshd, ssh or tmux is not installed (apt-get install openssh-server openssh-client tmux)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sshd:
    """A throwaway sshd on 127.0.0.1 that lets in one throwaway key, as the current user."""

    def __init__(self, root: Path) -> None:
        root.mkdir(mode=0o700)
        self.root = root
        self.port = free_port()
        self.user = (
            os.environ.get("USER")
            or subprocess.run(
                ["id", "-un"], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        for key in ("host_key", "user_key"):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / key)], check=True
            )
        shutil.copy(root / "user_key.pub", root / "authorized_keys")
        (root / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {root / 'host_key'}\n"
            f"AuthorizedKeysFile {root / 'authorized_keys'}\nPidFile {root / 'sshd.pid'}\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
        )
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # its privilege separation directory
        self.log = (root / "sshd.log").open("wb")
        assert SSHD is not None
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(root / "sshd_config")],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            assert self.process.poll() is None, (root / "sshd.log").read_text()
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            assert time.monotonic() < deadline, "sshd did not start listening"
            time.sleep(0.1)

    def command(self, remote: str) -> str:
        """The shell command that runs ``remote`` over ssh with a terminal (-tt)."""
        ssh = [
            "ssh", "-tt", "-F", "/dev/null", "-p", str(self.port), "-i", str(self.root / "user_key"),
            "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
            "-o", f"UserKnownHostsFile={self.root / 'known_hosts'}", "-o", "LogLevel=ERROR",
            f"{self.user}@127.0.0.1", remote,
        ]  # fmt: skip
        return "exec " + shlex.join(ssh)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()


def ipitui_processes(home: Path) -> list[str]:
    """This interpreter's ``-m ipitui`` processes whose environment points at ``home``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # ended meanwhile
        if [a.decode(errors="replace") for a in argv[:3]] == [sys.executable, "-m", "ipitui"] and (
            f"IPITUI_HOME={home}".encode() in environ
        ):
            found.append(f"{proc.name}: {b' '.join(argv).decode(errors='replace')}")
    return found


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = Sshd(tmp_path / "sshd")
    yield server
    server.stop()


def decisions(screen: str) -> int | None:
    import re

    found = re.search(r"IPI estimate \d+ -> \d+ with (\d+) decisions?", screen)
    return None if found is None else int(found[1])


@pytest.mark.parametrize("term", ["xterm", "xterm-256color"])
def test_a_mark_survives_a_dropped_ssh_connection(
    sshd: Sshd, demo_home: Path, tmp_path: Path, term: str
) -> None:
    remote = shlex.join(["env", f"IPITUI_HOME={demo_home}", sys.executable, "-m", "ipitui"])
    pane = Pane(tmp_path / "tmux.sock", term, keep=True)
    try:
        pane.start(sshd.command(remote))
        pane.wait(lambda s: decisions(s) == 0, "the app over ssh")
        # over SSH the mouse is not captured unless asked for (mouse_over_ssh)
        assert set(pane.mouse_modes().values()) == {"0"}, pane.mouse_modes()
        pane.keys("2")
        pane.wait(lambda s: "showing" in s and "SKU" in s, "the excess list")
        pane.keys("r")
        pane.wait(lambda s: "Remove" in s and "enter saves" in s, "the decision form")
        pane.keys("Enter")
        pane.wait(lambda s: decisions(s) == 1, "one decision")

        pane.tmux("resize-window", "-t", pane.name, "-x", "110", "-y", "30")
        pane.wait(
            lambda s: len(s.splitlines()) >= 29 and max(map(len, s.splitlines())) > 80,
            "the app redrawn at 110x30",
        )
        assert decisions(pane.screen()) == 1

        assert len(ipitui_processes(demo_home)) == 1  # the remote ipitui, seen from here
        os.kill(int(pane.show("#{pane_pid}")), signal.SIGHUP)  # the connection drops
        pane.wait_dead()
        deadline = time.monotonic() + 10
        while ipitui_processes(demo_home) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert ipitui_processes(demo_home) == [], "the remote ipitui is still running"
        # the dropped connection left no mouse tracking on in the seller's terminal
        assert set(pane.mouse_modes().values()) == {"0"}, pane.mouse_modes()

        marks = subprocess.run(
            [sys.executable, "-m", "ipitui", "--home", str(demo_home), "marks", "--json"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        kept = json.loads(marks.stdout)
        assert [d["action"] for d in kept] == ["remove"], kept

        # Asked for (mouse_over_ssh = true), the mouse is captured over SSH too; a new
        # connection finds the decision, and a clean quit leaves no mouse tracking on.
        home = resolve_home(demo_home)
        settings, _ = load_global_settings(home)
        save_global_settings(home, replace(settings, mouse_over_ssh=True))
        again = Pane(pane.socket, term, keep=True)
        again.start(sshd.command(remote))
        again.wait(lambda s: decisions(s) == 1, "the app over ssh again, with the decision")
        assert again.mouse_modes()["mouse_any_flag"] == "1"
        again.keys("q")
        again.wait_dead()
        assert set(again.mouse_modes().values()) == {"0"}, again.mouse_modes()
    finally:
        pane.tmux("kill-server")
