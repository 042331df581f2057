"""Rows that describe the same thing twice, and which one is kept.

* FBA Inventory (planning): one row per SKU. A file covering several marketplaces can list a
  SKU once per marketplace; the row whose ``marketplace`` is the account's marketplace is
  kept, else the first in the file.
* Manage FBA Inventory: Amazon aggregates physical stock by FNSKU across the marketplaces of
  a region, so the same FNSKU can appear on several rows (different SKUs or ASINs) with the
  same units. The first row of each FNSKU is kept, so units are counted once; rows without
  an FNSKU (merchant-fulfilled listings) are all kept.
* Restock: one row per country and SKU (the first is kept).
* Stranded inventory and removal orders: every row counts; only identical rows are dropped.
"""

from __future__ import annotations

import polars as pl

from ipitui.core.inputs import INVENTORY, PLANNING
from ipitui.reports.columns import Kind

_ROW = "__row"
_SAME_PLACE = {"GB": "UK"}
_SEED = 20260514


def _keyed(kind: Kind) -> pl.Expr:
    if not kind.key:
        return pl.struct(pl.all())
    return pl.struct(kind.key) if len(kind.key) > 1 else pl.col(kind.key[0])


def count(kind: Kind) -> pl.Expr:
    """An aggregation giving how many rows are duplicates. It compares 64-bit hashes of the
    keys (fast on millions of rows): it can only err by seeing a duplicate that is not one,
    which ``resolve`` then keeps, as it compares the keys themselves."""
    if kind.name == INVENTORY:
        keyed = pl.col("fnsku").drop_nulls()
        return (keyed.len() - keyed.hash(_SEED).n_unique()).alias("duplicates")
    return (pl.len() - _keyed(kind).hash(_SEED).n_unique()).alias("duplicates")


def resolve(frame: pl.LazyFrame, kind: Kind, marketplace: str | None) -> pl.LazyFrame:
    """``frame`` with one row per key, chosen as the module says, in file order."""
    if not kind.key:
        return frame.unique(maintain_order=True, keep="first")
    rows = frame.with_row_index(_ROW)
    preference = pl.lit(0)
    if kind.name == PLANNING and marketplace:
        wanted = _SAME_PLACE.get(marketplace.upper(), marketplace.upper())
        place = pl.col("marketplace").str.strip_chars().str.to_uppercase().replace(_SAME_PLACE)
        preference = (place != wanted).fill_null(True).cast(pl.Int8)
    keys = rows.select(_ROW, *kind.key, preference.alias("__pref"))
    if kind.name == INVENTORY:
        keys = keys.filter(pl.col("fnsku").is_not_null())
    chosen = (
        keys.group_by(list(kind.key))
        .agg(pl.col(_ROW).sort_by(["__pref", _ROW]).first())
        .select(_ROW)
        .collect()
        .to_series()
    )
    keep = pl.col(_ROW).is_in(chosen.implode())
    if kind.name == INVENTORY:
        keep = keep | pl.col("fnsku").is_null()
    return rows.filter(keep).drop(_ROW)
