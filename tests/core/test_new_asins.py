"""SKUs whose ASIN is in its first 90 days are left out of the IPI factors (Amazon's IPI FAQ):
told from the stored planning snapshots, and only when one is 90 days old or older."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from core_build import account, report_row, sku, write_report

from ipitui.cli import main
from ipitui.core import FACTORS, evaluate, prepare, scorecard_json
from ipitui.core.decisions import Action, Decision
from ipitui.core.prepared import WHATIF_COLUMNS
from ipitui.core.settings import AccountSettings
from ipitui.reports.layouts import PLANNING_2026_US
from ipitui.store.snapshots import load_account_data

TODAY = date(2026, 3, 10)
OLD = TODAY - timedelta(days=100)


def today_rows(*extra: dict) -> list[dict]:
    return [sku("A", 100, 30, 60, 90), sku("B", 50, 3, 6, 9), *extra]


def old_rows() -> list[dict]:
    return [sku("A", 120, 30, 60, 90), sku("B", 60, 3, 6, 9)]


X = sku("X", 400, 0, 0, 0)  # all excess: it would weigh heavily if it counted


def new_of(p) -> dict[str, bool]:
    return dict(zip(p.whatif_base["sku"], p.whatif_base["new_asin"], strict=True))


def test_a_sku_absent_from_a_snapshot_100_days_old_is_left_out_and_counted() -> None:
    p = prepare(account(today_rows(X), TODAY, {OLD: old_rows()}), AccountSettings())
    assert "new_asin" in WHATIF_COLUMNS
    assert new_of(p) == {"A": False, "B": False, "X": True}
    without = prepare(account(today_rows(), TODAY, {OLD: old_rows()}), AccountSettings())
    assert p.totals == without.totals
    assert p.factors.values() == without.factors.values()
    assert p.estimate.score == without.estimate.score
    assert p.factors.new_asins == 1
    assert p.factors.notes["new_asins"] == (
        "1 SKU in their first 90 days left out (Amazon's IPI FAQ)"
    )
    assert p.sku_count == 3  # still listed and shown
    # had it counted, the excess would be far higher
    assert p.factors.excess_pct < 50
    counted = prepare(account(today_rows(X), TODAY), AccountSettings())
    assert counted.factors.excess_pct > 50


def test_a_new_sku_of_an_old_asin_counts() -> None:
    relisted = sku("A2", 40, 0, 0, 0, asin="B0A")  # A's ASIN under a new SKU
    p = prepare(account(today_rows(relisted, X), TODAY, {OLD: old_rows()}), AccountSettings())
    assert new_of(p) == {"A": False, "B": False, "A2": False, "X": True}
    assert p.factors.new_asins == 1


def test_without_a_snapshot_that_old_nothing_is_left_out_and_the_note_says_so() -> None:
    recent = {TODAY - timedelta(days=60): old_rows()}
    p = prepare(account(today_rows(X), TODAY, recent), AccountSettings())
    assert not any(new_of(p).values())
    assert p.factors.new_asins is None
    assert "cannot be told apart" in p.factors.notes["new_asins"]
    assert p.factors.excess_pct > 50  # X counts
    alone = prepare(account(today_rows(X), TODAY), AccountSettings())
    assert "no stored planning snapshot is 90 days old" in alone.factors.notes["new_asins"]


@pytest.mark.parametrize(("days", "told"), [(90, True), (89, False)])
def test_the_snapshot_must_be_90_days_old(days: int, told: bool) -> None:
    history = {TODAY - timedelta(days=days): old_rows()}
    p = prepare(account(today_rows(X), TODAY, history), AccountSettings())
    assert new_of(p)["X"] is told
    assert (p.factors.new_asins == 1) is told


def test_no_new_sku_means_no_note_and_unconfirmed_marketplaces_say_whose_rule() -> None:
    p = prepare(account(today_rows(), TODAY, {OLD: old_rows()}), AccountSettings())
    assert p.factors.new_asins == 0 and "new_asins" not in p.factors.notes
    mx = prepare(
        account(today_rows(X), TODAY, {OLD: old_rows()}), AccountSettings(marketplace="MX")
    )
    assert mx.factors.notes["new_asins"].endswith("not confirmed for MX: US rule used)")


def test_a_new_asins_stranded_units_do_not_count() -> None:
    stranded = [{"sku": "X", "fulfillable_qty": 30}, {"sku": "S1", "fulfillable_qty": 20}]
    p = prepare(account(today_rows(X), TODAY, {OLD: old_rows()}, stranded), AccountSettings())
    assert p.totals.stranded_units == 20
    # S1 is not in the planning snapshot: it cannot be told new, so it counts
    assert p.totals.stranded_base == 150 + 20  # A and B available, plus S1
    points = dict(zip(*p.lists["stranded"].select("sku", "points_at_stake"), strict=True))
    assert points["X"] == 0 and points["S1"] > 0


def test_the_json_says_how_many_were_left_out() -> None:
    p = prepare(account(today_rows(X), TODAY, {OLD: old_rows()}), AccountSettings())
    out = scorecard_json(evaluate(p, []), "Shop")
    assert out["new_asins_left_out"] == 1 and "new_asins" in out["factor_notes"]
    assert set(out["factors"]) == set(FACTORS)


def test_the_stored_history_sums_tell_new_asins_too(tmp_path: Path) -> None:
    def planning(day: date, rows: list[tuple]) -> Path:
        path = tmp_path / f"planning-{day}.txt"
        return write_report(path, PLANNING_2026_US, [report_row(str(day), *r) for r in rows])

    old = planning(OLD, [("A", 120, 30, 60, 90), ("B", 60, 3, 6, 9)])
    new = planning(TODAY, [("A", 100, 30, 60, 90), ("B", 50, 3, 6, 9), ("X", 400, 0, 0, 0)])
    assert main(["import", str(old), str(new), "--account", "Shop"]) == 0
    from ipitui.store.accounts import find_account
    from ipitui.store.paths import resolve_home

    home = resolve_home()
    shop = find_account(home, "Shop")
    assert shop is not None
    data = load_account_data(home, shop.slug)
    assert data is not None and data.history_sums is not None
    assert data.history_sums.rows["seen_old"].to_list() == [True, True, False]
    stored = prepare(data, AccountSettings())
    scanned = prepare(replace(data, history_sums=None), AccountSettings())
    assert stored.factors.new_asins == scanned.factors.new_asins == 1
    assert stored.totals == scanned.totals
    assert main(["score", "--account", "Shop", "--json"]) == 0


def test_a_new_asins_rows_have_no_points_and_their_reasons_say_why() -> None:
    p = prepare(account(today_rows(X), TODAY, {OLD: old_rows()}), AccountSettings())
    excess = p.explained("excess", p.lists["excess"])
    row = excess.filter(excess["sku"] == "X").row(0, named=True)
    assert row["points_at_stake"] == 0.0
    assert row["reason"].endswith(
        "; its ASIN is in its first 90 days: not in the IPI yet (no points)"
    )
    older = excess.filter(excess["sku"] == "A").row(0, named=True)
    assert "first 90 days" not in older["reason"]
    card = evaluate(p, [Decision("X", Action.REMOVE)])
    assert card.effects.row(0, named=True)["points"] == 0.0
    assert card.estimate_after.raw == pytest.approx(p.estimate.raw)
