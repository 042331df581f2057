"""VisiData opening the planning report, the terminal tool a seller would reach for.

``vd -f tsv FILE`` starts in a detached tmux session of 120x40; the pane is read with
``tmux capture-pane`` every ``POLL_S`` seconds. Two moments are timed from the launch:
*first screen* (the first data row's SKU is on screen; VisiData shows rows while it is still
loading) and *loaded* (the status line shows all the file's rows and no progress). The polling
resolution is ``POLL_S`` plus one ``capture-pane`` call (a few milliseconds). Peak memory is
VisiData's own (``VmHWM`` of its process once the file is loaded). VisiData runs with a
private HOME so no user configuration changes what it does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import peak_rss_mib

POLL_S = 0.01
ROWS = re.compile(r"(\d+) rows\b")
WIDTH, HEIGHT = 120, 40


def vd_command() -> str | None:
    """The ``vd`` of this environment (the bench group), or one on PATH."""
    beside = Path(sys.executable).parent / "vd"
    return str(beside) if beside.exists() else shutil.which("vd")


def available() -> str | None:
    """Why VisiData cannot be measured here, or None when it can."""
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if vd_command() is None:
        return "VisiData is not installed (uv run --group bench)"
    return None


def first_sku(path: Path) -> str:
    """The SKU of the file's first data row (what must appear on the first screen)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = fh.readline().rstrip("\r\n").split("\t")
        row = fh.readline().rstrip("\r\n").split("\t")
    return row[[h.strip().lower() for h in header].index("sku")]


def data_rows(path: Path) -> int:
    """Rows after the header (the last line may lack its newline)."""
    newlines, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    return newlines - (1 if last == b"\n" else 0)


def _loaded(status: str, rows: int) -> bool:
    """VisiData's status line shows ``N rows`` and no progress ("loading…", "processing…")."""
    found = ROWS.search(status)
    return found is not None and int(found.group(1)) == rows and "…" not in status


def _capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _pane_pid(session: str) -> int:
    out = subprocess.run(
        ["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.split()[0])


def task(file: str, work: str, timeout_s: float = 900.0) -> dict[str, float]:
    """Launch VisiData on ``file`` and time its first screen and the end of its load."""
    why = available()
    if why:
        raise RuntimeError(why)
    path = Path(file)
    sku, rows = first_sku(path), data_rows(path)
    home = Path(work) / "visidata-home"
    home.mkdir(parents=True, exist_ok=True)
    session = f"ipitui-bench-vd-{os.getpid()}"
    env = {**os.environ, "HOME": str(home), "TERM": "xterm-256color"}
    command = f"exec {vd_command()} -f tsv '{path}'"
    out: dict[str, float] = {"n_rows": rows}
    t0 = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command],
        check=True,
        env=env,
    )
    try:
        pid = _pane_pid(session)
        while time.perf_counter() - t0 < timeout_s:
            screen = _capture(session)
            now = time.perf_counter() - t0
            lines = screen.rstrip().splitlines()
            if "first screen" not in out and sku in screen:
                out["first screen"] = now
            if (
                "first screen" in out
                and lines
                and " rows" in lines[-1]
                and "loading" not in lines[-1]
            ):
                out["loaded"] = now
                break
            time.sleep(POLL_S)
        else:
            raise RuntimeError(f"VisiData did not finish loading {path} in {timeout_s:.0f} s")
        out["peak_rss_mib"] = peak_rss_mib(pid)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return out
