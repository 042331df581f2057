"""Every current decision (snoozed ones left out) as a CSV: what, how many, why, and what
it is estimated to save."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from ipitui.core.decisions import QUANTITY_ACTIONS, Action, Decision
from ipitui.core.settings import PromotionSettings
from ipitui.export.files import (
    Export,
    ExportFile,
    decided,
    fixed,
    with_promotion_terms,
    write_csv,
)
from ipitui.format import MoneyFormat, plain_money, plural

HEADER = (
    "sku", "asin", "title", "action", "mark", "quantity", "discount_pct", "uplift_pct",
    "days", "note", "reason", "ipi_points", "storage_saving_month", "surcharge_saving",
    "cash", "estimated_saving",
)  # fmt: skip
ACTIONS = [a for a in Action if a is not Action.SNOOZE]


def decisions_export(
    decisions: Mapping[str, Decision],
    effects: pl.DataFrame,
    defaults: PromotionSettings,
    day: date,
    fmt: MoneyFormat,
) -> Export:
    """``estimated_saving`` = storage saved next month + aged-inventory surcharge avoided +
    cash (recovered, or spent on fees when negative); blank when the core gave no estimate
    of one of them (no effect row, or a fee whose rate is not known)."""
    export = Export("decisions", day)
    savings = ("storage_saving_month", "surcharge_saving", "cash")
    frame = with_promotion_terms(decided(decisions, effects, ACTIONS), defaults).with_columns(
        units=pl.coalesce("set_quantity", "quantity"),
        total=pl.when(pl.all_horizontal(pl.col(savings).is_not_null())).then(
            pl.sum_horizontal(savings)
        ),
    )
    if not frame.height:
        return export
    rows = []
    for r in frame.iter_rows(named=True):
        action = Action(r["action"])
        promote = action is Action.PROMOTE
        rows.append(
            (
                r["sku"],
                r["asin"],
                r["product_name"],
                action.value,
                action.letter,
                r["units"] if action in QUANTITY_ACTIONS else "",
                fixed(r["discount"], 1) if promote else "",
                fixed(r["uplift"], 1) if promote else "",
                r["length"] if promote else "",
                r["note"],
                r["reason"],
                fixed(r["points"], 1),
                plain_money(r["storage_saving_month"], fmt),
                plain_money(r["surcharge_saving"], fmt),
                plain_money(r["cash"], fmt),
                plain_money(r["total"], fmt),
            )  # fmt: skip
        )
    data = write_csv(HEADER, rows)
    summary = plural(len(rows), "decision")
    export.files.append(ExportFile("", ".csv", data, len(rows), summary))
    missing = frame.filter(pl.col("reason").is_null() & pl.col("points").is_null()).height
    if missing:
        export.notes.append(
            f"{plural(missing, 'decision')} {'has' if missing == 1 else 'have'} no estimate "
            "(SKU not in the newest report)"
        )
    return export
