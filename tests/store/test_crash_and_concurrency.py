"""Writers killed with SIGKILL and writers racing each other never lose or tear anything."""

from __future__ import annotations

import os
import random
import re
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import crash_writer as writer
import pytest

from ipitui.core.decisions import Action, Decision
from ipitui.store.journal import Journal
from ipitui.store.paths import HOME_ENV, Home
from ipitui.store.settings import load_account_settings, render

WRITER = Path(writer.__file__)
KILLS = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def _env(home: Home) -> dict[str, str]:
    root = home.config_dir.parent
    src = str(Path(__file__).resolve().parents[2] / "src")
    return {**os.environ, HOME_ENV: str(root), "PYTHONPATH": src}


def _check_state(home: Home, last: int) -> tuple[int, int]:
    """The settings file is exactly what the writer wrote for some i >= ``last``; the
    journal is intact, every batch is whole and the newest is i or i - 1. Returns both."""
    path = home.account_settings(writer.SLUG)
    text = path.read_text(encoding="utf-8")
    found = re.search(r'^display_name = "shop (\d+)"$', text, re.M)
    assert found, text
    i = int(found.group(1))
    assert i >= last
    assert text == render(writer.settings_for(i))
    assert load_account_settings(home, writer.SLUG) == (writer.settings_for(i), [])
    with sqlite3.connect(home.journal(writer.SLUG)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        sizes = con.execute("SELECT COUNT(*) FROM events GROUP BY batch").fetchall()
    con.close()
    assert set(sizes) <= {(writer.BATCH,)}
    with Journal(home, writer.SLUG) as journal:
        current = journal.current()
    assert len(current) == writer.BATCH * len(sizes)
    # The writer saves settings i, then records batch i: the newest batch is i - 1 or i.
    newest = max(int(sku.split("-")[1]) for sku in current)
    assert newest in (i - 1, i)
    return i, newest


def _line(proc: subprocess.Popen[bytes], timeout: float = 60.0) -> str:
    """The child's next line of output; fails (never hangs) if none comes in time."""
    assert proc.stdout is not None
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(proc.stdout.fileno(), 1) if ready else b""
        if not chunk:
            proc.kill()
            _, err = proc.communicate()
            pytest.fail(f"the writer said nothing (exit {proc.returncode}): {err.decode()}")
        data += chunk
    return data.decode().strip()


def test_sigkill_at_random_moments_leaves_old_or_new_state(ipitui_home: Home) -> None:
    rng = random.Random(5)
    env = _env(ipitui_home)
    last = newest = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(newest + 1)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        try:
            assert _line(proc) == "ready"
            _line(proc)  # one whole round written, so every run gets somewhere
            time.sleep(rng.uniform(0.0, 0.05))  # then die anywhere in the rounds that follow
        finally:
            proc.kill()
            proc.communicate()
        before = newest
        last, newest = _check_state(ipitui_home, last)
        assert newest > before  # the round the writer reported is in the journal
    # Every rewrite replaced a file ipitui wrote itself: no backups were needed.
    assert list(ipitui_home.accounts_config_dir.glob("*.bak-*")) == []


RACER = """
import os, sys, time
from ipitui.core.decisions import Action, Decision
from ipitui.store.journal import Journal
from ipitui.store.paths import resolve_home
journal = Journal(resolve_home(), "shop")
prefix, count, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print("ready", flush=True)  # the journal is open: the start can be given
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(count):
    journal.record([Decision(f"{prefix}-{i}", Action.DISPOSE, quantity=i + 1)])
    if i % 10 == 0:
        journal.current()
    time.sleep(0.002)  # a person between two marks; without it one writer can starve the other
"""


def test_two_processes_marking_at_once_keep_every_mark(ipitui_home: Home, tmp_path: Path) -> None:
    count = 200
    with Journal(ipitui_home, "shop") as journal:
        journal.record([Decision("before", Action.REMOVE)])
    env = _env(ipitui_home)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, prefix, str(count), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        for prefix in ("left", "right")
    ]
    # both writers have started and opened the journal, however long that took: then go
    assert [_line(p) for p in procs] == ["ready", "ready"]
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with Journal(ipitui_home, "shop") as journal:
        current = journal.current()
        history = journal.history(2 * count + 10)
    batches = {e.batch for e in history}
    writers = [e.sku.split("-")[0] for e in reversed(history)]
    switches = sum(a != b for a, b in zip(writers, writers[1:], strict=False))
    assert switches > 2, "the two writers did not overlap"
    assert len(current) == 2 * count + 1
    for prefix in ("left", "right"):
        for i in range(count):
            assert current[f"{prefix}-{i}"] == Decision(f"{prefix}-{i}", Action.DISPOSE, i + 1)
    assert len(batches) == 2 * count + 1
