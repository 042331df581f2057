"""What a list and the decisions add up to (the status line under each list).

A list's total is its ``ListTotal`` (SKUs and units); the decisions' total sums what they save
and the cash they move. The IPI points are not summed: each decision's points are its own
what-if, one at a time, and do not add up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

# the decisions' columns that add up, and the name each total is shown under
DECISION_SUMS = (
    ("storage_saving_month", "saves per month"),
    ("surcharge_saving", "surcharge saved"),
    ("cash", "cash"),
)
NOT_KNOWN = "not known"


def list_total(card: Any, list_id: str) -> Mapping[str, Any] | None:
    """The total of list ``list_id`` of a scorecard as a mapping (None: it has none)."""
    totals = getattr(card, "list_totals", None) or {}
    value = totals.get(list_id)
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else None


def list_count(card: Any, list_id: str) -> int | None:
    """How many rows list ``list_id`` has (None: the scorecard has no such list); from its
    total when it has one (a stored list is then not read from disk)."""
    total = (getattr(card, "list_totals", None) or {}).get(list_id)
    if total is not None and isinstance(getattr(total, "count", None), int):
        return int(total.count)
    frame = card.lists.get(list_id)
    return None if frame is None else frame.height


def decision_totals(effects: pl.DataFrame) -> dict[str, Any]:
    """What the decisions add up to: their number and each of :data:`DECISION_SUMS`."""
    totals: dict[str, Any] = {"decisions": effects.height}
    for column, name in DECISION_SUMS:
        if column in effects.columns and effects.height:
            values = effects.get_column(column).fill_nan(None)
            # an amount whose rate is not known makes the total unknown, never a smaller sum
            totals[name] = NOT_KNOWN if values.null_count() else float(values.sum())
    return totals
