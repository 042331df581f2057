"""What a seller can decide for a SKU. Shared by the journal, the what-if and the TUI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Action(StrEnum):
    REMOVE = "remove"
    DISPOSE = "dispose"
    LIQUIDATE = "liquidate"
    PROMOTE = "promote"
    RESTOCK = "restock"
    FIX = "fix"
    DISCONTINUE = "discontinue"
    SNOOZE = "snooze"

    @property
    def letter(self) -> str:
        """The one-letter mark shown in tables (never colour alone)."""
        return ACTION_LETTERS[self]


ACTION_LETTERS: dict[Action, str] = {
    Action.REMOVE: "R",
    Action.DISPOSE: "D",
    Action.LIQUIDATE: "L",
    Action.PROMOTE: "P",
    Action.RESTOCK: "S",
    Action.FIX: "F",
    Action.DISCONTINUE: "X",
    Action.SNOOZE: "Z",
}

# The actions that take a number of units (the others: promote, discontinue, snooze).
QUANTITY_ACTIONS: frozenset[Action] = frozenset(
    {Action.REMOVE, Action.DISPOSE, Action.LIQUIDATE, Action.RESTOCK, Action.FIX}
)


@dataclass(frozen=True)
class Decision:
    """One current decision for one SKU (the journal derives these from its events)."""

    sku: str
    action: Action
    quantity: int | None = None  # None: the default (excess units, or all stranded units)
    discount_pct: float | None = None  # promote
    uplift_pct: float | None = None  # promote
    days: int | None = None  # promote duration
    until: date | None = None  # snooze
    note: str = ""
