"""One tmux session on its own server socket, driven as a person would (send-keys,
capture-pane): the terminal end-to-end tests' hands and eyes."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

TIMEOUT_S = 60.0
# The terminal modes a program turns on to receive mouse events, as tmux reports them.
MOUSE_FLAGS = ("mouse_any_flag", "mouse_button_flag", "mouse_standard_flag", "mouse_all_flag",
               "mouse_sgr_flag", "mouse_utf8_flag")  # fmt: skip


class Pane:
    """A detached 80x24 session running one command; with ``keep``, its pane stays after the
    command ends (to read what the program left in the terminal)."""

    def __init__(self, socket: Path, term: str = "xterm", *, keep: bool = False) -> None:
        self.socket = socket
        self.term = term
        self.keep = keep
        self.name = f"ipitui-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, check=False
        )

    def start(self, command: str) -> None:
        result = self.tmux(
            "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
            "-e", f"TERM={self.term}", command,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        if self.keep:
            self.tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        self.tmux("set-option", "-s", "escape-time", "10")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name).stdout

    def show(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.name, fmt).stdout.strip()

    def mouse_modes(self) -> dict[str, str]:
        return {flag: self.show(f"#{{{flag}}}") for flag in MOUSE_FLAGS}

    def ended(self) -> bool:
        """The program has exited (without ``keep``, its session closed with it)."""
        return self.tmux("has-session", "-t", self.name).returncode != 0

    def wait(self, done: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            screen = self.screen()
            if done(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{self.screen()}")

    def wait_dead(self) -> None:
        """With ``keep``: wait until the pane's program has ended."""
        deadline = time.monotonic() + TIMEOUT_S
        while self.show("#{pane_dead}") != "1":
            assert time.monotonic() < deadline, "the program did not end"
            time.sleep(0.1)

    def kill(self) -> None:
        self.tmux("kill-server")
