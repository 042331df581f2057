"""Each decision's own effect: the decided SKUs' rows with their changes, points, money and
the reason in words. ``core.whatif`` sums these rows into the totals after the decisions.

``decisions_frame`` turns the decisions into a frame; ``decided_rows`` sets each beside its
SKU's per-SKU numbers (``Prepared.rows_of``) and works out what it changes (``core.changes``),
one column per ``Totals`` field (named ``DELTA`` + the field); ``effects_table`` gives the
``effects`` rows the scorecard shows and exports. How a decision changes its SKU's numbers:

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

import polars as pl

from ipitui.core import changes, defaults, fees, promotion, surcharge
from ipitui.core.columns import Case, number, per_case
from ipitui.core.decisions import Action, Decision
from ipitui.core.factors import TOTAL_FIELDS, Totals
from ipitui.core.marketplaces import scoring_ipi
from ipitui.core.prepared import Prepared
from ipitui.format import MoneyFormat, account_format, money_expr

# The columns of the scorecard's ``effects``: one row per decision.
EFFECT_SCHEMA = {
    "sku": pl.String, "asin": pl.String, "product_name": pl.String, "action": pl.String,
    "quantity": pl.Int64, "points": pl.Float64, "storage_saving_month": pl.Float64,
    "surcharge_saving": pl.Float64, "cash": pl.Float64, "price": pl.Float64,
    "sale_price": pl.Float64, "discount_pct": pl.Float64, "uplift_pct": pl.Float64,
    "days": pl.Int64, "until": pl.Date, "reason": pl.String,
}  # fmt: skip
DELTA = "_delta_"  # the decided rows' change columns (``DELTA`` + a ``Totals`` field)
_DECISION_SCHEMA = {
    "sku": pl.String, "action": pl.String, "quantity": pl.Int64, "discount": pl.Float64,
    "uplift": pl.Float64, "promo_days": pl.Int64, "until": pl.Date,
}  # fmt: skip


def decisions_frame(decisions: list[Decision]) -> pl.DataFrame:
    """The decisions as a frame, one row each, as ``decided_rows`` reads them."""
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


def decided_rows(
    prepared: Prepared, wanted: pl.DataFrame, at: pl.Series | None = None
) -> pl.LazyFrame:
    """Each decision beside its SKU's numbers, with its changes, points, money and the
    columns its effect reads (one query), and its SKU's position in ``whatif_base`` (``at``,
    null for a SKU it does not have: ``effects_table`` reads the names there). ``at``: each
    decision's position in ``whatif_base`` when the caller knows it (every one there; its
    SKUs are then not looked up by hash nor joined on)."""
    if at is not None:  # (lazy: only the columns the caller reads are gathered)
        at = at.cast(pl.UInt32)
        per_sku = prepared.whatif_base.lazy().select(
            pl.all().exclude("sku").gather(pl.lit(at)), pl.lit(at).alias("at")
        )
        tiers = surcharge.tiers_at(prepared.tiers, at).with_columns(in_data=pl.lit(True))
        rows = pl.concat([wanted.lazy(), per_sku, tiers], how="horizontal")
    else:
        picked = surcharge.with_tiers(prepared.tiers, prepared.rows_of(wanted["sku"]), "at")
        rows = wanted.lazy().join(
            picked.lazy().with_columns(pl.col("at").cast(pl.UInt32), in_data=pl.lit(True)),
            on="sku",
            how="left",
            maintain_order="left",
        )
    # a column per ``Totals`` field (a field the change leaves alone moves by 0), which
    # ``core.whatif`` adds up
    change = changes.delta_exprs(prepared.settings)
    deltas = {k: pl.col(DELTA + k) for k in TOTAL_FIELDS}
    rows = _resolve(rows, prepared).with_columns(
        **{DELTA + k: change.get(k, pl.lit(0.0)) for k in TOTAL_FIELDS}
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


def effects_table(rows: pl.DataFrame, prepared: Prepared) -> pl.DataFrame:
    """The ``effects`` of ``decided_rows`` (collected): each decision's own effect with its
    reason in words, amounts written in the account's money format, and its SKU's product
    name (``Prepared.names``: read for these rows only)."""
    rows = rows.with_columns(prepared.names(rows.get_column("at")))
    fmt = account_format(prepared.settings)
    effects = per_case(rows.with_row_index("row").lazy(), _reason_cases(fmt), list(EFFECT_SCHEMA))
    return effects.select(*(pl.col(k).cast(t) for k, t in EFFECT_SCHEMA.items()))
