"""The what-if is the score of the decided report: for remove, dispose, liquidate, fix listing,
restock and discontinue, the numbers with decisions equal those of the same report with the
decisions carried out in its rows, scored afresh (property test on random accounts, plus the
hand-worked account of docs/numbers.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from core_build import account, sku
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipitui.core import changes, evaluate, prepare
from ipitui.core.decisions import Action, Decision
from ipitui.core.factors import FACTORS
from ipitui.core.settings import AccountSettings, ExcessSettings

TODAY = date(2026, 3, 10)
CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLEAR_OUT = (Action.REMOVE, Action.DISPOSE, Action.LIQUIDATE)
ROW_ACTIONS = (*CLEAR_OUT, Action.FIX, Action.RESTOCK, Action.DISCONTINUE)


@st.composite
def accounts(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        t30 = draw(st.integers(0, 40))
        t60 = t30 + draw(st.integers(0, 40))
        t90 = t60 + draw(st.integers(0, 40))
        units = draw(st.one_of(st.integers(0, 300), st.none())) if i else draw(st.integers(0, 300))
        inbound = draw(st.integers(0, 50))
        row = sku(f"S{i}", units, t30, t60, t90, your_price=10.0, item_volume=0.1)
        rows.append({**row, "inbound_quantity": inbound})
    stranded = None
    if draw(st.booleans()):
        names = [r["sku"] for r in rows] + ["ONLY-STRANDED"]
        picks = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        stranded = [{"sku": p, "fulfillable_qty": draw(st.integers(0, 80))} for p in picks]
    history = {}
    for back in draw(st.sets(st.sampled_from([10, 30, 60, 100]), max_size=3)):
        # 10 days: inside the in-stock window; 30 and 60: averaged by sell-through; 100: the
        # SKUs it does not list are in their first 90 days and count nowhere
        listed = [r for r in rows if back < 100 or draw(st.booleans())]
        history[TODAY - timedelta(days=back)] = [
            {**r, "available": draw(st.integers(0, 300))} for r in listed
        ]
    counts_inbound = draw(st.booleans())
    return rows, stranded, history, counts_inbound


def carried_out(prepared, rows, stranded, decisions):
    """The planning and stranded rows with ``decisions`` carried out, worked out here from
    the quantities alone: a clear-out takes the excess units first, then stranded units, then
    the other available units; a fix relists stranded units into ``available``; a restock
    adds inbound units."""
    rows = [dict(r) for r in rows]
    stranded = [dict(r) for r in stranded or []]
    by_sku = {r["sku"]: r for r in rows}
    base = {r["sku"]: r for r in prepared.whatif_base.iter_rows(named=True)}

    def take_stranded(name: str, n: int) -> int:
        taken = 0
        for r in stranded:
            if r["sku"] == name and n > taken:
                now = min(r["fulfillable_qty"], n - taken)
                r["fulfillable_qty"] -= now
                taken += now
        return taken

    for d in decisions:
        row, numbers = by_sku.get(d.sku), base.get(d.sku)
        if numbers is None:
            continue
        units, excess = numbers["available"] or 0, numbers["excess_units"] or 0
        if d.action in CLEAR_OUT:
            n = d.quantity
            from_excess = min(n, excess)
            from_stranded = take_stranded(d.sku, n - from_excess)
            from_rest = min(n - from_excess - from_stranded, max(units - excess, 0))
            if row is not None and row["available"] is not None:
                row["available"] -= from_excess + from_rest
        elif d.action == Action.FIX:
            fixed = take_stranded(d.sku, d.quantity)
            if row is None:  # a SKU only the stranded report lists gets a planning row
                rows.append({"sku": d.sku, "available": fixed})
            elif row["available"] is not None:
                row["available"] += fixed
        elif d.action == Action.RESTOCK:
            row["inbound_quantity"] += d.quantity
    return rows, (stranded or None)


def assert_same_numbers(a, b) -> None:
    for name in FACTORS:
        x, y = getattr(a.factors_after, name), getattr(b.factors_after, name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert x == pytest.approx(y, abs=1e-9), name
    assert a.estimate_after.score == b.estimate_after.score
    if a.estimate_after.raw is not None:
        assert a.estimate_after.raw == pytest.approx(b.estimate_after.raw, abs=1e-9)


@CHECKS
@given(accounts(), st.data())
def test_the_what_if_is_the_score_of_the_decided_report(case, data) -> None:
    rows, stranded, history, counts_inbound = case
    s = AccountSettings(excess=ExcessSettings(excess_counts_inbound=counts_inbound))
    p = prepare(account(rows, TODAY, history, stranded), s)
    names = p.whatif_base["sku"].to_list()
    picked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    decisions = []
    for name in picked:
        action = data.draw(st.sampled_from(ROW_ACTIONS))
        if action == Action.RESTOCK and name not in {r["sku"] for r in rows}:
            action = Action.FIX  # a SKU only the stranded report lists has no inbound units
        quantity = None if action == Action.DISCONTINUE else data.draw(st.integers(0, 400))
        decisions.append(Decision(name, action, quantity=quantity))
    with_decisions = evaluate(p, decisions)

    decided_rows, decided_stranded = carried_out(p, rows, stranded, decisions)
    old = [d for d in history if (TODAY - d).days >= 90 and history[d]]  # (an empty one is none)
    if old and len(decided_rows) > len(rows):
        # a SKU only the stranded report lists counts (it is not a new ASIN: its units were
        # at Amazon); relisted, it gets a planning row, and its old listing says so
        history = {**history, old[0]: [*history[old[0]], *({"sku": r["sku"]} for r in
                                                         decided_rows[len(rows) :])]}  # fmt: skip
    decided = prepare(account(decided_rows, TODAY, history, decided_stranded), s)
    # a discontinued SKU is not a change to any row: it stays a decision
    kept = [d for d in decisions if d.action == Action.DISCONTINUE]
    assert_same_numbers(with_decisions, evaluate(decided, kept))


def test_removing_excess_beside_stranded_units_costs_stranded_points() -> None:
    """The issue's account: 1,000 units available, 60 stranded; removing 500 excess units
    leaves the 60 stranded units as 60 / (500 + 60) of the inventory."""
    rows = [sku("A", 1000, 150, 300, 450, inbound_quantity=0)]  # d 5: 450 days' cover, E 550
    stranded = [{"sku": "B", "fulfillable_qty": 60}]
    p = prepare(account(rows, TODAY, None, stranded), AccountSettings())
    assert p.factors.stranded_pct == pytest.approx(60 / 1060 * 100)
    card = evaluate(p, [Decision("A", Action.REMOVE, quantity=500)])
    assert card.factors_after.stranded_pct == pytest.approx(60 / 560 * 100)  # 10.7 %
    effect = card.effects.row(0, named=True)
    assert "fix the 60 stranded units first" in effect["reason"]
    assert "from 5.7% to 10.7%" in effect["reason"]
    decided = prepare(
        account([{**rows[0], "available": 500}], TODAY, None, stranded), AccountSettings()
    )
    assert card.estimate_after.score == decided.estimate.score
    # fixing the stranded units first, then removing, scores better than removing alone
    both = evaluate(p, [Decision("B", Action.FIX), Decision("A", Action.REMOVE, quantity=500)])
    assert both.estimate_after.raw > card.estimate_after.raw


def test_the_opportunities_weigh_each_row_against_the_decisions_made() -> None:
    # 60 stranded units beside 1,000 + 200 available: once A's 500 excess units are to go,
    # the same stranded units are a larger share and relisting them is worth more
    rows = [sku("A", 1000, 150, 300, 450, inbound_quantity=0),
            sku("C", 200, 30, 60, 90, inbound_quantity=0)]  # fmt: skip
    stranded = [{"sku": "B", "fulfillable_qty": 60}]
    p = prepare(account(rows, TODAY, None, stranded), AccountSettings())

    def points(card, name: str) -> float:
        chances = card.opportunities
        return chances.filter(chances["sku"] == name)["points_at_stake"].item()

    before = points(evaluate(p, []), "B")
    removal = Decision("A", Action.REMOVE, quantity=500)
    card = evaluate(p, [removal])
    assert "A" not in card.opportunities["sku"].to_list()
    after = points(card, "B")
    assert after > before
    # a row's points given the decisions: the estimate with its fix added to them
    both = evaluate(p, [removal, Decision("B", Action.FIX)])
    assert after == pytest.approx(both.estimate_after.raw - card.estimate_after.raw)
    assert card.opportunities["points_at_stake"].is_sorted(descending=True)


def test_the_per_sku_numbers_a_change_reads_are_named_once() -> None:
    reads = {
        r
        for counts_inbound in (False, True)  # inbound units count toward excess, or not
        for e in changes.delta_exprs(
            AccountSettings(excess=ExcessSettings(excess_counts_inbound=counts_inbound))
        ).values()
        for r in e.meta.root_names()
    }
    assert reads - set(changes.CHANGE_COLUMNS) - {"new_asin"} == set(changes.SKU_READS)
