"""Files typed by hand in the style of real downloads, not made by the tests' own builder.

They follow what is known of real 2026 files: the Spanish seller's Inventory Health file
starts with a UTF-8 BOM, uses CRLF and has no final newline; the Manage FBA Inventory file
has no BOM and no date; titles carry quotes and commas; many cells are blank.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files, load_account_data

T = "\t"
# The 99 headers, spaces inside a header written as "_".
WORDS = """snapshot-date sku fnsku asin product-name condition available fc-transfer
pending-removal-quantity inv-age-0-to-90-days inv-age-91-to-180-days inv-age-181-to-270-days
inv-age-271-to-365-days inv-age-366-to-455-days inv-age-456-plus-days currency
units-shipped-t7 units-shipped-t30 units-shipped-t60 units-shipped-t90 alert your-price
sales-price lowest-price-new-plus-shipping lowest-price-used recommended-action
DEPRECATED_healthy-inventory-level recommended-sales-price recommended-sale-duration-days
recommended-removal-quantity estimated-cost-savings-of-recommended-actions sell-through
item-volume volume-unit-measurement storage-type storage-volume marketplace product-group
sales-rank days-of-supply estimated-excess-quantity weeks-of-cover-t30 weeks-of-cover-t90
featuredoffer-price sales-shipped-last-7-days sales-shipped-last-30-days
sales-shipped-last-60-days sales-shipped-last-90-days inv-age-0-to-30-days
inv-age-31-to-60-days inv-age-61-to-90-days inv-age-181-to-330-days inv-age-331-to-365-days
estimated-storage-cost-next-month inbound-quantity inbound-working inbound-shipped
inbound-received no-sale-last-6-months Total_Reserved_Quantity unfulfillable-quantity
quantity-to-be-charged-ais-181-210-days estimated-ais-181-210-days
quantity-to-be-charged-ais-211-240-days estimated-ais-211-240-days
quantity-to-be-charged-ais-241-270-days estimated-ais-241-270-days
quantity-to-be-charged-ais-271-300-days estimated-ais-271-300-days
quantity-to-be-charged-ais-301-330-days estimated-ais-301-330-days
quantity-to-be-charged-ais-331-365-days estimated-ais-331-365-days
quantity-to-be-charged-ais-366-455-days estimated-ais-366-455-days
quantity-to-be-charged-ais-456-plus-days estimated-ais-456-plus-days
historical-days-of-supply fba-minimum-inventory-level fba-inventory-level-health-status
Recommended_ship-in_quantity Recommended_ship-in_date
Last_updated_date_for_Historical_Days_of_Supply
Exempted_from_Low-Inventory_cost_coverage_fee?
Low-Inventory_cost_coverage_fee_applied_in_current_week?
Short_term_historical_days_of_supply Long_term_historical_days_of_supply
Inventory_age_snapshot_date Inventory_Supply_at_FBA Reserved_FC_Processing
Reserved_Customer_Order Reserved_Staging
Total_Days_of_Supply_(including_units_from_open_shipments) supplier
is-seasonal-in-next-3-months season-name season-start-date season-end-date
Fulfillment_Service_and_Programs"""
PLANNING_HEADER = T.join(word.replace("_", " ") for word in WORDS.split())


def planning_row(values: dict[int, str]) -> str:
    cells = [""] * 99
    for position, value in values.items():
        cells[position - 1] = value
    return T.join(cells)


def test_the_spanish_2026_inventory_health_file(ipitui_home: Home, tmp_path: Path) -> None:
    header = PLANNING_HEADER.split(T)
    assert len(header) == 99 and header[59] == "Total Reserved Quantity"
    first = planning_row({
        1: "2026-08-22", 2: "FBA0201", 3: "X0020100A1", 4: "B0CX000201",
        5: 'Figura 10" Deluxe, edicion 1', 6: "New", 7: "355", 8: "2", 10: "300",
        11: "40", 12: "15", 16: "EUR", 17: "3", 18: "14", 19: "30", 20: "41", 22: "24.99",
        33: "0.0583", 34: "cubic feet", 35: "Standard", 37: "ES", 60: "13", 61: "0",
        63: "0.45", 85: "No", 88: "2026-08-20", 89: "370",
    })  # fmt: skip
    second = planning_row({
        1: "2026-08-22", 2: "FBA0202", 3: "X0020200B2", 4: "B0CX000202",
        5: 'Figura 10" Deluxe, edicion 2', 6: "New", 7: "20", 16: "EUR", 18: "0",
        22: "19.5", 37: "ES", 59: "20", 60: "", 88: "2026-08-20",
    })  # fmt: skip
    data = ("\ufeff" + PLANNING_HEADER + "\r\n" + first + "\r\n" + second).encode("utf-8")
    path = tmp_path / "Inventory_Health_ES.txt"
    path.write_bytes(data)
    myi = "\r\n".join([
        "sku\tfnsku\tasin\tproduct-name\tcondition\tyour-price\tmfn-listing-exists\t"
        "mfn-fulfillable-quantity\tafn-listing-exists\tafn-warehouse-quantity\t"
        "afn-fulfillable-quantity\tafn-unsellable-quantity\tafn-reserved-quantity\t"
        "afn-total-quantity\tper-unit-volume\tafn-inbound-working-quantity\t"
        "afn-inbound-shipped-quantity\tafn-inbound-receiving-quantity\t"
        "afn-researching-quantity\tafn-reserved-future-supply\tafn-future-supply-buyable\t"
        "afn-fulfillable-quantity-local\tafn-fulfillable-quantity-remote\t"
        "afn-fc-transfer-quantity\tafn-onhand-buyable-quantity\tstore",
        'FBA0201\tX0020100A1\tB0CX000201\tFigura 10" Deluxe, edicion 1\tNew\t24.99\tNo\t\t'
        "Yes\t368\t355\t0\t13\t368\t1657.06\t0\t0\t0\t0\t0\t0\t355\t0\t0\t355\t",
        'FBA0202\tX0020200B2\tB0CX000202\tFigura 10" Deluxe, edicion 2\tNew\t19.50\tNo\t\t'
        "Yes\t65\t20\t0\t0\t65\t1657.06\t0\t12\t0\t45\t0\t0\t20\t0\t0\t20\t",
    ])  # fmt: skip
    myi_path = tmp_path / "Manage_FBA_Inventory_ES.txt"
    myi_path.write_bytes(myi.encode("utf-8"))

    slug = add_account(ipitui_home, "Moloka ES", marketplace="ES").slug
    health, manage = import_files(ipitui_home, slug, [path, myi_path])
    assert (health.kind, health.layout, health.rows) == ("planning", "2026 US, 99 columns", 2)
    assert health.encoding == "UTF-8 with BOM" and health.unknown_columns == []
    assert (manage.kind, manage.layout, manage.rows) == (
        "inventory",
        "2026, 26 columns, undated",
        2,
    )
    assert manage.snapshot_date == date(2026, 8, 22)

    data = load_account_data(ipitui_home, slug)
    assert data is not None and data.snapshot_date == date(2026, 8, 22)
    full = data.planning.collect()
    p = full.row(0, named=True)
    assert p["product_name"] == 'Figura 10" Deluxe, edicion 1'
    assert (p["available"], p["fc_transfer"], p["inv_age_0_to_90_days"]) == (355, 2, 300)
    assert (p["units_shipped_t30"], p["your_price"], p["item_volume"]) == (14, 24.99, 0.0583)
    assert (p["total_reserved_quantity"], p["estimated_ais_181_210_days"]) == (13, 0.45)
    assert p["exempted_from_low_inventory_level_fee"] is None
    assert p["low_inventory_level_fee_applied_in_current_week"] == "No"
    assert p["inventory_age_snapshot_date"] == date(2026, 8, 20)
    assert p["inventory_supply_at_fba"] == 370 and p["pending_removal_quantity"] is None
    q = full.row(1, named=True)
    assert (q["available"], q["no_sale_last_6_months"], q["total_reserved_quantity"]) == (
        20,
        "20",
        None,
    )
    assert q["units_shipped_t7"] is None and q["units_shipped_t30"] == 0
    assert data.inventory is not None
    m = data.inventory.collect().row(1, named=True)
    assert (
        m["afn_total_quantity"],
        m["afn_researching_quantity"],
        m["afn_inbound_shipped_quantity"],
    ) == (65, 45, 12)
    assert (
        m["per_unit_volume"] == 1657.06
        and m["store"] is None
        and m["mfn_fulfillable_quantity"] is None
    )


def test_an_airbyte_style_stranded_and_removal_file(ipitui_home: Home, tmp_path: Path) -> None:
    stranded = (
        "primary-action\tdate-stranded\tDate-to-take-auto-removal\tstatus-primary\t"
        "status-secondary\terror-message\tstranded-reason\tasin\tsku\tfnsku\tproduct-name\t"
        "condition\tfulfilled-by\tfulfillable-qty\tyour-price\tunfulfillable-qty\t"
        "reserved-quantity\tinbound-shipped-qty\n"
        "Relist\t2026-04-30T08:15:00Z\t2026-05-30T08:15:00Z\tinactive\t\t"
        "Listing closed\tNo listing\tB0CX000301\tOLD-7\tX0030100C3\t"
        'Mug 12 oz "Owl", blue\tNew\tAmazon\t17\t12.00\t1\t0\t\n'
    )
    removals = (
        "request-date\torder-id\torder-type\tservice-speed\torder-status\tlast-updated-date\t"
        "sku\tfnsku\tdisposition\trequested-quantity\tcancelled-quantity\tdisposed-quantity\t"
        "shipped-quantity\tin-process-quantity\tremoval-fee\tcurrency\n"
        "2023-07-18T22:54:07+00:00\tRmv-1\tReturn\tStandard\tPending\t"
        "2023-07-19T03:00:00+00:00\tOLD-7\tX0030100C3\tSellable\t10\t0\t0\t0\t10\t5.20\tUSD"
    )
    (tmp_path / "s.txt").write_text(stranded, encoding="utf-8")
    (tmp_path / "r.txt").write_text(removals, encoding="utf-8")
    slug = add_account(ipitui_home, "Shop").slug
    planning = PLANNING_HEADER + "\n" + planning_row({1: "5/14/2026", 2: "OLD-7", 7: "0"})
    (tmp_path / "p.txt").write_text(planning, encoding="utf-8")
    import_files(ipitui_home, slug, [tmp_path / "p.txt", tmp_path / "s.txt", tmp_path / "r.txt"])
    data = load_account_data(ipitui_home, slug)
    assert data is not None and data.snapshot_date == date(2026, 5, 14)
    assert data.stranded is not None and data.removals is not None
    s = data.stranded.row(0, named=True)
    assert (s["date_stranded"], s["date_to_take_auto_removal"]) == (
        date(2026, 4, 30),
        date(2026, 5, 30),
    )
    assert (s["fulfillable_qty"], s["product_name"]) == (17, 'Mug 12 oz "Owl", blue')
    r = data.removals.row(0, named=True)
    assert (r["request_date"], r["in_process_quantity"], r["removal_fee"]) == (
        date(2023, 7, 18),
        10,
        5.2,
    )
