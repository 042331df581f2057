"""Seasons: a SKU held for its coming or current season is snoozed until the season ends,
never suggested for liquidation, removal or disposal; a season that has ended changes nothing.
The numbers are worked out by hand from the rows below."""

from __future__ import annotations

from datetime import date

import pytest
from core_build import account, sku

from ipitui.core import parse_filter, prepare
from ipitui.core.season import horizon
from ipitui.core.settings import AccountSettings

TODAY = date(2026, 8, 10)  # next charge date 2026-08-15; storage for September; horizon 11-10
CLEAR_OUT = {"liquidate", "remove", "dispose"}


def idle(name: str, **season) -> dict:
    """40 units, no sales, $30, 0.1 ft3 standard: 40 excess units that liquidation clears
    (2026 removal at 1 lb $1.53 x 40 = $61.20; liquidation 30 x 7.5 % x 85 % - $0.30 =
    $1.6125 a unit, $64.50)."""
    return sku(name, 40, your_price=30.0, item_volume=0.1, storage_type="Standard", **season)


def seasonal_account(stranded: list[dict] | None = None):
    return account(
        [
            # ahead of Halloween, 10 units to be charged the surcharge at 271-300 days
            idle("AHEAD", is_seasonal_in_next_3_months="Yes", season_name="Halloween",
                 season_start_date=date(2026, 9, 1), season_end_date=date(2026, 10, 31),
                 quantity_to_be_charged_ais_271_300_days=10),
            # in season: the dates decide, whatever the Yes/No column says
            idle("NOW", is_seasonal_in_next_3_months="No", season_name="Back to School",
                 season_start_date=date(2026, 7, 15), season_end_date=date(2026, 9, 15)),
            # its season ended in April (a stale Yes does not hold it)
            idle("OVER", is_seasonal_in_next_3_months="Yes", season_name="Easter",
                 season_start_date=date(2026, 3, 1), season_end_date=date(2026, 4, 5)),
            # starts after the three months (2026-11-20 > 2026-11-10): not held yet
            idle("FAR", is_seasonal_in_next_3_months="No", season_name="Christmas",
                 season_start_date=date(2026, 11, 20), season_end_date=date(2026, 12, 31)),
            # Amazon says Yes, without a name or dates
            idle("FLAG", is_seasonal_in_next_3_months="yes"),
            # ends before it starts: the dates are ignored, and the No leaves it unheld
            idle("BAD", is_seasonal_in_next_3_months="No", season_name="Diwali",
                 season_start_date=date(2026, 9, 1), season_end_date=date(2026, 8, 20)),
            # sells 30 a day, no excess (oversize, so standard storage stays under 25 ft3
            # and no utilization surcharge applies): gives the points at stake a scale
            sku("N", 2000, 900, 1800, 2700, your_price=10.0, item_volume=0.1,
                storage_type="Oversize"),
        ],
        TODAY,
        stranded=stranded,
    )  # fmt: skip


def rows_of(p, name: str) -> dict[str, dict]:
    listed = p.explained(name, p.lists[name])
    return {r["sku"]: r for r in listed.iter_rows(named=True)}


def test_horizon_is_three_calendar_months() -> None:
    assert horizon(TODAY) == date(2026, 11, 10)
    assert horizon(date(2026, 11, 30)) == date(2027, 2, 28)


def test_a_held_sku_is_snoozed_for_its_season_never_cleared_out() -> None:
    p = prepare(seasonal_account(), AccountSettings())
    ex = rows_of(p, "excess")
    assert set(ex) == {"AHEAD", "NOW", "OVER", "FAR", "FLAG", "BAD"}
    held = {s for s, r in ex.items() if r["season_held"]}
    assert held == {"AHEAD", "NOW", "FLAG"}
    for s in held:
        assert ex[s]["suggested_action"] == "snooze"
    # AHEAD: storage of its 40 excess units in September, 40 x 0.1 ft3 x $0.78; the
    # surcharge on the 15th, 10 units x 0.1 ft3 x $5.45 (271-300 days)
    assert ex["AHEAD"]["surcharge_next"] == pytest.approx(10 * 0.1 * 5.45)
    assert ex["AHEAD"]["reason"] == (
        "Seasonal (Halloween, 2026-09-01 to 2026-10-31): hold for the season, snooze until "
        "2026-10-31; then promote what is left. Holding costs $3.12 storage a month and "
        "$5.45 surcharge on 2026-08-15"
    )
    assert ex["AHEAD"]["season"] == "Halloween"
    assert ex["AHEAD"]["season_start"] == date(2026, 9, 1)
    assert ex["AHEAD"]["season_end"] == date(2026, 10, 31)
    assert ex["NOW"]["reason"].startswith(
        "Seasonal (Back to School, 2026-07-15 to 2026-09-15): hold for the season, snooze "
        "until 2026-09-15; then promote what is left. Holding costs $3.12 storage a month and "
        "$0.00 surcharge"
    )
    # a Yes without dates holds it three months, then a newer report says more
    assert ex["FLAG"]["reason"].startswith(
        "Seasonal (season not named, dates not given): hold for the season, snooze until "
        "2026-11-10; then look again with a newer report."
    )
    # ended, too far off, or with dates that cannot be: the usual suggestion
    for s in ("OVER", "FAR", "BAD"):
        assert not ex[s]["season_held"]
        assert ex[s]["suggested_action"] == "liquidate"
        assert ex[s]["reason"] == (
            "No units shipped in 90 days: liquidate 40 units: removing them costs $61.20, "
            "liquidating them nets $64.50"
        )
    assert ex["BAD"]["season"] == "Diwali" and ex["BAD"]["season_start"] is None
    assert ex["BAD"]["season_end"] is None


def test_holding_still_shows_what_it_costs() -> None:
    p = prepare(seasonal_account(), AccountSettings())
    ex = rows_of(p, "excess")
    # the same 40 units at stake as a SKU told to liquidate: the same points and cost
    assert ex["AHEAD"]["points_at_stake"] == pytest.approx(ex["OVER"]["points_at_stake"])
    assert ex["AHEAD"]["points_at_stake"] > 0
    assert ex["AHEAD"]["excess_cost_month"] == pytest.approx(
        40 * 0.1 * 0.78 + ex["AHEAD"]["surcharge_next"]  # all 40 units go: their surcharge too
    )
    assert ex["AHEAD"]["liquidation_net"] == pytest.approx(64.50)


def test_aging_list_and_the_opportunities_hold_it_too() -> None:
    p = prepare(seasonal_account(), AccountSettings())
    aging = rows_of(p, "aging")
    assert aging["AHEAD"]["suggested_action"] == "snooze"
    assert aging["AHEAD"]["reason"].startswith("Seasonal (Halloween, 2026-09-01 to 2026-10-31)")
    assert aging["AHEAD"]["season"] == "Halloween" and aging["AHEAD"]["season_held"]
    pool = {r["sku"]: r for r in p.candidates.iter_rows(named=True)}
    assert {"AHEAD", "NOW", "FLAG", "OVER"} <= set(pool)
    for s in ("AHEAD", "NOW", "FLAG"):
        assert pool[s]["suggested_action"] == "snooze"
        assert pool[s]["reason"].startswith("Seasonal (")
    assert pool["OVER"]["suggested_action"] == "liquidate"
    for name in ("excess", "aging"):
        listed = p.explained(name, p.lists[name])
        held = listed.filter(listed["season_held"])
        assert held.height and not set(held["suggested_action"]) & CLEAR_OUT


def test_a_held_stranded_sku_is_fixed_not_removed() -> None:
    near = {"fulfillable_qty": 5, "your_price": 30.0, "stranded_reason": "Listing error",
            "date_to_take_auto_removal": date(2026, 8, 20)}  # fmt: skip
    p = prepare(
        seasonal_account([{"sku": "AHEAD", **near}, {"sku": "OVER", **near}]), AccountSettings()
    )
    st = {r["sku"]: r for r in p.lists["stranded"].iter_rows(named=True)}
    assert st["OVER"]["suggested_action"] == "remove"  # auto-removal in 10 days
    assert st["AHEAD"]["suggested_action"] == "fix"
    assert st["AHEAD"]["reason"] == (
        "Seasonal (Halloween, 2026-09-01 to 2026-10-31): fix the listing to sell it in the "
        "season rather than remove it (Amazon's auto-removal date: 2026-08-20)"
    )


def test_filter_by_season_and_held() -> None:
    p = prepare(seasonal_account(), AccountSettings())
    ex = p.lists["excess"]
    for text, expected in [
        ("season=halloween", {"AHEAD"}),
        ("season~christ", {"FAR"}),
        ("held=yes", {"AHEAD", "NOW", "FLAG"}),
        ("held=no action=liquidate", {"OVER", "FAR", "BAD"}),
    ]:
        assert set(ex.filter(parse_filter(text, ex.columns))["sku"]) == expected, text


def test_score_list_shows_the_hold(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from core_build import report_row, write_report

    from ipitui.cli import main
    from ipitui.reports.layouts import PLANNING_2026_US

    day = TODAY.isoformat()
    season = {"is-seasonal-in-next-3-months": "Yes", "season-name": "Halloween",
              "season-start-date": "2026-09-01", "season-end-date": "2026-10-31"}  # fmt: skip
    ended = {**season, "season-name": "Easter", "season-start-date": "2026-03-01",
             "season-end-date": "2026-04-05"}  # fmt: skip
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(day, "AHEAD", 40, 0, 0, 0, **{"your-price": 30.0, **season}),
            report_row(day, "OVER", 40, 0, 0, 0, **{"your-price": 30.0, **ended}),
        ],
    )
    assert main(["import", str(planning), "--account", "Shop"]) == 0
    capsys.readouterr()
    assert main(["score", "--account", "Shop", "--list", "excess", "--json"]) == 0
    rows = {r["sku"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["AHEAD"]["suggested_action"] == "snooze"
    assert rows["AHEAD"]["reason"].startswith(
        "Seasonal (Halloween, 2026-09-01 to 2026-10-31): hold for the season, snooze until "
        "2026-10-31"
    )
    assert rows["AHEAD"]["season"] == "Halloween" and rows["AHEAD"]["season_held"] is True
    assert rows["AHEAD"]["season_start"] == "2026-09-01"
    assert rows["AHEAD"]["season_end"] == "2026-10-31"
    assert rows["OVER"]["suggested_action"] == "liquidate" and not rows["OVER"]["season_held"]
    assert main(["score", "--account", "Shop", "--list", "excess"]) == 0
    text = capsys.readouterr().out
    assert "snooze" in text and "Seasonal (Halloween" in text


def test_snoozing_a_held_sku_defaults_to_its_season_end() -> None:
    from ipitui.core import suggested_until

    p = prepare(seasonal_account(), AccountSettings())
    assert suggested_until(p, "AHEAD") == date(2026, 10, 31)
    assert suggested_until(p, "FLAG") == date(2026, 11, 10)
    assert suggested_until(p, "OVER") is None and suggested_until(p, "N") is None
