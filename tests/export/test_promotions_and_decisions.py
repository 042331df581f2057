from __future__ import annotations

from datetime import date

import polars as pl

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import AccountSettings
from ipitui.export import build_export

DAY = date(2026, 3, 1)
BOM = "\ufeff".encode()

EFFECTS = pl.DataFrame(
    {
        "sku": ["MUG-RED", "LAMP-10", "CHAIR", "SOCKS", "NAP", "GONE-NOT"],
        "asin": ["B0MUG00001", "B0LAMP0010", "B0CHAIR001", "B0SOCKS001", "B0NAP00001", "x"],
        "product_name": [
            'Mug "Classic", red',
            '10" Deluxe Lamp, brass',
            "Chair\twith\ttabs",
            "Socks, 3 pairs",
            "Nap pillow",
            "not decided",
        ],
        "action": ["promote", "promote", "remove", "liquidate", "snooze", "remove"],
        "quantity": [0, None, 12, 40, None, 1],  # the core says 0 units for a promotion
        "points": [1.25, 0.5, 3.0, -0.04, None, 1.0],
        "storage_saving_month": [0.8, 0.12, 4.5, 1.0, None, 1.0],
        # LAMP-10's surcharge has no known rate (None); the core gives 0 for nothing saved
        "surcharge_saving": [0.0, None, 10.0, 0.25, None, 1.0],
        "cash": [0.0, 0.0, -12.5, 14.3, None, 1.0],
        "price": [12.0, 49.99, 80.0, 9.5, 20.0, 1.0],
        "sale_price": [None, 39.99, None, None, None, None],
        "discount_pct": [20.0, 20.0, None, None, None, None],
        "days": [30, 30, None, None, None, None],
        "reason": [
            "120 days of supply; selling",
            "95 days of supply",
            "no sale in 6 months",
            'aged 400 days, "worst" tier',
            None,
            "x",
        ],
    }
)

DECISIONS = {
    "MUG-RED": Decision("MUG-RED", Action.PROMOTE, None, 25.0, 60.0, 14, None, "spring, 1st"),
    "LAMP-10": Decision("LAMP-10", Action.PROMOTE),
    "CHAIR": Decision("CHAIR", Action.REMOVE),
    "SOCKS": Decision("SOCKS", Action.LIQUIDATE, quantity=30, note='say "bye"'),
    "NAP": Decision("NAP", Action.SNOOZE, until=date(2026, 5, 1)),
    "NEW-SKU": Decision("NEW-SKU", Action.DISPOSE, quantity=2),
}


def test_promotions_review_file_and_csv_byte_for_byte() -> None:
    export = build_export("promotions", DECISIONS, EFFECTS, AccountSettings(), DAY)
    review, paste = export.files
    assert (review.suffix, paste.suffix) == (".txt", ".csv")
    assert review.data == (
        b"sku\tasin\ttitle\tcurrent-price\tsale-price\tdiscount-pct\tstart-date\tend-date\n"
        b'LAMP-10\tB0LAMP0010\t10" Deluxe Lamp, brass\t49.99\t39.99\t20\t2026-03-01\t2026-03-30\n'
        b'MUG-RED\tB0MUG00001\tMug "Classic", red\t12.00\t9.00\t25\t2026-03-01\t2026-03-14\n'
    )
    assert paste.data == BOM + (
        b"SKU,ASIN,Title,Current price,Sale price,Discount %,Start date,End date\r\n"
        b'LAMP-10,B0LAMP0010,"10"" Deluxe Lamp, brass",49.99,39.99,20,2026-03-01,2026-03-30\r\n'
        b'MUG-RED,B0MUG00001,"Mug ""Classic"", red",12.00,9.00,25,2026-03-01,2026-03-14\r\n'
    )
    assert "31 July 2025" in export.notes[-1]


def test_promotions_without_a_price_or_effects_row_use_the_defaults_and_say_so() -> None:
    settings = AccountSettings(currency="JPY")
    settings.promotion.default_discount_pct = 10.0
    settings.promotion.default_days = 7
    decisions = {"JP-1": Decision("JP-1", Action.PROMOTE), "JP-2": Decision("JP-2", Action.PROMOTE)}
    effects = pl.DataFrame({"sku": ["JP-1"], "price": [1980.0]})
    export = build_export("promotions", decisions, effects, settings, DAY)
    assert export.files[0].data.decode().splitlines()[1:] == [
        "JP-1\t\t\t1980\t1782\t10\t2026-03-01\t2026-03-07",
        "JP-2\t\t\t\t\t10\t2026-03-01\t2026-03-07",
    ]
    assert export.notes[0] == "JP-2: no price in the newest report; fill in the prices"


def test_decisions_csv_byte_for_byte_without_snoozed() -> None:
    export = build_export("decisions", DECISIONS, EFFECTS, AccountSettings(), DAY)
    (only,) = export.files
    header = (
        "sku,asin,title,action,mark,quantity,discount_pct,uplift_pct,days,note,reason,"
        "ipi_points,storage_saving_month,surcharge_saving,cash,estimated_saving\r\n"
    )
    assert (
        only.data
        == BOM
        + (
            header
            + "CHAIR,B0CHAIR001,Chair with tabs,remove,R,12,,,,,no sale in 6 months,3.0,4.50,"
            "10.00,-12.50,2.00\r\n"
            'LAMP-10,B0LAMP0010,"10"" Deluxe Lamp, brass",promote,P,,20.0,50.0,30,,'
            "95 days of supply,0.5,0.12,,0.00,\r\n"  # a part not known: no total
            'MUG-RED,B0MUG00001,"Mug ""Classic"", red",promote,P,,25.0,60.0,14,"spring, 1st",'
            "120 days of supply; selling,1.2,0.80,0.00,0.00,0.80\r\n"
            "NEW-SKU,,,dispose,D,2,,,,,,,,,,\r\n"
            'SOCKS,B0SOCKS001,"Socks, 3 pairs",liquidate,L,30,,,,"say ""bye""",'
            '"aged 400 days, ""worst"" tier",0.0,1.00,0.25,14.30,15.55\r\n'
        ).encode()
    )
    assert export.notes == ["1 decision has no estimate (SKU not in the newest report)"]


def test_nothing_to_export_gives_no_files() -> None:
    only_snoozed = {"NAP": DECISIONS["NAP"]}
    for kind in ("removal", "liquidation", "promotions", "decisions"):
        export = build_export(kind, only_snoozed, EFFECTS, AccountSettings(), DAY)
        assert export.files == [], kind
