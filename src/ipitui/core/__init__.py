"""The scoring core: pure polars, no Textual.

``prepare`` computes everything about an account's newest snapshot once per load;
``evaluate`` puts the seller's decisions on top (the what-if) fast enough to run after every
key press. Every number is explained in docs/numbers.md.

The names below load on first use, so that importing ``ipitui.core.settings`` or
``ipitui.core.decisions`` (as the CLI and the stores do) does not load polars.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "calibrate": "calibration",
    "estimate_at": "calibration",
    "fit_mapping": "calibration",
    "default_quantity": "defaults",
    "suggested_days": "defaults",
    "suggested_discount": "defaults",
    "suggested_until": "defaults",
    "sku_detail": "detail",
    "Estimate": "estimate",
    "FACTORS": "factors",
    "Factors": "factors",
    "Totals": "factors",
    "Fees": "fees",
    "FIELDS": "filters",
    "parse_filter": "filters",
    "LIST_NAMES": "prepared",
    "ListTotal": "prepared",
    "Prepared": "prepared",
    "prepare": "prepared",
    "rows_json": "summary",
    "scorecard_json": "summary",
    "Capacity": "whatif",
    "Cash": "whatif",
    "Scorecard": "whatif",
    "evaluate": "whatif",
}
__all__ = [
    "Capacity",
    "Cash",
    "Estimate",
    "FACTORS",
    "FIELDS",
    "Factors",
    "Fees",
    "LIST_NAMES",
    "ListTotal",
    "Prepared",
    "Scorecard",
    "Totals",
    "calibrate",
    "default_quantity",
    "estimate_at",
    "evaluate",
    "fit_mapping",
    "parse_filter",
    "prepare",
    "rows_json",
    "scorecard_json",
    "sku_detail",
    "suggested_days",
    "suggested_discount",
    "suggested_until",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ipitui.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ipitui.core.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from ipitui.core.calibration import calibrate, estimate_at, fit_mapping
    from ipitui.core.defaults import (
        default_quantity,
        suggested_days,
        suggested_discount,
        suggested_until,
    )
    from ipitui.core.detail import sku_detail
    from ipitui.core.estimate import Estimate
    from ipitui.core.factors import FACTORS, Factors, Totals
    from ipitui.core.fees import Fees
    from ipitui.core.filters import FIELDS, parse_filter
    from ipitui.core.prepared import LIST_NAMES, ListTotal, Prepared, prepare
    from ipitui.core.summary import rows_json, scorecard_json
    from ipitui.core.whatif import Capacity, Cash, Scorecard, evaluate
