"""A report file's canonical columns, as polars expressions over its raw columns.

The file's columns are read as ``c0``, ``c1`` … (their headers may repeat or be blank); each
known one becomes ``v<i>`` (its value, computed once, see ``cells``), and those become the
kind's canonical columns in the order of the alias table, with typed nulls for the columns
the file lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, TypedDict

import polars as pl

from ipitui.reports.cells import read_cell
from ipitui.reports.columns import OVER_A_YEAR
from ipitui.reports.detect import HeaderMatch
from ipitui.reports.layouts import canon

MARK = "\x00"  # never in accepted text (NUL bytes are refused), so it can flag a bad row


# Uncompressed: encoding and compressing is most of an import's cost beyond parsing.
class _Write(TypedDict):
    compression: Literal["uncompressed"]
    statistics: bool


WRITE: _Write = {"compression": "uncompressed", "statistics": False}


def names(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def scan_text(text: Path, n: int, schema: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
    return pl.scan_csv(
        text,
        separator="\t",
        quote_char=None,
        has_header=True,
        new_columns=names(n),
        infer_schema=False,
        schema_overrides=schema,
        truncate_ragged_lines=schema is None,
        raise_if_empty=False,
    )


@dataclass
class Plan:
    """The canonical columns of one file as expressions over its raw columns ``c<i>``: first
    ``stage`` (each cell's value ``v<i>``, computed once), then ``values`` and ``problems``
    over those."""

    stage: list[pl.Expr]
    values: list[pl.Expr]
    problems: list[tuple[pl.Expr, str, int]]  # condition, reason, the column's position
    identity: str
    notes: list[str]


def plan_for(match: HeaderMatch, header: Sequence[str], fast: dict[int, str] | None) -> Plan:
    """Expressions for every canonical column. ``fast`` (the fast pass) maps the positions of
    date columns to the format they are read in; numbers arrive parsed."""
    kind = match.kind
    where = {column: i for i, column in match.positions.items()}
    stage, problems = [], []
    values: dict[str, pl.Expr] = {}
    today = date.today()
    for i in sorted(match.positions):
        spec = kind.by_name[match.positions[i]]
        raw, ref = pl.col(f"c{i}"), pl.col(f"v{i}")
        cell = read_cell(
            raw,
            spec.type,
            fast=fast is not None,
            identity=spec.name in kind.identity,
            date_fmt=(fast or {}).get(i, "iso"),
            ref=ref,
            snapshot=spec.name == kind.date_column,
            today=today,
        )
        stage.append(cell.value.alias(f"v{i}"))
        values[spec.name] = ref
        problems += [(cond, reason, i) for cond, reason in cell.problems]
    notes = []
    canon_header = {canon(h): h for h in header}
    for alias, (column, value) in kind.implies.items():
        if alias in canon_header and column not in where:
            values[column] = pl.lit(value)
            notes.append(f"'{canon_header[alias]}' is read as item volume in {value}")
    for old, new in OVER_A_YEAR:
        if old in where and any(n in where for n in new):
            split_blank = pl.all_horizontal(values[n].is_null() for n in new if n in where)
            values[old] = pl.when(split_blank).then(values[old])
            notes.append(
                f"'{header[where[old]]}' is left blank where the newer 366-455/456+ columns "
                "have values, so no unit is counted twice"
            )
    exprs = [
        values.get(s.name, pl.lit(None)).cast(s.type.dtype).alias(s.name) for s in kind.columns
    ]
    return Plan(stage, exprs, problems, kind.identity[0], notes)
