"""The stable JSON contract of ``ipitui score --json`` (documented in docs/numbers.md).

Numbers are plain JSON numbers rounded to 6 decimals; unknown or infinite values are null;
dates are ``YYYY-MM-DD``. New keys may be added; existing keys keep their meaning.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from typing import Any

import polars as pl

from ipitui.core.estimate import Estimate
from ipitui.core.factors import FACTORS, Factors
from ipitui.core.fees import CAPACITY_TYPES, Fees
from ipitui.core.marketplaces import factor_set_note, marketplace, not_scored
from ipitui.core.whatif import Scorecard

SCHEMA_VERSION = 1


def plain(value: Any) -> Any:
    """A JSON-safe copy: floats rounded (inf/nan -> None), dates as ISO text."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _factors(f: Factors) -> dict[str, float | None]:
    return {name: plain(getattr(f, name)) for name in FACTORS}


def _estimate(e: Estimate) -> dict[str, Any]:
    return {
        "score": e.score,
        "raw": plain(e.raw),
        "points_lost": plain(e.points_lost),
        "sub_scores": plain(e.sub_scores),
        "factors_used": list(e.factors_used),
    }


def _fees(f: Fees) -> dict[str, Any]:
    return plain(
        {
            "storage_next_month": f.storage_next_month,
            "surcharge_next_charge": f.surcharge_next_charge,
            "surcharge_by_tier": f.surcharge_by_tier,
            "next_charge_date": f.next_charge_date,
            "low_inventory_fee_risk": f.low_inventory_fee_risk,
            "amazon_storage_next_month": f.amazon_storage_next_month,
            "amazon_surcharge_next_charge": f.amazon_surcharge_next_charge,
            "storage_month": f.storage_month,
            "utilization_weeks": f.utilization_weeks,
            "utilization_surcharge_per_ft3": f.utilization_surcharge_per_ft3,
        }
    )


def marketplace_json(code: str) -> dict[str, Any]:
    """The marketplace's IPI factor set, where it comes from, and what it leaves out."""
    m = marketplace(code)
    return {
        "code": m.code,
        "factors": list(m.factors),
        "confirmed": m.confirmed,
        "note": factor_set_note(code),
        "source": m.source or None,
        "source_date": m.page_date,
        "wording": m.wording or None,
        "not_scored": not_scored(code),
    }


def rows_json(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """A list's rows as JSON-safe dicts."""
    return [plain(row) for row in frame.iter_rows(named=True)]


def scorecard_json(card: Scorecard, account_name: str) -> dict[str, Any]:
    mapping = {name: asdict(getattr(card.mapping, name)) for name in FACTORS}
    return {
        "schema": SCHEMA_VERSION,
        "account": account_name,
        "snapshot_date": card.snapshot_date.isoformat(),
        "skus": card.skus,
        "factors": _factors(card.factors_now),
        "factors_with_decisions": _factors(card.factors_after),
        "factor_notes": dict(card.factors_now.notes),
        "factors_used": list(card.estimate_now.factors_used),
        "marketplace": marketplace_json(card.factors_now.marketplace or "US"),
        "new_asins_left_out": card.factors_now.new_asins,
        "ipi_estimate": card.estimate_now.score,
        "ipi_with_decisions": card.estimate_after.score,
        "ipi_uncertainty": plain(card.mapping.uncertainty),
        "estimate": _estimate(card.estimate_now),
        "estimate_with_decisions": _estimate(card.estimate_after),
        "mapping": {"fitted": card.mapping.fitted, **plain(mapping)},
        "decisions": card.decisions_applied,
        "lists": {
            name: {"count": total.count, "units": total.units}
            for name, total in card.list_totals.items()
        },
        "fees": {**_fees(card.fees_now), "notes": list(card.fees_now.notes)},
        "fees_with_decisions": _fees(card.fees_after),
        "capacity": {
            kind: plain(
                {
                    "used_now": card.capacity.used_now.get(kind, 0.0),
                    "used_with_decisions": card.capacity.used_after.get(kind, 0.0),
                    "limit": card.capacity.limits.get(kind, 0.0) or None,
                }
            )
            for kind in CAPACITY_TYPES
        },
        "capacity_freed_ft3": plain(card.capacity.freed_ft3),
        "cash": plain(
            {
                "removal_fees": card.cash.removal_fees,
                "disposal_fees": card.cash.disposal_fees,
                "liquidation_net": card.cash.liquidation_net,
                "net": card.cash.net,
                "units_removed": card.cash.units_removed,
                "units_disposed": card.cash.units_disposed,
                "units_liquidated": card.cash.units_liquidated,
            }
        ),
        "effects": rows_json(card.effects),
        "opportunities": rows_json(card.opportunities),
    }
