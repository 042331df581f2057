"""The script a Python-savvy seller would write with pandas: the baseline ipitui is held to.

It reads the Seller Central files the usual way (tab-separated, no quoting, BOM-aware),
then computes the four IPI factors, the estimate and the excess list with the definitions
ipitui documents in docs/numbers.md: weighted daily demand, excess
beyond 90 days of supply, sell-through over the snapshots nearest today/-30/-60/-90,
stranded share, sales-weighted in-stock share. It is written to be correct and idiomatic
(vectorised columns, no row loops), not to be slow; the test suite checks its factors
against ipitui's own.

Run it by hand: ``python -m bench.pandas_script PLANNING.txt [OLDER_PLANNING.txt ...]
[--stranded STRANDED.txt]``.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
import pandas as pd

# The defaults of the definitions (the same numbers a seller would copy into a script).
WEIGHTS = {7: 0.0, 30: 0.5, 60: 0.25, 90: 0.25}
EXCESS_DAYS = 90
# factor -> (weight, value where the sub-score is 1, value where it is 0)
MAPPING = {
    "excess_pct": (0.40, 0.0, 40.0),
    "sell_through": (0.30, 3.0, 0.25),
    "stranded_pct": (0.15, 0.0, 10.0),
    "in_stock_pct": (0.15, 100.0, 50.0),
}
CUBIC_FEET_PER_CUBIC_METRE = 35.3147
# US monthly storage per cubic foot from April 2024: (Jan-Sep, Oct-Dec).
STORAGE_RATE = {"standard": (0.78, 2.40), "oversize": (0.56, 1.40)}
# US aged-inventory surcharge from January 2026, oldest tier first:
# (tier, per cubic foot, per unit minimum or 0).
AIS_TIERS = [
    ("456-plus", 7.90, 0.35),
    ("366-455", 6.90, 0.30),
    ("331-365", 5.90, 0.0),
    ("301-330", 5.70, 0.0),
    ("271-300", 5.45, 0.0),
    ("241-270", 1.50, 0.0),
    ("211-240", 1.00, 0.0),
    ("181-210", 0.50, 0.0),
]


def read_report(path: str | Path) -> pd.DataFrame:
    """A Seller Central flat file: tab-separated, never quoted, UTF-8 with or without BOM."""
    return pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, encoding="utf-8-sig")


def daily_demand(df: pd.DataFrame) -> pd.Series:
    total = sum(WEIGHTS.values())
    d = pd.Series(0.0, index=df.index)
    for days, weight in WEIGHTS.items():
        if weight:
            d = d + weight / total * df[f"units-shipped-t{days}"] / days
    return d


def snapshot_date(df: pd.DataFrame) -> pd.Timestamp:
    return pd.to_datetime(df["snapshot-date"].iloc[0]).normalize()


def average_available(today: pd.DataFrame, history: list[pd.DataFrame]) -> pd.DataFrame:
    """Per SKU, the mean of ``available`` over the snapshots nearest today, -30, -60, -90
    (each only if one lies within 7 days of that point), and how many snapshots it is over."""
    by_date = {snapshot_date(df): df for df in [today, *history]}
    now = snapshot_date(today)
    chosen = []
    for back in (0, 30, 60, 90):
        target = now - pd.Timedelta(days=back)
        nearest = min(by_date, key=lambda day: (abs(day - target), -day.value))  # later on a tie
        if abs(nearest - target) <= pd.Timedelta(days=7) and nearest not in chosen:
            chosen.append(nearest)
    stacked = pd.concat([by_date[day].set_index("sku")["available"] for day in chosen], axis=1)
    out = pd.DataFrame({"mean": stacked.mean(axis=1), "count": stacked.count(axis=1)})
    return out.reindex(today["sku"]).set_axis(today.index)


def in_stock_share(today: pd.DataFrame, history: list[pd.DataFrame]) -> pd.Series:
    """Per SKU, the share of the daily snapshots of the last 30 days with units available."""
    now = snapshot_date(today)
    recent = [today] + [
        df for df in history if pd.Timedelta(0) < now - snapshot_date(df) < pd.Timedelta(days=30)
    ]
    stacked = pd.concat([(df.set_index("sku")["available"] > 0) for df in recent], axis=1)
    return stacked.mean(axis=1).reindex(today["sku"]).set_axis(today.index)


def estimate(factors: dict[str, float | pd.Series | None]) -> float | pd.Series:
    """round(1000 x the weighted sub-scores), over the factors that could be computed."""
    score, weights = 0.0, 0.0
    for name, (weight, best, worst) in MAPPING.items():
        value = factors.get(name)
        if value is None:
            continue
        score = score + weight * np.clip((value - worst) / (best - worst), 0.0, 1.0)
        weights += weight
    return np.round(1000 * score / weights)


def score(
    planning: pd.DataFrame, history: list[pd.DataFrame], stranded: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, float | None]]:
    """Per-SKU numbers and the four account-level factors."""
    df = planning.copy()
    df["d"] = daily_demand(df)
    needs_excess = df["available"].notna() & df["d"].notna()
    # ceil(90 d) of a whole number of days must not round up on floating-point noise.
    days_of_demand = np.ceil(EXCESS_DAYS * df["d"] - 1e-9)
    df["E"] = (df["available"] - days_of_demand).clip(lower=0).where(needs_excess)
    average = average_available(planning, history)
    df["U_avg"], df["U_avg_count"] = average["mean"], average["count"]
    units = df.loc[needs_excess, "available"].sum()
    factors: dict[str, float | None] = {
        "excess_pct": df["E"].sum() / units * 100 if units else None
    }
    st = df[["units-shipped-t90", "U_avg"]].dropna()
    shipped, average_units = st["units-shipped-t90"].sum(), st["U_avg"].sum()
    factors["sell_through"] = shipped / average_units if average_units else None
    if stranded is None:
        factors["stranded_pct"] = None
    else:
        s = stranded["fulfillable-qty"].sum()
        all_units = df["available"].sum()
        factors["stranded_pct"] = s / (all_units + s) * 100 if all_units + s else None
    df["share"] = in_stock_share(planning, history)
    replenishable = df[(df["units-shipped-t60"] > 0) & df["d"].notna() & df["share"].notna()]
    demand = replenishable["d"].sum()
    in_stock = (replenishable["d"] * replenishable["share"]).sum()
    factors["in_stock_pct"] = in_stock / demand * 100 if demand else None
    factors["estimate"] = float(estimate(factors))
    return df, factors


def excess_list(df: pd.DataFrame, factors: dict[str, float | None]) -> pd.DataFrame:
    """SKUs with excess units, dearest to hold first, with points at stake and an action."""
    ex = df[df["E"] > 0].copy()
    today = snapshot_date(df)
    cubic_feet = ex["item-volume"].where(
        ~ex["volume-unit-measurement"].str.lower().str.contains("met", na=False),
        ex["item-volume"] * CUBIC_FEET_PER_CUBIC_METRE,
    )
    season = 1 if today.month >= 10 else 0
    oversize = ex["storage-type"].str.lower().str.contains("oversize|extra-large|bulky", na=False)
    rate = np.where(oversize, STORAGE_RATE["oversize"][season], STORAGE_RATE["standard"][season])
    storage = ex["E"] * cubic_feet * rate
    # The excess units are the ones that would sit longest: charge them from the oldest tier.
    left, surcharge = ex["E"].copy(), pd.Series(0.0, index=ex.index)
    for tier, per_cubic_foot, per_unit in AIS_TIERS:
        column = f"quantity-to-be-charged-ais-{tier}-days"
        if column not in ex:
            continue
        units = np.minimum(left, ex[column].fillna(0))
        surcharge += units * np.maximum(per_cubic_foot * cubic_feet, per_unit)
        left -= units
    ex["DoS"] = (ex["available"] / ex["d"]).replace(np.inf, np.nan)
    ex["sell_through"] = ex["units-shipped-t90"] / ex["U_avg"]
    ex["monthly_cost"] = storage.fillna(0) + surcharge.fillna(0)
    # Points at stake: the estimate with only this SKU's excess removed, minus today's.
    units_total = df.loc[df["E"].notna(), "available"].sum()
    fixed = dict(factors)
    fixed["excess_pct"] = (df["E"].sum() - ex["E"]) / (units_total - ex["E"]) * 100
    if factors["sell_through"] is not None:
        # Removing units today lowers the SKU's average available by E / (snapshots averaged).
        st = df[["units-shipped-t90", "U_avg"]].dropna()
        shrink = (ex["E"] / ex["U_avg_count"]).where(ex.index.isin(st.index), 0.0)
        fixed["sell_through"] = st["units-shipped-t90"].sum() / (st["U_avg"].sum() - shrink)
    ex["points_at_stake"] = estimate(fixed) - factors["estimate"]
    dead = (ex["d"] == 0) | (ex.get("no-sale-last-6-months", 0) > 0)
    ex["action"] = np.where(dead, "liquidate", "promote")
    ex["reason"] = np.where(dead, "no sales", "more than " + str(EXCESS_DAYS) + " days of supply")
    columns = ["sku", "available", "E", "DoS", "d", "sell_through", "monthly_cost",
               "points_at_stake", "action", "reason"]  # fmt: skip
    return ex.sort_values("monthly_cost", ascending=False)[columns].reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("planning", nargs="+", help="planning reports, newest first")
    parser.add_argument("--stranded")
    args = parser.parse_args(argv)
    result = task(args.planning, args.stranded)
    print({k: round(v, 3) for k, v in result.items()})


def task(planning: list[str], stranded: str | None = None) -> dict[str, float]:
    """Bench entry: read, score and build the excess list, timing each step."""
    t0 = time.perf_counter()
    frames = [read_report(p) for p in planning]
    strand = read_report(stranded) if stranded else None
    t1 = time.perf_counter()
    df, factors = score(frames[0], frames[1:], strand)
    t2 = time.perf_counter()
    ex = excess_list(df, factors)
    t3 = time.perf_counter()
    out = {"read": t1 - t0, "factors": t2 - t1, "excess list": t3 - t2, "total": t3 - t0}
    out["n_excess_rows"] = len(ex)
    return out


if __name__ == "__main__":
    main()
