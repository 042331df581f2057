"""What a seller can decide for a SKU: the one table of actions, their fields and checks.

Each :class:`Action` has one :class:`ActionSpec` in :data:`ACTIONS`: its letter (shown in
tables), its verb (the form's title), the fields it takes and where a blank quantity's default
comes from. Each field has one :class:`Field` in :data:`FIELDS`: its label and hint (the
form), its ``ipitui mark`` flag and its limits. :meth:`Decision.problems` checks a decision
against them; the journal, the TUI's form and ``ipitui mark`` are all built from these tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

MAX_DISCOUNT_PCT = 95.0
MAX_UPLIFT_PCT = 1000.0
MAX_PROMOTION_DAYS = 365
MAX_NOTE = 200  # characters of a note the form keeps


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
        return ACTIONS[self].letter

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self]


@dataclass(frozen=True)
class Field:
    """One parameter of a decision (an attribute of :class:`Decision`)."""

    name: str  # the Decision attribute
    short: str  # how problems name it
    label: str  # the form's label
    hint: str  # what the form expects
    flag: str  # ``ipitui mark --flag``
    kind: str  # "whole", "number", "date" or "text"
    help: str  # the flag's help in ``ipitui mark --help``
    low: float | None = None  # the least value allowed
    high: float | None = None  # the most value allowed (for text: the characters kept)

    def in_range(self, value: float) -> bool:
        """Whether ``value`` is within this field's limits (never for NaN or infinity)."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("quantity", "quantity", "Units", "a whole number of units, 1 or more", "qty",
              "whole", "units (default: the excess units)", low=1),
        Field("discount_pct", "discount", "Discount %", f"0 to {MAX_DISCOUNT_PCT:g}",
              "discount", "number", "promote: discount percent", low=0.0,
              high=MAX_DISCOUNT_PCT),
        Field("uplift_pct", "uplift", "Demand uplift %",
              f"expected extra sales, 0 to {MAX_UPLIFT_PCT:g}", "uplift", "number",
              "promote: expected demand uplift", low=0.0, high=MAX_UPLIFT_PCT),
        Field("days", "days", "Days", f"how long the promotion runs, 1 to {MAX_PROMOTION_DAYS}",
              "days", "whole", "promote: duration in days", low=1, high=MAX_PROMOTION_DAYS),
        Field("until", "until", "Until", "a date after today, YYYY-MM-DD", "until", "date",
              "snooze: until this date"),
        Field("note", "note", "Note", "optional, for you", "note", "text", "", high=MAX_NOTE),
    )
}  # fmt: skip
PARAMS: tuple[str, ...] = tuple(FIELDS)  # every parameter of a decision, in the form's order


@dataclass(frozen=True)
class ActionSpec:
    """What one action is and takes."""

    action: Action
    letter: str  # the one-letter mark
    verb: str  # the form's title
    fields: tuple[str, ...]  # the FIELDS it takes, in the form's order
    quantity_default: str | None = None  # what a blank quantity means: "each SKU's …"


ACTIONS: dict[Action, ActionSpec] = {
    s.action: s
    for s in (
        ActionSpec(Action.REMOVE, "R", "Remove (return to you)", ("quantity", "note"),
                   "excess units"),
        ActionSpec(Action.DISPOSE, "D", "Dispose", ("quantity", "note"), "excess units"),
        ActionSpec(Action.LIQUIDATE, "L", "Liquidate", ("quantity", "note"), "excess units"),
        ActionSpec(Action.PROMOTE, "P", "Promote", ("discount_pct", "uplift_pct", "days", "note")),
        ActionSpec(Action.RESTOCK, "S", "Restock", ("quantity", "note"), "reorder quantity"),
        ActionSpec(Action.FIX, "F", "Fix the listing", ("quantity", "note"), "stranded units"),
        ActionSpec(Action.DISCONTINUE, "X", "Discontinue", ("note",)),
        ActionSpec(Action.SNOOZE, "Z", "Snooze", ("until", "note")),
    )
}  # fmt: skip

ACTION_LETTERS: dict[Action, str] = {a: s.letter for a, s in ACTIONS.items()}

# The actions that take a number of units (the others: promote, discontinue, snooze).
QUANTITY_ACTIONS: frozenset[Action] = frozenset(
    a for a, s in ACTIONS.items() if "quantity" in s.fields
)


def _takers(name: str) -> str:
    return " or ".join(a.value for a, s in ACTIONS.items() if name in s.fields)


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

    def problems(self, today: date | None = None) -> list[str]:
        """What is wrong with this decision's SKU, action and parameters, one readable
        sentence each (empty when it can be recorded). ``today``: for a snooze date."""
        today = today or date.today()
        problems = []
        if not isinstance(self.sku, str) or not self.sku.strip():
            problems.append("a SKU cannot be empty")
        if not isinstance(self.action, Action):
            return [*problems, f"unknown action {self.action!r}"]
        spec = ACTIONS[self.action]
        q = self.quantity
        if q is not None and (
            isinstance(q, bool) or not isinstance(q, int) or not FIELDS["quantity"].in_range(q)
        ):
            low = FIELDS["quantity"].low or 0
            problems.append(f"the quantity must be a whole number above {low - 1:g}, not {q}")
        elif q is not None and "quantity" not in spec.fields:
            problems.append(f"a quantity does not apply to {self.action.value}")
        ranged = [FIELDS[n] for n in ("discount_pct", "uplift_pct", "days")]
        stray = [
            f for f in ranged if getattr(self, f.name) is not None and f.name not in spec.fields
        ]
        if stray:
            names = ", ".join(f.short for f in stray)
            problems.append(f"{names} only apply to {_takers(stray[0].name)}")
        for f in ranged:
            value = getattr(self, f.name)
            if value is not None and f.name in spec.fields and not f.in_range(value):
                problems.append(f"{f.short} must be between {f.low:g} and {f.high:g}, not {value}")
        if "until" in spec.fields:
            if self.until is None:
                problems.append(f"{self.action.value} needs a date to snooze until")
            elif self.until <= today:
                problems.append(f"{self.action.value} until {self.until} is not in the future")
        elif self.until is not None:
            problems.append(f"a date to snooze until only applies to {_takers('until')}")
        return problems


def decision_from(sku: str, action: Action, params: Mapping[str, Any]) -> Decision:
    """The decision for ``sku`` from the values of its fields (a blank note is "")."""
    return Decision(
        sku,
        action,
        quantity=params.get("quantity"),
        discount_pct=params.get("discount_pct"),
        uplift_pct=params.get("uplift_pct"),
        days=params.get("days"),
        until=params.get("until"),
        note=params.get("note") or "",
    )
