"""What a killed import or write leaves behind, removed by the next ipitui command.

An import stages its files in a hidden ``.import-*`` folder of the account's data directory
(up to hundreds of MB at a million SKUs), and every atomic write (``store.atomic``) first
writes a hidden ``.<name>.*.tmp`` beside its target; a write of the scored account
(``store.scored``) fills a new build folder before it names it. A process killed with SIGKILL
cannot remove them; so every command (``cli.main``, and each import before it stages) sweeps
them. An import killed while it was moving its snapshots into place has those moves finished
first (``atomic.move_all``): the stored snapshots are then all the new ones.

The sweep must never take the files of an import still running in another process. Each
import (and each write of the history sums, which a load may do) holds a *shared* lock on the
account's ``.work.lock`` while it works; the sweep takes the lock *exclusively* without
waiting, and only if it gets it, so no work is under way, removes what it finds. Without
``fcntl`` (not POSIX) only leftovers older than six hours are removed.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from ipitui.store.atomic import finish_moves
from ipitui.store.paths import Home

STAGING_PREFIX = ".import-"
SCORED = "scored"  # the scored account's builds (``store.scored``)
SCORED_POINTER = "current.json"  # in ``SCORED``: names the current build
LOCK_NAME = ".work.lock"
_STALE_SECONDS = 6 * 3600

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


def _leftovers(root: Path) -> Iterator[Path]:
    """The staging folders and unfinished atomic writes under an account's data dir."""
    with contextlib.suppress(OSError):
        for path in root.iterdir():
            if path.name.startswith(STAGING_PREFIX) and path.is_dir():
                yield path
    for folder in (root, root / SCORED, *_subdirs(root / "snapshots")):
        with contextlib.suppress(OSError):
            for path in folder.glob(".*.tmp"):
                yield path
    yield from _unnamed_builds(root / SCORED)


def _unnamed_builds(directory: Path) -> list[Path]:
    """The scored builds in ``directory`` that its pointer does not name: left by a write
    killed halfway (the sweep holds the work lock, so no write is under way). With no
    readable pointer, every build is a leftover: nothing can read them."""
    try:
        named = str(json.loads((directory / SCORED_POINTER).read_text("utf-8"))["build"])
    except (OSError, ValueError, KeyError, TypeError):
        named = None
    return [p for p in _subdirs(directory) if p.name != named]


def _subdirs(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def _finish_and_remove(root: Path, path: Path) -> None:
    if path.name.startswith(STAGING_PREFIX):  # an import killed while moving its snapshots
        with contextlib.suppress(OSError):
            finish_moves(root, path)
    _remove(path)


def sweep_account(root: Path) -> None:
    """Remove the leftovers of the account whose data directory is ``root``, unless work is
    under way in it (a read-only or missing folder is left as it is)."""
    found = list(_leftovers(root))
    if not found:
        return
    if fcntl is None:  # pragma: no cover - not POSIX
        for path in found:
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > _STALE_SECONDS:
                    _finish_and_remove(root, path)
        return
    try:
        fh = open(root / LOCK_NAME, "a")  # noqa: SIM115 (held across the removal below)
    except OSError:
        return  # a read-only home: nothing can be removed (nor was anything written)
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # an import or a write is under way: its files are not leftovers
        try:
            for path in _leftovers(root):
                _finish_and_remove(root, path)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sweep_leftovers(home: Home) -> None:
    """``sweep_account`` for every account of ``home``: cheap (a directory listing each)."""
    try:
        roots = [p for p in home.accounts_data_dir.iterdir() if p.is_dir()]
    except OSError:
        return
    for root in roots:
        sweep_account(root)


@contextlib.contextmanager
def working(root: Path) -> Iterator[None]:
    """Hold the account's work lock shared while staging or writing (see the module)."""
    if fcntl is None:  # pragma: no cover - not POSIX
        yield
        return
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


__all__ = ["LOCK_NAME", "STAGING_PREFIX", "sweep_account", "sweep_leftovers", "working"]
