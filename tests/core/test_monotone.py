"""Property tests: each factor moves the right way when excess units are removed, stranded
units are fixed or in-stock improves, and the estimate never rises when they worsen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from core_build import account, sku
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ipitui.core import evaluate, prepare
from ipitui.core.decisions import Action, Decision
from ipitui.core.estimate import estimate_from_factors
from ipitui.core.settings import AccountSettings, IpiSettings

TODAY = date(2026, 3, 10)
EPS = 1e-7
CHECKS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def planning_rows(draw, n_min: int = 1) -> list[dict]:
    n = draw(st.integers(n_min, 6))
    rows = []
    for i in range(n):
        t30 = draw(st.integers(0, 60))
        t60 = t30 + draw(st.integers(0, 60))
        t90 = t60 + draw(st.integers(0, 60))
        units = draw(st.one_of(st.integers(0, 400), st.none())) if i else draw(st.integers(0, 400))
        rows.append(sku(f"S{i}", units, t30, t60, t90, your_price=10.0, item_volume=0.1))
    return rows


@st.composite
def accounts(draw):
    rows = draw(planning_rows())
    stranded = None
    if draw(st.booleans()):
        names = [r["sku"] for r in rows] + ["ONLY-STRANDED"]
        picks = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        stranded = [{"sku": p, "fulfillable_qty": draw(st.integers(0, 80))} for p in picks]
    history = {}
    if draw(st.booleans()):  # a month-old snapshot: sell-through averages it
        history[TODAY - timedelta(days=30)] = [
            {**r, "available": draw(st.integers(0, 400))} for r in rows
        ]
    return rows, stranded, history


def raw_after(prepared, decisions) -> float:
    raw = evaluate(prepared, decisions).estimate_after.raw
    return -1.0 if raw is None else raw


def sub_scores_after(prepared, decisions) -> dict[str, float]:
    return evaluate(prepared, decisions).estimate_after.sub_scores


@CHECKS
@given(accounts(), st.data())
def test_removing_excess_units_never_lowers_excess_or_sell_through(case, data) -> None:
    """More excess units removed: the excess and sell-through sub-scores never fall, and
    without stranded units nor does the estimate (with stranded units waiting, the same
    stranded units become a larger share: see test_whatif_decided)."""
    rows, stranded, history = case
    p = prepare(account(rows, TODAY, history, stranded), AccountSettings())
    excess = p.whatif_base.filter(p.whatif_base["excess_units"] > 0)
    assume(excess.height > 0)
    row = excess.row(data.draw(st.integers(0, excess.height - 1)), named=True)
    e = row["excess_units"]
    fewer = data.draw(st.integers(1, e))
    more = data.draw(st.integers(fewer, e))
    action = data.draw(st.sampled_from([Action.REMOVE, Action.DISPOSE, Action.LIQUIDATE]))
    a = sub_scores_after(p, [Decision(row["sku"], action, quantity=fewer)])
    b = sub_scores_after(p, [Decision(row["sku"], action, quantity=more)])
    for name in ("excess_pct", "sell_through"):
        if name in p.estimate.sub_scores:
            assert p.estimate.sub_scores[name] - EPS <= a[name] <= b[name] + EPS
    if not (p.totals.stranded_units or 0):
        now = p.estimate.raw
        a = raw_after(p, [Decision(row["sku"], action, quantity=fewer)])
        b = raw_after(p, [Decision(row["sku"], action, quantity=more)])
        assert now - EPS <= a <= b + EPS


@CHECKS
@given(accounts(), st.data())
def test_fixing_stranded_units_never_raises_the_stranded_share(case, data) -> None:
    """Relisted units leave S and join U: the stranded share only falls (the excess may rise,
    as the relisted units are units like the others)."""
    rows, stranded, history = case
    assume(stranded)
    p = prepare(account(rows, TODAY, history, stranded), AccountSettings())
    stuck = p.whatif_base.filter(p.whatif_base["stranded_units"] > 0)
    assume(stuck.height > 0)
    row = stuck.row(data.draw(st.integers(0, stuck.height - 1)), named=True)
    fewer = data.draw(st.integers(1, row["stranded_units"]))
    more = data.draw(st.integers(fewer, row["stranded_units"]))
    now = p.factors.stranded_pct
    a = evaluate(p, [Decision(row["sku"], Action.FIX, quantity=fewer)]).factors_after
    b = evaluate(p, [Decision(row["sku"], Action.FIX, quantity=more)]).factors_after
    assert now + EPS >= a.stranded_pct >= b.stranded_pct - EPS


@CHECKS
@given(accounts(), st.data())
def test_promoting_never_lowers_the_estimate(case, data) -> None:
    rows, stranded, history = case
    p = prepare(account(rows, TODAY, history, stranded), AccountSettings())
    assume(p.estimate.raw is not None)
    name = data.draw(st.sampled_from(p.whatif_base["sku"].to_list()))
    uplift = data.draw(st.floats(0, 300))
    assert raw_after(p, [Decision(name, Action.PROMOTE, uplift_pct=uplift)]) >= p.estimate.raw - EPS


@CHECKS
@given(accounts(), st.data())
def test_more_stranded_units_never_raise_the_estimate(case, data) -> None:
    rows, stranded, history = case
    assume(stranded)
    i = data.draw(st.integers(0, len(stranded) - 1))
    worse = [dict(r) for r in stranded]
    worse[i]["fulfillable_qty"] += data.draw(st.integers(1, 100))
    before = prepare(account(rows, TODAY, history, stranded), AccountSettings()).estimate.raw
    after = prepare(account(rows, TODAY, history, worse), AccountSettings()).estimate.raw
    assert after <= before + EPS


@CHECKS
@given(planning_rows(), st.data())
def test_in_stock_days_never_lower_the_estimate(rows, data) -> None:
    # a snapshot 10 days ago: inside the in-stock window, not one sell-through averages
    i = data.draw(st.integers(0, len(rows) - 1))
    assume(rows[i]["units_shipped_t60"] > 0 and rows[i]["available"] is not None)
    out = [{**r, "available": data.draw(st.integers(0, 50))} for r in rows]
    out[i]["available"] = 0
    back = [dict(r) for r in out]
    back[i]["available"] = data.draw(st.integers(1, 50))
    day = TODAY - timedelta(days=10)
    worse = prepare(account(rows, TODAY, {day: out}), AccountSettings())
    better = prepare(account(rows, TODAY, {day: back}), AccountSettings())
    assert better.factors.in_stock_pct >= worse.factors.in_stock_pct
    assert better.estimate.raw >= worse.estimate.raw - EPS


factor_values = st.fixed_dictionaries(
    {
        "excess_pct": st.one_of(st.none(), st.floats(0, 100)),
        "sell_through": st.one_of(st.none(), st.floats(0, 20)),
        "stranded_pct": st.one_of(st.none(), st.floats(0, 100)),
        "in_stock_pct": st.one_of(st.none(), st.floats(0, 100)),
    }
)


@pytest.mark.parametrize(
    ("name", "better"),
    [("excess_pct", -1), ("sell_through", 1), ("stranded_pct", -1), ("in_stock_pct", 1)],
)
@settings(max_examples=200, deadline=None)
@given(values=factor_values, step=st.floats(0, 50))
def test_the_mapping_is_monotone_in_each_factor(name, better, values, step) -> None:
    assume(values[name] is not None)
    improved = {**values, name: values[name] + better * step}
    ipi = IpiSettings()
    assert estimate_from_factors(improved, ipi).raw >= estimate_from_factors(values, ipi).raw - EPS
