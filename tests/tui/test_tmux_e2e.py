"""End to end, as a seller over SSH: the real program in tmux at 80x24.

It marks SKUs, quits with q, starts again and finds the marks and the estimate as left.
Skipped when tmux is not installed.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_pane import TIMEOUT_S, Pane

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

HEADER = re.compile(r"IPI estimate (\d+) -> (\d+) with (\d+) decisions?")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Pane]:
    session = Pane(tmp_path / "tmux.sock")
    yield session
    session.kill()


def header(screen: str) -> tuple[int, int, int] | None:
    found = HEADER.search(screen)
    return None if found is None else (int(found[1]), int(found[2]), int(found[3]))


def excess_rows(screen: str) -> list[str]:
    """The table rows of the Excess pane (after its header row)."""
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("SKU"))
    return [line for line in lines[start + 1 :] if line.strip()]


def test_marks_and_estimate_survive_a_restart(tmux: Pane, demo_home: Path) -> None:
    home = shlex.quote(str(demo_home))
    command = f"{shlex.quote(sys.executable)} -m ipitui --home {home} --no-mouse"
    tmux.start(command)
    tmux.wait(lambda s: header(s) is not None, "the estimate")
    tmux.keys("2")
    tmux.wait(lambda s: "showing" in s and "SKU" in s, "the excess list")

    tmux.keys("r")
    tmux.wait(lambda s: "Remove" in s and "enter saves" in s, "the decision form")
    tmux.keys("Enter")
    tmux.wait(lambda s: (header(s) or (0, 0, 0))[2] == 1, "one decision")
    tmux.keys("j", "space", "space", "L")  # select two rows, liquidate both
    tmux.wait(lambda s: "2 SKUs" in s and "enter saves" in s, "the bulk decision form")
    tmux.keys("Enter")
    screen = tmux.wait(lambda s: (header(s) or (0, 0, 0))[2] == 3, "three decisions")
    screen = tmux.wait(lambda s: "updating" not in s, "the re-scored estimate")
    left = header(screen)
    rows = excess_rows(screen)
    assert rows[0][:2] == " R" and rows[1][1] == "L" and rows[2][1] == "L", rows[:3]

    tmux.keys("q")
    deadline = time.monotonic() + TIMEOUT_S
    while not tmux.ended() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert tmux.ended(), "q did not quit"

    tmux.kill()
    again = Pane(tmux.socket)
    try:
        again.start(command)
        screen = again.wait(lambda s: header(s) is not None, "the estimate after the restart")
        again.keys("2")
        screen = again.wait(lambda s: "showing" in s and "SKU" in s, "the excess list again")
        assert header(screen) == left
        rows = excess_rows(screen)
        assert rows[0][:2] == " R" and rows[1][1] == "L" and rows[2][1] == "L", rows[:3]
    finally:
        again.kill()
