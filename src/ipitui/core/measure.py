"""``measure``: the numbers of an account's newest snapshot that score it, before any list is
built: the per-SKU numbers (``core.metrics``), the account sums, the factors with their notes
and the estimate. ``core.prepared`` builds the lists, fees and capacity on top; the
calibration measures older snapshots with it too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from ipitui.core import fees, history, marketplaces, season, stranded, surcharge
from ipitui.core.estimate import Estimate, score_totals
from ipitui.core.factors import Factors, Totals
from ipitui.core.inputs import AccountData
from ipitui.core.metrics import sku_frame
from ipitui.core.rates import RateCard, resolve_rates
from ipitui.core.settings import AccountSettings
from ipitui.format import plural

# Per-SKU numbers ``measure`` leaves out (so ``prepare`` does not keep them): inputs of other
# columns, numbers only the SKU detail shows (it works them out again for its one SKU) and
# ``metrics.derived`` columns.
NOT_KEPT = (
    "t7", "t30", "cover_days", "sell_through", "young_units", "hds_short", "hds_long",
    "lil_exempt", "reserved", "unfulfillable", "pending_removal", "ais_exempt",
)  # fmt: skip


def _rate_dates(today: date, storage_month: date, charge_date: date) -> dict[str, date]:
    return {
        "storage": storage_month,
        "utilization": storage_month,
        "ais": charge_date,
        "removal": today,
        "liquidation": today,
        "low_inventory": today,
    }


def _factor_notes(skus: pl.DataFrame, factors: Factors, has_stranded: bool,
                  dates: history.HistoryDates, stranded_rows: pl.DataFrame | None,
                  marketplace: str, new_asins: int) -> dict[str, str]:  # fmt: skip
    c = pl.col
    counts = (
        skus.lazy()
        .filter(c("in_planning") & ~c("new_asin"))
        .select(
            no_excess=c("excess_units").is_null().sum(),
            no_sell_through=(c("t90").is_null() | c("avg_available").is_null()).sum(),
            no_in_stock=((c("t60") > 0) & ~c("replenishable")).sum(),
            no_t60=c("t60").is_null().sum(),
        )
        .collect()
        .row(0, named=True)
    )
    notes: dict[str, str] = {}

    def say(name: str, text: str) -> None:
        notes[name] = f"{notes[name]}; {text}" if name in notes else text

    if factors.excess_pct is None:
        say("excess_pct", "not computable: no SKU with known units available and daily demand")
    if factors.sell_through is None:
        say("sell_through", "not computable: no units available in the snapshots averaged")
    if not has_stranded:
        say("stranded_pct", "not computable: no stranded inventory report imported")
    elif factors.stranded_pct is None:
        say("stranded_pct", "not computable: no units available and none stranded")
    if factors.in_stock_pct is None:
        say("in_stock_pct", "not computable: no replenishable SKU (none shipped units in 60 days)")
    if counts["no_excess"]:
        say("excess_pct", f"rows with missing data left out: {counts['no_excess']} (available "
            "or units shipped blank)")  # fmt: skip
    if counts["no_sell_through"]:
        say("sell_through", f"rows with missing data left out: {counts['no_sell_through']} "
            "(units-shipped-t90 or available blank)")  # fmt: skip
    missing = counts["no_in_stock"] + counts["no_t60"]
    if missing:
        say("in_stock_pct", f"rows with missing data left out: {missing} (units shipped or "
            "available blank)")  # fmt: skip
    if stranded_rows is not None and (blank := stranded_rows["units"].null_count()):
        say("stranded_pct", f"stranded rows with blank fulfillable-qty left out: {blank}")
    used = [str(d) for d in dates.anchor_dates]
    if factors.sell_through is not None:
        say("sell_through", "Ū averages today's snapshot" + (
            f" and those of {', '.join(used)}" if used else " only (no older snapshots near "
            "-30, -60, -90 days)"))  # fmt: skip
    if factors.in_stock_pct is not None:
        say(
            "in_stock_pct",
            f"share over {plural(1 + len(dates.window), 'snapshot')} of the last 30 days",
        )
    for name, why in marketplaces.not_scored(marketplace).items():
        notes[name] = f"{why}; {notes[name]}" if name in notes else why
    if (unconfirmed := marketplaces.factor_set_note(marketplace)) is not None:
        notes["marketplace"] = unconfirmed
    days = marketplaces.NEW_ASIN_DAYS
    if not dates.old:
        notes["new_asins"] = (
            f"SKUs in their first {days} days cannot be told apart: no stored planning snapshot "
            f"is {days} days old or older, so every SKU counts"
        )
    elif new_asins:
        notes["new_asins"] = (
            f"{new_asins} SKU{'s' if new_asins != 1 else ''} in their first {days} days left out "
            f"({marketplaces.new_asin_source(marketplace)})"
        )
    return notes


@dataclass
class Measured:
    """The per-SKU numbers, the account sums, the factors and the estimate of a snapshot."""

    today: date
    dates: history.HistoryDates
    card: RateCard
    storage_month: date
    charge_date: date
    stranded_rows: pl.DataFrame | None
    skus: pl.DataFrame  # the per-SKU numbers, less ``NOT_KEPT`` and the tier columns
    tiers: surcharge.TiersApart  # the tier columns, set aside
    sums: dict[str, float | None]
    totals: Totals
    factors: Factors
    estimate: Estimate


def measure(data: AccountData, settings: AccountSettings) -> Measured:
    """What the factors and the estimate need (``prepare`` adds lists, fees and capacity)."""
    today = data.snapshot_date
    storage_month = fees.next_month(today)
    charge_date = fees.next_charge_date(today)
    days_to_charge = (charge_date - today).days
    dates = history.choose_dates(history.snapshot_dates(data.planning_history), today)
    hist = data.history_sums or history.history_sums(data.planning_history, data.planning, dates)
    card = resolve_rates(
        settings.marketplace,
        _rate_dates(today, storage_month, charge_date),
        settings.fees.unit_weight_lb,
        settings.fee_overrides,
    )
    planning = data.planning
    stranded_rows = (
        stranded.stranded_rows(data.stranded, planning, today)
        if data.stranded is not None
        else None
    )
    tiers = surcharge.TiersApart(card)
    skus = sku_frame(
        planning,
        stranded.by_sku(stranded_rows) if stranded_rows is not None else None,
        hist,
        settings,
        card,
        storage_month,
        days_to_charge,
        drop=NOT_KEPT,
        apart=tiers,
    )
    # held for its season today; the Yes/No column has no other use
    skus = skus.with_columns(season.held_expr(today).alias(season.HELD)).drop(season.FLAG)

    # Account-level sums: the factors' over the SKUs that count (not in their first 90 days),
    # the storage surcharge's over every SKU.
    c = pl.col
    u, v, e = c("available"), c("volume_ft3"), c("excess_units")
    counts = ~c("new_asin")
    st_known = c("t90").is_not_null() & c("avg_available").is_not_null() & counts
    repl = c("replenishable") & counts
    standard = c("size") == "standard"
    sums = skus.select(
        excess_units=e.filter(counts).sum(),
        excess_base=u.filter(e.is_not_null() & counts).sum(),
        shipped_t90=c("t90").filter(st_known).sum(),
        avg_available=c("avg_available").filter(st_known).sum(),
        all_units=u.filter(counts).sum(),
        in_stock_weighted=(c("daily_demand") * c("in_stock_share")).filter(repl).sum(),
        in_stock_demand=c("daily_demand").filter(repl).sum(),
        std_volume=(u * v).filter(standard).sum(),
        std_shipped=(c("t90") * v / 90).filter(standard).sum(),
        new_asins=c("new_asin").sum(),
    ).row(0, named=True)
    if stranded_rows is not None:
        # a new ASIN's stranded units do not count either
        new = skus.filter(c("new_asin")).get_column("sku").drop_nulls().implode()
        stranded_rows = stranded_rows.with_columns(new_asin=c("sku").is_in(new).fill_null(False))
        s_units = float(stranded_rows.filter(~c("new_asin"))["units"].sum() or 0)
    else:
        s_units = None
    totals = Totals(
        excess_units=float(sums["excess_units"] or 0),
        excess_base=float(sums["excess_base"] or 0),
        shipped_t90=float(sums["shipped_t90"] or 0),
        avg_available=float(sums["avg_available"] or 0),
        stranded_units=s_units,
        stranded_base=None if s_units is None else float(sums["all_units"] or 0) + s_units,
        in_stock_weighted=float(sums["in_stock_weighted"] or 0),
        in_stock_demand=float(sums["in_stock_demand"] or 0),
    )
    factors, estimate = score_totals(totals, marketplaces.scoring_ipi(settings))
    factors.marketplace = marketplaces.marketplace(settings.marketplace).code
    factors.not_scored = tuple(marketplaces.not_scored(settings.marketplace))
    factors.new_asins = int(sums["new_asins"] or 0) if dates.old else None
    factors.notes = _factor_notes(
        skus,
        factors,
        data.stranded is not None,
        dates,
        stranded_rows,
        settings.marketplace,
        int(sums["new_asins"] or 0),
    )

    return Measured(
        today=today,
        dates=dates,
        card=card,
        storage_month=storage_month,
        charge_date=charge_date,
        stranded_rows=stranded_rows,
        skus=skus,
        tiers=tiers,
        sums=sums,
        totals=totals,
        factors=factors,
        estimate=estimate,
    )
