"""``evaluate``: today's numbers beside the numbers with the seller's decisions applied.

Only the decided SKUs are touched: their rows are picked out of the prepared per-SKU frame,
each decision becomes a change (``core.changes``), and the account sums move by the sum of
the changes: the sums of the report with the decisions carried out in its rows. Each
decision's own effect (points, storage, surcharge, cash) is its change alone; the totals after
are all changes together.

How each decision changes its SKU's numbers, and its effect, is in ``core.effects``; this
module sums the decided rows into the totals, fees, cash and capacity after the decisions,
scores them, and rescores the opportunities left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import polars as pl

from ipitui.core import changes, fees, surcharge
from ipitui.core.decisions import Action, Decision
from ipitui.core.effects import (
    DELTA,
    EFFECT_SCHEMA,
    decided_rows,
    decisions_frame,
    effects_table,
)
from ipitui.core.estimate import Estimate, score_totals
from ipitui.core.factors import TOTAL_FIELDS, Factors, Totals
from ipitui.core.marketplaces import scoring_ipi
from ipitui.core.prepared import (
    CANDIDATE_POOL,
    FIX_CHANGES,
    ListTotal,
    Prepared,
    candidate_rows,
)
from ipitui.core.settings import IpiSettings

OPPORTUNITY_COLUMNS = ("sku", "list", "suggested_action", "points_at_stake", "reason")
OPPORTUNITIES = 10


@dataclass
class Cash:
    """Money the decisions move: fees paid (positive) and liquidation's net recovery; None
    when a decision moves units whose fee has no known rate."""

    removal_fees: float | None = 0.0
    disposal_fees: float | None = 0.0
    liquidation_net: float | None = 0.0  # negative when processing costs more than recovered
    units_removed: int = 0
    units_disposed: int = 0
    units_liquidated: int = 0

    @property
    def net(self) -> float | None:
        """Recovered minus spent (None when one of them is not known)."""
        got, removal, disposal = self.liquidation_net, self.removal_fees, self.disposal_fees
        if got is None or removal is None or disposal is None:
            return None
        return got - removal - disposal


@dataclass
class Capacity:
    """Cubic feet per storage type, today and with the decisions, against the seller's limits
    (0: no limit entered)."""

    used_now: dict[str, float] = field(default_factory=dict)
    used_after: dict[str, float] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)
    freed_ft3: float = 0.0
    added_ft3: float = 0.0  # restocked units arriving


@dataclass
class Scorecard:
    snapshot_date: date
    skus: int
    factors_now: Factors
    factors_after: Factors
    estimate_now: Estimate
    estimate_after: Estimate
    lists: Mapping[str, pl.DataFrame]  # as kept: ``explained`` gives rows as shown
    list_totals: dict[str, ListTotal]
    fees_now: fees.Fees
    fees_after: fees.Fees
    capacity: Capacity
    cash: Cash
    effects: pl.DataFrame
    opportunities: pl.DataFrame
    totals_after: Totals
    mapping: IpiSettings
    # rows of a list with their reasons in words (``Prepared.explained``)
    explained: Callable[[str, pl.DataFrame], pl.DataFrame]
    decisions_applied: int = 0

    @property
    def factors(self) -> Factors:
        """The factors with the decisions applied."""
        return self.factors_after

    @property
    def estimate(self) -> Estimate:
        """The estimate with the decisions applied."""
        return self.estimate_after


def _decision_list(decisions: Mapping[str, Decision] | Iterable[Decision]) -> list[Decision]:
    if isinstance(decisions, Mapping):
        return list(decisions.values())
    return list(decisions)


def _sum_exprs(prepared: Prepared) -> dict[str, pl.Expr]:
    """Every sum over the decided rows the scorecard reads, for one ``select``: the change to
    each ``Totals`` field (``delta_<field>``), the money, the surcharge saved per tier
    (``tier_<key>``) and the capacity change per storage type (``capacity_<type>``)."""
    a = pl.col("action")
    leaving = pl.col("rm_avail") + pl.col("rm_stranded")
    unpriced = pl.col("cash").is_null() & (leaving > 0)
    units = pl.col("rm_avail") + pl.col("sold_before_charge")
    tiers = surcharge.saving_by_tier_exprs(prepared.card, units)
    change = pl.col("added_ft3") - pl.col("freed_ft3")
    capacity_type = pl.col("capacity_type")
    return {
        **{
            f"delta_{k}": pl.col(DELTA + k).cast(pl.Float64).fill_null(0.0).sum()
            for k in TOTAL_FIELDS
        },
        "storage": pl.col("storage_saving_month").sum(),
        "surcharge": pl.col("surcharge_saving").sum(),
        "removal": (-pl.col("cash")).filter(a == Action.REMOVE.value).sum(),
        "disposal": (-pl.col("cash")).filter(a == Action.DISPOSE.value).sum(),
        "liquidation": pl.col("cash").filter(a == Action.LIQUIDATE.value).sum(),
        # decisions moving units whose fee has no known rate (their cash is unknown)
        **{
            f"{name}_unknown": (unpriced & (a == action.value) & extra).sum()
            for name, action, extra in (
                ("removal", Action.REMOVE, True),
                ("disposal", Action.DISPOSE, True),
                ("liquidation", Action.LIQUIDATE, fees.liquidation_possible()),
            )
        },
        "n_removed": leaving.filter(a == Action.REMOVE.value).sum(),
        "n_disposed": leaving.filter(a == Action.DISPOSE.value).sum(),
        "n_liquidated": leaving.filter(a == Action.LIQUIDATE.value).sum(),
        "freed": pl.col("freed_ft3").sum(),
        "added": pl.col("added_ft3").sum(),
        **{f"tier_{k}": e.fill_null(0.0).sum() for k, e in tiers.items()},
        **{
            f"capacity_{t}": change.filter(capacity_type == t).sum() for t in prepared.capacity_used
        },
    }


def after_totals(base: Totals, sums: Mapping[str, float | None]) -> Totals:
    """``base`` less the decided rows' changes (``delta_<field>`` of ``sums``); a field
    unknown today stays unknown."""
    values: dict[str, Any] = {}  # each field's own type: a number, or None when not known
    for name in TOTAL_FIELDS:
        now = getattr(base, name)
        values[name] = None if now is None else now - (sums[f"delta_{name}"] or 0.0)
    return Totals(**values)


def applied(
    prepared: Prepared, wanted: pl.DataFrame | None
) -> tuple[dict[str, Any] | None, Totals, pl.DataFrame]:
    """The sums over the decided rows of ``wanted`` (a ``decisions_frame``, one row per SKU;
    None for no decision), the totals after them and their ``effects``: the what-if's
    arithmetic, which ``evaluate`` goes on from to the scorecard."""
    if wanted is None or wanted.is_empty():
        return None, prepared.totals, pl.DataFrame(schema=EFFECT_SCHEMA)
    # few polars calls, each on the decided rows only: a what-if runs in a thread while
    # the screen repaints, and each call waits its turn for Python's lock afterwards
    rows = decided_rows(prepared, wanted).collect(engine="in-memory")
    sums = rows.select(**_sum_exprs(prepared)).row(0, named=True)
    after = after_totals(prepared.totals, sums)
    return sums, after, effects_table(rows, prepared)


def evaluate(
    prepared: Prepared, decisions: Mapping[str, Decision] | Iterable[Decision]
) -> Scorecard:
    """The what-if of ``decisions`` (one per SKU; a later one for the same SKU wins)."""
    chosen = {d.sku: d for d in _decision_list(decisions)}
    today = prepared.snapshot_date
    capacity_now = dict(prepared.capacity_used)
    limits = {t: float(getattr(prepared.settings.capacity, t)) for t in fees.CAPACITY_TYPES}
    wanted = decisions_frame(list(chosen.values())) if chosen else None
    sums, after, effects = applied(prepared, wanted)
    factors_after, estimate_after = score_totals(after, scoring_ipi(prepared.settings))
    factors_after.notes = dict(prepared.factors.notes)
    fees_after, cash, capacity = _money_after(prepared, sums, capacity_now, limits)
    decided = _decided(wanted, today)
    wanted_rows = OPPORTUNITIES + len(decided)
    if wanted_rows <= CANDIDATE_POOL:  # (the fixes' inputs are worked out at load)
        pool, inputs = prepared.candidates, prepared.candidate_fixes
    else:  # so many decisions that the pool kept is not deep enough
        pool = candidate_rows(prepared.lists, prepared.explained, wanted_rows)
        inputs = prepared.fix_inputs(pool)
    if decided:
        pool = _rescored(pool, inputs, decided, after, estimate_after.raw, prepared)
    opportunities = pool.head(OPPORTUNITIES)
    return Scorecard(
        snapshot_date=today,
        skus=prepared.sku_count,
        factors_now=prepared.factors,
        factors_after=factors_after,
        estimate_now=prepared.estimate,
        estimate_after=estimate_after,
        lists=prepared.lists,
        list_totals=prepared.list_totals,
        fees_now=prepared.fees,
        fees_after=fees_after,
        capacity=capacity,
        cash=cash,
        effects=effects,
        opportunities=opportunities.select(OPPORTUNITY_COLUMNS),
        totals_after=after,
        mapping=scoring_ipi(prepared.settings),
        explained=prepared.explained,
        decisions_applied=len(chosen),
    )


def _rescored(
    pool: pl.DataFrame,
    inputs: pl.DataFrame,
    decided: list[str],
    after: Totals,
    after_raw: float | None,
    prepared: Prepared,
) -> pl.DataFrame:
    """The undecided rows of ``pool`` with their points at stake given the decisions: each
    row's problem fixed alone against the sums after the decisions (``inputs``:
    ``Prepared.fix_inputs`` of the pool; once excess units are removed, the stranded units
    waiting are a larger share, and relisting them is worth more), best first; rows that
    would no longer gain anything are left out."""
    if after_raw is None:
        return pool.clear()
    waiting = inputs.filter(~pl.col("sku").is_in(decided))
    # one query for every list: each change column is the row's list's (a few polars calls
    # per what-if, which runs while the screen repaints)
    of_list = {
        name: changes.change_columns(change_of()) for name, (change_of, _) in FIX_CHANGES.items()
    }
    combined, sign = {}, pl.lit(1.0)
    for key in changes.CHANGE_COLUMNS:
        expr = pl.lit(None)
        for name, columns in of_list.items():
            expr = pl.when(pl.col("list") == name).then(columns[key]).otherwise(expr)
        combined[key] = expr
    for name, (_, factor) in FIX_CHANGES.items():
        sign = pl.when(pl.col("list") == name).then(factor).otherwise(sign)
    scored = changes.with_change_points(
        waiting, combined, after, after_raw, prepared.settings, "points"
    )
    points = scored.select("sku", (pl.col("points") * sign).alias("points_at_stake"))
    return (
        pool.drop("points_at_stake")
        .join(points, on="sku", how="inner", maintain_order="left")
        .with_columns(
            _list=pl.col("list").replace_strict(list(FIX_CHANGES), range(len(FIX_CHANGES)))
        )
        .filter(pl.col("points_at_stake") > 1e-9)
        .sort(["points_at_stake", "_list", "list_row"], descending=[True, False, False])
        .drop("_list")
    )


def _decided(wanted: pl.DataFrame | None, today: date) -> list[str]:
    """The SKUs with a decision, except snoozes that have ended (they count as undecided)."""
    if wanted is None:
        return []
    ended = (pl.col("action") == Action.SNOOZE.value) & (
        pl.col("until").is_null() | (pl.col("until") <= today)
    )
    return wanted.filter(~ended)["sku"].to_list()


def _money_after(
    prepared: Prepared,
    sums: dict[str, float | None] | None,
    capacity_now: dict[str, float],
    limits: dict[str, float],
) -> tuple[fees.Fees, Cash, Capacity]:
    now = prepared.fees
    if sums is None:
        return (
            replace(now, amazon_storage_next_month=None, amazon_surcharge_next_charge=None),
            Cash(),
            Capacity(capacity_now, dict(capacity_now), limits),
        )

    def total(key: str) -> float:
        return float(sums.get(key) or 0)

    def less(amount: float | None, key: str) -> float | None:
        return None if amount is None else amount - total(key)

    def cash_of(key: str) -> float | None:
        return None if total(f"{key}_unknown") else total(key)

    fees_after = replace(
        now,
        storage_next_month=less(now.storage_next_month, "storage"),
        surcharge_next_charge=less(now.surcharge_next_charge, "surcharge"),
        surcharge_by_tier={k: less(v, f"tier_{k}") for k, v in now.surcharge_by_tier.items()},
        amazon_storage_next_month=None,
        amazon_surcharge_next_charge=None,
    )
    cash = Cash(
        removal_fees=cash_of("removal"),
        disposal_fees=cash_of("disposal"),
        liquidation_net=cash_of("liquidation"),
        units_removed=int(total("n_removed")),
        units_disposed=int(total("n_disposed")),
        units_liquidated=int(total("n_liquidated")),
    )
    capacity = Capacity(
        used_now=capacity_now,
        used_after={t: used + total(f"capacity_{t}") for t, used in capacity_now.items()},
        limits=limits,
        freed_ft3=total("freed"),
        added_ft3=total("added"),
    )
    return fees_after, cash, capacity
