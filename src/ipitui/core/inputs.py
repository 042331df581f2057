"""What ``core`` scores: one account's stored snapshots, as canonical polars frames.

Column names are the canonical names of the 2026 headers (``reports.layouts.canon``):
``available``, ``units_shipped_t30``, ``inv_age_366_to_455_days``, ``fulfillable_qty`` …
The reader maps older spellings onto them (``reports.columns``), types them (quantities
``Int64``, money/volumes/ratios ``Float64``, dates ``Date``, the rest ``String``) and leaves
unknown cells null. Older layouts keep their own extra columns (``inv_age_365_plus_days``,
``quantity_to_be_charged_ais_365_plus_days``, LTSF columns) under their canonical names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ipitui.core import plausible
from ipitui.core.history import HistorySums

# The kinds of snapshot an account stores (one parquet file per kind and snapshot date).
PLANNING = "planning"  # FBA Inventory / Manage Inventory Health (and the legacy age report)
STRANDED = "stranded"
RESTOCK = "restock"
INVENTORY = "inventory"  # Manage FBA Inventory (MYI)
REMOVALS = "removals"  # removal order detail
KINDS = (PLANNING, STRANDED, RESTOCK, INVENTORY, REMOVALS)


@dataclass
class AccountData:
    """The newest snapshot of each kind, plus the planning history.

    The big ones (planning, restock, Manage FBA Inventory) are lazy scans: ``prepare`` reads
    only the columns it scores, the SKU detail only one SKU's rows, so that a million-SKU
    account fits in memory. The stranded and removal reports are small and read whole.
    """

    snapshot_date: date  # the newest planning snapshot's date
    planning: pl.LazyFrame  # the newest planning snapshot: one row per SKU, every column
    # Every stored planning snapshot (newest included), all columns, lazily scanned so that
    # only the columns a computation needs are read. Has a ``snapshot_date`` column.
    planning_history: pl.LazyFrame
    stranded: pl.DataFrame | None = None
    restock: pl.LazyFrame | None = None
    inventory: pl.LazyFrame | None = None
    removals: pl.DataFrame | None = None
    # The history sums of ``planning``'s rows as stored beside the snapshots; None:
    # ``prepare`` computes them from ``planning_history``.
    history_sums: HistorySums | None = None

    # The newest snapshot of each kind as stored, before the values no computation can take
    # were read as blank: ``implausible`` counts them, for the account's notes.
    as_stored: dict[str, pl.LazyFrame | pl.DataFrame] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a value no computation can take (a snapshot stored before the import checked its
        # bounds) is read as blank: one row never stops the whole account
        self.as_stored = {PLANNING: self.planning}
        self.planning = plausible.computable(self.planning)
        self.planning_history = plausible.computable(self.planning_history)
        for name in ("stranded", "restock", "inventory", "removals"):
            if (frame := getattr(self, name)) is not None:
                self.as_stored[name] = frame
                setattr(self, name, plausible.computable(frame))

    def implausible(self, kind: str, columns: Iterable[str] | None = None) -> dict[str, int]:
        """How many values of each of ``columns`` (default: all) of the newest ``kind``
        snapshot lie outside ``core.plausible``'s bounds and are read as blank."""
        frame = self.as_stored.get(kind)
        return {} if frame is None else plausible.left_out(frame, columns)
