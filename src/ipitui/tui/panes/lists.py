"""The five table panes: which list each shows, its title, and what it says when empty."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaneSpec:
    id: str  # the pane's id and the key of its list in the scorecard
    title: str
    empty: str
    hint: str  # what the seller usually does here, shown beside the counts when room


EXCESS = PaneSpec(
    "excess",
    "Excess",
    "No excess: every SKU has less than the excess days of supply.",
    "p promote, r remove, L liquidate",
)
STRANDED = PaneSpec(
    "stranded",
    "Stranded",
    "Nothing stranded (or no stranded report imported).",
    "f fix listing, r remove",
)
AGING = PaneSpec(
    "aging",
    "Aging",
    "No units aged over 180 days and nothing to be charged the aged-inventory surcharge.",
    "r remove, L liquidate, p promote",
)
STOCK_RISK = PaneSpec(
    "stock_risk",
    "Stock risk",
    "No top seller runs out before a restock could arrive.",
    "s restock",
)
DECISIONS = PaneSpec(
    "decisions",
    "Decisions",
    "No decisions yet: mark SKUs in the lists with r d L p s f c z.",
    "e export, x clear, u undo",
)

LISTS = (EXCESS, STRANDED, AGING, STOCK_RISK)
