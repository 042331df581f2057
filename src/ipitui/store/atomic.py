"""Atomic file replacement: a reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is fsynced and renamed over it.

    If the body raises, the temporary file is removed and ``target`` is untouched. With
    ``overwrite=False`` an existing ``target`` is never replaced (``FileExistsError``).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    # mkstemp makes the file 0600; give it the permissions any new file of the user's gets.
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            # link() fails if the target exists, so two writers can never clobber each other.
            os.link(tmp, target)
            tmp.unlink()
        _fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_atomic(target: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target, overwrite=overwrite) as tmp:
        tmp.write_bytes(data)


# In a staging folder: the moves a commit (``move_all``) makes, so that a process killed
# halfway through them is finished by the next one (``finish_moves``).
MOVES = "moves.json"


def move_all(root: Path, staging: Path, moves: list[tuple[Path, Path]]) -> None:
    """Move each staged file (in ``staging``, under ``root``) over its target (under
    ``root``): all of them or, to a reader after a kill, none until the next ipitui command
    finishes them. The files are made durable and the moves written down in ``staging``
    first; a kill before that leaves every target as it was (the staging folder is then a
    leftover), a kill after it is finished by ``finish_moves``."""
    for source, _ in moves:
        with open(source, "rb+") as fh:
            os.fsync(fh.fileno())
    listed = [[str(s.relative_to(root)), str(t.relative_to(root))] for s, t in moves]
    write_atomic(staging / MOVES, json.dumps(listed).encode("utf-8"))
    finish_moves(root, staging)


def finish_moves(root: Path, staging: Path) -> None:
    """Make the moves written down in ``staging`` (``move_all``) that are not made yet (a
    source gone is a move made); nothing when none are written down."""
    try:
        listed = json.loads((staging / MOVES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # none written down (or torn: the moves had not begun)
    for source, target in listed:
        path = root / target
        if (root / source).exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(root / source, path)
            _fsync_dir(path.parent)
    (staging / MOVES).unlink()
