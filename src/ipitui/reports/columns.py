"""The alias table: every column ipitui knows, per kind of report, in one place.

Each kind lists its canonical columns (``canon()`` of the 2026 header) with their type, the
other spellings Amazon has used for them, and whether a file of that kind is unusable
without them. The reader maps a file's headers through this table; everything else reads it.

Types: quantities of units are ``Int64`` and never negative; other whole numbers (ranks,
durations) ``Int64``; prices of one unit, other money, volumes, ratios and days of supply
``Float64``; dates ``Date``; the rest ``String``. A blank cell is null (unknown), never zero.
Every type has the bounds a real report stays within (``Type.bounds``, ``core.plausible``).

Age buckets: ``inv_age_365_plus_days`` (files up to 2025) and the 2026 split
``inv_age_366_to_455_days`` + ``inv_age_456_plus_days`` cover the same units. When a file
carries both, the reader keeps the split and leaves the 365+ column null on those rows, so
summing :data:`AGE_BUCKETS` never counts a unit twice (the same holds for the aged-inventory
surcharge columns in :data:`AIS_TIERS`). The fine buckets (0-30, 31-60, 61-90, 181-330,
331-365 days) are another view of the same units and are never to be added to the coarse ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

import polars as pl

from ipitui.core import plausible
from ipitui.core.inputs import INVENTORY, PLANNING, REMOVALS, RESTOCK, STRANDED
from ipitui.reports.layouts import canon


class Type(Enum):
    QTY = "quantity"  # units: Int64, never negative
    INT = "whole number"  # Int64
    PRICE = "price"  # Float64, the price of one unit
    NUMBER = "number"  # Float64
    DATE = "date"  # Date (YYYY-MM-DD, ISO with time, M/D/YYYY, D.M.YYYY)
    TEXT = "text"  # String

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self]

    @property
    def numeric(self) -> bool:
        return self in (Type.QTY, Type.INT, Type.PRICE, Type.NUMBER)

    def bounds(self, *, snapshot: bool = False, today: date | None = None) -> tuple[Any, Any]:
        """The smallest and largest value a cell of this type may hold (see
        ``core.plausible`` for why); ``snapshot``: the date column that dates a snapshot,
        whose latest is two days after ``today``. Text has none: ``(None, None)``."""
        if self is Type.DATE:
            if snapshot:
                return plausible.FIRST_SNAPSHOT, plausible.last_snapshot(today)
            return plausible.FIRST_DATE, plausible.LAST_DATE
        size = {
            Type.QTY: plausible.WHOLE_MAX,
            Type.INT: plausible.WHOLE_MAX,
            Type.PRICE: plausible.PRICE_MAX,
            Type.NUMBER: plausible.NUMBER_MAX,
        }.get(self)
        return (None, None) if size is None else (-size, size)


_DTYPES: dict[Type, pl.DataType] = {
    Type.QTY: pl.Int64(),
    Type.INT: pl.Int64(),
    Type.PRICE: pl.Float64(),
    Type.NUMBER: pl.Float64(),
    Type.DATE: pl.Date(),
    Type.TEXT: pl.String(),
}


@dataclass(frozen=True)
class Column:
    name: str  # canonical
    type: Type
    aliases: tuple[str, ...] = ()  # canonical forms of the other spellings
    required: bool = False


@dataclass(frozen=True)
class Kind:
    name: str  # the snapshot kind (core.inputs)
    title: str  # what Seller Central calls the report
    report_type: str  # the Selling Partner API report type
    columns: tuple[Column, ...]
    # Columns that identify one row; rows sharing them are duplicates (see reports.duplicates).
    key: tuple[str, ...]
    date_column: str | None = None  # the column that dates the snapshot, if the file has one
    # Columns no row may leave blank (a row without a SKU cannot be scored or acted on).
    identity: tuple[str, ...] = ("sku",)
    # A source spelling that also fixes another column: alias -> (column, value).
    implies: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def lookup(self) -> dict[str, str]:
        """Canonical form of every accepted spelling -> canonical column name."""
        table: dict[str, str] = {}
        for col in self.columns:
            table[col.name] = col.name
            for alias in col.aliases:
                table[alias] = col.name
        return table

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.type.dtype for c in self.columns}


def _cols(type_: Type, *names: str) -> list[Column]:
    return [Column(canon(n), type_) for n in names]


def _col(name: str, type_: Type, *aliases: str, required: bool = False) -> Column:
    return Column(canon(name), type_, tuple(canon(a) for a in aliases), required)


Q, W, P, N, D, T = Type.QTY, Type.INT, Type.PRICE, Type.NUMBER, Type.DATE, Type.TEXT

AGE_BUCKETS: tuple[str, ...] = (
    "inv_age_0_to_90_days",
    "inv_age_91_to_180_days",
    "inv_age_181_to_270_days",
    "inv_age_271_to_365_days",
    "inv_age_365_plus_days",
    "inv_age_366_to_455_days",
    "inv_age_456_plus_days",
)
FINE_AGE_BUCKETS: tuple[str, ...] = (
    "inv_age_0_to_30_days",
    "inv_age_31_to_60_days",
    "inv_age_61_to_90_days",
    "inv_age_181_to_330_days",
    "inv_age_331_to_365_days",
)
# Aged-inventory surcharge tiers, in age order; each has quantity_to_be_charged_ais_<tier>
# (units) and estimated_ais_<tier> (money). "365_plus" overlaps "366_455" + "456_plus".
AIS_TIERS: tuple[str, ...] = (
    "181_210_days",
    "211_240_days",
    "241_270_days",
    "271_300_days",
    "301_330_days",
    "331_365_days",
    "365_plus_days",
    "366_455_days",
    "456_plus_days",
)
# The old and new ways of counting units older than a year: (old, (new, ...)).
OVER_A_YEAR: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("inv_age_365_plus_days", ("inv_age_366_to_455_days", "inv_age_456_plus_days")),
    (
        "quantity_to_be_charged_ais_365_plus_days",
        ("quantity_to_be_charged_ais_366_455_days", "quantity_to_be_charged_ais_456_plus_days"),
    ),
    (
        "estimated_ais_365_plus_days",
        ("estimated_ais_366_455_days", "estimated_ais_456_plus_days"),
    ),
)

_AIS: list[Column] = [
    c
    for tier in AIS_TIERS
    for c in (
        Column(f"quantity_to_be_charged_ais_{tier}", Q),
        Column(f"estimated_ais_{tier}", N),
    )
]
_LTSF: list[Column] = [
    c
    for months in (6, 9, 11, 12)
    for c in (
        Column(f"qty_to_be_charged_ltsf_{months}_mo", Q),
        Column(f"projected_ltsf_{months}_mo", N),
    )
] + [Column("estimated_ltsf_next_charge", N)]

PLANNING_KIND = Kind(
    name=PLANNING,
    title="FBA Inventory (Manage Inventory Health)",
    report_type="GET_FBA_INVENTORY_PLANNING_DATA",
    columns=(
        _col("snapshot-date", D, required=True),
        _col("sku", T, "seller-sku", "merchant-sku", required=True),
        *_cols(T, "fnsku", "asin", "product-name", "condition"),
        _col(
            "available",
            Q,
            "avaliable-quantity(sellable)",
            "available-quantity(sellable)",
            required=True,
        ),
        _col("fc-transfer", Q, "Reserved FC Transfer"),
        _col("pending-removal-quantity", Q, "qty-with-removals-in-progress"),
        *[
            _col(f"inv-age-{b}-days", Q, f"inventory-age-{b}-days")
            for b in ("0-to-90", "91-to-180", "181-to-270", "271-to-365", "365-plus")
        ],
        *_cols(Q, "inv-age-366-to-455-days", "inv-age-456-plus-days"),
        *_cols(T, "currency"),
        *[_col(f"units-shipped-t{d}", Q, f"units-shipped-last-{d}-days") for d in (7, 30, 60, 90)],
        *_cols(T, "alert"),
        *_cols(P, "your-price", "sales-price"),
        _col("lowest-price-new-plus-shipping", P, "lowest-price-new"),
        *_cols(P, "lowest-price-used"),
        *_cols(T, "recommended-action"),
        _col("healthy-inventory-level", N, "DEPRECATED healthy-inventory-level"),
        *_cols(P, "recommended-sales-price"),
        _col("recommended-sale-duration-days", W, "Recommended sale duration (days)"),
        *_cols(Q, "recommended-removal-quantity"),
        _col(
            "estimated-cost-savings-of-recommended-actions", N, "Estimated cost savings of removal"
        ),
        *_cols(N, "sell-through"),
        _col("item-volume", N, "cubic-feet"),
        *_cols(T, "volume-unit-measurement", "storage-type"),
        *_cols(N, "storage-volume"),
        *_cols(T, "marketplace", "product-group"),
        *_cols(W, "sales-rank"),
        *_cols(N, "days-of-supply"),
        *_cols(Q, "estimated-excess-quantity"),
        *_cols(N, "weeks-of-cover-t30", "weeks-of-cover-t90"),
        *_cols(P, "featuredoffer-price"),
        *_cols(N, *(f"sales-shipped-last-{d}-days" for d in (7, 30, 60, 90))),
        *_cols(
            Q,
            "inv-age-0-to-30-days",
            "inv-age-31-to-60-days",
            "inv-age-61-to-90-days",
            "inv-age-181-to-330-days",
            "inv-age-331-to-365-days",
        ),
        *_cols(N, "estimated-storage-cost-next-month"),
        *_cols(Q, "inbound-quantity", "inbound-working", "inbound-shipped", "inbound-received"),
        # Some files carry a unit count here, others a Y/N flag: kept as the file says.
        *_cols(T, "no-sale-last-6-months"),
        _col("Total Reserved Quantity", Q, "reserved-quantity"),
        *_cols(Q, "unfulfillable-quantity"),
        *_AIS,
        *_LTSF,
        *_cols(N, "historical-days-of-supply", "fba-minimum-inventory-level"),
        *_cols(T, "fba-inventory-level-health-status"),
        _col("Recommended ship-in quantity", Q, "recommended-order-quantity"),
        _col("Recommended ship-in date", D, "recommended-order-date"),
        *_cols(D, "Last updated date for Historical Days of Supply"),
        _col(
            "Exempted from Low-Inventory-Level fee?",
            T,
            "Exempted from Low-Inventory cost coverage fee?",
        ),
        _col(
            "Low-Inventory-Level fee applied in current week?",
            T,
            "Low-Inventory cost coverage fee applied in current week?",
        ),
        *_cols(N, "Short term historical days of supply", "Long term historical days of supply"),
        *_cols(D, "Inventory age snapshot date"),
        *_cols(
            Q,
            "Inventory Supply at FBA",
            "Reserved FC Processing",
            "Reserved Customer Order",
            "Reserved Staging",
        ),
        *_cols(N, "Total Days of Supply (including units from open shipments)"),
        *_cols(T, "supplier", "is-seasonal-in-next-3-months", "season-name"),
        *_cols(D, "season-start-date", "season-end-date"),
        *_cols(T, "Fulfillment Service and Programs"),
    ),
    key=("sku",),
    date_column="snapshot_date",
    implies={"cubic_feet": ("volume_unit_measurement", "cubic feet")},
)

STRANDED_KIND = Kind(
    name=STRANDED,
    title="Stranded inventory",
    report_type="GET_STRANDED_INVENTORY_UI_DATA",
    columns=(
        *_cols(T, "primary-action"),
        *_cols(D, "date-stranded", "Date-to-take-auto-removal"),
        *_cols(T, "status-primary", "status-secondary", "error-message"),
        _col("stranded-reason", T, required=True),
        *_cols(T, "asin"),
        _col("sku", T, "seller-sku", "merchant-sku", required=True),
        *_cols(T, "fnsku", "product-name", "condition", "fulfilled-by"),
        _col("fulfillable-qty", Q, "fulfillable-quantity", required=True),
        *_cols(P, "your-price"),
        _col("unfulfillable-qty", Q, "unfulfillable-quantity"),
        *_cols(Q, "reserved-quantity", "inbound-shipped-qty"),
        *_cols(T, "program"),
    ),
    key=(),  # every row counts; only identical rows are duplicates
)

RESTOCK_KIND = Kind(
    name=RESTOCK,
    title="Restock inventory recommendations",
    report_type="GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT",
    columns=(
        *_cols(T, "Country", "Product Name", "FNSKU"),
        _col("sku", T, "Merchant SKU", "seller-sku", required=True),
        *_cols(T, "ASIN", "Condition", "Supplier", "Supplier part no.", "Currency code"),
        *_cols(P, "Price"),
        *_cols(N, "Sales last 30 days"),
        *_cols(Q, "Units Sold Last 30 Days", "Total Units", "Inbound"),
        _col("Available", Q, required=True),
        *_cols(
            Q,
            "FC transfer",
            "FC Processing",
            "Customer Order",
            "Unfulfillable",
            "Working",
            "Shipped",
            "Receiving",
        ),
        *_cols(T, "Fulfilled by"),
        *_cols(
            N,
            "Total Days of Supply (including units from open shipments)",
            "Days of Supply at Amazon Fulfillment Network",
        ),
        *_cols(T, "Alert"),
        _col("Recommended replenishment qty", Q, required=True),
        *_cols(D, "Recommended ship date"),
        *_cols(T, "Recommended action", "Unit storage size"),
    ),
    key=("country", "sku"),
)
INVENTORY_KIND = Kind(
    name=INVENTORY,
    title="Manage FBA Inventory",
    report_type="GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA",
    columns=(
        _col("sku", T, "seller-sku", "merchant-sku", required=True),
        *_cols(T, "fnsku", "asin", "product-name", "condition"),
        *_cols(P, "your-price"),
        *_cols(T, "mfn-listing-exists"),
        *_cols(Q, "mfn-fulfillable-quantity"),
        *_cols(T, "afn-listing-exists"),
        _col("afn-warehouse-quantity", Q, required=True),
        _col("afn-fulfillable-quantity", Q, required=True),
        *_cols(Q, "afn-unsellable-quantity", "afn-reserved-quantity", "afn-total-quantity"),
        *_cols(N, "per-unit-volume"),
        *_cols(
            Q,
            "afn-inbound-working-quantity",
            "afn-inbound-shipped-quantity",
            "afn-inbound-receiving-quantity",
            "afn-researching-quantity",
            "afn-reserved-future-supply",
            "afn-future-supply-buyable",
            "afn-fulfillable-quantity-local",
            "afn-fulfillable-quantity-remote",
            "afn-fc-transfer-quantity",
            "afn-onhand-buyable-quantity",
        ),
        *_cols(T, "store"),
    ),
    key=("fnsku",),
)

REMOVALS_KIND = Kind(
    name=REMOVALS,
    title="Removal order detail",
    report_type="GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA",
    columns=(
        *_cols(D, "request-date"),
        _col("order-id", T, required=True),
        *_cols(T, "order-type", "service-speed"),
        _col("order-status", T, required=True),
        *_cols(D, "last-updated-date"),
        _col("sku", T, "seller-sku", "merchant-sku", required=True),
        *_cols(T, "fnsku", "disposition"),
        _col("requested-quantity", Q, required=True),
        *_cols(
            Q, "cancelled-quantity", "disposed-quantity", "shipped-quantity", "in-process-quantity"
        ),
        *_cols(N, "removal-fee"),
        *_cols(T, "currency"),
    ),
    key=(),
    identity=("order_id",),
)

KIND_SPECS: dict[str, Kind] = {
    k.name: k for k in (PLANNING_KIND, STRANDED_KIND, RESTOCK_KIND, INVENTORY_KIND, REMOVALS_KIND)
}
