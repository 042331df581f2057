"""Amazon upload files and CSVs built from the current decisions.

``build_export`` turns the decisions and the scoring core's effects frame into an
:class:`Export` (bytes in memory, so the TUI can preview them); ``output_paths`` and
``write_export`` put it on disk. Undone decisions are never in ``decisions`` (the journal
leaves them out) and snoozed ones match no export.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import polars as pl

from ipitui.core.decisions import Decision
from ipitui.core.inputs import AccountData
from ipitui.core.settings import AccountSettings
from ipitui.export.decisions_csv import decisions_export
from ipitui.export.files import Export, ExportFile, output_paths, write_export
from ipitui.export.promotions import promotions_export
from ipitui.export.removal import liquidation_export, removal_export
from ipitui.format import account_format

__all__ = [
    "Export",
    "ExportFile",
    "build_export",
    "output_paths",
    "unsellable_units",
    "write_export",
]


def unsellable_units(data: AccountData) -> dict[str, int]:
    """Unfulfillable units of each stranded SKU: the UnsellableQuantity of a removal."""
    stranded = data.stranded
    if stranded is None or not {"sku", "unfulfillable_qty"} <= set(stranded.columns):
        return {}
    units = (
        stranded.group_by("sku")
        .agg(pl.col("unfulfillable_qty").fill_null(0).sum())
        .filter(pl.col("unfulfillable_qty") > 0)
    )
    return dict(units.iter_rows())


def build_export(
    kind: str,
    decisions: Mapping[str, Decision],
    effects: pl.DataFrame,
    settings: AccountSettings,
    day: date,
    *,
    unsellable: Mapping[str, int] | None = None,
    settings_file: Path | None = None,
) -> Export:
    """The files of one export ``kind`` (removal, liquidation, promotions or decisions)."""
    if kind == "removal":
        return removal_export(
            decisions, effects, settings.return_address, day,
            unsellable=unsellable, settings_file=settings_file,
        )  # fmt: skip
    if kind == "liquidation":
        return liquidation_export(decisions, effects, day)
    if kind == "promotions":
        return promotions_export(
            decisions, effects, settings.promotion, day, account_format(settings)
        )
    if kind == "decisions":
        return decisions_export(
            decisions, effects, settings.promotion, day, account_format(settings)
        )
    raise ValueError(f"unknown export kind {kind!r}")
