"""``core.plan``: the least-cost decisions that reach a target estimate, checked against the
full what-if (``evaluate``) and, on a small account, against every single-decision swap."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from core_build import account, sku
from polars.testing import assert_frame_equal

from ipitui.core import evaluate, prepare
from ipitui.core.decisions import Action, Decision
from ipitui.core.effects import decided_rows
from ipitui.core.plan import PlanError, _costed, _pool, _wanted, candidates, make_plan
from ipitui.core.settings import AccountSettings, PlanSettings

TODAY = date(2026, 3, 10)
STD = {"storage_type": "Standard"}


def plan_account():
    return account(
        [
            sku("P1", 200, 30, 60, 90, your_price=20.0, item_volume=0.1, **STD),  # promote
            sku("L1", 40, your_price=30.0, item_volume=0.2, **STD),  # liquidate
            sku("R1", 10, item_volume=1.0, storage_type="Oversize"),  # remove
            sku("R2", 30, your_price=8.0, item_volume=0.3, **STD),  # d 0: clear out
            sku("P2", 120, 15, 30, 45, your_price=12.0, item_volume=0.1, no_sale_last_6_months=5,
                **STD),  # sells, but units unsold 6 months: clear out
            sku("H1", 60, your_price=9.0, item_volume=0.2, is_seasonal_in_next_3_months="Yes",
                **STD),  # held for its season
            sku("T1", 10, 60, 120, 180, inbound_quantity=5, your_price=10.0, item_volume=0.1,
                **STD),
            sku("N", 50, 30, 60, 90, your_price=5.0, item_volume=0.1, **STD),
        ],
        TODAY,
        stranded=[
            {"sku": "S1", "fulfillable_qty": 3, "your_price": 10.0},
            {"sku": "H1", "fulfillable_qty": 1},
        ],
    )  # fmt: skip


def settings(**plan) -> AccountSettings:
    return AccountSettings(plan=PlanSettings(protect_top_sellers=0, **plan))


@pytest.fixture(scope="module")
def prepared():
    return prepare(plan_account(), settings())


def best_reachable(prepared) -> int:
    return make_plan(prepared, {}, 1000).score_after


def test_the_plan_reaches_each_reachable_target_as_the_what_if_scores_it(prepared) -> None:
    now, best = prepared.estimate.score, best_reachable(prepared)
    assert best > now + 20
    for target in range(now, best + 1, 7):
        plan = make_plan(prepared, {}, target)
        assert plan.reached, target
        card = evaluate(prepared, plan.decisions)
        assert card.estimate_after.score >= target
        assert card.estimate_after.score == plan.score_after
        # the curve ends where the plan does, one point per decision, cost summed
        if plan.steps:
            assert plan.curve[-1].score == plan.score_after
            assert plan.curve[-1].cost == pytest.approx(plan.cost)
            assert len(plan.curve) == len(plan.steps)


def test_a_target_already_met_needs_nothing(prepared) -> None:
    plan = make_plan(prepared, {}, prepared.estimate.score)
    assert plan.reached and plan.steps == [] and plan.cost == 0


def _candidates(prepared, decided=frozenset()):
    pool, _ = _pool(prepared, set(decided))
    rows = _costed(prepared, pool)
    return {r["sku"]: (Action(r["action"]), r["cost"]) for r in rows.iter_rows(named=True)}


def test_no_single_swap_or_drop_gives_a_cheaper_plan(prepared) -> None:
    cands = _candidates(prepared)
    now, best = prepared.estimate.score, best_reachable(prepared)
    for target in range(now + 1, best + 1, 5):
        plan = make_plan(prepared, {}, target)
        chosen = {s.sku for s in plan.steps}
        unchosen = set(cands) - chosen

        def score(skus):
            return evaluate(prepared, [Decision(s, cands[s][0]) for s in skus]).estimate_after.score

        def cost(skus):
            return sum(cands[s][1] for s in skus)

        for out, into in itertools.product(chosen, [*unchosen, None]):
            other = (chosen - {out}) | ({into} if into else set())
            if cost(other) < plan.cost - 1e-6:
                assert score(other) < target, (target, out, into)


def test_a_held_sku_and_an_excluded_sku_never_appear() -> None:
    p = prepare(plan_account(), settings(exclude_skus=["R1"]))
    held = p.lists["excess"].filter(p.lists["excess"]["sku"] == "H1")
    assert held["season_held"][0]  # in the excess list, held for its season
    assert "H1" not in _candidates(p) and "R1" not in _candidates(p)
    for target in range(p.estimate.score, 1001, 25):
        skus = {s.sku for s in make_plan(p, {}, target).steps}
        assert "H1" not in skus and "R1" not in skus
    # without the exclusion, R1 is a candidate (and H1 never is)
    assert "R1" in _candidates(prepare(plan_account(), settings()))


def test_protected_best_sellers_are_not_cleared_out() -> None:
    assert _candidates(prepare(plan_account(), settings()))["P2"][0] is Action.LIQUIDATE
    # P1 (promote) stays proposable; a protected seller is never removed or liquidated
    p = prepare(plan_account(), AccountSettings(plan=PlanSettings(protect_top_sellers=50)))
    plan = make_plan(p, {}, 1000)
    cleared = {s.sku for s in plan.steps if s.action.value in ("remove", "liquidate", "dispose")}
    revenue = {"P1", "P2", "T1", "N"}  # the SKUs that sold in 30 days
    assert not cleared & revenue
    assert "P2" not in _candidates(p)
    assert "P1" in _candidates(p)  # a promotion is not a clearing out


def test_decided_skus_are_kept_and_never_proposed(prepared) -> None:
    decided = {"S1": Decision("S1", Action.REMOVE, quantity=3)}
    now = evaluate(prepared, decided).estimate_after.score
    plan = make_plan(prepared, decided, now + 5)
    assert plan.score_now == now
    assert "S1" not in {s.sku for s in plan.steps}
    card = evaluate(prepared, {**decided, **{d.sku: d for d in plan.decisions}})
    assert card.estimate_after.score == plan.score_after >= now + 5


def test_an_unreachable_target_says_how_far_it_gets(prepared) -> None:
    best = best_reachable(prepared)
    plan = make_plan(prepared, {}, best + 1)
    assert not plan.reached and plan.score_after == best
    assert plan.cost == pytest.approx(sum(s.cost for s in plan.steps))


def test_the_budget_caps_the_cost(prepared) -> None:
    plan = make_plan(prepared, {}, 1000, budget=50.0)
    assert not plan.reached and plan.cost <= 50.0
    assert plan.score_after > prepared.estimate.score  # the free relisting fits
    assert plan.score_after < best_reachable(prepared)


@pytest.mark.parametrize(("target", "budget"), [(-1, None), (1001, None), (500, -0.01)])
def test_bad_input_is_refused(prepared, target, budget) -> None:
    with pytest.raises(PlanError):
        make_plan(prepared, {}, target, budget)


def test_candidates_worked_out_ahead_give_the_same_plan(prepared) -> None:
    ready = candidates(prepared, {})
    now = prepared.estimate.score
    for target in (now + 3, now + 25, 1000):
        ahead, fresh = make_plan(prepared, {}, target, ready=ready), make_plan(prepared, {}, target)
        assert ahead.decisions == fresh.decisions and ahead.score_after == fresh.score_after
    # candidates of other decisions are not used: the plan is worked out anew
    decided = {"S1": Decision("S1", Action.REMOVE, quantity=3)}
    plan = make_plan(prepared, decided, now + 5, ready=ready)
    assert "S1" not in {s.sku for s in plan.steps}
    assert plan.score_now == evaluate(prepared, decided).estimate_after.score


def test_each_candidate_knows_its_skus_position_in_the_per_sku_table(prepared) -> None:
    pool, _ = _pool(prepared, set())
    assert pool["list"].unique().sort().to_list() == ["excess", "stranded"]  # by row, by hash
    assert prepared.whatif_base["sku"].gather(pool["at"]).to_list() == pool["sku"].to_list()


def test_decided_rows_by_position_are_those_found_by_sku(prepared) -> None:
    pool, _ = _pool(prepared, set())
    wanted = _wanted(pool)
    by_sku = decided_rows(prepared, wanted).collect()
    assert_frame_equal(decided_rows(prepared, wanted, pool["at"]).collect(), by_sku)


def test_the_reasons_in_words_are_the_what_ifs_for_the_rows_asked(prepared) -> None:
    plan = make_plan(prepared, {}, 1000)
    assert plan.size >= 3 and "why" not in plan.rows.columns
    first = plan.explained(2)
    assert first.height == 2 and first["why"].to_list() == [s.why for s in plan.steps[:2]]
    reasons = dict(evaluate(prepared, plan.decisions).effects.select("sku", "reason").iter_rows())
    for step in plan.steps:
        assert step.why.startswith(f"{step.list}: +") and step.why.endswith(reasons[step.sku])


def test_a_sku_held_for_its_season_that_only_the_stranded_list_holds_is_left_out() -> None:
    # no excess and no aged units: the season is read from the planning snapshot
    seasonal = {"is_seasonal_in_next_3_months": "Yes"}
    p = prepare(
        account(
            [
                sku("H2", 5, 30, 60, 90, your_price=9.0, item_volume=0.1, **seasonal, **STD),
                sku("F2", 5, 30, 60, 90, your_price=9.0, item_volume=0.1, **STD),
            ],
            TODAY,
            stranded=[{"sku": s, "fulfillable_qty": 2, "your_price": 9.0} for s in ("H2", "F2")],
        ),
        settings(),
    )
    assert [f.height for f in p.lists.values()] == [0, 2, 0, 0]
    assert set(_candidates(p)) == {"F2"}
