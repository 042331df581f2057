from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ipitui.core.decisions import Action, Decision
from ipitui.core.inputs import AccountData
from ipitui.core.settings import AccountSettings, ReturnAddress
from ipitui.errors import UserError
from ipitui.export import build_export, unsellable_units

DAY = date(2026, 3, 1)
ADDRESS = ReturnAddress(
    name="Jo Seller",
    line1="1 Main St",
    line2="Unit\t4",
    city="Seattle",
    state_or_region="WA",
    postal_code="98101",
    country_code="us",
    phone="+1 206 555 0100",
)


def _settings(address: ReturnAddress = ADDRESS) -> AccountSettings:
    return AccountSettings(display_name="Shop", return_address=address)


def _effects(rows: dict[str, int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"sku": list(rows), "action": ["remove"] * len(rows), "quantity": list(rows.values())},
        schema={"sku": pl.String, "action": pl.String, "quantity": pl.Int64},
    )


def test_return_and_disposal_orders_byte_for_byte() -> None:
    decisions = {
        "RET-B": Decision("RET-B", Action.REMOVE),
        "RET-A": Decision("RET-A", Action.REMOVE, quantity=4),
        "STRAND-1": Decision("STRAND-1", Action.REMOVE),
        "DISP-1": Decision("DISP-1", Action.DISPOSE),
        "EMPTY": Decision("EMPTY", Action.DISPOSE),
        "PROMO": Decision("PROMO", Action.PROMOTE),
        "LATER": Decision("LATER", Action.SNOOZE, until=date(2026, 6, 1)),
    }
    effects = _effects(
        {"RET-A": 90, "RET-B": 12, "STRAND-1": 5, "DISP-1": 30, "EMPTY": 0, "PROMO": 8, "LATER": 3}
    )
    export = build_export(
        "removal", decisions, effects, _settings(), DAY, unsellable={"STRAND-1": 2, "DISP-1": 1}
    )
    assert [(f.part, f.suffix, f.rows) for f in export.files] == [
        ("return-1", ".txt", 3),
        ("disposal-1", ".txt", 1),
    ]
    assert export.files[0].data == (
        b"MerchantRemovalOrderID\tipitui-2026-03-01-return-1\n"
        b"RemovalDisposition\tReturn\n"
        b"AddressName\tJo Seller\n"
        b"AddressFieldOne\t1 Main St\n"
        b"AddressFieldTwo\tUnit 4\n"
        b"AddressFieldThree\t\n"
        b"AddressCity\tSeattle\n"
        b"AddressCountryCode\tUS\n"
        b"AddressStateOrRegion\tWA\n"
        b"AddressPostalCode\t98101\n"
        b"ContactPhoneNumber\t+1 206 555 0100\n"
        b"ShippingNotes\t\n"
        b"MerchantSKU\tSellableQuantity\tUnsellableQuantity\n"
        b"RET-A\t4\t0\n"
        b"RET-B\t12\t0\n"
        b"STRAND-1\t5\t2\n"
    )
    assert export.files[1].data == (
        b"MerchantRemovalOrderID\tipitui-2026-03-01-disposal-1\n"
        b"RemovalDisposition\tDisposal\n"
        b"MerchantSKU\tSellableQuantity\tUnsellableQuantity\n"
        b"DISP-1\t30\t1\n"
    )
    assert export.files[0].summary == ("Return order ipitui-2026-03-01-return-1: 3 SKUs, 23 units")
    assert export.notes == ["EMPTY: no units to dispose; left out"]


def test_orders_split_at_10000_skus() -> None:
    skus = [f"S{i:05d}" for i in range(10_001)]
    decisions = {s: Decision(s, Action.DISPOSE) for s in skus}
    export = build_export("removal", decisions, _effects(dict.fromkeys(skus, 1)), _settings(), DAY)
    header = "MerchantRemovalOrderID\tipitui-2026-03-01-disposal-{}\nRemovalDisposition\tDisposal\n"
    header += "MerchantSKU\tSellableQuantity\tUnsellableQuantity\n"
    first = header.format(1) + "".join(f"S{i:05d}\t1\t0\n" for i in range(10_000))
    second = header.format(2) + "S10000\t1\t0\n"
    assert [f.data.decode() for f in export.files] == [first, second]
    assert [f.part for f in export.files] == ["disposal-1", "disposal-2"]


@pytest.mark.parametrize(
    ("address", "missing"),
    [
        (
            ReturnAddress(),
            "name, return_address.line1, return_address.city, "
            "return_address.postal_code, return_address.country_code",
        ),  # fmt: skip
        (
            ReturnAddress(
                name="Jo", line1="1 St", city="Austin", postal_code="7", country_code="US"
            ),
            "state_or_region",
        ),  # fmt: skip
    ],
)
def test_a_return_order_without_a_full_address_is_refused(
    address: ReturnAddress, missing: str
) -> None:
    decisions = {"A": Decision("A", Action.REMOVE)}
    path = Path("/home/seller/.config/ipitui/accounts/shop.toml")
    with pytest.raises(UserError) as exc:
        build_export(
            "removal", decisions, _effects({"A": 1}), _settings(address), DAY, settings_file=path
        )
    message = str(exc.value)
    assert f"return_address.{missing} in {path}" in message
    assert "nothing was written" in message


def test_a_uk_address_needs_no_region_and_disposals_need_no_address() -> None:
    uk = ReturnAddress(
        name="Jo", line1="1 High St", city="Leeds", postal_code="LS1", country_code="GB"
    )
    decisions = {"A": Decision("A", Action.REMOVE)}
    assert build_export("removal", decisions, _effects({"A": 1}), _settings(uk), DAY).files
    disposal = {"B": Decision("B", Action.DISPOSE)}
    blank = _settings(ReturnAddress())
    assert build_export("removal", disposal, _effects({"B": 1}), blank, DAY).files


def test_liquidation_list_in_the_same_layout_with_a_caveat() -> None:
    decisions = {
        "L2": Decision("L2", Action.LIQUIDATE, quantity=3),
        "L1": Decision("L1", Action.LIQUIDATE),
        "R": Decision("R", Action.REMOVE),
    }
    export = build_export(
        "liquidation", decisions, _effects({"L1": 40, "L2": 9, "R": 1}), _settings(), DAY,
        unsellable={"L1": 5},
    )  # fmt: skip
    assert [f.data for f in export.files] == [
        b"MerchantRemovalOrderID\tipitui-2026-03-01-liquidate-1\n"
        b"RemovalDisposition\tLiquidate\n"
        b"MerchantSKU\tSellableQuantity\tUnsellableQuantity\n"
        b"L1\t40\t0\n"
        b"L2\t3\t0\n"
    ]
    assert "not confirmed" in export.notes[0]


def test_a_decision_the_core_has_no_row_for_uses_its_own_quantity() -> None:
    decisions = {
        "GONE": Decision("GONE", Action.DISPOSE, quantity=2),
        "NOQ": Decision("NOQ", Action.DISPOSE),
    }
    export = build_export("removal", decisions, _effects({}), _settings(), DAY)
    assert export.files[0].data.endswith(b"UnsellableQuantity\nGONE\t2\t0\n")
    assert export.notes == ["NOQ: no units to dispose; left out"]


def test_unsellable_units_come_from_the_stranded_report() -> None:
    stranded = pl.DataFrame(
        {"sku": ["A", "A", "B", "C"], "unfulfillable_qty": [2, 1, 0, None]},
        schema={"sku": pl.String, "unfulfillable_qty": pl.Int64},
    )
    data = AccountData(DAY, pl.DataFrame(), pl.LazyFrame(), stranded=stranded)
    assert unsellable_units(data) == {"A": 3}
    assert unsellable_units(AccountData(DAY, pl.DataFrame(), pl.LazyFrame())) == {}
