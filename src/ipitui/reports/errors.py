"""What is wrong with a report file, said so that the seller can find it and fix it.

Text taken from a file is data: :func:`shown` escapes control characters (the terminal
cleaner of ``ipitui.format``, escaping) and cuts long values, so an error message can never
move the cursor, change colours, reorder the line or fill the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ipitui.errors import UserError
from ipitui.format import terminal_text

SHOW_ROWS = 10  # bad rows listed in a message; the rest are counted


def shown(value: str | None, limit: int = 60) -> str:
    """``value`` safe to print: unsafe characters escaped (``\\x1b``), at most ``limit``
    characters; ``(blank)`` for None."""
    if value is None:
        return "(blank)"
    return terminal_text(value, escape=True, limit=limit)


@dataclass(frozen=True)
class BadRow:
    """One row the reader could not take, and why (the first problem found in it)."""

    line: int  # the header is line 1
    column: str | None  # the header as the file spells it
    value: str | None
    reason: str

    def describe(self) -> str:
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column '{shown(self.column, 50)}'"
        if self.value is not None:
            return f"{where}: {self.reason} ('{shown(self.value)}')"
        return f"{where}: {self.reason}"


class ReportError(UserError):
    """A report file that cannot be imported: which file, where, and what is wrong."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        bad_rows: Sequence[BadRow] = (),
        bad_row_count: int = 0,
    ) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.column = column
        self.value = value
        self.bad_rows = list(bad_rows)
        self.bad_row_count = max(bad_row_count, len(self.bad_rows))
        super().__init__(self.describe())

    def describe(self) -> str:
        where = shown(str(self.path), 200)
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{shown(self.column, 50)}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" ('{shown(self.value)}')"
        if self.bad_rows:
            listed = self.bad_rows[:SHOW_ROWS]
            text += "".join(f"\n  {row.describe()}" for row in listed)
            if self.bad_row_count > len(listed):
                text += f"\n  … and {self.bad_row_count - len(listed):,} more"
        return text
