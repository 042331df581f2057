"""``make_plan``: decisions that reach a target estimate at the least cost.

The candidates are the rows of the four lists with their suggested action (one per SKU, the
one with the most points at stake), leaving out the SKUs the seller already decided, the SKUs
held for their season (``core.season``), the SKUs the plan settings exclude, clearing out one
of the protected best sellers, and actions the what-if gives no points (snooze, restock).

Cost of a decision (what it costs the seller; docs/numbers.md, "Plan"):

* remove, dispose: the fee; liquidate: the units' value at their price minus the net recovery;
* promote: the discount on every unit it sells during the promotion;
* fix: nothing;
* minus the storage and surcharge it saves a month times ``plan.horizon_months``.

Method: every candidate's change to the account sums (``core.effects``) is worked out once;
the candidates are taken in order of cost per point (negative costs first) and the estimate of
every prefix is scored from the running sums of the changes (the what-if's own arithmetic: its
totals after are today's minus the sum of the changes). The plan is the shortest prefix that
reaches the target within the budget; then a local search drops chosen decisions the target
does not need and swaps a chosen decision for a cheaper unchosen one while the target is still
reached. The final plan is checked with ``evaluate``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import polars as pl

from ipitui.core import metrics, season
from ipitui.core.decisions import Action, Decision
from ipitui.core.effects import DELTA, decided_rows, decisions_frame
from ipitui.core.estimate import round_score, with_estimate
from ipitui.core.factors import TOTAL_FIELDS, Totals
from ipitui.core.marketplaces import scoring_ipi
from ipitui.core.prepared import Prepared
from ipitui.core.whatif import evaluate

PLANNED = (Action.REMOVE, Action.DISPOSE, Action.LIQUIDATE, Action.PROMOTE, Action.FIX)
CLEAR_OUT = (Action.REMOVE.value, Action.DISPOSE.value, Action.LIQUIDATE.value)
MIN_POINTS = 1e-6  # a candidate that raises the estimate less than this is left out
SEARCH_ROUNDS = 200  # the local search's most improvements (each one pass over the pool)
_AFTER = "_plan_"


class PlanError(ValueError):
    """A target or budget a plan cannot be made for."""


@dataclass
class PlanStep:
    sku: str
    action: Action
    list: str
    points: float  # the estimate's rise from this decision alone (on the current decisions)
    cost: float  # spend minus saved (negative: it pays for itself over the horizon)
    spend: float
    saved: float
    why: str


@dataclass
class CurvePoint:
    step: int
    sku: str
    cost: float  # the running total of the costs
    estimate: float  # the estimate (unrounded) with the decisions so far
    score: int


@dataclass
class Plan:
    target: int
    budget: float | None
    horizon_months: int
    score_now: int | None  # with the seller's current decisions
    raw_now: float | None
    steps: list[PlanStep]
    curve: list[CurvePoint]
    reached: bool
    score_after: int | None
    raw_after: float | None
    cost: float
    candidates: int
    notes: list[str] = field(default_factory=list)

    @property
    def decisions(self) -> list[Decision]:
        return [Decision(s.sku, s.action) for s in self.steps]


def _protected(prepared: Prepared, n: int) -> set[str]:
    """The ``n`` best sellers by 30-day revenue (the rule of ``core.metrics``)."""
    if n <= 0:
        return set()
    planning = prepared.data.planning
    names = planning.collect_schema().names()
    empty: dict[str, list[str | None]] = dict.fromkeys(metrics.TEXT_LOOKUPS, [])
    exprs = metrics.input_exprs(names, empty, prepared.card)
    revenue = planning.select(sku=exprs["sku"], revenue=exprs["revenue_30d"]).filter(
        pl.col("revenue") > 0
    )
    top = revenue.top_k(n, by="revenue").collect()
    return set(top["sku"].drop_nulls().to_list())


def _held(prepared: Prepared, skus: pl.Series) -> set[str]:
    """The SKUs of ``skus`` held for their season on the snapshot date."""
    held: set[str] = set()
    for frame in prepared.lists.values():
        if season.HELD in frame.columns:
            held.update(frame.filter(pl.col(season.HELD))["sku"].drop_nulls().to_list())
    rest = skus.filter(~skus.is_in(pl.Series(list(held), dtype=pl.String).implode()))
    if rest.is_empty():
        return held
    planning = prepared.data.planning.filter(pl.col("sku").is_in(rest.implode()))
    names = planning.collect_schema().names()
    flag = season.FLAG_INPUT
    flags = (
        planning.select(pl.col(flag).cast(pl.String).unique()).collect()[flag].to_list()
        if flag in names
        else []
    )
    found = (
        planning.select(sku=pl.col("sku").cast(pl.String), **season.input_exprs(names, flags))
        .filter(season.held_expr(prepared.snapshot_date))
        .collect()
    )
    return held | set(found["sku"].to_list())


def _pool(prepared: Prepared, decided: set[str]) -> tuple[pl.DataFrame, list[str]]:
    """The candidates (sku, list, action), best points at stake first, one per SKU."""
    parts = []
    for i, (name, frame) in enumerate(prepared.lists.items()):
        parts.append(
            frame.select(
                pl.col("sku").cast(pl.String),
                pl.lit(name).alias("list"),
                pl.col("suggested_action").cast(pl.String).alias("action"),
                pl.col("points_at_stake"),
                pl.lit(i).alias("_list"),
            ).filter(
                pl.col("sku").is_not_null() & pl.col("action").is_in([a.value for a in PLANNED])
            )
        )
    pool = (
        pl.concat(parts)
        .sort(["points_at_stake", "_list"], descending=[True, False], maintain_order=True)
        .unique("sku", keep="first", maintain_order=True)
        .drop("_list")
    )
    notes = []
    settings = prepared.settings.plan
    out = set(decided) | set(settings.exclude_skus)
    held = _held(prepared, pool["sku"])
    pool = pool.filter(~pl.col("sku").is_in(pl.Series(list(out | held), dtype=pl.String).implode()))
    protected = _protected(prepared, settings.protect_top_sellers)
    if protected:
        clearing = pl.col("action").is_in(CLEAR_OUT) & pl.col("sku").is_in(
            pl.Series(list(protected), dtype=pl.String).implode()
        )
        left = pool.filter(clearing).height
        pool = pool.filter(~clearing)
        if left:
            notes.append(
                f"{left} of the {settings.protect_top_sellers} best sellers not cleared out "
                "(plan.protect_top_sellers)"
            )
    return pool, notes


def _costed(prepared: Prepared, pool: pl.DataFrame) -> pl.DataFrame:
    """Each candidate's changes (``DELTA`` columns), points alone, and cost."""
    wanted = decisions_frame(
        [Decision(s, Action(a)) for s, a in pool.select("sku", "action").rows()]
    )
    rows = decided_rows(prepared, wanted).collect()
    months = prepared.settings.plan.horizon_months
    a = pl.col("action")
    leaving = (pl.col("rm_avail") + pl.col("rm_stranded")).cast(pl.Float64)
    price = pl.col("price").fill_null(0.0)
    sold = pl.min_horizontal(
        pl.col("daily_demand").fill_null(0.0)
        * (1 + pl.col("uplift_pct").fill_null(0.0) / 100)
        * pl.col("days").fill_null(0),
        pl.col("available").fill_null(0).cast(pl.Float64),
    )
    spend = (
        pl.when(a.is_in([Action.REMOVE.value, Action.DISPOSE.value]))
        .then(-pl.col("cash"))
        .when(a == Action.LIQUIDATE.value)
        .then(leaving * price - pl.col("cash"))
        .when(a == Action.PROMOTE.value)
        .then(sold * price * pl.col("discount_pct").fill_null(0.0) / 100)
        .otherwise(0.0)
    )
    saved = (
        pl.col("storage_saving_month").fill_null(0.0) + pl.col("surcharge_saving").fill_null(0.0)
    ) * months
    return (
        rows.select(
            "sku",
            "action",
            "points",
            spend.alias("spend"),
            saved.alias("saved"),
            *(pl.col(DELTA + k).cast(pl.Float64).fill_null(0.0) for k in TOTAL_FIELDS),
        )
        .join(pool.select("sku", "list"), on="sku", how="left", maintain_order="left")
        .with_columns(cost=pl.col("spend") - pl.col("saved"))
    )


def _score_rows(frame: pl.DataFrame, base: Totals, ipi, shift: dict[str, float]) -> pl.Series:
    """The estimate (raw) of each row's totals: ``base`` minus ``shift`` minus the row's
    ``DELTA`` columns (a field unknown today stays unknown)."""
    cols = {}
    for k in TOTAL_FIELDS:
        value = getattr(base, k)
        if value is None:
            cols[_AFTER + k] = pl.lit(None, dtype=pl.Float64)
        else:
            cols[_AFTER + k] = pl.lit(float(value) - shift.get(k, 0.0)) - pl.col(DELTA + k)
    scored = with_estimate(frame.select(*(DELTA + k for k in TOTAL_FIELDS)).with_columns(**cols),
                           ipi, _AFTER)  # fmt: skip
    return scored[_AFTER + "ipi_raw"]


def _reaches(raw: float | None, target: int) -> bool:
    return raw is not None and round_score(raw) >= target


def _reaches_expr(raw: pl.Expr, target: int) -> pl.Expr:
    """``_reaches`` of a column (``round_score``: half up after dropping noise)."""
    return ((raw.round(6) + 0.5).floor() >= target).fill_null(False)


def make_plan(
    prepared: Prepared,
    decisions: dict[str, Decision],
    target: int,
    budget: float | None = None,
) -> Plan:
    """The least-cost plan that takes the estimate with ``decisions`` to ``target`` (see the
    module docstring); ``budget``: the most its cost may be."""
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 1000:
        raise PlanError(f"the target must be a whole number from 0 to 1000, not {target}")
    if budget is not None and (not math.isfinite(budget) or budget < 0):
        raise PlanError(f"the budget must be 0 or more, not {budget}")
    ipi = scoring_ipi(prepared.settings)
    card = evaluate(prepared, decisions)
    base, raw_now = card.totals_after, card.estimate_after.raw
    pool, notes = _pool(prepared, set(decisions))
    cands = _costed(prepared, pool)
    if raw_now is not None and cands.height:
        # each one's points: alone on top of the current decisions, or what it adds last to
        # all the candidates together, whichever is more (a factor clamped at its worst or
        # best hides a decision's worth on one side)
        alone = _score_rows(cands, base, ipi, {}) - raw_now
        every = _sum_of(cands, list(range(cands.height)))
        full = _score_rows(
            cands.head(1).with_columns(*(pl.lit(0.0).alias(DELTA + k) for k in TOTAL_FIELDS)),
            base,
            ipi,
            every,
        )[0]
        back = cands.with_columns(*(-pl.col(DELTA + k) for k in TOTAL_FIELDS))
        last = (full or 0.0) - _score_rows(back, base, ipi, every)
        cands = cands.with_columns(points=pl.max_horizontal(alone, last))
    cands = cands.filter(pl.col("points") > MIN_POINTS)
    cands = cands.with_columns(_ratio=pl.col("cost") / pl.col("points")).sort(
        ["_ratio", "points"], descending=[False, True], maintain_order=True
    )
    limit = math.inf if budget is None else budget
    # every prefix of the order, scored from the running sums of the changes
    running = cands.with_columns(*(pl.col(DELTA + k).cum_sum() for k in TOTAL_FIELDS))
    prefix_raw = _score_rows(running, base, ipi, {}).to_list()
    prefix_cost = cands["cost"].cum_sum().to_list()
    raws = [raw_now, *prefix_raw]
    costs = [0.0, *prefix_cost]
    within = [i for i in range(len(raws)) if costs[i] <= limit + 1e-9]
    hit = next((i for i in within if _reaches(raws[i], target)), None)
    if hit is None:
        best = max(within, key=lambda i: (raws[i] if raws[i] is not None else -1, -costs[i]))
        chosen = list(range(best))
    else:
        chosen = list(range(hit))
        if hit:
            chosen = _improve(cands, chosen, base, ipi, target)
    return _finish(prepared, decisions, cands, chosen, target, budget, raw_now, notes)


def _sum_of(cands: pl.DataFrame, chosen: list[int]) -> dict[str, float]:
    picked = cands[chosen]
    return {k: float(picked[DELTA + k].sum()) for k in TOTAL_FIELDS}


def _improve(cands: pl.DataFrame, chosen: list[int], base: Totals, ipi, target: int) -> list[int]:
    """Drop decisions the target does not need, and swap a chosen decision for a cheaper
    unchosen one, while the target is reached: the dearest first, until none helps."""
    cost = cands["cost"].to_list()
    index = pl.Series("_i", range(cands.height))
    for _ in range(SEARCH_ROUNDS):
        total = _sum_of(cands, chosen)
        mine = cands[chosen].with_columns(_i=pl.Series(chosen))
        # drop: the totals without row i (its changes added back)
        dropped = _score_rows(mine.with_columns(*(-pl.col(DELTA + k) for k in TOTAL_FIELDS)),
                              base, ipi, total)  # fmt: skip
        ok = [
            (cost[i], i)
            for i, raw in zip(chosen, dropped.to_list(), strict=True)
            if cost[i] > 0 and _reaches(raw, target)
        ]
        if ok:
            chosen.remove(max(ok)[1])
            continue
        if not _swap(cands, chosen, cost, index, base, ipi, target, total):
            break
    return sorted(chosen)


def _swap(
    cands: pl.DataFrame,
    chosen: list[int],
    cost: list[float],
    index: pl.Series,
    base: Totals,
    ipi,
    target: int,
    total: dict[str, float],
) -> bool:
    """Replace the dearest chosen decision that can be by the cheapest unchosen one that
    still reaches the target; False when none can."""
    taken = pl.Series(chosen, dtype=index.dtype)
    others = cands.with_columns(_i=index).filter(~pl.col("_i").is_in(taken.implode()))
    if others.is_empty():
        return False
    for i in sorted(chosen, key=lambda i: -cost[i]):
        cheaper = others.filter(pl.col("cost") < cost[i] - 1e-9)
        if cheaper.is_empty():
            continue
        row = cands[i]
        shift = {k: total[k] - float(row[DELTA + k][0]) for k in TOTAL_FIELDS}
        raws = _score_rows(cheaper, base, ipi, shift)
        fits = cheaper.with_columns(_raw=raws).filter(_reaches_expr(pl.col("_raw"), target))
        if fits.height:
            j = int(fits.sort("cost")["_i"][0])
            chosen[chosen.index(i)] = j
            return True
    return False


def _finish(
    prepared: Prepared,
    decisions: dict[str, Decision],
    cands: pl.DataFrame,
    chosen: list[int],
    target: int,
    budget: float | None,
    raw_now: float | None,
    notes: list[str],
) -> Plan:
    picked = cands[sorted(chosen)]
    steps_decisions = [Decision(s, Action(a)) for s, a in picked.select("sku", "action").rows()]
    card = evaluate(prepared, {**decisions, **{d.sku: d for d in steps_decisions}})
    why = dict(card.effects.select("sku", "reason").rows())
    steps = [
        PlanStep(
            sku=r["sku"],
            action=Action(r["action"]),
            list=r["list"],
            points=r["points"],
            cost=r["cost"],
            spend=r["spend"],
            saved=r["saved"],
            why=_why(r, why.get(r["sku"], ""), prepared.settings.plan.horizon_months),
        )
        for r in picked.iter_rows(named=True)
    ]
    base = evaluate(prepared, decisions).totals_after if decisions else prepared.totals
    running = picked.with_columns(*(pl.col(DELTA + k).cum_sum() for k in TOTAL_FIELDS))
    raws = _score_rows(running, base, scoring_ipi(prepared.settings), {}).to_list()
    curve, spent = [], 0.0
    for n, (s, raw) in enumerate(zip(steps, raws, strict=True), start=1):
        spent += s.cost
        curve.append(CurvePoint(n, s.sku, spent, raw, round_score(raw) if raw is not None else 0))
    after = card.estimate_after
    return Plan(
        target=target,
        budget=budget,
        horizon_months=prepared.settings.plan.horizon_months,
        score_now=None if raw_now is None else round_score(raw_now),
        raw_now=raw_now,
        steps=steps,
        curve=curve,
        reached=after.score is not None and after.score >= target,
        score_after=after.score,
        raw_after=after.raw,
        cost=sum(s.cost for s in steps),
        candidates=cands.height,
        notes=notes,
    )


def _why(row: dict, effect: str, months: int) -> str:
    per_point = row["cost"] / row["points"] if row["points"] else 0.0
    return (
        f"{row['list']}: +{row['points']:.1f} points for {row['cost']:.2f} net "
        f"({row['spend']:.2f} spent, {row['saved']:.2f} saved over {months} months; "
        f"{per_point:.2f} a point); {effect}"
    )
