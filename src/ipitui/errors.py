"""Errors a user can act on. The CLI prints them as one message and exits 2.

``fault`` turns what the machine refused (a read-only or full disk, a missing permission, too
many open files, a busy database) into the same kind of message as bad input: what happened,
which path, that nothing stored was changed, and what to do. The CLI and the TUI both use it,
so a fault reads the same wherever it happens.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class UserError(Exception):
    """A problem the user can act on: what went wrong, where, and that nothing was changed."""


class Fault(UserError):
    """The machine refused a read or a write (disk, permissions, limits): nothing stored was
    changed. ``reason`` is one of the keys of ``_REASONS``."""

    def __init__(self, message: str, reason: str, path: Path | None) -> None:
        super().__init__(message)
        self.reason = reason
        self.path = path


_HOME_ADVICE = "or keep ipitui's data elsewhere with --home DIR (or IPITUI_HOME)"
# reason -> (what happened, what to do)
_REASONS = {
    "readonly": (
        "it is on a read-only file system",
        f"mount it writable, {_HOME_ADVICE}; reading (score, marks, the TUI) still works",
    ),
    "full": ("the disk is full", "free some space on that disk, then run the command again"),
    "permission": (
        "permission was denied",
        f"give your user the right to write there, {_HOME_ADVICE}",
    ),
    "files": (
        "too many files are open",
        "close other programs or raise the limit (ulimit -n), then run the command again",
    ),
    "busy": (
        "another ipitui kept it busy too long",
        "wait for the other ipitui to finish, then run the command again",
    ),
    "io": ("the disk reported an input/output error", "check the disk, then try again"),
    "other": ("the operating system refused", "check the path, then try again"),
}
_ERRNOS = {
    errno.EROFS: "readonly",
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EMFILE: "files",
    errno.ENFILE: "files",
    errno.EIO: "io",
}
# the words of SQLite's and polars' messages (they carry no errno) -> reason
_TEXTS = (
    (re.compile(r"read-only file system|readonly database|read only", re.I), "readonly"),
    (re.compile(r"no space left|disk is full|disk quota", re.I), "full"),
    (re.compile(r"permission denied|operation not permitted", re.I), "permission"),
    (re.compile(r"too many open files", re.I), "files"),
    (re.compile(r"database is locked|database is busy", re.I), "busy"),
    (re.compile(r"disk i/o error|input/output error", re.I), "io"),
)


def _is_os_error(exc: BaseException) -> bool:
    """An error of the machine, not of the data: ``OSError``, SQLite's operational errors
    and polars' errors that carry an OS error's words."""
    if isinstance(exc, OSError):
        return exc.errno is not None  # bz2's or gzip's "invalid data" carries none
    kind = type(exc)
    module = kind.__module__ or ""
    if module.startswith("sqlite3"):
        return kind.__name__ == "OperationalError"
    if module.startswith("polars"):
        return any(pattern.search(str(exc)) for pattern, _ in _TEXTS)
    return False


def writable_problem(path: Path) -> str | None:
    """Why nothing can be written at ``path`` (or the nearest folder above it that exists):
    a reason of ``_REASONS``, or None when nothing says it cannot."""
    here = Path(path)
    while not here.exists() and here != here.parent:
        here = here.parent
    try:
        stat = os.statvfs(here)
    except (OSError, AttributeError):
        return None
    if stat.f_flag & getattr(os, "ST_RDONLY", 1):
        return "readonly"
    if not os.access(here, os.W_OK):
        return "permission"
    if stat.f_bavail == 0:
        return "full"
    return None


def fault(
    exc: BaseException, path: str | os.PathLike[str] | None = None, *, doing: str = "write"
) -> Fault | None:
    """The message for ``exc`` if it is the machine's refusal (None if it is not one).

    ``path`` is the file or folder the command worked on when the error does not name one;
    ``doing`` says what it was doing there ("write", "read", "record the decision in")."""
    reason = None
    if not _is_os_error(exc):
        # polars writing parquet to a full disk can fail reading back what it cut short
        # ("Invalid thrift"): the disk, not the data, is the cause when it is full
        if not (type(exc).__module__ or "").startswith("polars") or path is None:
            return None
        reason = writable_problem(Path(path))
        if reason not in ("full", "readonly"):
            return None
    if isinstance(exc, OSError):
        reason = _ERRNOS.get(exc.errno or 0, reason)
        if exc.filename is not None:
            path = os.fsdecode(exc.filename)
    text = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
    if reason is None:
        reason = next((r for pattern, r in _TEXTS if pattern.search(text)), None)
    where = Path(path) if path is not None else None
    if reason in (None, "io") and where is not None:
        # SQLite says "unable to open database file" or "disk I/O error" when it cannot
        # make its WAL index on a read-only or full disk: the disk itself says which
        reason = writable_problem(where) or reason
    reason = reason or "other"
    what, advice = _REASONS[reason]
    detail = text.splitlines()[0][:200] if text else type(exc).__name__
    target = f" {where}" if where is not None else ""
    return Fault(
        f"Cannot {doing}{target}: {what} ({detail}). Nothing stored was changed. "
        f"To go on: {advice}.",
        reason,
        where,
    )


def described(
    exc: BaseException, path: str | os.PathLike[str] | None = None, *, doing: str = "write"
) -> str:
    """What to show for ``exc`` where no traceback can be (the TUI): a ``UserError``'s own
    message, the machine's refusal as ``fault`` says it, or, for anything else (a bug), its
    type and text."""
    if isinstance(exc, UserError):
        return str(exc)
    said = fault(exc, path, doing=doing)
    if said is not None:
        return str(said)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
