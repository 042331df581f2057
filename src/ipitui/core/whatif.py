"""``evaluate``: today's numbers beside the numbers with the seller's decisions applied.

Only the decided SKUs are touched: their rows are picked out of the prepared per-SKU frame,
each decision becomes a change (``core.changes``), and the account sums move by the sum of
the changes: the sums of the report with the decisions carried out in its rows. Each
decision's own effect (points, storage, surcharge, cash) is its change alone; the totals after
are all changes together.

* remove / dispose / liquidate ``n``: the excess units go first, then stranded units, then
  the other available units; the units that leave ``available`` are taken to be the oldest
  (for the surcharge) and stop counting for storage next month;
* promote: ``d' = d · (1 + uplift/100)`` for excess; the extra units sold during the
  promotion leave storage (within 30 days) and the surcharge (before the charge date);
* fix: the stranded units leave ``S`` and join ``U``; restock: ``I' = I + q``;
* discontinue: the SKU leaves the in-stock rate; snooze: nothing (an expired one is ignored).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import polars as pl

from ipitui.core import changes, defaults, fees, promotion, surcharge
from ipitui.core.columns import Case, number, per_case
from ipitui.core.decisions import Action, Decision
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
from ipitui.format import MoneyFormat, account_format, money_expr

EFFECT_SCHEMA = {
    "sku": pl.String, "asin": pl.String, "product_name": pl.String, "action": pl.String,
    "quantity": pl.Int64, "points": pl.Float64, "storage_saving_month": pl.Float64,
    "surcharge_saving": pl.Float64, "cash": pl.Float64, "price": pl.Float64,
    "sale_price": pl.Float64, "discount_pct": pl.Float64, "uplift_pct": pl.Float64,
    "days": pl.Int64, "until": pl.Date, "reason": pl.String,
}  # fmt: skip
OPPORTUNITY_COLUMNS = ("sku", "list", "suggested_action", "points_at_stake", "reason")
OPPORTUNITIES = 10
_DELTA = "_delta_"  # the decided rows' change columns
_DECISION_SCHEMA = {
    "sku": pl.String, "action": pl.String, "quantity": pl.Int64, "discount": pl.Float64,
    "uplift": pl.Float64, "promo_days": pl.Int64, "until": pl.Date,
}  # fmt: skip


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
    lists: dict[str, pl.DataFrame]  # as kept: ``explained`` gives rows as shown
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


def _decisions_frame(decisions: list[Decision]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [d.sku for d in decisions],
            "action": [str(d.action) for d in decisions],  # Action is a StrEnum
            "quantity": [d.quantity for d in decisions],
            "discount": [d.discount_pct for d in decisions],
            "uplift": [d.uplift_pct for d in decisions],
            "promo_days": [d.days for d in decisions],
            "until": [d.until for d in decisions],
        },
        schema=_DECISION_SCHEMA,
    )


def _resolve(rows: pl.LazyFrame, prepared: Prepared) -> pl.LazyFrame:
    """Quantities, promotion terms and the change columns of each decided row."""
    s = prepared.settings
    a = pl.col("action")
    today = prepared.snapshot_date
    days_to_charge = (prepared.charge_date - today).days
    snoozed = (a == Action.SNOOZE.value) & (pl.col("until") > pl.lit(today)).fill_null(False)
    quantity = (
        pl.when(a.is_in([*defaults.CLEAR_OUT, Action.FIX.value, Action.RESTOCK.value]))
        .then(
            pl.coalesce(pl.col("quantity"), defaults.default_quantity_expr(s)).clip(lower_bound=0)
        )
        .cast(pl.Int64)
    )
    rows = rows.with_columns(
        quantity=quantity.fill_null(0),
        in_snapshot=pl.col("in_data").fill_null(False),
        snoozed=snoozed,
        discount_pct=pl.when(a == Action.PROMOTE.value).then(
            pl.coalesce(pl.col("discount"), promotion.discount_expr(s.promotion))
        ),
        uplift_pct=pl.when(a == Action.PROMOTE.value).then(
            pl.coalesce(pl.col("uplift"), pl.lit(float(s.promotion.default_uplift_pct)))
        ),
        days=pl.when(a == Action.PROMOTE.value).then(
            pl.coalesce(pl.col("promo_days"), promotion.days_expr(s.promotion))
        ),
    )
    n, e = pl.col("quantity"), pl.col("excess_units").fill_null(0)
    u, st = pl.col("available").fill_null(0), pl.col("stranded_units").fill_null(0)
    clear_out = a.is_in(defaults.CLEAR_OUT)
    from_excess = pl.min_horizontal(n, e)
    from_stranded = pl.min_horizontal(n - from_excess, st)
    from_rest = pl.min_horizontal(n - from_excess - from_stranded, (u - e).clip(lower_bound=0))
    extra_per_day = pl.col("daily_demand").fill_null(0) * pl.col("uplift_pct").fill_null(0) / 100
    promoted = a == Action.PROMOTE.value

    def sold_within(days: int) -> pl.Expr:
        sold = extra_per_day * pl.min_horizontal(pl.col("days"), pl.lit(days))
        return pl.when(promoted).then(pl.min_horizontal(sold, u.cast(pl.Float64))).otherwise(0.0)

    return rows.with_columns(
        rm_avail=pl.when(clear_out).then(from_excess + from_rest).otherwise(0),
        rm_stranded=pl.when(clear_out).then(from_stranded).otherwise(0),
        fixed=pl.when(a == Action.FIX.value).then(pl.min_horizontal(n, st)).otherwise(0),
        demand_after=pl.when(promoted)
        .then(pl.col("daily_demand") * (1 + pl.col("uplift_pct") / 100))
        .otherwise(pl.col("daily_demand")),
        discontinued=a == Action.DISCONTINUE.value,
        share_after=pl.col("in_stock_share"),
        restocked=pl.when(a == Action.RESTOCK.value).then(n).otherwise(0),
        sold_month=sold_within(30),
        sold_before_charge=sold_within(days_to_charge),
    ).with_columns(
        # A decision on a SKU the snapshot does not have changes nothing.
        **{
            k: pl.when(pl.col("in_snapshot")).then(pl.col(k)).otherwise(0)
            for k in ("rm_avail", "rm_stranded", "fixed", "restocked")
        }
    )


def _money_exprs(prepared: Prepared) -> dict[str, pl.Expr]:
    a = pl.col("action")
    leaving = pl.col("rm_avail") + pl.col("rm_stranded")
    card = prepared.card
    # a saving is unknown (null) when its rate is; 0 when the volume is (as in the totals)
    # or no unit leaves
    no_volume = pl.col("volume_ft3").is_null()
    stored = pl.col("rm_avail") + pl.col("sold_month")
    aged = pl.col("rm_avail") + pl.col("sold_before_charge")
    return {
        "storage_saving_month": pl.when(no_volume | (stored == 0))
        .then(0.0)
        .otherwise(fees.storage_saving_expr(stored, prepared.surcharge_per_ft3)),
        "surcharge_saving": pl.when(no_volume | (aged == 0))
        .then(surcharge.saving_expr(card, aged).fill_null(0.0))
        .otherwise(surcharge.saving_expr(card, aged)),
        "cash": pl.when(a == Action.REMOVE.value)
        .then(-leaving * pl.col("removal_fee_unit"))
        .when(a == Action.DISPOSE.value)
        .then(-leaving * pl.col("disposal_fee_unit"))
        .when(a == Action.LIQUIDATE.value)
        .then(leaving * pl.col("liquidation_net_unit"))
        .otherwise(0.0),
        "freed_ft3": ((leaving + pl.col("sold_month")) * pl.col("volume_ft3")).fill_null(0.0),
        "added_ft3": (pl.col("restocked") * pl.col("volume_ft3")).fill_null(0.0),
    }


def _money_or_unknown(expr: pl.Expr, fmt: MoneyFormat) -> pl.Expr:
    """An amount in words, or "unknown (no rate table)" where its rate is not known."""
    return (
        pl.when(expr.is_null())
        .then(pl.lit("unknown (no rate table)"))
        .otherwise(money_expr(expr, fmt))
    )


@functools.cache  # the same expressions for the same money format: built once per format
def _reason_cases(fmt: MoneyFormat) -> list[Case]:
    """The effect's reason in words, per case (each built only for its own rows)."""
    a = pl.col("action")
    leaving = number(pl.col("rm_avail") + pl.col("rm_stranded"))
    possible = fees.liquidation_possible()
    saved = pl.format(
        "saves {} storage a month and {} surcharge",
        _money_or_unknown(pl.col("storage_saving_month"), fmt),
        _money_or_unknown(pl.col("surcharge_saving"), fmt),
    )
    cases: list[tuple[pl.Expr, pl.Expr]] = [
        (~pl.col("in_snapshot"), pl.lit("not in the newest snapshot: no effect")),
        (
            (a == Action.SNOOZE.value) & pl.col("snoozed"),
            pl.format("snoozed until {}: no effect on the numbers", pl.col("until")),
        ),
        (
            a == Action.SNOOZE.value,
            pl.format(
                "snooze ended ({}): ignored", pl.col("until").cast(pl.String).fill_null("no date")
            ),
        ),
        (
            a.is_in([Action.REMOVE.value, Action.DISPOSE.value]),
            pl.format(
                "{} units leave ({} of them stranded): fee {}; {}{}",
                leaving,
                number(pl.col("rm_stranded")),
                _money_or_unknown(-pl.col("cash"), fmt),
                saved,
                pl.col("stranded_note"),
            ),
        ),
        (
            (a == Action.LIQUIDATE.value) & pl.col("cash").is_null() & possible,
            pl.format(
                "{} units liquidated: net recovery unknown (no rate table); {}", leaving, saved
            ),
        ),
        (
            (a == Action.LIQUIDATE.value) & pl.col("cash").is_null(),
            pl.format("{} units: liquidation not possible (dangerous goods or no price)", leaving),
        ),
        (
            a == Action.LIQUIDATE.value,
            pl.format(
                "{} units liquidated: net recovery {}; {}{}",
                leaving,
                money_expr(pl.col("cash"), fmt),
                saved,
                pl.col("stranded_note"),
            ),
        ),
        (
            a == Action.PROMOTE.value,
            pl.format(
                "{}% off for {} days at +{}% demand: excess {} -> {} units; {}",
                number(pl.col("discount_pct"), 1),
                pl.col("days"),
                number(pl.col("uplift_pct"), 0),
                number(pl.col("excess_units").fill_null(0)),
                number(pl.col("excess_after").fill_null(0)),
                saved,
            ),
        ),
        (
            a == Action.FIX.value,
            pl.format("relists {} stranded units: they join available", number(pl.col("fixed"))),
        ),
        (
            a == Action.RESTOCK.value,
            pl.format(
                "{} units inbound: cover {} -> {} days",
                number(pl.col("quantity")),
                number(pl.col("cover_before")),
                number(pl.col("cover_after")),
            ),
        ),
        (a == Action.DISCONTINUE.value, pl.lit("no longer replenished: leaves the in-stock rate")),
        (pl.lit(True), pl.lit("")),
    ]
    return [(condition, {"reason": reason}) for condition, reason in cases]


def _decided_rows(prepared: Prepared, wanted: pl.DataFrame) -> pl.LazyFrame:
    """Each decision beside its SKU's numbers, with its changes, points, money and the
    columns its effect reads (one query)."""
    picked = surcharge.with_tiers(prepared.tiers, prepared.rows_of(wanted["sku"]), "at")
    rows = wanted.lazy().join(
        picked.lazy().drop("at").with_columns(in_data=pl.lit(True)),
        on="sku",
        how="left",
        maintain_order="left",
    )
    # a column per ``Totals`` field (a field the change leaves alone moves by 0), which
    # ``_sum_exprs`` adds up
    change = changes.delta_exprs(prepared.settings)
    deltas = {k: pl.col(_DELTA + k) for k in TOTAL_FIELDS}
    rows = _resolve(rows, prepared).with_columns(
        **{_DELTA + k: change.get(k, pl.lit(0.0)) for k in TOTAL_FIELDS}
    )
    rows = changes.with_points(
        rows,
        deltas,
        prepared.totals,
        prepared.estimate.raw,
        scoring_ipi(prepared.settings),
        "points",
    ).with_columns(
        excess_after=(pl.col("excess_units") - deltas["excess_units"]).cast(pl.Int64),
        **_money_exprs(prepared),
    )
    demand = pl.col("daily_demand")
    stock = pl.col("available") + pl.col("inbound")
    return rows.with_columns(
        stranded_note=_stranded_note(prepared.totals, deltas),
        cover_after=pl.when(demand > 0).then((stock + pl.col("restocked")) / demand),
        cover_before=pl.when(demand > 0).then(stock / demand),
        sale_price=pl.when(pl.col("action") == Action.PROMOTE.value).then(
            (pl.col("price") * (1 - pl.col("discount_pct") / 100)).round(2)
        ),
        # a decision on a SKU the snapshot does not have changes nothing
        **{
            k: pl.when(pl.col("in_snapshot")).then(pl.col(k)).otherwise(0.0)
            for k in ("points", "storage_saving_month", "surcharge_saving", "cash")
        },
    )


def _stranded_note(now: Totals, deltas: dict[str, pl.Expr]) -> pl.Expr:
    """Words for a decision that makes the stranded units a larger share of the inventory
    (units leave U while stranded ones wait): empty otherwise."""
    s, base = now.stranded_units, now.stranded_base
    if not s or not base:
        return pl.lit("")
    s_after = s - deltas["stranded_units"]
    base_after = base - deltas["stranded_base"]
    pct_after = pl.when(base_after > 0).then(s_after / base_after * 100)
    now_text, after_text = number(pl.lit(s / base * 100), 1), number(pct_after, 1)
    rises = ((pct_after > s / base * 100) & (after_text != now_text)).fill_null(False)
    return (
        pl.when(rises)
        .then(
            pl.format(
                "; fix the {} stranded units first: this raises the stranded share from {}% to {}%",
                number(pl.lit(s)),
                now_text,
                after_text,
            )
        )
        .otherwise(pl.lit(""))
    )


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
            f"delta_{k}": pl.col(_DELTA + k).cast(pl.Float64).fill_null(0.0).sum()
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


def _after_totals(base: Totals, sums: dict[str, float | None]) -> Totals:
    values = {}
    for name in TOTAL_FIELDS:
        now = getattr(base, name)
        values[name] = None if now is None else now - (sums[f"delta_{name}"] or 0.0)
    return Totals(**values)


def evaluate(
    prepared: Prepared, decisions: Mapping[str, Decision] | Iterable[Decision]
) -> Scorecard:
    """The what-if of ``decisions`` (one per SKU; a later one for the same SKU wins)."""
    chosen = {d.sku: d for d in _decision_list(decisions)}
    today = prepared.snapshot_date
    capacity_now = dict(prepared.capacity_used)
    limits = {t: float(getattr(prepared.settings.capacity, t)) for t in fees.CAPACITY_TYPES}
    if not chosen:
        effects = pl.DataFrame(schema=EFFECT_SCHEMA)
        rows = sums = None
        after = prepared.totals
    else:
        # few polars calls, each on the decided rows only: a what-if runs in a thread while
        # the screen repaints, and each call waits its turn for Python's lock afterwards
        wanted = _decisions_frame(list(chosen.values()))
        rows = _decided_rows(prepared, wanted).collect()
        sums = rows.select(**_sum_exprs(prepared)).row(0, named=True)
        after = _after_totals(prepared.totals, sums)
        effects = _effects(rows, account_format(prepared.settings))
    factors_after, estimate_after = score_totals(after, scoring_ipi(prepared.settings))
    factors_after.notes = dict(prepared.factors.notes)
    fees_after, cash, capacity = _money_after(prepared, sums, capacity_now, limits)
    decided = _decided(wanted if chosen else None, today)
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


def _effects(rows: pl.DataFrame, fmt: MoneyFormat) -> pl.DataFrame:
    effects = per_case(rows.with_row_index("row").lazy(), _reason_cases(fmt), list(EFFECT_SCHEMA))
    return effects.select(*(pl.col(k).cast(t) for k, t in EFFECT_SCHEMA.items()))


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
