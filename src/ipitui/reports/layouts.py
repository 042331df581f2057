"""Amazon's report headers, exactly as the files carry them, per kind and layout.

These lists are data: the reader recognises files by them, the demo account writes them,
and the tests build their fixtures from them. Sources: docs/reports.md.
"""

from __future__ import annotations

import re

# GET_FBA_INVENTORY_PLANNING_DATA, the 2026 US file (99 columns, in order).
PLANNING_2026_US: tuple[str, ...] = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available",
    "fc-transfer", "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days",
    "inv-age-181-to-270-days", "inv-age-271-to-365-days", "inv-age-366-to-455-days",
    "inv-age-456-plus-days", "currency", "units-shipped-t7", "units-shipped-t30",
    "units-shipped-t60", "units-shipped-t90", "alert", "your-price", "sales-price",
    "lowest-price-new-plus-shipping", "lowest-price-used", "recommended-action",
    "DEPRECATED healthy-inventory-level", "recommended-sales-price",
    "recommended-sale-duration-days", "recommended-removal-quantity",
    "estimated-cost-savings-of-recommended-actions", "sell-through", "item-volume",
    "volume-unit-measurement", "storage-type", "storage-volume", "marketplace",
    "product-group", "sales-rank", "days-of-supply", "estimated-excess-quantity",
    "weeks-of-cover-t30", "weeks-of-cover-t90", "featuredoffer-price",
    "sales-shipped-last-7-days", "sales-shipped-last-30-days", "sales-shipped-last-60-days",
    "sales-shipped-last-90-days", "inv-age-0-to-30-days", "inv-age-31-to-60-days",
    "inv-age-61-to-90-days", "inv-age-181-to-330-days", "inv-age-331-to-365-days",
    "estimated-storage-cost-next-month", "inbound-quantity", "inbound-working",
    "inbound-shipped", "inbound-received", "no-sale-last-6-months", "Total Reserved Quantity",
    "unfulfillable-quantity",
    "quantity-to-be-charged-ais-181-210-days", "estimated-ais-181-210-days",
    "quantity-to-be-charged-ais-211-240-days", "estimated-ais-211-240-days",
    "quantity-to-be-charged-ais-241-270-days", "estimated-ais-241-270-days",
    "quantity-to-be-charged-ais-271-300-days", "estimated-ais-271-300-days",
    "quantity-to-be-charged-ais-301-330-days", "estimated-ais-301-330-days",
    "quantity-to-be-charged-ais-331-365-days", "estimated-ais-331-365-days",
    "quantity-to-be-charged-ais-366-455-days", "estimated-ais-366-455-days",
    "quantity-to-be-charged-ais-456-plus-days", "estimated-ais-456-plus-days",
    "historical-days-of-supply", "fba-minimum-inventory-level",
    "fba-inventory-level-health-status", "Recommended ship-in quantity",
    "Recommended ship-in date", "Last updated date for Historical Days of Supply",
    "Exempted from Low-Inventory-Level fee?", "Low-Inventory-Level fee applied in current week?",
    "Short term historical days of supply", "Long term historical days of supply",
    "Inventory age snapshot date", "Inventory Supply at FBA", "Reserved FC Processing",
    "Reserved Customer Order", "Reserved Staging",
    "Total Days of Supply (including units from open shipments)", "supplier",
    "is-seasonal-in-next-3-months", "season-name", "season-start-date", "season-end-date",
    "Fulfillment Service and Programs",
)  # fmt: skip

# GET_STRANDED_INVENTORY_UI_DATA (18 columns; a 2026 variant appends "program").
STRANDED: tuple[str, ...] = (
    "primary-action", "date-stranded", "Date-to-take-auto-removal", "status-primary",
    "status-secondary", "error-message", "stranded-reason", "asin", "sku", "fnsku",
    "product-name", "condition", "fulfilled-by", "fulfillable-qty", "your-price",
    "unfulfillable-qty", "reserved-quantity", "inbound-shipped-qty",
)  # fmt: skip
STRANDED_2026: tuple[str, ...] = (*STRANDED, "program")

# GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT (30 columns, title case).
RESTOCK: tuple[str, ...] = (
    "Country", "Product Name", "FNSKU", "Merchant SKU", "ASIN", "Condition", "Supplier",
    "Supplier part no.", "Currency code", "Price", "Sales last 30 days",
    "Units Sold Last 30 Days", "Total Units", "Inbound", "Available", "FC transfer",
    "FC Processing", "Customer Order", "Unfulfillable", "Working", "Shipped", "Receiving",
    "Fulfilled by", "Total Days of Supply (including units from open shipments)",
    "Days of Supply at Amazon Fulfillment Network", "Alert", "Recommended replenishment qty",
    "Recommended ship date", "Recommended action", "Unit storage size",
)  # fmt: skip

# GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA / GET_FBA_MYI_ALL_INVENTORY_DATA (21 columns).
MYI: tuple[str, ...] = (
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity",
    "afn-fulfillable-quantity", "afn-unsellable-quantity", "afn-reserved-quantity",
    "afn-total-quantity", "per-unit-volume", "afn-inbound-working-quantity",
    "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity",
    "afn-researching-quantity", "afn-reserved-future-supply", "afn-future-supply-buyable",
)  # fmt: skip
# The 2026 download (26 columns, no date column).
MYI_2026: tuple[str, ...] = (
    *MYI, "afn-fulfillable-quantity-local", "afn-fulfillable-quantity-remote",
    "afn-fc-transfer-quantity", "afn-onhand-buyable-quantity", "store",
)  # fmt: skip

# GET_FBA_FULFILLMENT_REMOVAL_ORDER_DETAIL_DATA.
REMOVAL_ORDERS: tuple[str, ...] = (
    "request-date", "order-id", "order-type", "service-speed", "order-status",
    "last-updated-date", "sku", "fnsku", "disposition", "requested-quantity",
    "cancelled-quantity", "disposed-quantity", "shipped-quantity", "in-process-quantity",
    "removal-fee", "currency",
)  # fmt: skip

# GET_FBA_INVENTORY_AGED_DATA, the legacy Inventory Age report (Amazon's "avaliable" typo).
INVENTORY_AGE_LEGACY: tuple[str, ...] = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition",
    "avaliable-quantity(sellable)", "qty-with-removals-in-progress", "inv-age-0-to-90-days",
    "inv-age-91-to-180-days", "inv-age-181-to-270-days", "inv-age-271-to-365-days",
    "inv-age-365-plus-days", "currency", "qty-to-be-charged-ltsf-6-mo", "projected-ltsf-6-mo",
    "qty-to-be-charged-ltsf-12-mo", "projected-ltsf-12-mo", "units-shipped-last-7-days",
    "units-shipped-last-30-days", "units-shipped-last-60-days", "units-shipped-last-90-days",
    "alert", "your-price", "sales_price", "lowest_price_new", "lowest_price_used",
    "Recommended action", "Healthy Inventory Level", "Recommended sales price",
    "Recommended sale duration (days)", "Recommended Removal Quantity",
    "Estimated cost savings of removal", "sell-through", "cubic-feet", "storage-type",
)  # fmt: skip

# Older and regional layouts of the same reports (the reader accepts any of them by name).


def _swap(headers: tuple[str, ...], drop: tuple[str, ...], add: dict[str, str]) -> tuple[str, ...]:
    """``headers`` without ``drop``, each of ``add``'s keys inserted before its value."""
    out = [h for h in headers if h not in drop]
    for new, before in add.items():
        out.insert(out.index(before), new)
    return tuple(out)


# The 2026 sibling (97 columns): no fc-transfer, Reserved Staging or Fulfillment Service and
# Programs; "Reserved FC Transfer" between Inventory Supply at FBA and Reserved FC Processing.
PLANNING_2026_97: tuple[str, ...] = _swap(
    PLANNING_2026_US,
    drop=("fc-transfer", "Reserved Staging", "Fulfillment Service and Programs"),
    add={"Reserved FC Transfer": "Reserved FC Processing"},
)

# UK/EU 2024-25 (80 columns): aged-inventory surcharge tiers start at 241 days, a single
# 365-plus age bucket, no no-sale-last-6-months.
PLANNING_UK_EU: tuple[str, ...] = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available",
    "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days",
    "inv-age-181-to-270-days", "inv-age-271-to-365-days", "inv-age-365-plus-days", "currency",
    "units-shipped-t7", "units-shipped-t30", "units-shipped-t60", "units-shipped-t90", "alert",
    "your-price", "sales-price", "lowest-price-new-plus-shipping", "lowest-price-used",
    "recommended-action", "healthy-inventory-level", "recommended-sales-price",
    "recommended-sale-duration-days", "recommended-removal-quantity",
    "estimated-cost-savings-of-recommended-actions", "sell-through", "item-volume",
    "volume-unit-measurement", "storage-type", "storage-volume", "marketplace",
    "product-group", "sales-rank", "days-of-supply", "estimated-excess-quantity",
    "weeks-of-cover-t30", "weeks-of-cover-t90", "featuredoffer-price",
    "sales-shipped-last-7-days", "sales-shipped-last-30-days", "sales-shipped-last-60-days",
    "sales-shipped-last-90-days", "inv-age-0-to-30-days", "inv-age-31-to-60-days",
    "inv-age-61-to-90-days", "inv-age-181-to-330-days", "inv-age-331-to-365-days",
    "estimated-storage-cost-next-month", "inbound-quantity", "inbound-working",
    "inbound-shipped", "inbound-received", "Total Reserved Quantity", "unfulfillable-quantity",
    "quantity-to-be-charged-ais-241-270-days", "estimated-ais-241-270-days",
    "quantity-to-be-charged-ais-271-300-days", "estimated-ais-271-300-days",
    "quantity-to-be-charged-ais-301-330-days", "estimated-ais-301-330-days",
    "quantity-to-be-charged-ais-331-365-days", "estimated-ais-331-365-days",
    "quantity-to-be-charged-ais-365-plus-days", "estimated-ais-365-plus-days",
    "historical-days-of-supply", "Recommended ship-in quantity", "Recommended ship-in date",
    "Last updated date for Historical Days of Supply", "Short term historical days of supply",
    "Long term historical days of supply", "Inventory age snapshot date",
    "Inventory Supply at FBA", "Reserved FC Transfer", "Reserved FC Processing",
    "Reserved Customer Order", "Total Days of Supply (including units from open shipments)",
)  # fmt: skip

# 2022-23 (63 columns): long-term storage fee columns, healthy-inventory-level and
# reserved-quantity (Airbyte's test fixture of this report).
PLANNING_2022_LTSF: tuple[str, ...] = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available",
    "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days",
    "inv-age-181-to-270-days", "inv-age-271-to-365-days", "inv-age-365-plus-days", "currency",
    "qty-to-be-charged-ltsf-11-mo", "projected-ltsf-11-mo", "qty-to-be-charged-ltsf-12-mo",
    "estimated-ltsf-next-charge", "units-shipped-t7", "units-shipped-t30", "units-shipped-t60",
    "units-shipped-t90", "alert", "your-price", "sales-price", "lowest-price-new-plus-shipping",
    "lowest-price-used", "recommended-action", "healthy-inventory-level",
    "recommended-sales-price", "recommended-sale-duration-days", "recommended-removal-quantity",
    "estimated-cost-savings-of-recommended-actions", "sell-through", "item-volume",
    "volume-unit-measurement", "storage-type", "storage-volume", "marketplace",
    "product-group", "sales-rank", "days-of-supply", "estimated-excess-quantity",
    "weeks-of-cover-t30", "weeks-of-cover-t90", "featuredoffer-price",
    "sales-shipped-last-7-days", "sales-shipped-last-30-days", "sales-shipped-last-60-days",
    "sales-shipped-last-90-days", "inv-age-0-to-30-days", "inv-age-31-to-60-days",
    "inv-age-61-to-90-days", "inv-age-181-to-330-days", "inv-age-331-to-365-days",
    "estimated-storage-cost-next-month", "inbound-quantity", "inbound-working",
    "inbound-shipped", "inbound-received", "no-sale-last-6-months", "reserved-quantity",
    "unfulfillable-quantity",
)  # fmt: skip

# US 2023-25 (73 columns): the LTSF columns gave way to aged-inventory surcharge tiers from
# 181 days with a single 365-plus tier (quantity and estimate interleaved per tier).
PLANNING_2023_US: tuple[str, ...] = (
    *(h for h in PLANNING_2022_LTSF if "ltsf" not in h),
    *(
        f"{prefix}-{tier}-days"
        for tier in ("181-210", "211-240", "241-270", "271-300", "301-330", "331-365", "365-plus")
        for prefix in ("quantity-to-be-charged-ais", "estimated-ais")
    ),
)

# Manage FBA Inventory, Pan-EU (23 columns: local and remote fulfillable units) and the 2026
# US Selling Partner API file (22 columns: a trailing "store").
MYI_EU: tuple[str, ...] = (
    *MYI,
    "afn-fulfillable-quantity-local",
    "afn-fulfillable-quantity-remote",
)
MYI_STORE: tuple[str, ...] = (*MYI, "store")

# Restock recommendations before the days-of-supply and unit-storage-size columns (27).
RESTOCK_OLD: tuple[str, ...] = _swap(
    RESTOCK,
    drop=(
        "Total Days of Supply (including units from open shipments)",
        "Days of Supply at Amazon Fulfillment Network",
        "Unit storage size",
    ),
    add={},
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def canon(header: str) -> str:
    """The canonical column name of a header: BOM and case dropped, runs of anything that is
    not a letter or digit become one underscore (so ``-``, ``_`` and space are equivalent).

    ``"Total Reserved Quantity"`` -> ``total_reserved_quantity``;
    ``"Exempted from Low-Inventory-Level fee?"`` -> ``exempted_from_low_inventory_level_fee``.
    """
    return _NON_ALNUM.sub("_", header.replace("\ufeff", "").strip().lower()).strip("_")
