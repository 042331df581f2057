"""What every SKU of the demo catalog sold, received and held on any day.

Each SKU's story is three non-decreasing whole-number curves of the day ``t``:

* demand ``D(t)``: the units customers would have bought by day ``t`` (a steady rate bent by
  a yearly season, so any two windows of the same series agree);
* sales ``E(t)``: demand minus the sales lost while the SKU was out of stock or stranded;
* receipts ``R(t)``: the units received by day ``t``. Replenished SKUs order up to their
  expected demand for the next cycle plus a cover (an arrival can be missed: the stock runs
  out and sales stop until a late shipment lands); the others are sold off one or two lots.

Units on hand are ``R(t) - E(t)``, never negative by construction, and ages follow from
first-in-first-out: the units older than ``x`` days are the ones received by ``t - x - 1``
that are not sold yet, ``R(t - x - 1) - E(t)``. So the age buckets always sum to the units
on hand, t7 <= t30 <= t60 <= t90, and every weekly snapshot agrees with every other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
import polars.selectors as cs

from ipitui.demo.catalog import LOTS, NEVER, ORIGIN, PLAIN, WINDOW

_YEAR = 365.25

# Age thresholds (days): the report's buckets and the aged-inventory surcharge tiers.
AGE_LIMITS = (30, 60, 90, 180, 270, 330, 365, 455)
AIS_LIMITS = (180, 210, 240, 270, 300, 330, 365, 455)
SALES_WINDOWS = (7, 30, 60, 90, 180)
HISTORY_POINTS = (30, 60, 90)  # sell-through averages the units on hand today and then

C = pl.col


def _day(t: int | pl.Expr) -> pl.Expr:
    return pl.lit(t, dtype=pl.Int64) if isinstance(t, int) else t


def _swing(t: pl.Expr) -> pl.Expr:
    """The season's share of the demand curve, in years.

    The demand intensity ``1 + amp * h`` follows a triangle wave ``h`` over the year that
    peaks on the season's peak day; its integral ``w * (1 - 2|w|)`` is piecewise quadratic,
    far cheaper than a sine, and keeps the curve increasing for any ``amp`` below 1.
    """
    phase = t.cast(pl.Float64) * (1 / _YEAR) + C("season_shift")
    w = phase - (phase + 0.5).floor()  # in [-1/2, 1/2), 0 on the peak day
    return w * (1.0 - 2.0 * w.abs())


@dataclass(frozen=True)
class Curves:
    """The demand, sales and receipts curves of one model family (see the module doc)."""

    family: int

    def demand(self, t: int | pl.Expr) -> pl.Expr:
        t = _day(t)
        bent = pl.min_horizontal(t, C("demand_end")) if self.family == LOTS else t
        units = C("rate") * bent.cast(pl.Float64) + C("swing_units") * _swing(bent)
        units = (units + C("offset")).floor().cast(pl.Int64)
        if self.family == LOTS:
            return pl.when(t >= C("lot1")).then(units).otherwise(0)
        return units

    def lost(self, t: pl.Expr) -> pl.Expr:
        """Demand not sold by day ``t`` because the SKU was out of stock or stranded."""
        missed = self.demand(pl.min_horizontal(t, C("resume"))) - C("demand_at_stop")
        return pl.when(t > C("stop")).then(missed).otherwise(0)

    def sales(self, t: int | pl.Expr) -> pl.Expr:
        t = _day(t)
        return self.demand(t) - self.lost(t) if self.family == WINDOW else self.demand(t)

    def due(self, t: int | pl.Expr) -> pl.Expr:
        """The shipment whose order-up-to level holds on day ``t`` (replenished SKUs).

        Shipments are due every ``cycle`` days; the ones due from ``missed`` until
        ``resume`` do not come, and the first to land after that lands on ``resume``.
        """
        t = _day(t)
        last = t - (t - C("phase")) % C("cycle")
        if self.family != WINDOW:
            return last
        before = C("missed") - 1
        before_missed = before - (before - C("phase")) % C("cycle")
        return pl.when(self._skipped(last, t)).then(before_missed).otherwise(last)

    def _skipped(self, due: pl.Expr, t: pl.Expr) -> pl.Expr:
        return (due >= C("missed")) & (due < C("resume")) & (t < C("resume"))

    def received_by_due(self, due: pl.Expr) -> pl.Expr:
        """Receipts once the shipment due on ``due`` has landed: order-up-to, i.e. what was
        sold by then plus the demand expected until the next shipment and the cover."""
        ahead = self.demand(due + C("lead"))
        return ahead - self.lost(due) if self.family == WINDOW else ahead

    def receipts(self, t: int | pl.Expr) -> pl.Expr:
        """Units received by day ``t`` (for replenished SKUs, through ``due``)."""
        t = _day(t)
        if self.family != LOTS:
            return self.received_by_due(self.due(t))
        first = pl.when(t >= C("lot1")).then(C("lot1_units")).otherwise(0)
        return first + pl.when(t >= C("lot2")).then(C("lot2_units")).otherwise(0)

    def next_arrival(self, t: int) -> pl.Expr:
        """The day the next shipment lands (``NEVER`` if none will)."""
        if self.family == LOTS:
            return pl.lit(NEVER, dtype=pl.Int64)
        last = _day(t) - (_day(t) - C("phase")) % C("cycle")
        following = last + C("cycle")
        if self.family == PLAIN:
            return following
        late = self._skipped(last, _day(t)) | self._skipped(following, _day(t))
        return pl.when(late).then(C("resume")).otherwise(following)

    def hidden(self, t: int) -> pl.Expr:
        """Out of stock or stranded on day ``t``: no units shown as available."""
        if self.family != WINDOW:
            return pl.lit(False)
        return (C("stop") <= t) & (C("resume") > t)


def prepare(catalog: pl.DataFrame, today: date) -> pl.DataFrame:
    """Fix the per-SKU constants the curves need, the lots' sizes among them."""
    day_of_year = today.timetuple().tm_yday
    catalog = catalog.with_columns(
        ((day_of_year - C("peak_day")) / _YEAR).alias("season_shift"),
        (C("rate") * C("season_amp") * _YEAR).alias("swing_units"),
        (C("cycle") + C("cover")).alias("lead"),
        pl.lit(0.0).alias("offset"),
    )
    parts = []
    for part in catalog.partition_by("family", maintain_order=True):
        curves = Curves(int(part["family"][0]))
        # Demand starts at zero on the first day of sales: fold that day into ``offset``.
        start = C("lot1") if curves.family == LOTS else pl.lit(ORIGIN, dtype=pl.Int64)
        at_start = C("rate") * start.cast(pl.Float64) + C("swing_units") * _swing(start)
        part = part.with_columns((C("phi") - at_start).alias("offset"))
        if curves.family == WINDOW:
            part = part.with_columns(curves.demand(C("stop")).alias("demand_at_stop"))
        if curves.family == LOTS:
            # Size the lots so that today's units are ``units_now`` and no earlier day
            # runs short: lot 2 is at most what sold after it arrived plus today's units.
            sold_now, sold_by_lot2 = curves.sales(0), curves.sales(C("lot2"))
            lot2 = pl.min_horizontal(
                (C("lot2_share") * C("units_now")).floor().cast(pl.Int64),
                C("units_now") + sold_now - sold_by_lot2,
            )
            part = part.with_columns(lot2.alias("lot2_units")).with_columns(
                (C("units_now") + sold_now - C("lot2_units")).alias("lot1_units")
            )
        parts.append(part)
    return pl.concat(parts, how="diagonal_relaxed")


def stock_on(part: pl.LazyFrame, family: int, t: int, charge_in: int) -> pl.LazyFrame:
    """The stock numbers of day ``t`` for the rows of one model family.

    ``charge_in`` is the number of days from ``t`` to the next aged-inventory surcharge
    date. Adds: ``on_hand`` (units at Amazon, stranded ones included), ``available``,
    ``shipped_<n>`` for each sales window, ``available_<n>`` (units available ``n`` days
    before), ``older_<x>`` (units over ``x`` days old), ``charged_<x>`` (units over ``x``
    days old on the charge date), ``inbound`` and ``arrives_in`` (days until it lands).
    """
    curves = Curves(family)
    # The days whose receipts are needed, each computed in stages so that no expression
    # is repeated inside another.
    points: dict[str, int | pl.Expr] = {"now": t}
    points |= {f"back_{n}": t - n for n in HISTORY_POINTS}
    points |= {f"age_{x}": t - x - 1 for x in AGE_LIMITS}
    points |= {f"ais_{x}": t + charge_in - x - 1 for x in AIS_LIMITS}
    points["next"] = C("_next")
    part = part.with_columns(_next=curves.next_arrival(t))
    if family != LOTS:
        part = part.with_columns(**{f"_due_{k}": curves.due(v) for k, v in points.items()})
        received = {k: curves.received_by_due(C(f"_due_{k}")) for k in points}
    else:
        received = {k: curves.receipts(v) for k, v in points.items()}
    part = part.with_columns(
        **{f"_rec_{k}": v for k, v in received.items()},
        **{f"_sold_{n}": curves.sales(t - n) for n in (0, *SALES_WINDOWS)},
    )
    on_hand = (C("_rec_now") - C("_sold_0")).clip(0, None)
    shown = ~curves.hidden(t)
    aged = {f"older_{x}": C(f"_rec_age_{x}") for x in AGE_LIMITS}
    aged |= {f"charged_{x}": C(f"_rec_ais_{x}") for x in AIS_LIMITS}
    columns = {
        name: pl.when(shown).then((rec - C("_sold_0")).clip(0, on_hand)).otherwise(0)
        for name, rec in aged.items()
    }
    for n in HISTORY_POINTS:
        then = (C(f"_rec_back_{n}") - C(f"_sold_{n}")).clip(0, None)
        columns[f"available_{n}"] = pl.when(curves.hidden(t - n)).then(0).otherwise(then)
    columns |= {f"shipped_{n}": C("_sold_0") - C(f"_sold_{n}") for n in SALES_WINDOWS}
    arriving = pl.when(C("_next") >= NEVER).then(0).otherwise(C("_rec_next") - C("_rec_now"))
    visible = (C("_next") - t <= C("visible")) & (arriving > 0)
    part = part.with_columns(
        **columns,
        on_hand=on_hand,
        available=pl.when(shown).then(on_hand).otherwise(0),
        inbound=pl.when(visible).then(arriving).otherwise(0),
        arrives_in=C("_next") - t,
    )
    return part.drop(cs.matches("^_(due|rec|sold|next).*$"))
