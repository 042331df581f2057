"""An import killed with SIGKILL at any moment leaves the stored snapshot whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from ipitui.reports import layouts as L
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home, resolve_home
from ipitui.store.snapshots import import_files, load_account_data

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

DAY = "2026-05-14"
IMPORT = (
    "import sys\n"
    "from ipitui.store.paths import resolve_home\n"
    "from ipitui.store.snapshots import import_files\n"
    "import_files(resolve_home(), sys.argv[1], [sys.argv[2]])\n"
)
# The same import, stopped once its snapshot is written in the staging directory and before
# anything is stored: it says so, then waits there to be killed.
PAUSED_IMPORT = (
    "import sys, time\n"
    "from ipitui.store import snapshots\n"
    "from ipitui.store.paths import resolve_home\n"
    "read = snapshots.read_report\n"
    "def staged(*args, **kwargs):\n"
    "    result = read(*args, **kwargs)\n"
    "    print('staged', result.staged, flush=True)\n"
    "    time.sleep(600)\n"
    "snapshots.read_report = staged\n"
    "snapshots.import_files(resolve_home(), sys.argv[1], [sys.argv[2]])\n"
)


def big_planning_file(path: Path, rows: int) -> Path:
    """A planning report of ``rows`` rows, written by polars (every cell a number or text)."""
    i = pl.int_range(rows, eager=True)
    columns = {h: (i * (k + 1) % 997).cast(pl.String) for k, h in enumerate(L.PLANNING_2026_US)}
    frame = pl.DataFrame(columns).with_columns(
        pl.lit(DAY).alias("snapshot-date"),
        ("SKU-" + i.cast(pl.String)).alias("sku"),
        pl.lit('Figura 10" Deluxe, red').alias("product-name"),
        *(
            pl.lit("").alias(h)
            for h in L.PLANNING_2026_US
            if "date" in h.lower() and h != "snapshot-date"
        ),
    )
    frame.write_csv(path, separator="\t", quote_style="never")
    return path


def small_planning_file(path: Path) -> Path:
    lines = ["\t".join(L.PLANNING_2026_US)]
    for n in range(5):
        row = dict.fromkeys(L.PLANNING_2026_US, "")
        row.update({"snapshot-date": DAY, "sku": f"OLD-{n}", "available": str(n)})
        lines.append("\t".join(row.values()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def files_of(home: Home, slug: str) -> dict[str, bytes]:
    root = home.account_data(slug)
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".import-" not in str(p) and p.name != ".import.lock"
    }


def start(
    home: Home, slug: str, path: Path, script: str = IMPORT, stdout: int | None = None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "IPITUI_HOME": str(home.config_dir.parent)}
    command = [sys.executable, "-c", script, slug, str(path)]
    return subprocess.Popen(command, env=env, stdout=stdout)


def test_killed_while_writing_the_snapshot(ipitui_home: Home, tmp_path: Path) -> None:
    slug = add_account(ipitui_home, "Shop").slug
    import_files(ipitui_home, slug, [small_planning_file(tmp_path / "old.txt")])
    before = files_of(ipitui_home, slug)
    big = big_planning_file(tmp_path / "big.txt", 100_000)
    # Killed at a known moment (not when a poll happens to see the staged file: the import
    # could finish between the look and the kill): its snapshot written, nothing stored yet.
    proc = start(ipitui_home, slug, big, PAUSED_IMPORT, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    said = proc.stdout.readline().decode().split(maxsplit=1)
    assert said[:1] == ["staged"], f"the import ended before it was written (exit {proc.wait()})"
    staged = Path(said[1].strip())
    assert staged.stat().st_size > 0 and ".import-" in staged.parent.name
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert files_of(ipitui_home, slug) == before
    data = load_account_data(ipitui_home, slug)
    assert data is not None and data.planning.collect()["sku"].to_list()[:2] == ["OLD-0", "OLD-1"]
    # The next import goes through and leaves no staging directory of its own.
    (summary,) = import_files(ipitui_home, slug, [big])
    assert summary.rows == 100_000 and summary.replaced


def test_killed_at_any_moment_the_snapshot_is_old_or_new(ipitui_home: Home, tmp_path: Path) -> None:
    slug = add_account(ipitui_home, "Shop").slug
    import_files(ipitui_home, slug, [small_planning_file(tmp_path / "old.txt")])
    old = files_of(ipitui_home, slug)
    target = f"snapshots/planning/{DAY}.parquet"
    big = big_planning_file(tmp_path / "big.txt", 30_000)
    began = time.monotonic()
    start(resolve_home(tmp_path / "timing"), "timing", big).wait()
    took = time.monotonic() - began
    outcomes = set()
    for step in range(5):
        proc = start(ipitui_home, slug, big)
        time.sleep(took * step / 4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = files_of(ipitui_home, slug)
        if now[target] == old[target]:
            outcomes.add("old")
        else:
            assert pl.read_parquet(ipitui_home.account_data(slug) / target).height == 30_000
            outcomes.add("new")
    assert "old" in outcomes


def _staging_dirs(home: Home, slug: str) -> list[Path]:
    return list(home.account_data(slug).glob(".import-*"))


def test_the_next_command_removes_a_killed_imports_staging(
    ipitui_home: Home, tmp_path: Path
) -> None:
    """A staged import killed with SIGKILL leaves its staging folder; any next command (here
    `accounts list`) removes it, but never the staging of an import still running."""
    from ipitui.cli import main

    slug = add_account(ipitui_home, "Shop").slug
    small = small_planning_file(tmp_path / "small.txt")
    running = start(ipitui_home, slug, small, PAUSED_IMPORT, stdout=subprocess.PIPE)
    assert running.stdout is not None
    assert running.stdout.readline().startswith(b"staged")
    killed = start(ipitui_home, slug, small, PAUSED_IMPORT, stdout=subprocess.PIPE)
    assert killed.stdout is not None
    assert killed.stdout.readline().startswith(b"staged")
    assert len(_staging_dirs(ipitui_home, slug)) == 2
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    killed.stdout.close()
    assert main(["accounts", "list"]) == 0  # the running import still holds its staging
    assert len(_staging_dirs(ipitui_home, slug)) == 2
    running.send_signal(signal.SIGKILL)
    running.wait()
    running.stdout.close()
    leftover = ipitui_home.account_data(slug) / ".history-sums.parquet.x.tmp"
    leftover.write_bytes(b"cut short")
    assert main(["accounts", "list"]) == 0
    assert _staging_dirs(ipitui_home, slug) == [] and not leftover.exists()
