"""The filter line of the TUI's tables, as a polars expression.

Words are combined with AND. A word ``FIELD OP VALUE`` (no spaces inside, e.g. ``excess>100``,
``dos>=365``, ``action=remove``) is a condition; any other word (or a "quoted phrase") must
appear, ignoring case, in the SKU, the ASIN or the product name. Operators: ``> >= < <= = !=``
for numbers, ``= != ~`` for text (``~`` contains), ``= !=`` with yes or no for the ``YES_NO``
fields (``held=yes``). The fields are ``FIELDS`` below.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection

import polars as pl

# field -> (what it means, the list columns it reads, in order of preference, numeric?)
FIELDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "units": ("units available (stranded: stranded units)", ("available", "units"), True),
    "excess": ("excess units", ("excess_units",), True),
    "dos": ("days of supply", ("days_of_supply",), True),
    "d": ("daily demand", ("daily_demand",), True),
    "demand": ("daily demand", ("daily_demand",), True),
    "cover": ("days of cover with inbound", ("cover_days",), True),
    "inbound": ("inbound units", ("inbound",), True),
    "cost": ("monthly cost of the excess", ("excess_cost_month",), True),
    "points": ("points at stake", ("points_at_stake",), True),
    "value": ("value at risk (stranded)", ("value_at_risk",), True),
    "aged": ("units aged over 180 days", ("aged_units",), True),
    "surcharge": ("surcharge at the next charge date", ("surcharge_next",), True),
    "stockout": ("days until stock-out", ("days_to_stockout",), True),
    "reorder": ("reorder quantity", ("reorder_qty",), True),
    "price": ("price", ("price",), True),
    "days": ("days stranded", ("days_stranded",), True),
    "action": ("suggested action", ("suggested_action",), False),
    "type": ("storage type", ("storage_type",), False),
    "reason": ("stranded reason", ("stranded_reason",), False),
    "season": ("season name", ("season",), False),
    "held": ("held for its season: yes or no", ("season_held",), False),
    "sku": ("SKU", ("sku",), False),
    "asin": ("ASIN", ("asin",), False),
    "name": ("product name", ("product_name",), False),
}
# Fields whose column is yes/no (Boolean): ``held=yes``, ``held!=no``.
YES_NO = {"held"}
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
TEXT_COLUMNS = ("sku", "asin", "product_name")
# A row's short text columns in one text (see ``search_text``): when a list's rows come
# with it, free-text words are matched in it, once per row instead of once per column, and
# in the long ones (``SEARCH_APART``) as they are.
SEARCH_COLUMN = "__search_text"
SEARCH_APART = ("product_name",)
_SEARCH_SEPARATOR = "\x00"  # never typed: a word never spans two columns
_CONDITION = re.compile(r"^([A-Za-z_]+)(>=|<=|!=|=|>|<|~)(.*)$")
_NUMERIC_OPS = {">", ">=", "<", "<=", "=", "!="}
_TEXT_OPS = {"=", "!=", "~"}


def _column(field: str, columns: Collection[str] | None) -> str:
    candidates = FIELDS[field][1]
    if columns is None:
        return candidates[0]
    for name in candidates:
        if name in columns:
            return name
    raise ValueError(f"filter: {field!r} is not a column of this list")


def _condition(field: str, op: str, raw: str, columns: Collection[str] | None) -> pl.Expr:
    name = _column(field, columns)
    column = pl.col(name)
    if FIELDS[field][2]:
        if op not in _NUMERIC_OPS:
            raise ValueError(f"filter: {field!r} is a number; use one of > >= < <= = !=")
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"filter: {field}{op}{raw!r}: {raw!r} is not a number") from None
        ops = {
            ">": column > value,
            ">=": column >= value,
            "<": column < value,
            "<=": column <= value,
            "=": column == value,
            "!=": column != value,
        }
        return ops[op].fill_null(False)
    if field in YES_NO:
        if op not in {"=", "!="} or raw.lower() not in _YES | _NO:
            raise ValueError(f"filter: {field!r} is yes or no: {field}=yes or {field}=no")
        equal = column.fill_null(False) == (raw.lower() in _YES)
        return ~equal if op == "!=" else equal
    if op not in _TEXT_OPS:
        raise ValueError(f"filter: {field!r} is text; use = != or ~ (contains)")
    if op == "~":
        return contains(column.cast(pl.String), raw)
    equal = (column.cast(pl.String).str.to_lowercase() == raw.lower()).fill_null(False)
    return ~equal if op == "!=" else equal


def contains(column: pl.Expr, text: str) -> pl.Expr:
    """``column`` contains ``text``, ignoring case (null: no). The column is matched as it is,
    never lowercased into a copy: at a million rows that copy is most of a filter's time.
    A case-insensitive literal pattern: on long texts (names, ``search_text``) it is two to
    three times quicker than an ASCII case-insensitive search, on SKUs as quick."""
    return column.str.contains("(?i)" + re.escape(text)).fill_null(False)


def search_text(columns: Collection[str]) -> pl.Expr | None:
    """The short texts that free-text words are matched in, as the column ``SEARCH_COLUMN``:
    a row's SKU and ASIN in one (None when the list has neither). A list that computes it
    once matches each word in it and in the product name (``SEARCH_APART``), never in a
    copy of the names: at a million 200-character titles that copy is 100 MB."""
    present = [c for c in TEXT_COLUMNS if c in columns and c not in SEARCH_APART]
    if not present:
        return None
    parts = [pl.col(c).cast(pl.String) for c in present]
    joined = pl.concat_str(parts, separator=_SEARCH_SEPARATOR, ignore_nulls=True)
    return joined.alias(SEARCH_COLUMN)


def _free_text(word: str, columns: Collection[str] | None) -> pl.Expr:
    if columns is not None and SEARCH_COLUMN in columns and word and _SEARCH_SEPARATOR not in word:
        apart = [contains(pl.col(c), word) for c in SEARCH_APART if c in columns]
        return pl.any_horizontal([contains(pl.col(SEARCH_COLUMN), word), *apart])
    present = [c for c in TEXT_COLUMNS if columns is None or c in columns]
    if not present:
        return pl.lit(False)
    return pl.any_horizontal([contains(pl.col(c), word) for c in present])


def parse_filter(text: str, columns: Collection[str] | None = None) -> pl.Expr:
    """The filter ``text`` as an expression over a list's rows (``columns``, when given, are
    the list's columns: a field it lacks is an error). Raises ValueError on a bad condition."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    expr: pl.Expr = pl.lit(True)
    for word in words:
        match = _CONDITION.match(word)
        if match:
            field, op, raw = match.group(1).lower(), match.group(2), match.group(3)
            if field not in FIELDS:
                known = ", ".join(sorted(FIELDS))
                raise ValueError(f"filter: unknown field {field!r} (fields: {known})")
            if not raw:
                raise ValueError(f"filter: {word!r} has no value after {op!r}")
            expr = expr & _condition(field, op, raw, columns)
        else:
            expr = expr & _free_text(word, columns)
    return expr
