"""A change to an account's decisions, as the screen queues it for the journal's writer.

Plain values with no polars behind them, so that the screen can name them before the
account (and the scoring core) is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipitui.core.decisions import Decision


@dataclass(frozen=True)
class Record:
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class Clear:
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class Redo:
    pass


@dataclass(frozen=True)
class Refresh:
    """Re-read the journal and re-score (e.g. when the terminal regains focus)."""


Op = Record | Clear | Undo | Redo | Refresh
