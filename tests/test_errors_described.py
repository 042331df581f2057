"""``described``: what the TUI shows for an error, the same words as the CLI for a fault."""

from __future__ import annotations

import errno
from pathlib import Path

from ipitui.errors import UserError, described, fault


def test_a_user_error_is_its_own_message() -> None:
    assert described(UserError("x.txt line 3: not a number")) == "x.txt line 3: not a number"


def test_a_fault_reads_as_the_cli_says_it(tmp_path: Path) -> None:
    exc = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "a.parquet"))
    said = described(exc, tmp_path)
    assert said == str(fault(exc, tmp_path))
    assert said.startswith(f"Cannot write {tmp_path / 'a.parquet'}: the disk is full")
    assert "Nothing stored was changed" in said
    journal = tmp_path / "journal.sqlite"
    readonly = OSError(errno.EROFS, "Read-only file system")
    said = described(readonly, journal, doing="record the decision in")
    assert said.startswith(f"Cannot record the decision in {journal}: it is on a read-only")


def test_a_bug_keeps_its_type() -> None:
    assert described(KeyError("sku")) == "KeyError: 'sku'"
    assert described(RuntimeError()) == "RuntimeError"
