"""Removal and disposal orders in the layout of Amazon's removal-order flat file
(``POST_FLAT_FILE_FBA_CREATE_REMOVAL``): key/value header lines for the order, then a
``MerchantSKU / SellableQuantity / UnsellableQuantity`` table.

One order per disposition (Return for remove, Disposal for dispose), split every 10,000
SKUs; each order is one file, so each can be uploaded on its own. The order id is made from
the date, the disposition and the order's number (``ipitui-2026-03-01-return-1``).

Liquidation is chosen in Seller Central's removal-order workflow; whether the flat file
accepts a liquidation disposition is not confirmed, so the liquidation list is written in
the same layout for review and entry only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from pathlib import Path

import polars as pl

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import ReturnAddress
from ipitui.errors import UserError
from ipitui.export.files import Export, ExportFile, decided, tsv_line
from ipitui.format import plural

ORDER_SIZE = 10_000  # SKUs per removal order
DISPOSITIONS = {Action.REMOVE: "Return", Action.DISPOSE: "Disposal"}
LIQUIDATION = "Liquidate"
VERBS = {"Return": "return", "Disposal": "dispose", LIQUIDATION: "liquidate"}
# Amazon's header key for each ReturnAddress field, in the order the file lists them.
ADDRESS_KEYS = {
    "name": "AddressName",
    "line1": "AddressFieldOne",
    "line2": "AddressFieldTwo",
    "line3": "AddressFieldThree",
    "city": "AddressCity",
    "country_code": "AddressCountryCode",
    "state_or_region": "AddressStateOrRegion",
    "postal_code": "AddressPostalCode",
    "phone": "ContactPhoneNumber",
}
REQUIRED_ADDRESS = ("name", "line1", "city", "postal_code", "country_code")
STATE_REQUIRED_IN = frozenset({"US", "CA"})


def missing_address_fields(address: ReturnAddress) -> list[str]:
    """The fields a return order needs that ``address`` leaves blank."""
    missing = [name for name in REQUIRED_ADDRESS if not getattr(address, name).strip()]
    country = address.country_code.strip().upper()
    if country in STATE_REQUIRED_IN and not address.state_or_region.strip():
        missing.append("state_or_region")
    return missing


def _header(order_id: str, disposition: str, address: ReturnAddress | None) -> str:
    lines = [tsv_line("MerchantRemovalOrderID", order_id)]
    lines.append(tsv_line("RemovalDisposition", disposition))
    if address is not None:
        values = {f.name: getattr(address, f.name).strip() for f in fields(address)}
        values["country_code"] = values["country_code"].upper()
        lines += [tsv_line(key, values[name]) for name, key in ADDRESS_KEYS.items()]
        lines.append(tsv_line("ShippingNotes", ""))
    lines.append(tsv_line("MerchantSKU", "SellableQuantity", "UnsellableQuantity"))
    return "".join(lines)


def _orders(
    export: Export,
    rows: pl.DataFrame,
    disposition: str,
    address: ReturnAddress | None,
    unsellable: Mapping[str, int],
) -> None:
    """Append one file per order of ``rows`` (already sorted by SKU) to ``export``."""
    items = []
    for sku, sellable in rows.select("sku", "units").iter_rows():
        broken = unsellable.get(sku, 0) if disposition != LIQUIDATION else 0
        if (sellable or 0) + broken <= 0:
            export.notes.append(f"{sku}: no units to {VERBS[disposition]}; left out")
            continue
        items.append((sku, sellable or 0, broken))
    word = disposition.lower()
    for n, start in enumerate(range(0, len(items), ORDER_SIZE), start=1):
        chunk = items[start : start + ORDER_SIZE]
        order_id = f"ipitui-{export.day.isoformat()}-{word}-{n}"
        text = _header(order_id, disposition, address)
        text += "".join(tsv_line(sku, good, bad) for sku, good, bad in chunk)
        units = sum(good + bad for _, good, bad in chunk)
        export.files.append(
            ExportFile(
                part=f"{word}-{n}",
                suffix=".txt",
                data=text.encode("utf-8"),
                rows=len(chunk),
                summary=f"{disposition} order {order_id}: "
                f"{plural(len(chunk), 'SKU')}, {plural(units, 'unit')}",
            )
        )


def _units(
    decisions: Mapping[str, Decision], effects: pl.DataFrame, action: Action
) -> pl.DataFrame:
    frame = decided(decisions, effects, [action])
    return frame.with_columns(units=pl.coalesce("set_quantity", "quantity"))


def removal_export(
    decisions: Mapping[str, Decision],
    effects: pl.DataFrame,
    address: ReturnAddress,
    day: date,
    *,
    unsellable: Mapping[str, int] | None = None,
    settings_file: Path | None = None,
) -> Export:
    """Return orders (remove) and disposal orders (dispose). ``unsellable`` gives the
    unfulfillable units of stranded SKUs, which go in the UnsellableQuantity column."""
    export = Export("removal", day)
    unsellable = unsellable or {}
    returns = _units(decisions, effects, Action.REMOVE)
    if returns.height:
        missing = missing_address_fields(address)
        if missing:
            keys = ", ".join(f"return_address.{name}" for name in missing)
            where = f" in {settings_file}" if settings_file else " in the account's settings"
            raise UserError(
                f"a return order needs the address to ship to: fill {keys}{where}; "
                "nothing was written"
            )
        _orders(export, returns, DISPOSITIONS[Action.REMOVE], address, unsellable)
    disposals = _units(decisions, effects, Action.DISPOSE)
    _orders(export, disposals, DISPOSITIONS[Action.DISPOSE], None, unsellable)
    return export


def liquidation_export(
    decisions: Mapping[str, Decision], effects: pl.DataFrame, day: date
) -> Export:
    """The liquidation list in the removal-order layout, for review and entry."""
    export = Export("liquidation", day)
    _orders(export, _units(decisions, effects, Action.LIQUIDATE), LIQUIDATION, None, {})
    if export.files:
        export.notes.append(
            "Amazon's liquidation is chosen in Seller Central's removal-order workflow; that "
            "its upload accepts this disposition is not confirmed. Use this file to review the "
            "list and enter the order."
        )
    return export
