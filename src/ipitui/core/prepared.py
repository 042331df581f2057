"""``prepare``: everything about an account that does not depend on the seller's decisions,
computed once per load (vectorised polars; no loop over SKUs): on top of the numbers
``core.measure`` works out (per-SKU numbers, sums, factors, estimate), the lists (excess,
stranded, aging, stock risk), the fees, the capacity used, and the pool of candidates the
opportunities are taken from (``candidate_rows``)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import polars as pl

from ipitui.core import (
    aging,
    excess,
    fees,
    history,
    metrics,
    season,
    stock_risk,
    stranded,
    surcharge,
)  # fmt: skip
from ipitui.core.estimate import Estimate
from ipitui.core.factors import Factors, Totals
from ipitui.core.inputs import PLANNING, STRANDED, AccountData
from ipitui.core.measure import measure
from ipitui.core.rates import RateCard
from ipitui.core.settings import AccountSettings
from ipitui.core.triage import reasons as triage_reasons
from ipitui.core.triage import triage_rows
from ipitui.format import plural

LIST_NAMES = ("excess", "stranded", "aging", "stock_risk")
# What fixing a row of each list changes (``core.changes``), and the sign of its points at
# stake: a stock-risk row's points are what the stock-out would lose.
FIX_CHANGES = {
    "excess": (excess.fix_change, 1.0),
    "stranded": (stranded.fix_change, 1.0),
    "aging": (aging.fix_change, 1.0),
    "stock_risk": (stock_risk.stockout_change, -1.0),
}
# The per-SKU columns the what-if reads for the SKUs decided. The product names are kept
# beside them (``Prepared.product_names``): only the few rows shown need one.
WHATIF_COLUMNS = (
    "sku", "asin", "in_planning", "available", "inbound", "t90", "daily_demand",
    "days_of_supply", "excess_units", "avg_available", "avg_count", "in_stock_share",
    "share_count", "replenishable", "stranded_units", "new_asin", "price", "volume_ft3", "size",
    "dangerous", "capacity_type", "base_rate", "surcharge_units", "removal_fee_unit",
    "disposal_fee_unit", "liquidation_net_unit", "amazon_sale_price", "amazon_sale_days",
)  # fmt: skip


# The per-SKU columns the triage of the excess and aging lists reads besides the what-if's.
TRIAGE_COLUMNS = (
    "row", "surcharge_next", "amazon_surcharge", "aged_units", "units_crossing",
    "no_sale_6_months", "amazon_action", "storage_type", *(b.name for b in surcharge.BUCKETS),
    *season.LIST_COLUMNS,
)  # fmt: skip


EXPLAINED = ("excess", "aging")  # the lists whose reasons are put in words when asked for


NAME = "product_name"


class NameSource(Protocol):
    """Where the product names of a stored build are read from, a few at a time
    (``store.scored.StoredNames``)."""

    def names_at(self, at: Sequence[int | None]) -> list[str | None]:
        """The names of the SKUs at positions ``at`` of ``whatif_base`` (None for a None
        position); raises ``OSError`` or ``ValueError`` when they cannot be read."""
        ...


class Later:
    """A value read when first asked for, once, from any thread (the first caller reads it,
    another waits for it): a table of a stored build (``store.scored``)."""

    def __init__(self, read: Callable[[], object]) -> None:
        self._read: Callable[[], object] | None = read
        self._value: object = None
        self._lock = threading.Lock()

    def __call__(self) -> object:
        with self._lock:
            if self._read is not None:
                self._value = self._read()  # raises: asked again next time
                self._read = None
            return self._value


class _Deferred:
    """A field of ``Prepared`` given as a ``Later``: resolved on first access, then kept.
    An open reads the header's and the Overview's numbers and the open list first; the
    per-SKU tables (about 0.25 s at a million SKUs) when something reads them: a decision's
    what-if, the reasons in words of the rows shown (the TUI reads them beside the open list)."""

    def __init__(self, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.slot]
        if isinstance(value, Later):
            value = obj.__dict__[self.slot] = value()
        return value

    def __set__(self, obj: object, value: object) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class ListTotal:
    count: int
    units: int


@dataclass(repr=False)  # its repr would read every table (a worker names its arguments)
class Prepared:
    data: AccountData
    settings: AccountSettings
    snapshot_date: date
    sku_count: int  # SKUs in the newest planning snapshot
    # the per-SKU numbers (core.metrics, one row per SKU) the what-if reads; the SKU detail
    # works out all of one SKU's (``core.detail``)
    whatif_base: pl.DataFrame
    # the surcharge tier columns (``ais_q_*``, ``ais_c_*``) of the SKUs with units to be
    # charged, by position ``at`` in ``whatif_base`` (the others have none in any tier)
    tiers: pl.DataFrame
    stranded_rows: pl.DataFrame | None
    dates: history.HistoryDates
    card: RateCard
    storage_month: date
    charge_date: date
    surcharge_per_ft3: float
    totals: Totals
    factors: Factors
    estimate: Estimate
    # the lists in ``LIST_NAMES``'s order; read from a stored build, each is read from disk
    # when first asked for (``store.scored.StoredLists``)
    lists: Mapping[str, pl.DataFrame]
    list_totals: dict[str, ListTotal]
    fees: fees.Fees
    capacity_used: dict[str, float]
    # the hash of each SKU of ``whatif_base`` (8 bytes a row): finding a few SKUs among a
    # million by their hashes takes a tenth of the time of comparing their text
    sku_hashes: pl.Series
    # the product name of each SKU of ``whatif_base`` (by position): computed in memory, the
    # column itself; read from a stored build, the file they are read from a few at a time
    # (at a million SKUs the names take 48 MB, and only the rows shown need one)
    product_names: pl.Series | NameSource
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Prepared({self.sku_count:,} SKUs, report of {self.snapshot_date})"

    def is_deferred(self, name: str) -> bool:
        """The table ``name`` (``DEFERRED``) is still on disk (asking for it reads it)."""
        slot = getattr(type(self), name).slot  # the field's ``_Deferred``
        return isinstance(self.__dict__.get(slot), Later)

    @functools.cached_property
    def candidates(self) -> pl.DataFrame:
        """The pool the opportunities are taken from (``candidate_rows`` of the lists, with
        their reasons), worked out when first read (a stored build keeps it)."""
        return candidate_rows(self.lists, self.explained)

    @functools.cached_property
    def candidate_fixes(self) -> pl.DataFrame:
        """``fix_inputs`` of ``candidates``, worked out when first read (a stored build
        keeps it)."""
        return self.fix_inputs(self.candidates)

    def fix_inputs(self, pool: pl.DataFrame) -> pl.DataFrame:
        """The rows of ``pool`` (``candidate_rows``) with what fixing each reads
        (``FIX_CHANGES``): the list's own columns and the SKU's per-SKU numbers; in the pool's
        order within each list, the lists in ``FIX_CHANGES``'s order."""
        per_sku = self.rows_of(pool["sku"]).drop("at")
        parts = []
        for name, (change_of, _) in FIX_CHANGES.items():
            mine = pool.filter(pl.col("list") == name).select("sku", "list", "list_row")
            reads = {r for e in change_of().values() for r in e.meta.root_names()}
            own = self.lists[name][mine["list_row"]].select(sorted(reads - set(per_sku.columns)))
            parts.append(pl.concat([mine, own], how="horizontal"))
        inputs = pl.concat(parts, how="diagonal_relaxed")
        return inputs.join(per_sku, on="sku", how="left", maintain_order="left")

    def explained(self, name: str, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows of the list ``name`` as they are shown and written out: with the reason for
        their suggestion in words (worked out for these rows only, see ``core.triage``), and
        without the columns only the reason reads."""
        if name not in EXPLAINED:  # their reasons are kept with them
            return rows
        reason = triage_reasons(
            rows,
            self.whatif_base,
            self.settings,
            self.charge_date,
            today=self.snapshot_date,
            surcharge_per_ft3=self.surcharge_per_ft3,
        )
        shown = [c for c in rows.columns if c not in excess.REASON_INPUTS]
        at = shown.index("suggested_action") + 1
        return rows.with_columns(reason=reason).select(*shown[:at], "reason", *shown[at:])

    def names(self, at: pl.Series) -> pl.Series:
        """The product names (``NAME``) of the SKUs at positions ``at`` of ``whatif_base``:
        null for a null position, and for every one when a stored build's names cannot be
        read (the SKUs are then shown without them)."""
        at = at.cast(pl.UInt32)
        source = self.product_names
        if isinstance(source, pl.Series):
            return source.gather(at).rename(NAME)
        try:
            found = source.names_at(at.to_list())
        except (OSError, ValueError):
            found = [None] * at.len()
        return pl.Series(NAME, found, dtype=pl.String)

    def rows_of(self, skus: Iterable[str]) -> pl.DataFrame:
        """The rows of ``whatif_base`` holding ``skus`` (in the frame's order; a SKU it does
        not have is left out), with their position in column ``at``."""
        if isinstance(skus, pl.Series):
            wanted = skus.cast(pl.String)
        else:
            wanted = pl.Series(list(skus), dtype=pl.String)
        at = self.sku_hashes.is_in(wanted.hash().implode()).arg_true()
        rows = self.whatif_base[at].with_columns(at=at)
        return rows.filter(pl.col("sku").is_in(wanted.implode()))  # the text, not only its hash


# The fields a stored build may give as ``Later`` (read when first asked for).
DEFERRED = ("whatif_base", "tiers", "stranded_rows", "sku_hashes")
for _name in DEFERRED:
    setattr(Prepared, _name, _Deferred(_name))


def implausible_notes(data: AccountData, card: RateCard) -> list[str]:
    """What scoring left out as implausible (``core.plausible``): values beyond what any
    real report holds, which an older ipitui stored before the import checked them. Counted
    in the columns scoring reads of the planning snapshot, and in the stranded report."""
    planning = data.as_stored[PLANNING].collect_schema().names()
    found = {
        "planning report": data.implausible(PLANNING, metrics.planning_reads(planning, card)),
        "stranded report": data.implausible(STRANDED),
    }
    return [
        f"{plural(sum(counts.values()), 'value')} of the {kind} of {data.snapshot_date} left "
        "out of scoring as implausible, beyond what any real report holds (stored before "
        "ipitui checked them): " + ", ".join(f"{name} ({n:,})" for name, n in counts.items())
        for kind, counts in found.items()
        if counts
    ]


def prepare(data: AccountData, settings: AccountSettings) -> Prepared:
    """Everything about the account that does not depend on decisions (once per load)."""
    m = measure(data, settings)
    today, card, charge_date, storage_month = m.today, m.card, m.charge_date, m.storage_month
    skus, sums, totals, stranded_rows = m.skus, m.sums, m.totals, m.stranded_rows
    factors, estimate, dates = m.factors, m.estimate, m.dates
    c = pl.col
    u, v = c("available"), c("volume_ft3")
    s_units = totals.stranded_units
    weeks, per_ft3 = fees.utilization_surcharge(
        card, float(sums["std_volume"] or 0), float(sums["std_shipped"] or 0), settings.fees
    )
    raw = estimate.raw
    lists = {
        "stranded": stranded.stranded_list(
            _empty_stranded() if stranded_rows is None else stranded_rows,
            settings,
            totals,
            raw,
            skus,
        ),
        "stock_risk": stock_risk.stock_risk_list(skus, settings, today, totals, raw),
    }
    storage = fees.storage_saving_expr(u, per_ft3 or 0.0)
    no_rate = c("base_rate").is_null() & (u > 0)
    money = skus.select(
        storage=storage.sum(),
        storage_unknown=(storage.is_null() & u.is_not_null() & ~no_rate).sum(),
        storage_no_rate=no_rate.sum(),
        surcharge=c("surcharge_next").sum(),
        low_inventory=c("low_inventory_fee").sum(),
        amazon_storage=c("amazon_storage").sum(),
        amazon_storage_known=c("amazon_storage").is_not_null().sum(),
        amazon_surcharge=c("amazon_surcharge").sum(),
        amazon_surcharge_known=c("amazon_surcharge").is_not_null().sum(),
    ).row(0, named=True)
    charged = m.tiers.charged()
    fee_notes = list(card.notes)
    if money["storage_unknown"]:
        fee_notes.append(
            f"{money['storage_unknown']} SKUs with units but no item volume are left out of storage"
        )
    if money["storage_no_rate"] and "storage" not in card.missing:
        fee_notes.append(
            f"{money['storage_no_rate']} SKUs with units have no known storage rate for their "
            "storage type and are left out of storage"
        )
    if per_ft3 is None and weeks is not None:
        fee_notes.append("storage next month leaves out the storage utilization surcharge")
    fee_notes += implausible_notes(data, card)

    def known(section: str, total: float | None) -> float | None:
        """The account's total of a fee; None when none of its rates is known."""
        return None if section in card.missing else float(total or 0)

    fees_now = fees.Fees(
        storage_next_month=known("storage", money["storage"]),
        surcharge_next_charge=known("ais", money["surcharge"]),
        surcharge_by_tier=charged,
        next_charge_date=charge_date,
        low_inventory_fee_risk=known("low_inventory", money["low_inventory"]),
        amazon_storage_next_month=float(money["amazon_storage"])
        if money["amazon_storage_known"]
        else None,
        amazon_surcharge_next_charge=float(money["amazon_surcharge"])
        if money["amazon_surcharge_known"]
        else None,
        storage_month=storage_month,
        utilization_weeks=weeks,
        utilization_surcharge_per_ft3=per_ft3,
        notes=fee_notes,
    )
    # summed per type in the rows' order, so that the same snapshot always gives the same sums
    types = [*fees.CAPACITY_TYPES, *skus["capacity_type"].unique(maintain_order=True)]
    ft3 = c("capacity_units") * v
    used = skus.select(
        ft3.filter(c("capacity_type") == t).sum().alias(t) for t in dict.fromkeys(types)
    )
    capacity_used = {t: float(x or 0) for t, x in used.row(0, named=True).items()}
    whatif_base = skus.select(*WHATIF_COLUMNS)
    product_names = skus.get_column(NAME)
    tiers = m.tiers.tiers()
    sku_count = int(skus["in_planning"].sum())
    # only the columns the lists still read are kept from here on (the others are freed; the
    # triage reads the tier columns of ``tiers``)
    skus = skus.select(*dict.fromkeys([*WHATIF_COLUMNS, *TRIAGE_COLUMNS]))
    named = whatif_base.with_columns(product_names)  # the lists show the names
    del m
    per_ft3 = per_ft3 or 0.0  # not known: storage leaves the surcharge out (noted above)
    triage = triage_rows(
        skus, tiers, settings, card, charge_date, per_ft3, totals, raw, today=today
    )
    del skus  # the lists read the triage rows and the what-if's columns only
    aged = aging.aging_list(named, triage)
    aging_only = {*aging.COLUMNS, "points_aging", "in_aging"} - {*excess.COLUMNS}
    triage = triage.drop([c for c in triage.columns if c in aging_only])
    lists = {
        "excess": excess.excess_list(named, triage),
        "stranded": lists["stranded"],
        "aging": aged,
        "stock_risk": lists["stock_risk"],
    }
    del triage, named
    list_totals = {
        "excess": ListTotal(
            lists["excess"].height, int(lists["excess"]["excess_units"].sum() or 0)
        ),
        "stranded": ListTotal(lists["stranded"].height, int(s_units or 0)),
        "aging": ListTotal(lists["aging"].height, int(lists["aging"]["aged_units"].sum() or 0)),
        "stock_risk": ListTotal(
            lists["stock_risk"].height, int(lists["stock_risk"]["available"].sum() or 0)
        ),
    }
    return Prepared(
        data=data,
        settings=settings,
        snapshot_date=today,
        sku_count=sku_count,
        whatif_base=whatif_base,
        tiers=tiers,
        sku_hashes=whatif_base.get_column("sku").hash(),
        product_names=product_names,
        stranded_rows=stranded_rows,
        dates=dates,
        card=card,
        storage_month=storage_month,
        charge_date=charge_date,
        surcharge_per_ft3=per_ft3,
        totals=totals,
        factors=factors,
        estimate=estimate,
        lists=lists,
        list_totals=list_totals,
        fees=fees_now,
        capacity_used=capacity_used,
    )


def _empty_stranded() -> pl.DataFrame:
    schema = {
        "row": pl.UInt32, "sku": pl.String, "asin": pl.String, "product_name": pl.String,
        "stranded_reason": pl.String, "primary_action": pl.String, "status_primary": pl.String,
        "error_message": pl.String, "units": pl.Int64, "price": pl.Float64,
        "date_stranded": pl.Date, "auto_removal_date": pl.Date, "days_stranded": pl.Int64,
        "days_to_auto_removal": pl.Int64, "value_at_risk": pl.Float64, "new_asin": pl.Boolean,
    }  # fmt: skip
    return pl.DataFrame(schema=schema)


CANDIDATE_POOL = 1000  # per list; evaluate digs deeper when more SKUs are decided


def candidate_rows(
    lists: Mapping[str, pl.DataFrame],
    explained: Callable[[str, pl.DataFrame], pl.DataFrame],
    per_list: int = CANDIDATE_POOL,
) -> pl.DataFrame:
    """The list rows with the most points at stake (at most ``per_list`` from each list),
    best first, one row per SKU (ties: list order, then the list's own order), with their
    reasons (``Prepared.explained``) and their position in their list (``list_row``)."""
    points = pl.col("points_at_stake")
    keep = ((points > 1e-9) & pl.col("sku").is_not_null()).alias("_keep")
    parts = []
    for i, (name, frame) in enumerate(lists.items()):
        # the best rows are found on the points alone, then only they are gathered
        best = (
            frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_order"), points, keep)
            .filter(pl.col("_keep"))
            .top_k(per_list, by=["points_at_stake", "_order"], reverse=[False, True])
            .get_column("_order")
        )
        parts.append(
            explained(name, frame[best]).select(
                "sku",
                pl.lit(name).alias("list"),
                "suggested_action",
                "points_at_stake",
                "reason",
                pl.lit(i).alias("_list"),
                best.alias("_order"),
            )
        )
    return (
        pl.concat(parts)
        .sort(["points_at_stake", "_list", "_order"], descending=[True, False, False])
        .unique("sku", keep="first", maintain_order=True)
        .drop("_list")
        .rename({"_order": "list_row"})
    )
