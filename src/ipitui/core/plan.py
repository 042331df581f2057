"""``make_plan``: decisions that reach a target estimate at the least cost.

The candidates are the rows of the four lists with their suggested action (one per SKU, the
one with the most points at stake), leaving out the SKUs the seller already decided, the SKUs
held for their season (``core.season``), the SKUs the plan settings exclude, clearing out one
of the protected best sellers, and actions the what-if gives no points (snooze, restock).

Cost of a decision (docs/numbers.md, "Plan"): the removal or disposal fee, liquidation's loss
against the units' price, a promotion's discount on the units it sells (a fix: nothing), minus
the storage and surcharge it saves a month times ``plan.horizon_months``.

Method: every candidate's change to the account sums (``core.effects``) is worked out once;
the candidates are taken in order of cost per point (negative costs first) and the estimate of
every prefix is scored from the running sums of the changes (the what-if's own arithmetic: its
totals after are today's minus the sum of the changes). The plan is the shortest prefix that
reaches the target within the budget; then a local search drops chosen decisions the target
does not need and swaps a chosen decision for a cheaper unchosen one while the target is still
reached (``_improve``: a bounded search). ``candidates`` does the part the same for every
target, so a caller can start it early. The final plan is scored with the what-if's
arithmetic (``whatif.after_totals``, ``score_totals``: the totals with the seller's decisions
less the sum of the plan's changes; each decision changes its own SKU's numbers only, and the
plan holds no decided SKU). Candidates are found by their SKU's position in
``whatif_base`` (no lookup by SKU text), and the reasons in words are worked out only for the
rows asked (``Plan.explained``): a plan of every candidate at 1M SKUs is as quick as a short one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from ipitui.core import metrics, season
from ipitui.core.decisions import Action, Decision
from ipitui.core.effects import DELTA, decided_rows, decisions_frame, effects_table
from ipitui.core.estimate import round_score, score_totals, with_estimate
from ipitui.core.factors import TOTAL_FIELDS, Totals
from ipitui.core.marketplaces import scoring_ipi
from ipitui.core.prepared import Prepared
from ipitui.core.settings import IpiSettings
from ipitui.core.whatif import after_totals, applied
from ipitui.format import account_format, money_expr

PLANNED = (Action.REMOVE, Action.DISPOSE, Action.LIQUIDATE, Action.PROMOTE, Action.FIX)
CLEAR_OUT = (Action.REMOVE.value, Action.DISPOSE.value, Action.LIQUIDATE.value)
MIN_POINTS = 1e-6  # a candidate that raises the estimate less than this is left out
SEARCH_ROUNDS = 60  # the local search's most changes (one query each)
DEAREST = 64  # the dearest chosen decisions each round tries to drop or swap
SHORT_LIST = 256  # the cheapest unchosen candidates each round tries to swap in
_AFTER = "_plan_"
_COST_INPUTS = (
    "cash", "storage_saving_month", "surcharge_saving", "price", "rm_avail", "rm_stranded",
    "daily_demand", "uplift_pct", "days", "available", "discount_pct",
)  # fmt: skip


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
    rows: pl.DataFrame  # one per decision, in order: its step and its curve point
    reached: bool
    score_after: int | None
    raw_after: float | None
    cost: float
    candidates: int
    notes: list[str] = field(default_factory=list)
    # works out the reasons in words of some of ``rows`` (``explained``)
    reasons: Callable[[pl.DataFrame], pl.Series] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        """How many decisions the plan proposes."""
        return self.rows.height

    def explained(self, n: int | None = None) -> pl.DataFrame:
        """The first ``n`` of ``rows`` (all when None) with column ``why``: why each decision
        was chosen, in words (worked out for these rows only)."""
        rows = self.rows if n is None else self.rows.head(n)
        why = pl.Series("why", [""] * rows.height, dtype=pl.String)
        if self.reasons is not None and rows.height:
            why = self.reasons(rows).alias("why")
        return rows.with_columns(why)

    @functools.cached_property
    def steps(self) -> list[PlanStep]:
        actions = {a.value: a for a in Action}
        cols = ("sku", "action", "list", "points", "cost", "spend", "saved", "why")
        return [
            PlanStep(sku, actions[a], lst, points, cost, spend, saved, why)
            for sku, a, lst, points, cost, spend, saved, why in self.explained()
            .select(cols)
            .iter_rows()
        ]

    @functools.cached_property
    def curve(self) -> list[CurvePoint]:
        rows = self.rows.select("sku", "spent", "raw", "score").iter_rows()
        return [CurvePoint(n, *row) for n, row in enumerate(rows, start=1)]

    @property
    def decisions(self) -> list[Decision]:
        actions = {a.value: a for a in Action}
        return [Decision(s, actions[a]) for s, a in self.rows.select("sku", "action").iter_rows()]


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


def _positions(prepared: Prepared, frame: pl.DataFrame) -> pl.Series:
    """Each row's position (``at``) in ``whatif_base``, null for a SKU it does not have: the
    list's own ``row`` where it has one (the excess and aging lists: their SKU's position,
    as ``Prepared.explained`` reads it), else found by hash (``Prepared.rows_of``)."""
    if "row" in frame.columns:
        return frame.get_column("row").cast(pl.UInt32)
    sku = frame.get_column("sku").cast(pl.String)
    found = prepared.rows_of(sku.drop_nulls().unique()).select("sku", pl.col("at").cast(pl.UInt32))
    return frame.select(sku).join(found, on="sku", how="left", maintain_order="left")["at"]


def _held(prepared: Prepared, pool: pl.DataFrame, known: pl.Series, held: pl.Series) -> pl.Series:
    """The positions of the SKUs of ``pool`` held for their season on the snapshot date:
    ``held``, those of the lists that say so (``known``: every position those lists hold),
    and those of ``pool`` only the other lists hold, from the planning snapshot."""
    rest = pool.filter(~pl.col("at").is_in(known.implode()))
    if rest.is_empty():
        return held
    planning = prepared.data.planning
    names = planning.collect_schema().names()
    read = [c for c in ("sku", *season.INPUTS) if c in names]
    rows = planning.select(read).filter(pl.col("sku").is_in(rest["sku"].implode())).collect()
    flag = season.FLAG_INPUT
    flags = rows.get_column(flag).cast(pl.String).unique().to_list() if flag in read else []
    found = rows.select(
        sku=pl.col("sku").cast(pl.String), **season.input_exprs(read, flags)
    ).filter(season.held_expr(prepared.snapshot_date))
    return pl.concat([held, rest.filter(pl.col("sku").is_in(found["sku"].implode()))["at"]])


def _pool(prepared: Prepared, decided: set[str]) -> tuple[pl.DataFrame, list[str]]:
    """The candidates (sku, list, action, their position ``at`` in ``whatif_base``), best
    points at stake first, one per SKU. A SKU the per-SKU table does not have is left out:
    a decision on it changes nothing."""
    parts, known, held = [], [], []  # ``known``: the positions of the lists that say so
    planned = [a.value for a in PLANNED]
    for name, frame in prepared.lists.items():
        at = _positions(prepared, frame)
        if season.HELD in frame.columns:
            known.append(at)
            held.append(at.filter(frame.get_column(season.HELD).fill_null(False)))
        parts.append(
            frame.select(
                pl.col("sku").cast(pl.String),
                pl.lit(name).alias("list"),
                pl.col("suggested_action").cast(pl.String).alias("action"),
                pl.col("points_at_stake"),
                at.alias("at"),
            ).filter(
                pl.col("sku").is_not_null()
                & pl.col("at").is_not_null()
                & pl.col("action").is_in(planned)
            )
        )
    # the lists in order: the ties in points keep the first list's row first
    pool = (
        pl.concat(parts)
        .sort("points_at_stake", descending=True, maintain_order=True)
        .filter(pl.col("at").is_first_distinct())
    )
    notes = []
    settings = prepared.settings.plan
    out = pl.Series(list(set(decided) | set(settings.exclude_skus)), dtype=pl.String)
    pool = pool.filter(~pl.col("sku").is_in(out.implode()))
    empty = pl.Series([], dtype=pl.UInt32)
    held_at = _held(prepared, pool, pl.concat([empty, *known]), pl.concat([empty, *held]))
    pool = pool.filter(~pl.col("at").is_in(held_at.implode()))
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


def _wanted(frame: pl.DataFrame) -> pl.DataFrame:
    """The ``decisions_frame`` of the rows' SKUs and actions, their other parameters the
    defaults (as ``Decision(sku, action)``)."""
    empty = decisions_frame([])
    return (
        frame.select("sku", "action")
        .with_columns(
            pl.lit(None, dtype=t).alias(c)
            for c, t in empty.schema.items()
            if c not in frame.columns
        )
        .select(empty.columns)
    )


def _costed(prepared: Prepared, pool: pl.DataFrame) -> pl.DataFrame:
    """Each candidate's changes (``DELTA`` columns), spend, saving and cost."""
    wanted = _wanted(pool)
    # only the columns read below, worked out in one query (the rest of the what-if's
    # columns are not)
    rows = (
        decided_rows(prepared, wanted, pool.get_column("at"))
        .select("sku", "action", *_COST_INPUTS, *(DELTA + k for k in TOTAL_FIELDS))
        .collect(engine="in-memory")
        .lazy()
    )
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
            spend.alias("spend"),
            saved.alias("saved"),
            *(pl.col(DELTA + k).cast(pl.Float64).fill_null(0.0) for k in TOTAL_FIELDS),
        )
        .with_columns(cost=pl.col("spend") - pl.col("saved"))
        .collect()
        .with_columns(pool["list"], pool["at"])  # the same rows in the same order
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


def _score_expr(raw: pl.Expr | pl.Series) -> pl.Expr:
    """``round_score`` of a column (half up after dropping noise); 0 when unknown."""
    return (pl.lit(raw).round(6) + 0.5).floor().fill_null(0).cast(pl.Int64)


def _reaches_expr(raw: pl.Expr, target: int) -> pl.Expr:
    """Whether a column's estimate reaches ``target`` (as ``round_score`` rounds it)."""
    return ((raw.round(6) + 0.5).floor() >= target).fill_null(False)


@dataclass
class Candidates:
    """What a plan for any target starts from (the slow part, the same for every target):
    the candidates with their changes, points and cost, in order of cost per point, and the
    estimate and cost of every prefix of that order (row ``n``: the first ``n``)."""

    decisions: dict[str, Decision]
    base: Totals  # the totals with the seller's decisions
    raw_now: float | None
    frame: pl.DataFrame
    prefix: pl.DataFrame  # n, raw, cost
    notes: list[str]


def candidates(prepared: Prepared, decisions: dict[str, Decision]) -> Candidates:
    """The candidates of a plan on top of ``decisions`` (see the module docstring)."""
    ipi = scoring_ipi(prepared.settings)
    base = applied(prepared, decisions_frame(list(decisions.values())))[1]
    raw_now = score_totals(base, ipi)[1].raw
    pool, notes = _pool(prepared, set(decisions))
    cands = _costed(prepared, pool)
    if raw_now is not None and cands.height:
        # each one's points: alone on top of the current decisions, or what it adds last to
        # all the candidates together, whichever is more (a factor clamped at its worst or
        # best hides a decision's worth on one side)
        alone = _score_rows(cands, base, ipi, {}) - raw_now
        every = cands.select(pl.col(DELTA + k).sum() for k in TOTAL_FIELDS).row(0)
        shift = {k: float(v) for k, v in zip(TOTAL_FIELDS, every, strict=True)}
        full = _score_rows(
            cands.head(1).with_columns(*(pl.lit(0.0).alias(DELTA + k) for k in TOTAL_FIELDS)),
            base,
            ipi,
            shift,
        )[0]
        back = cands.with_columns(*(-pl.col(DELTA + k) for k in TOTAL_FIELDS))
        last = (full or 0.0) - _score_rows(back, base, ipi, shift)
        cands = cands.with_columns(points=pl.max_horizontal(alone, last))
    else:  # no estimate today: no decision raises it
        cands = cands.with_columns(points=pl.lit(None, dtype=pl.Float64))
    cands = cands.filter(pl.col("points") > MIN_POINTS)
    cands = cands.with_columns(_ratio=pl.col("cost") / pl.col("points")).sort(
        ["_ratio", "points"], descending=[False, True], maintain_order=True
    )
    # every prefix of the order, scored from the running sums of the changes (one query)
    running = cands.with_columns(*(pl.col(DELTA + k).cum_sum() for k in TOTAL_FIELDS))
    prefix = pl.DataFrame(
        {
            "raw": pl.concat([pl.Series([raw_now], dtype=pl.Float64),
                              _score_rows(running, base, ipi, {}).cast(pl.Float64)]),
            "cost": pl.concat([pl.Series([0.0]), cands["cost"].cum_sum().cast(pl.Float64)]),
        }
    ).with_row_index("n")  # fmt: skip
    return Candidates(dict(decisions), base, raw_now, cands, prefix, notes)


def make_plan(
    prepared: Prepared,
    decisions: dict[str, Decision],
    target: int,
    budget: float | None = None,
    ready: Candidates | None = None,
) -> Plan:
    """The least-cost plan that takes the estimate with ``decisions`` to ``target`` (see the
    module docstring); ``budget``: the most its cost may be. ``ready``: ``candidates`` of the
    same account and decisions worked out beforehand (for instance while the seller types
    the target); worked out here when not given or for other decisions."""
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 1000:
        raise PlanError(f"the target must be a whole number from 0 to 1000, not {target}")
    if budget is not None and (not math.isfinite(budget) or budget < 0):
        raise PlanError(f"the budget must be 0 or more, not {budget}")
    if ready is None or ready.decisions != decisions:
        ready = candidates(prepared, decisions)
    cands, base = ready.frame, ready.base
    limit = math.inf if budget is None else budget
    prefix = ready.prefix.filter(pl.col("cost") <= limit + 1e-9)
    hit = prefix.filter(_reaches_expr(pl.col("raw"), target)).head(1)
    if hit.height:
        chosen = list(range(int(hit["n"][0])))
        if chosen:
            ipi = scoring_ipi(prepared.settings)
            chosen = _improve(cands, chosen, base, ipi, target)
    else:
        best = prefix.sort(["raw", "cost"], descending=[True, False], nulls_last=True).head(1)
        chosen = list(range(int(best["n"][0])))
    return _finish(prepared, decisions, ready, chosen, target, budget)


def _improve(
    cands: pl.DataFrame, chosen: list[int], base: Totals, ipi: IpiSettings, target: int
) -> list[int]:
    """Drop a chosen decision the target does not need, or swap one for a cheaper unchosen
    one, while the target is still reached: each round tries the ``DEAREST`` dearest chosen
    against dropping and against the ``SHORT_LIST`` cheapest unchosen (all the pairs scored
    in one query) and makes the change that saves the most; at most ``SEARCH_ROUNDS``."""
    known = [k for k in TOTAL_FIELDS if getattr(base, k) is not None]
    # a field unknown today stays unknown
    unknown = [
        pl.lit(None, dtype=pl.Float64).alias(_AFTER + k) for k in TOTAL_FIELDS if k not in known
    ]
    now = {k: float(getattr(base, k)) for k in known}
    rows = cands.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("i"),
        pl.col("cost").cast(pl.Float64),
        *(pl.col(DELTA + k).cast(pl.Float64).alias(k) for k in known),
    )
    by_cost = rows.sort("cost", maintain_order=True)
    picked = pl.repeat(False, rows.height, eager=True).scatter(chosen, True)
    sums = rows.filter(picked).select(pl.col(known).sum()).row(0, named=True) if known else {}
    total = {k: float(sums[k]) for k in known}
    drop = pl.DataFrame({"i": [-1], "cost": [0.0], **{k: [0.0] for k in known}}, schema=rows.schema)
    for _ in range(SEARCH_ROUNDS):
        outs = (
            rows.filter(picked)
            .sort("cost", descending=True, maintain_order=True)
            .head(DEAREST)
            .filter(pl.col("cost") > 0)
        )
        if outs.height == 0:
            break
        ins = by_cost.filter(~picked.gather(by_cost["i"])).head(SHORT_LIST)
        # every (out, in) pair, in -1 for a drop, the dearest out first
        pairs = (
            outs.join(
                pl.concat([ins, drop]), how="cross", suffix="_in", maintain_order="left_right"
            )
            .with_columns(gain=pl.col("cost") - pl.col("cost_in"))
            .filter(pl.col("gain") > 1e-9)
        )
        if pairs.height == 0:
            break
        frame = pairs.select(
            "i", "i_in", "gain",
            *((now[k] - total[k] + pl.col(k) - pl.col(f"{k}_in")).alias(_AFTER + k) for k in known),
            *unknown,
        )  # fmt: skip
        raw = with_estimate(frame, ipi, _AFTER)[_AFTER + "ipi_raw"]
        ok = frame.filter(_reaches_expr(pl.lit(raw), target))
        if ok.height == 0:
            break
        best = ok.row(int(ok["gain"].arg_max() or 0), named=True)
        i, j = int(best["i"]), int(best["i_in"])
        picked = picked.scatter([i], False)
        out_row = rows.row(i, named=True)
        for k in known:
            total[k] -= out_row[k]
        if j >= 0:
            picked = picked.scatter([j], True)
            in_row = rows.row(j, named=True)
            for k in known:
                total[k] += in_row[k]
    return picked.arg_true().to_list()


def _finish(
    prepared: Prepared,
    decisions: dict[str, Decision],
    ready: Candidates,
    chosen: list[int],
    target: int,
    budget: float | None,
) -> Plan:
    cands, base, raw_now = ready.frame, ready.base, ready.raw_now
    ipi = scoring_ipi(prepared.settings)
    picked = cands[sorted(chosen)]
    # scored with the what-if's arithmetic (``whatif.after_totals``, ``score_totals``): the
    # totals with the seller's decisions less the plan's changes (``decided_rows`` of each
    # decision, which reads its own SKU only: the plan never holds a decided SKU)
    sums = picked.select(pl.col(DELTA + k).sum().alias(f"delta_{k}") for k in TOTAL_FIELDS)
    after = score_totals(after_totals(base, sums.row(0, named=True)), ipi)[1]
    running = picked.with_columns(*(pl.col(DELTA + k).cum_sum() for k in TOTAL_FIELDS))
    raw = _score_rows(running, base, ipi, {})
    rows = picked.select("sku", "action", "list", "points", "cost", "spend", "saved").with_columns(
        spent=pl.col("cost").cum_sum(), raw=raw, score=_score_expr(raw)
    )
    positions = picked.select("sku", "at")

    def why(shown: pl.DataFrame) -> pl.Series:
        """The reasons in words of ``shown`` (some of ``rows``)."""
        at = shown.select("sku").join(positions, on="sku", how="left", maintain_order="left")
        found = decided_rows(prepared, _wanted(shown), at["at"]).collect(engine="in-memory")
        effects = effects_table(found, prepared)
        return shown.with_columns(reason=effects["reason"]).select(_why_expr(prepared)).to_series()

    return Plan(
        target=target,
        budget=budget,
        horizon_months=prepared.settings.plan.horizon_months,
        score_now=None if raw_now is None else round_score(raw_now),
        raw_now=raw_now,
        rows=rows,
        reached=after.score is not None and after.score >= target,
        score_after=after.score,
        raw_after=after.raw,
        cost=float(picked["cost"].sum()),
        candidates=cands.height,
        notes=list(ready.notes),
        reasons=why,
    )


def _why_expr(prepared: Prepared) -> pl.Expr:
    """Why a decision was chosen, in words: its list, points, cost and effect."""
    fmt = account_format(prepared.settings)
    points, cost = pl.col("points"), pl.col("cost")
    tenths = (points.abs() * 10).round(0, mode="half_away_from_zero").cast(pl.Int64)
    per_point = pl.when(points != 0).then(cost / points).otherwise(0.0)
    return pl.concat_str(
        pl.col("list"),
        pl.lit(": +"),
        (tenths // 10).cast(pl.String),
        pl.lit("."),
        (tenths % 10).cast(pl.String),
        pl.lit(" points for "),
        money_expr(cost, fmt),
        pl.lit(" net ("),
        money_expr(pl.col("spend"), fmt),
        pl.lit(" spent, "),
        money_expr(pl.col("saved"), fmt),
        pl.lit(f" saved over {prepared.settings.plan.horizon_months} months; "),
        money_expr(per_point, fmt),
        pl.lit(" a point); "),
        pl.col("reason").fill_null(""),
    )
