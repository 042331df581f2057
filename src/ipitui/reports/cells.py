"""How one cell is read: polars expressions from a raw column to its typed value.

Every rule about cell values lives here:

* blank (empty or only spaces) is null, never zero;
* whole numbers may be written ``12``, ``+12``, ``12.0`` or ``1.2e1``; quantities are never
  negative;
* numbers use ``.`` for decimals and no thousands separators; ``NaN``/``inf`` are refused;
* every value lies within its type's bounds (``Type.bounds``: a snapshot date from 2015 to
  two days after today, other dates 1990 to 2100, prices up to 1e7, quantities up to 1e9);
* dates are ``YYYY-MM-DD`` (optionally followed by a time and offset, which is dropped),
  US ``M/D/YYYY`` or ``MM/DD/YYYY``, or ``D.M.YYYY``.

The reader parses a file in two ways. The fast pass lets the CSV reader parse numbers and
reads each date column in the one format its first rows use; any cell it cannot take flags
its row. The careful pass reads every cell as text with all the rules above. Everything the
fast pass accepts, the careful pass accepts with the same value, so a file reads the same
whichever pass ends up writing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl

from ipitui.reports.columns import Type

_US_DATE = r"^(\d{1,2}/\d{1,2}/\d{4})(?:[ T].*)?$"
_DOT_DATE = r"^(\d{1,2}\.\d{1,2}\.\d{4})$"
_EXACT_INT = 2**53

# Date formats a column can be read in by the fast pass: name -> (sample pattern, strptime).
DATE_FORMATS = {
    "iso": (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "%Y-%m-%d"),
    "iso-time": (re.compile(r"\d{4}-\d{2}-\d{2}[T ].*"), "%Y-%m-%d"),
    "us": (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%m/%d/%Y"),
    "dotted": (re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"), "%d.%m.%Y"),
}


def date_format(sample: Iterable[str]) -> str:
    """The format every non-blank value of ``sample`` is in (``iso`` if none fits all)."""
    values = [v.strip() for v in sample if v.strip()]
    for name, (pattern, _) in DATE_FORMATS.items():
        if values and all(pattern.fullmatch(v) for v in values):
            return name
    return "iso"


def _fast_date(raw: pl.Expr, fmt: str) -> pl.Expr:
    strptime = DATE_FORMATS[fmt][1]
    if fmt == "iso":
        return raw.str.strptime(pl.Date, strptime, strict=False)
    if fmt == "iso-time":
        timed = raw.str.slice(10, 1).is_in(["T", " "])
        return pl.when(timed).then(
            raw.str.slice(0, 10).str.strptime(pl.Date, strptime, strict=False)
        )
    fits = raw.str.len_bytes().is_between(8, 10)
    return pl.when(fits).then(raw.str.strptime(pl.Date, strptime, strict=False))


def _any_date(text: pl.Expr) -> pl.Expr:
    rest = text.str.slice(10)
    iso = pl.when((rest == "") | rest.str.starts_with("T") | rest.str.starts_with(" ")).then(
        text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )
    us = text.str.extract(_US_DATE, 1).str.strptime(pl.Date, "%m/%d/%Y", strict=False)
    dotted = text.str.extract(_DOT_DATE, 1).str.strptime(pl.Date, "%d.%m.%Y", strict=False)
    return pl.coalesce(iso, us, dotted)


def _whole(text: pl.Expr) -> pl.Expr:
    as_int = text.cast(pl.Int64, strict=False)
    as_float = text.cast(pl.Float64, strict=False)
    integral = (
        as_float.is_finite() & (as_float == as_float.round(0)) & (as_float.abs() < _EXACT_INT)
    )
    return pl.when(as_int.is_not_null()).then(as_int).when(integral).then(as_float.cast(pl.Int64))


@dataclass(frozen=True)
class Cell:
    """The value of one column and the problems a cell of it can have."""

    value: pl.Expr
    problems: tuple[tuple[pl.Expr, str], ...]  # (condition, reason), the first one is reported


def _outside(value: pl.Expr, type_: Type, snapshot: bool, today: date | None) -> Cell:
    """The problem of a ``value`` outside the bounds of ``type_`` (none for text)."""
    low, high = type_.bounds(snapshot=snapshot, today=today)
    if low is None:
        return Cell(value, ())
    if type_ is Type.DATE:
        what = "a snapshot date" if snapshot else "a date"
        later = " (two days after today)" if snapshot else ""
        reason = f"{what} outside {low} to {high}{later}, which no real report holds"
    else:
        reason = f"larger than {high:,.0f} in size, which no real report holds"
    return Cell(value, (((value < low) | (value > high), reason),))


def read_cell(
    raw: pl.Expr,
    type_: Type,
    *,
    fast: bool,
    identity: bool = False,
    date_fmt: str = "iso",
    ref: pl.Expr | None = None,
    snapshot: bool = False,
    today: date | None = None,
) -> Cell:
    """Read ``raw``. In the ``fast`` pass numeric columns arrive parsed by the CSV reader and
    dates are read in ``date_fmt`` only; otherwise ``raw`` is text and every rule applies.
    ``identity`` columns (the SKU, an order id) must not be blank; a ``snapshot`` date lies
    within the snapshot window on ``today`` (``Type.bounds``). The problems test ``ref`` (a
    column already holding the value, so it is computed once) if given."""
    problems: list[tuple[pl.Expr, str]] = []
    whole = type_ in (Type.QTY, Type.INT)
    if fast and type_.numeric:
        value, present = raw, raw.is_not_null()
    else:
        text = raw.str.strip_chars() if not fast or identity else raw
        present = text.is_not_null() & (text != "")
        if type_ is Type.TEXT:
            value = raw
        elif type_ is Type.DATE:
            value = _fast_date(raw, date_fmt) if fast else _any_date(text)
        elif not whole:
            value = text.cast(pl.Float64, strict=False)
        else:
            value = _whole(text)
            # a whole number too large for an exact integer is named as such, not as text
            size = text.cast(pl.Float64, strict=False)
            problems += _outside(size, type_, snapshot, today).problems
            problems = [(size.is_finite() & c, r) for c, r in problems]
        failed = {Type.DATE: "not a date (expected YYYY-MM-DD)"}
        if type_ is not Type.TEXT:
            reason = failed.get(type_, "not a whole number" if whole else "not a number")
            problems.append((present & (value if ref is None else ref).is_null(), reason))
    checked = value if ref is None else ref
    if type_ in (Type.NUMBER, Type.PRICE):
        problems.append((checked.is_nan() | checked.is_infinite(), "not a finite number"))
    if type_ is Type.QTY:
        problems.append((checked < 0, "a negative quantity"))
    problems += _outside(checked, type_, snapshot, today).problems
    if identity:
        problems.append((~present, "blank, but every row needs one"))
    return Cell(value, tuple((c.fill_null(False), r) for c, r in problems))
