"""Atomic file replacement: a reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import contextlib
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
