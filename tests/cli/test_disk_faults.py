"""A read-only home and a full disk: every command says the real cause, exits 2 and changes
nothing stored; reading (score, marks) still works on a read-only home.

Both use real filesystems, mounted for the test: a read-only bind mount of a home (chmod does
not stop root, who runs these tests in CI) and a small tmpfs filled to the last byte. Where
mounting is not allowed (not root, no CAP_SYS_ADMIN), the tests are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from ipitui.cli import main
from ipitui.demo import DemoFiles, write_demo
from ipitui.store import snapshots
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import resolve_home

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mounts are POSIX")


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode})")


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), skus=40, seed=3)


def _seed(root: Path, demo_files: DemoFiles) -> list[str]:
    """A home at ``root`` with the demo imported, scored, one decision; its SKUs."""
    home = resolve_home(root)
    slug = add_account(home, "Shop").slug
    snapshots.import_files(home, slug, demo_files.paths)
    skus = snapshots.known_skus(home, slug).sort().to_list()
    assert main(["--home", str(root), "mark", skus[0], "--dispose", "--qty", "1"]) == 0
    assert main(["--home", str(root), "score"]) == 0  # stores the scored account
    return skus


def _files(root: Path) -> dict[str, bytes]:
    """Every stored file's bytes (not the lock files, nor SQLite's own WAL and index files,
    which a connection may leave empty; the journal's decisions are compared as read)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith((".lock", "-wal", "-shm"))
    }


@pytest.fixture
def read_only(tmp_path: Path, demo_files: DemoFiles) -> Iterator[tuple[Path, list[str]]]:
    source, view = tmp_path / "home", tmp_path / "ro"
    view.mkdir()
    skus = _seed(source, demo_files)
    _mount("--bind", "-o", "ro", str(source), str(view))
    try:
        probe = view / "probe"
        with pytest.raises(OSError):
            probe.write_text("x")
        yield view, skus
    finally:
        _umount(view)


@pytest.fixture
def full(tmp_path: Path, demo_files: DemoFiles) -> Iterator[tuple[Path, list[str]]]:
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk))
    try:
        skus = _seed(disk / "home", demo_files)
        filler = disk / "filler"
        with open(filler, "wb", buffering=0) as fh:  # every last block taken
            try:
                while True:
                    fh.write(b"\0" * (1 << 16))
            except OSError:
                pass
            try:
                while True:
                    fh.write(b"\0")
            except OSError:
                pass
        assert os.statvfs(disk).f_bavail == 0
        yield disk / "home", skus
    finally:
        _umount(disk)


def _run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--home", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _writes(skus: list[str], report: Path) -> list[list[str]]:
    return [
        ["mark", skus[1], "--dispose", "--qty", "1"],
        ["mark", skus[0], "--clear"],
        ["undo"],
        ["redo"],
        ["export"],
        ["import", str(report)],
        ["import", str(report), "--account", "New shop"],
        ["accounts", "add", "Other"],
        ["ipi", "add", "2026-01-05", "400"],
    ]


def test_a_read_only_home_reads_and_says_why_it_cannot_write(
    read_only: tuple[Path, list[str]],
    demo_files: DemoFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, skus = read_only
    before = _files(root)
    code, out, err = _run(capsys, root, "score")
    assert code == 0 and "IPI" in out, err
    code, out, _ = _run(capsys, root, "marks")
    assert code == 0 and skus[0] in out
    for argv in _writes(skus, demo_files.planning[-1]):
        code, out, err = _run(capsys, root, *argv)
        assert code == 2, (argv, out, err)
        assert "read-only file system" in err, (argv, err)
        assert "Nothing stored was changed" in err and "Traceback" not in err
        assert "damaged" not in err and "move the file aside" not in err.lower(), (argv, err)
    assert str(resolve_home(root).journal("shop")) in _run(capsys, root, "undo")[2]
    assert _files(root) == before


def test_a_full_disk_says_so_and_changes_nothing(
    full: tuple[Path, list[str]],
    demo_files: DemoFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, skus = full
    before = _files(root)
    code, out, err = _run(capsys, root, "score")
    assert code == 0 and "IPI" in out, err
    for argv in _writes(skus, demo_files.planning[-1]):
        code, out, err = _run(capsys, root, *argv)
        if argv[0] == "redo":  # nothing was undone: nothing to write
            continue
        assert code == 2, (argv, out, err)
        assert "disk is full" in err, (argv, err)
        assert "Nothing stored was changed" in err or "Nothing was changed" in err
        assert "Traceback" not in err and "damaged" not in err, (argv, err)
    assert _files(root) == before
    home = resolve_home(root)
    with Journal(home, "shop") as journal:
        assert list(journal.current()) == [skus[0]]
    assert pl.read_parquet(next((home.snapshots_dir("shop") / "planning").glob("*.parquet"))).height


def test_a_home_that_cannot_be_opened_for_writing_is_not_called_damaged(
    read_only: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The journal of a read-only home opens for reading, and a write names the cause."""
    root, skus = read_only
    with Journal(resolve_home(root), "shop") as journal:
        assert journal.cannot_write is not None and journal.cannot_write.reason == "readonly"
        assert list(journal.current()) == [skus[0]]


def test_killed_leftovers_are_kept_on_a_read_only_home(
    read_only: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Sweeping leftovers on a home that cannot be written never stops a command."""
    root, _ = read_only
    assert _run(capsys, root, "accounts", "list")[0] == 0
    shutil.disk_usage(root)  # still mounted
