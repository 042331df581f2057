"""How a list column is labelled, formatted and sized in the table.

A column's kind decides its formatting: thousands separators, money in the account's
currency (``ipitui.format.money``, the money columns being ``ipitui.format.MONEY_COLUMNS``),
"no sales" for an infinite days-of-supply.
Widths are measured with polars over the whole list once (in a worker, never on a keypress)
and capped; longer cells end with an ellipsis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len, set_cell_size

from ipitui.format import MONEY_COLUMNS, MoneyFormat, money
from ipitui.tui.text import clean

if TYPE_CHECKING:
    import polars as pl

TEXT, INT, NUM, MONEY, DAYS, PCT, DATE, BOOL = (
    "text", "int", "num", "money", "days", "pct", "date", "bool",
)  # fmt: skip
ELLIPSIS = "…"
MAX_TEXT_WIDTH = 36
MAX_KEY_WIDTH = 30
EXPLAIN_SAMPLE = 200  # rows whose computed columns (``FrameTable``'s explain) are measured
NO_SALES = "no sales"
SORT_MARK = 2  # " ▲" after the label of the sorted column
# Text columns ranked only when the seller sorts by them, not ahead: ranking a million
# 200-character titles takes 0.4 s and holds 100 MB more while it runs, for a sort sellers
# rarely ask for (the other text columns are short or repeat a few values).
RANKED_WHEN_SORTED = frozenset({"product_name"})

# Known columns: (header label, kind). Anything else gets a label from its name and a kind
# from its type, so a column added to a list shows up without a change here. Kind "": from
# the type, money for a number column in ``MONEY_COLUMNS``.
KNOWN: dict[str, tuple[str, str]] = {
    "sku": ("SKU", TEXT),
    "asin": ("ASIN", TEXT),
    "fnsku": ("FNSKU", TEXT),
    "product_name": ("Title", TEXT),
    "available": ("Avail", INT),
    "inbound": ("Inbound", INT),
    "excess_units": ("Excess", INT),
    "days_of_supply": ("DoS", DAYS),
    "cover_days": ("Cover", DAYS),
    "days_to_stockout": ("Days left", DAYS),
    "daily_demand": ("Units/day", NUM),
    "sell_through": ("Sell-thru", NUM),
    "excess_cost_month": ("Cost/mo", ""),
    "points_at_stake": ("Pts", NUM),
    "suggested_action": ("Suggest", TEXT),
    "reason": ("Reason", TEXT),
    "price": ("Price", ""),
    "volume_ft3": ("Cu ft", NUM),
    "storage_type": ("Storage", TEXT),
    "aged_units": ("Aged 181+", INT),
    "surcharge_next": ("Surcharge", ""),
    "amazon_action": ("Amazon says", TEXT),
    "stranded_reason": ("Stranded because", TEXT),
    "primary_action": ("Amazon action", TEXT),
    "days_stranded": ("Days strd", INT),
    "days_to_auto_removal": ("Auto-rm in", INT),
    "units": ("Units", INT),
    "value_at_risk": ("Value", ""),
    "date_stranded": ("Stranded on", DATE),
    "auto_removal_date": ("Auto-removal", DATE),
    "status_primary": ("Status", TEXT),
    "error_message": ("Error", TEXT),
    "age_0_90": ("0-90d", INT),
    "age_91_180": ("91-180d", INT),
    "age_181_270": ("181-270d", INT),
    "age_271_365": ("271-365d", INT),
    "age_366_455": ("366-455d", INT),
    "age_456_plus": ("456+d", INT),
    "age_365_plus": ("365+d", INT),
    "next_charge_date": ("Charge on", DATE),
    "amazon_surcharge": ("Amazon est.", ""),
    "units_crossing": ("Crossing", NUM),
    "stockout_date": ("Stock-out", DATE),
    "reorder_qty": ("Reorder", INT),
    "revenue_lost_per_day": ("Lost/day", ""),
    "revenue_30d": ("Rev 30d", ""),
    "revenue_rank": ("Rank", INT),
    "low_inventory_fee": ("Low-inv fee", ""),
    "in_stock_share": ("In stock", NUM),
    "action": ("Action", TEXT),
    "quantity": ("Qty", INT),
    "points": ("Pts +", NUM),
    "storage_saving_month": ("Saves/mo", ""),
    "surcharge_saving": ("Surch saved", ""),
    "cash": ("Cash", ""),
    "sale_price": ("Sale price", ""),
    "discount_pct": ("Disc %", PCT),
    "uplift_pct": ("Uplift %", PCT),
    "days": ("Days", INT),
    "until": ("Until", DATE),
    "season": ("Season", TEXT),
    "season_start": ("Season from", DATE),
    "season_end": ("Season to", DATE),
    "season_held": ("Held", BOOL),
}
_DAYS_WORDS = ("days_of_supply", "cover", "days_to_", "days_until")

# Text columns that flex: drawn between this many cells (or their measured width, when
# narrower) and their measured width, as the table's width allows (``table_render.layout``).
FLEX_MIN: dict[str, int] = {
    "product_name": 16,
    "reason": 20,
    "stranded_reason": 16,
    "primary_action": 13,
    "amazon_action": 11,
    "error_message": 16,
}


@dataclass(frozen=True)
class Column:
    name: str  # the frame's column
    label: str
    kind: str
    width: int = 0
    min_width: int = 0  # a flexible column's least width (``FLEX_MIN``); 0: fixed

    @property
    def least(self) -> int:
        """The fewest cells the column is drawn in: its width, or less when it flexes."""
        return min(self.min_width, self.width) if self.min_width else self.width

    @property
    def right(self) -> bool:
        return self.kind not in (TEXT, DATE, BOOL)


def _kind_for(name: str, dtype: pl.DataType) -> str:
    import polars as pl  # loaded by then: only frames have a schema

    if dtype == pl.Boolean:
        return BOOL
    if dtype in (pl.Date, pl.Datetime):
        return DATE
    if dtype.is_numeric():
        if name in MONEY_COLUMNS:
            return MONEY
        if any(w in name for w in _DAYS_WORDS):
            return DAYS
        if name.endswith(("_pct", "_percent")):
            return PCT
        return INT if dtype.is_integer() else NUM
    return TEXT


def _label_for(name: str) -> str:
    words = name.replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else name


def columns_for(schema: pl.Schema, hidden: Sequence[str] = ()) -> list[Column]:
    """The columns to show for a frame with ``schema``, in its order, minus ``hidden``."""
    out = []
    for name, dtype in schema.items():
        if name in hidden:
            continue
        label, kind = KNOWN.get(name, (_label_for(name), ""))
        if not kind or (kind != TEXT and not (dtype.is_numeric() or dtype.is_temporal())):
            kind = _kind_for(name, dtype)
        out.append(Column(name, label, kind, min_width=FLEX_MIN.get(name, 0)))
    return out


def format_value(value: Any, kind: str, fmt: MoneyFormat) -> str:
    """One cell as text, money in ``fmt``. Null (unknown) is shown as "-", never as 0."""
    if value is None:
        return "-"
    if kind == TEXT:
        return clean(value)
    if kind == BOOL:
        return "yes" if value else "no"
    if kind == DATE:
        return value.isoformat() if isinstance(value, date | datetime) else clean(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return NO_SALES if (kind == DAYS and value > 0) else ("inf" if value > 0 else "-inf")
    if kind == INT:
        return f"{int(value):,}"
    if kind == MONEY:
        return money(value, fmt)
    if kind == DAYS:
        return f"{value:,.0f}"
    if kind == PCT:
        return f"{value:,.1f}%"
    if kind == NUM:
        return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    return clean(value)


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    length = len(text) if text.isascii() else cell_len(text)
    if length == width:
        return text
    if length < width:
        pad = " " * (width - length)
        return pad + text if right else text + pad
    if width <= 1:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def measure(
    frame: pl.DataFrame,
    columns: Sequence[Column],
    fmt: MoneyFormat,
    key: str = "sku",
    explain: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> list[Column]:
    """``columns`` with widths measured over ``frame`` (one polars pass per column kind), money
    as ``fmt`` writes it; a column ``explain`` adds to the rows shown, over its first
    ``EXPLAIN_SAMPLE`` rows. A number column is as wide as its smallest or its largest value
    written (the longest: the most digits, a minus sign; the same symbol on every amount)."""
    import polars as pl

    sample = explain(frame.head(EXPLAIN_SAMPLE)) if explain is not None and frame.height else None
    out = []
    for col in columns:
        width = cell_len(col.label) + SORT_MARK  # room for the sort arrow
        shown = frame if col.name in frame.columns else sample
        if frame.height and shown is not None and col.name in shown.columns:
            series = shown.get_column(col.name)
            if col.kind == TEXT:
                cap = MAX_KEY_WIDTH if col.name == key else MAX_TEXT_WIDTH
                # the length of the longest text (UInt32), None when every value is null
                longest = cast("int | None", series.cast(pl.String).str.len_chars().max())
                width = max(width, min(cap, longest or 1))
            elif col.kind == DATE:
                width = max(width, 10)
            elif col.kind == BOOL:
                width = max(width, 3)
            else:
                finite = series.filter(series.is_finite()) if series.dtype.is_float() else series
                for v in (finite.min(), finite.max()):
                    if v is not None:
                        width = max(width, cell_len(format_value(v, col.kind, fmt)))
                if series.null_count():
                    width = max(width, 1)
                if col.kind == DAYS and series.dtype.is_float() and series.is_infinite().any():
                    width = max(width, len(NO_SALES))
        out.append(replace(col, width=max(width, 1)))
    return out
