"""The four IPI factors, computed from a handful of account-level sums.

Every factor is a ratio of two sums (``Totals``). The what-if and "points at stake" only
change those sums, so the same expressions serve today's numbers, a decision's effect and a
million per-SKU "what if this one were fixed" rows at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

import polars as pl

FACTORS = ("excess_pct", "sell_through", "stranded_pct", "in_stock_pct")
FACTOR_LABELS = {
    "excess_pct": "excess",
    "sell_through": "sell-through",
    "stranded_pct": "stranded",
    "in_stock_pct": "in-stock",
}
_TINY = 1e-9  # a sum this small after subtracting deltas is zero


@dataclass
class Totals:
    """The account-level sums the factors are made of."""

    excess_units: float = 0.0  # ΣE over SKUs whose E is known
    excess_base: float = 0.0  # ΣU over the same SKUs
    shipped_t90: float = 0.0  # Σ t90 over SKUs whose t90 and Ū are known
    avg_available: float = 0.0  # ΣŪ over the same SKUs
    stranded_units: float | None = None  # S; None without a stranded report
    stranded_base: float | None = None  # ΣU (every SKU whose U is known) + S
    in_stock_weighted: float = 0.0  # Σ d · share over replenishable SKUs
    in_stock_demand: float = 0.0  # Σ d over replenishable SKUs

    def as_row(self) -> dict[str, float | None]:
        return asdict(self)


TOTAL_FIELDS = tuple(f.name for f in fields(Totals))


@dataclass
class Factors:
    """Percentages 0–100 and the sell-through ratio; None when not computable (see notes)."""

    excess_pct: float | None = None
    sell_through: float | None = None
    stranded_pct: float | None = None
    in_stock_pct: float | None = None
    notes: dict[str, str] = field(default_factory=dict)
    # the account's marketplace ("" when not known) and the factors its IPI does not count:
    # their values are shown, marked "not scored in <marketplace>" (core.marketplaces)
    marketplace: str = ""
    not_scored: tuple[str, ...] = ()
    # SKUs left out of every sum as in their first 90 days (None: no snapshot old enough to
    # tell, see core.history)
    new_asins: int | None = None

    def values(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in FACTORS}


def factor_exprs(prefix: str = "") -> dict[str, pl.Expr]:
    """The four factors from columns named as the ``Totals`` fields (after ``prefix``), as
    columns named ``prefix`` + factor."""

    def c(name: str) -> pl.Expr:
        return pl.col(prefix + name)

    exprs = {
        "excess_pct": pl.when(c("excess_base") > _TINY).then(
            c("excess_units").clip(lower_bound=0) / c("excess_base") * 100
        ),
        "sell_through": pl.when(c("avg_available") > _TINY).then(
            c("shipped_t90") / c("avg_available")
        ),
        "stranded_pct": pl.when(c("stranded_base") > _TINY).then(
            c("stranded_units").clip(lower_bound=0) / c("stranded_base") * 100
        ),
        "in_stock_pct": pl.when(c("in_stock_demand") > _TINY).then(
            c("in_stock_weighted") / c("in_stock_demand") * 100
        ),
    }
    return {prefix + name: e for name, e in exprs.items()}


def totals_frame(rows: list[Totals]) -> pl.DataFrame:
    return pl.DataFrame([t.as_row() for t in rows], schema=dict.fromkeys(TOTAL_FIELDS, pl.Float64))
