"""``ipitui import`` killed with SIGKILL at any moment: the next ipitui command leaves no
staging folder, no unfinished write and no partial snapshot, and the account's snapshots
are all the old ones or all the new ones, never a mix."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ipitui.cli import main
from ipitui.demo import write_demo

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

TODAY = date(2026, 5, 14)
KILLS = 8


def _import(home: Path, files: list[Path]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ipitui", "--home", str(home), "import", *map(str, files)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _snapshots(home: Path) -> dict[str, bytes]:
    """Every stored snapshot file's bytes, by its path under the account's data."""
    found = {}
    for path in sorted(home.rglob("snapshots/*/*")):
        found[str(path.relative_to(home))] = path.read_bytes()
    return found


def _leftovers(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.name.startswith(".import-") or p.name.endswith(".tmp")]


def test_killed_at_random_moments_the_next_command_leaves_old_or_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_files = write_demo(tmp_path / "old", skus=20_000, seed=1, today=TODAY, history_weeks=3)
    new_files = write_demo(tmp_path / "new", skus=20_000, seed=2, today=TODAY, history_weeks=3)
    new = list(new_files.paths)
    home = tmp_path / "home"
    assert (
        main(["--home", str(home), "import", *map(str, old_files.paths), "--account", "Shop"]) == 0
    )
    old = _snapshots(home)
    # the import's whole duration, and what it stores, measured on a copy
    shutil.copytree(home, tmp_path / "timing")
    began = time.monotonic()
    assert _import(tmp_path / "timing", new).wait() == 0
    took = time.monotonic() - began
    done = _snapshots(tmp_path / "timing")
    assert done != old and done.keys() == old.keys()

    rng = random.Random(15)
    seen = []
    for moment in sorted(rng.uniform(0, took) for _ in range(KILLS)):
        proc = _import(home, new)
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert main(["--home", str(home), "accounts", "list"]) == 0
        capsys.readouterr()
        assert _leftovers(home) == [], f"killed after {moment:.2f} s of {took:.2f} s"
        now = _snapshots(home)
        assert now in (old, done), f"a mix of old and new snapshots after {moment:.2f} s"
        for name in now:
            pl.read_parquet(home / name)  # whole, never a partial file
        seen.append("old" if now == old else "new")
        if now == done:  # back to the old ones, to kill the next import
            shutil.rmtree(home)
            assert (
                main(
                    ["--home", str(home), "import", *map(str, old_files.paths), "--account", "Shop"]
                )
                == 0
            )
            assert _snapshots(home) == old
    assert "old" in seen, seen  # the kills fell inside the import, not only after it


_KILLED_AFTER_FIRST_MOVE = """
import os, signal, sys
from ipitui.store import atomic
real = atomic.os.replace
made = []

def replace(src, dst):
    real(src, dst)
    if str(dst).endswith(".parquet") and ".import-" in str(src):
        made.append(dst)
        os.kill(os.getpid(), signal.SIGKILL)  # killed between two snapshots' moves

atomic.os.replace = replace
from ipitui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_killed_between_two_snapshots_moves_the_next_command_finishes_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_files = write_demo(tmp_path / "old", skus=2_000, seed=1, today=TODAY, history_weeks=1)
    new_files = write_demo(tmp_path / "new", skus=2_000, seed=2, today=TODAY, history_weeks=1)
    home = tmp_path / "home"
    assert main(["--home", str(home), "import", *map(str, old_files.paths), "-a", "Shop"]) == 0
    old = _snapshots(home)
    shutil.copytree(home, tmp_path / "expected")
    assert _import(tmp_path / "expected", list(new_files.paths)).wait() == 0
    done = _snapshots(tmp_path / "expected")
    log = "data/accounts/shop/imports.json"
    command = [sys.executable, "-c", _KILLED_AFTER_FIRST_MOVE, "--home", str(home), "import"]
    killed = subprocess.run([*command, *map(str, new_files.paths)], check=False)
    assert killed.returncode == -signal.SIGKILL
    now = _snapshots(home)
    assert now != old and now != done  # a mix on disk, as the kill left it
    assert main(["--home", str(home), "accounts", "list"]) == 0
    capsys.readouterr()
    assert _snapshots(home) == done and _leftovers(home) == []
    assert (home / log).read_text() == (tmp_path / "expected" / log).read_text()
