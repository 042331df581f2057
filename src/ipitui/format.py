"""How things are shown outside Textual: money (the one place a currency symbol is written)
and text from reports, cleaned for a terminal (``terminal_text``) or for JSON (``json_text``).

An account's money is written the way its Amazon marketplace writes its currency
(``money_format(marketplace, currency)``, or ``account_format(settings)``). An account that
picked another currency than its marketplace's gets that currency's usual writing; a currency
not in the table is written ``1,234.50 XYZ`` (its code after the number).

One formatter, in two forms that give the same text for the same value:

* ``money(value, fmt)``: one amount (a Python float);
* ``money_expr(expr, fmt)``: a polars expression, for text built over many rows (the lists'
  reasons); the thousands separators come from string operations on the whole part, never
  from a Python function per row.

Rounding is half away from zero (``0.125`` -> ``0.13``, ``-0.125`` -> ``-0.13``), at the
currency's decimals (none for JPY). An amount that rounds to zero has no sign. Unknown
(``None``), NaN and infinite amounts are written ``-``.

Spaces inside an amount (``1 234,50 €``, ``R$ 1.234,50``) are no-break spaces (U+00A0): an
amount stays one word for tools that split on spaces (``awk``, ``cut``) and for renderers that
keep no-break spaces together, and U+00A0 is one cell wide in every terminal and present in
every terminal font (it is in Latin-1). The narrow no-break space (U+202F) that French
typography prefers is missing from some terminal fonts and from older width tables.

Text from reports is data. ``terminal_text`` is the one cleaner for anything printed to a
terminal (the commands, the error messages, and the TUI, whose ``tui.text`` wraps it in Rich
``Text``): C0 and C1 control characters (ESC, CSI U+009B ...), DEL, the bidirectional marks,
overrides and isolates (U+202E ...), the line and paragraph separators and the byte order mark
never reach the screen. ``json_text`` writes JSON whose strings keep every character (a SKU
read back is the SKU) with those same characters as ``\\u`` escapes, so that the JSON printed
on a terminal is as safe as the text.

This module imports nothing from ipitui (the core, the reports, the commands, the exports and
the TUI all call it) and loads polars only when an expression is built.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import polars as pl

NBSP = "\u00a0"  # the space inside an amount (see the module docstring)
UNKNOWN = "-"  # how an unknown amount is written
_INT64_LIMIT = 2**63  # amounts whose smallest units do not fit are written as unknown


@dataclass(frozen=True)
class MoneyFormat:
    """How one currency is written: ``prefix`` + number + ``suffix``, the number with
    ``group`` between groups of digits (the last ``first_group`` digits of the whole part,
    then groups of ``other_groups``: 3 and 3, or 3 and 2 in India) and ``decimal`` before the
    ``decimals`` decimals. A minus sign goes before everything (``-£1,234.50``).

    Frozen and hashable: a cache can key on it."""

    code: str
    prefix: str = ""
    suffix: str = ""
    group: str = ","
    decimal: str = "."
    decimals: int = 2
    first_group: int = 3
    other_groups: int = 3


def _code_after(code: str) -> MoneyFormat:
    return MoneyFormat(code, suffix=f"{NBSP}{code}")


_EURO_COMMA = MoneyFormat("EUR", suffix=f"{NBSP}€", group=".", decimal=",")

# Each currency's usual writing on Amazon's pages (see docs/settings.md, "Money and currency").
CURRENCY_FORMATS: dict[str, MoneyFormat] = {
    "USD": MoneyFormat("USD", prefix="$"),
    "CAD": MoneyFormat("CAD", prefix="CA$"),
    "MXN": MoneyFormat("MXN", prefix="MX$"),
    "GBP": MoneyFormat("GBP", prefix="£"),
    "EUR": _EURO_COMMA,
    "JPY": MoneyFormat("JPY", prefix="¥", decimals=0),
    "SEK": MoneyFormat("SEK", suffix=f"{NBSP}kr", group=NBSP, decimal=","),
    "PLN": MoneyFormat("PLN", suffix=f"{NBSP}zł", group=NBSP, decimal=","),
    "BRL": MoneyFormat("BRL", prefix=f"R${NBSP}", group=".", decimal=","),
    "AUD": MoneyFormat("AUD", prefix="A$"),
    "SGD": MoneyFormat("SGD", prefix="S$"),
    "INR": MoneyFormat("INR", prefix="₹", other_groups=2),  # ₹12,34,567.00
    "AED": _code_after("AED"),  # "3.5 AED"
    "SAR": _code_after("SAR"),  # "21 SAR"
    "EGP": _code_after("EGP"),  # no Amazon page found: the code after the number
    "TRY": MoneyFormat("TRY", suffix=f"{NBSP}TL", group=".", decimal=","),  # "99 TL", "%8,5"
}

# Where a marketplace writes a currency otherwise than CURRENCY_FORMATS does.
MARKETPLACE_FORMATS: dict[tuple[str, str], MoneyFormat] = {
    ("FR", "EUR"): MoneyFormat("EUR", suffix=f"{NBSP}€", group=NBSP, decimal=","),
    ("IE", "EUR"): MoneyFormat("EUR", prefix="€"),
}


# The columns of the lists and of the decisions' effects that hold an amount of money: the
# lists in the TUI, ``ipitui score --list`` and the SKU detail write them with ``money``. One
# list for all of them (a number column not here is not money: ``revenue_rank`` is a rank).
MONEY_COLUMNS: frozenset[str] = frozenset(
    {
        "price",
        "sale_price",
        "excess_cost_month",
        "removal_cost",
        "disposal_cost",
        "liquidation_net",
        "value_at_risk",
        "surcharge_next",
        "amazon_surcharge",
        "revenue_lost_per_day",
        "revenue_30d",
        "low_inventory_fee",
        "storage_saving_month",
        "surcharge_saving",
        "cash",
    }
)


class HasMarketplace(Protocol):
    """What ``account_format`` reads (``core.settings.AccountSettings`` has both)."""

    marketplace: str
    currency: str


def money_format(marketplace: str, currency: str) -> MoneyFormat:
    """How an account on ``marketplace`` (``UK``, ``DE`` ...) writes ``currency`` (``GBP``)."""
    code = currency.strip().upper()
    mine = MARKETPLACE_FORMATS.get((marketplace.strip().upper(), code))
    return mine or CURRENCY_FORMATS.get(code) or _code_after(code)


def account_format(settings: HasMarketplace) -> MoneyFormat:
    """The money format of an account's settings (its marketplace and currency)."""
    return money_format(settings.marketplace, settings.currency)


def _smallest_units(value: float, decimals: int) -> int | None:
    """``|value|`` in the currency's smallest units, rounded half away from zero (the same
    float arithmetic as ``money_expr``: multiply, then round); None when it is unknown."""
    if not math.isfinite(value):
        return None
    scaled = abs(value) * 10**decimals
    whole = math.floor(scaled)
    units = whole + 1 if scaled - whole >= 0.5 else whole  # the subtraction is exact
    return units if units < _INT64_LIMIT else None


def _grouped(digits: str, fmt: MoneyFormat) -> str:
    head, rest = digits[-fmt.first_group :], digits[: -fmt.first_group]
    parts = [head]
    while rest:
        parts.append(rest[-fmt.other_groups :])
        rest = rest[: -fmt.other_groups]
    return fmt.group.join(reversed(parts))


def money(value: float | None, fmt: MoneyFormat) -> str:
    """``value`` written in ``fmt`` (``-£1,234.50``, ``1.234,50 €``, ``¥1,235``); ``-`` when
    unknown (None, NaN or infinite)."""
    if value is None:
        return UNKNOWN
    units = _smallest_units(float(value), fmt.decimals)
    if units is None:
        return UNKNOWN
    scale = 10**fmt.decimals
    number = _grouped(str(units // scale), fmt)
    if fmt.decimals:
        number += fmt.decimal + str(units % scale).zfill(fmt.decimals)
    sign = "-" if value < 0 and units else ""
    return f"{sign}{fmt.prefix}{number}{fmt.suffix}"


def plain_money(value: float | None, fmt: MoneyFormat) -> str:
    """``value`` as files for programs write it: no symbol, no separators, ``.`` before the
    currency's decimals, the same rounding as ``money`` (``-1234.50``); ``""`` when unknown."""
    if value is None:
        return ""
    units = _smallest_units(float(value), fmt.decimals)
    if units is None:
        return ""
    scale = 10**fmt.decimals
    text = str(units // scale)
    if fmt.decimals:
        text += "." + str(units % scale).zfill(fmt.decimals)
    return f"-{text}" if value < 0 and units else text


def money_expr(expr: pl.Expr, fmt: MoneyFormat) -> pl.Expr:
    """``money`` as a polars expression: the same text for the same value, null -> ``-``."""
    import polars as pl

    scale = 10**fmt.decimals
    units = (
        (expr.abs().cast(pl.Float64) * scale)
        .round(0, mode="half_away_from_zero")
        .cast(pl.Int64, strict=False)
    )
    number = _grouped_expr((units // scale).cast(pl.String), fmt)
    if fmt.decimals:
        fraction = (units % scale + scale).cast(pl.String).str.slice(1)  # leading zeros kept
        number = pl.concat_str(number, pl.lit(fmt.decimal), fraction)
    text = pl.concat_str(pl.lit(fmt.prefix), number, pl.lit(fmt.suffix))
    signed = pl.when((expr < 0) & (units > 0)).then(pl.lit("-") + text).otherwise(text)
    known = expr.cast(pl.Float64).is_finite() & units.is_not_null()
    return pl.when(known).then(signed).otherwise(pl.lit(UNKNOWN))


def _grouped_expr(digits: pl.Expr, fmt: MoneyFormat) -> pl.Expr:
    """``_grouped`` with string operations: the digits reversed, the first group cut off, a
    separator put after every further group, and reversed back."""
    import polars as pl

    sep = fmt.group
    backwards = digits.str.reverse()
    rest = backwards.str.slice(fmt.first_group).str.replace_all(
        rf"(\d{{{fmt.other_groups}}})", "${1}" + sep.replace("$", "$$")
    )
    joined = pl.concat_str(backwards.str.slice(0, fmt.first_group), pl.lit(sep), rest)
    return joined.str.reverse().str.strip_chars_start(sep)


# -- text for a terminal and for JSON -----------------------------------------------------

# What must never reach a terminal from a report: C0 controls (``_C0``), and the rest:
# DEL, C1 controls, the bidirectional marks, embeddings, overrides and isolates that reorder
# what follows, the line and paragraph separators and the byte order mark.
_C0 = "\x00-\x1f"
_REST = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff"
_UNSAFE = re.compile(f"[{_C0}{_REST}]")
# In JSON: json.dumps escapes C0 inside strings itself (and its indentation is C0: newlines).
_JSON_UNSAFE = re.compile(f"[{_REST}]")
# The ones that separate words: a space in their place keeps the words apart.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(value: object, *, escape: bool = False, limit: int | None = None) -> str:
    """``value`` (None is ``""``) as one line that is safe to print on a terminal.

    Tabs and line breaks become spaces and every other unsafe character (see the module
    docstring) is dropped; with ``escape`` each unsafe character is written instead as an
    escape (``\\x1b``, ``\\u202e``), so that a message can show where it is in a file. With
    ``limit``, at most ``limit`` characters, the last one ``…`` when cut."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if escape:
        text = _UNSAFE.sub(_escape, text)
    elif not text.isprintable():
        text = _UNSAFE.sub("", _BREAKS.sub(" ", text))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: object, *, indent: int | None = 2, ensure_ascii: bool = False) -> str:
    """``value`` as JSON (``json.dumps``) with every unsafe character inside its strings
    written as a ``\\u`` escape: the strings read back exactly as they were, and the text is
    safe to print on a terminal."""
    import json

    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
    # outside its strings JSON is ASCII without DEL: what is found is inside a string
    return _JSON_UNSAFE.sub(_json_escape, text)


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and ``noun``, singular for exactly one: "1 decision", "2 decisions", "1,200 SKUs"
    (``many``: the plural when it is not ``noun`` + "s", as in "1 entry", "3 entries")."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"
