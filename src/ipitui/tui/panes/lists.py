"""The five table panes: which list each shows, its title, what it says when empty, and
which of its columns matter most for triage.

When the terminal is too narrow for every column, the table draws the key column, then the
``decide`` columns (what the seller decides on, and ipitui's suggestion), then the ``then``
columns, as many as fit, then the list's others (``table_render.layout``); ``h`` / ``l``
still reach every column. At 80 columns every list shows its ``decide`` columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaneSpec:
    id: str  # the pane's id and the key of its list in the scorecard
    title: str
    empty: str
    hint: str  # what the seller usually does here, shown beside the counts when room
    decide: tuple[str, ...] = ()  # the columns the decision rests on, most important first
    then: tuple[str, ...] = ()  # the next ones, when there is room (the title among them)

    @property
    def priority(self) -> tuple[str, ...]:
        """The list's columns by priority for triage (the others follow in their order)."""
        return ("sku", *self.decide, *self.then)


EXCESS = PaneSpec(
    "excess",
    "Excess",
    "No excess: every SKU has less than the excess days of supply.",
    "p promote, r remove, L liquidate",
    decide=(
        "excess_units",
        "days_of_supply",
        "excess_cost_month",
        "points_at_stake",
        "suggested_action",
    ),
    then=("available", "daily_demand", "product_name", "asin", "sell_through", "reason"),
)
STRANDED = PaneSpec(
    "stranded",
    "Stranded",
    "Nothing stranded (or no stranded report imported).",
    "f fix listing, r remove",
    decide=(
        "value_at_risk",
        "days_to_auto_removal",
        "points_at_stake",
        "suggested_action",
        "stranded_reason",
    ),
    then=("units", "product_name", "days_stranded", "primary_action", "asin", "reason"),
)
AGING = PaneSpec(
    "aging",
    "Aging",
    "No units aged over 180 days and nothing to be charged the aged-inventory surcharge.",
    "r remove, L liquidate, p promote",
    decide=(
        "aged_units",
        "surcharge_next",
        "next_charge_date",
        "points_at_stake",
        "suggested_action",
    ),
    then=("available", "product_name", "daily_demand", "units_crossing", "asin", "reason"),
)
STOCK_RISK = PaneSpec(
    "stock_risk",
    "Stock risk",
    "No top seller runs out before a restock could arrive.",
    "s restock",
    decide=(
        "days_to_stockout",
        "reorder_qty",
        "revenue_lost_per_day",
        "points_at_stake",
        "suggested_action",
    ),
    then=("available", "product_name", "inbound", "daily_demand", "cover_days", "asin"),
)
DECISIONS = PaneSpec(
    "decisions",
    "Decisions",
    "No decisions yet: mark SKUs in the lists with r d L p s f c z.",
    "e export, x clear, u undo",
    decide=("action", "quantity", "points", "storage_saving_month", "cash"),
    then=("surcharge_saving", "product_name", "until", "asin", "reason"),
)

LISTS = (EXCESS, STRANDED, AGING, STOCK_RISK)
