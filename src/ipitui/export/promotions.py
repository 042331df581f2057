"""Promotions: a tab-separated review file and a CSV to paste into Seller Central.

Amazon retired flat-file listings feeds (price and sale-price uploads included) on
31 July 2025, so neither file is an Amazon upload template: the seller reviews the list and
sets each sale price (price, start and end date) in Seller Central.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import PromotionSettings
from ipitui.export.files import (
    Export,
    ExportFile,
    decided,
    tsv_line,
    with_promotion_terms,
    write_csv,
)
from ipitui.format import MoneyFormat, plain_money

HEADER = (
    "sku", "asin", "title", "current-price", "sale-price", "discount-pct", "start-date",
    "end-date",
)  # fmt: skip
CSV_HEADER = (
    "SKU", "ASIN", "Title", "Current price", "Sale price", "Discount %", "Start date",
    "End date",
)  # fmt: skip


def promotion_rows(
    decisions: Mapping[str, Decision],
    effects: pl.DataFrame,
    defaults: PromotionSettings,
    start: date,
    fmt: MoneyFormat,
) -> tuple[list[tuple[str, ...]], list[str]]:
    """One row of text per promote decision, sorted by SKU, and notes on rows to check.

    The sale price is the core's, else the price less the discount; the sale runs from
    ``start`` for the promotion's days, both dates included."""
    frame = with_promotion_terms(decided(decisions, effects, [Action.PROMOTE]), defaults)
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for r in frame.iter_rows(named=True):
        sale = r["sale_price"]
        if sale is None and r["price"] is not None:
            sale = round(r["price"] * (1 - r["discount"] / 100), 2)
        if r["price"] is None:
            notes.append(f"{r['sku']}: no price in the newest report; fill in the prices")
        end = start + timedelta(days=r["length"] - 1)
        rows.append(
            (
                r["sku"],
                r["asin"] or "",
                r["product_name"] or "",
                plain_money(r["price"], fmt),
                plain_money(sale, fmt),
                f"{r['discount']:g}",
                start.isoformat(),
                end.isoformat(),
            )  # fmt: skip
        )
    return rows, notes


def promotions_export(
    decisions: Mapping[str, Decision],
    effects: pl.DataFrame,
    defaults: PromotionSettings,
    day: date,
    fmt: MoneyFormat,
) -> Export:
    export = Export("promotions", day)
    rows, export.notes = promotion_rows(decisions, effects, defaults, day, fmt)
    if not rows:
        return export
    review = tsv_line(*HEADER) + "".join(tsv_line(*row) for row in rows)
    summary = f"{len(rows):,} promotions starting {day.isoformat()}"
    export.files += [
        ExportFile("", ".txt", review.encode("utf-8"), len(rows), summary + " (review file)"),
        ExportFile("", ".csv", write_csv(CSV_HEADER, rows), len(rows), summary + " (CSV)"),
    ]
    export.notes.append(
        "Amazon retired flat-file listings uploads on 31 July 2025: set these sale prices in "
        "Seller Central (the CSV is for pasting), after checking each price."
    )
    return export
