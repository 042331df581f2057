"""What an export is (files of bytes plus notes for the seller) and how it reaches the disk.

Builders never touch the disk: they return an :class:`Export`. ``write_export`` then checks
every target first (nothing is written if any exists and ``force`` is off) and writes each
file atomically.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import PromotionSettings
from ipitui.errors import UserError, fault
from ipitui.format import terminal_text
from ipitui.store.atomic import write_atomic

# Columns a builder may read from the scoring core's per-decision effects frame.
EFFECT_COLUMNS: dict[str, pl.DataType] = {
    "asin": pl.String(),
    "product_name": pl.String(),
    "quantity": pl.Int64(),
    "points": pl.Float64(),
    "storage_saving_month": pl.Float64(),
    "surcharge_saving": pl.Float64(),
    "cash": pl.Float64(),
    "price": pl.Float64(),
    "sale_price": pl.Float64(),
    "discount_pct": pl.Float64(),
    "uplift_pct": pl.Float64(),
    "days": pl.Int64(),
    "reason": pl.String(),
}


@dataclass(frozen=True)
class ExportFile:
    """One file of an export. ``part`` tells files of one export apart (``return-1``)."""

    part: str
    suffix: str
    data: bytes
    rows: int
    summary: str


@dataclass
class Export:
    kind: str
    day: date
    files: list[ExportFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def decided(
    decisions: Mapping[str, Decision], effects: pl.DataFrame, actions: Sequence[Action]
) -> pl.DataFrame:
    """One row per current decision whose action is in ``actions``, sorted by SKU: the
    decision's own values (``action``, ``set_quantity``, ``set_discount_pct``, ``set_days``,
    ``note``) beside the effects columns (null where the core gave no row)."""
    chosen = sorted((d for d in decisions.values() if d.action in actions), key=lambda d: d.sku)
    frame = pl.DataFrame(
        {
            "sku": [d.sku for d in chosen],
            "action": [d.action.value for d in chosen],
            "set_quantity": [d.quantity for d in chosen],
            "set_discount_pct": [d.discount_pct for d in chosen],
            "set_uplift_pct": [d.uplift_pct for d in chosen],
            "set_days": [d.days for d in chosen],
            "note": [d.note for d in chosen],
        },
        schema={
            "sku": pl.String, "action": pl.String, "set_quantity": pl.Int64,
            "set_discount_pct": pl.Float64, "set_uplift_pct": pl.Float64, "set_days": pl.Int64,
            "note": pl.String,
        },
    )  # fmt: skip
    present = [c for c in EFFECT_COLUMNS if c in effects.columns]
    effect = effects.select(
        pl.col("sku").cast(pl.String),
        *(pl.col(c).cast(EFFECT_COLUMNS[c]) for c in present),
        *(pl.lit(None, dtype=t).alias(c) for c, t in EFFECT_COLUMNS.items() if c not in present),
    ).unique("sku", keep="first", maintain_order=True)
    return frame.join(effect, on="sku", how="left", maintain_order="left")


def with_promotion_terms(frame: pl.DataFrame, defaults: PromotionSettings) -> pl.DataFrame:
    """Add ``discount``, ``uplift`` and ``length`` (days): the decision's own values, else the
    core's resolved ones, else the account's defaults."""
    return frame.with_columns(
        discount=pl.coalesce(
            "set_discount_pct", "discount_pct", pl.lit(defaults.default_discount_pct)
        ),
        uplift=pl.coalesce("set_uplift_pct", "uplift_pct", pl.lit(defaults.default_uplift_pct)),
        length=pl.coalesce("set_days", "days", pl.lit(defaults.default_days)),
    )


def field_text(value: object) -> str:
    """A value as one tab-separated or CSV field: tabs and line breaks become a space; other
    C0 and C1 controls, DEL, bidirectional overrides and isolates (U+202A-U+202E,
    U+2066-U+2069) and the byte order mark are dropped (``format.terminal_text``: a field
    cannot hold them and a spreadsheet or a terminal showing it must not obey them); None is
    empty."""
    return terminal_text(value)


def tsv_line(*values: object) -> str:
    return "\t".join(field_text(v) for v in values) + "\n"


def write_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """RFC 4180 CSV (quoted where needed, CRLF line ends), one line per row, as UTF-8 with a
    byte-order mark so that spreadsheet programs read accented titles correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([field_text(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def fixed(value: float | None, places: int) -> str:
    """``value`` with ``places`` decimals ("" for None), never as ``-0.00``."""
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def output_paths(
    export: Export, default_dir: Path, output: Path | None, *, as_folder: bool = False
) -> list[Path]:
    """Where each file goes: ``<kind>-<date>[-<part>]<suffix>`` in ``default_dir`` (or in
    ``output`` when it is a directory, or ``as_folder`` says it is one: ``-o DIR/``, created if
    missing); with ``output`` naming a file and one file to write, exactly there; with
    several, ``<output stem>-<part><suffix>`` beside it. A file's folder must exist (no
    folder is made for ``-o missing/x.csv`` nor left behind by ``-o missing/../x.csv``)."""
    if output is not None and not as_folder and not output.is_dir():
        if not output.parent.is_dir():
            raise UserError(
                f"{output.parent} is not a folder that exists; nothing written (create it "
                "first, or end -o with / to have ipitui create the folder)"
            )
        if len(export.files) == 1:
            return [output]
        return [
            output.with_name(output.stem + (f"-{f.part}" if f.part else "") + f.suffix)
            for f in export.files
        ]
    folder = output if output is not None else default_dir
    stem = f"{export.kind}-{export.day.isoformat()}"
    return [folder / (stem + (f"-{f.part}" if f.part else "") + f.suffix) for f in export.files]


def write_export(export: Export, paths: Sequence[Path], *, force: bool) -> None:
    """Write every file atomically. Without ``force`` nothing is written if any target
    exists; if writing fails half-way, the files this call created are removed again."""
    if not export.files:
        why = "; ".join(export.notes[:5]) or "no matching decisions"
        raise UserError(f"nothing to export for {export.kind}: {why}")
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        listed = ", ".join(str(p) for p in existing)
        raise UserError(f"{listed} already exists; nothing written (add --force to replace)")
    created: list[Path] = []
    path = paths[0]
    try:
        for f, path in zip(export.files, paths, strict=True):
            new = not path.exists()
            write_atomic(path, f.data, overwrite=force)
            if new:
                created.append(path)
    except OSError as exc:
        _remove(created)
        if isinstance(exc, FileExistsError) and path.is_file():
            raise UserError(f"{path} appeared while exporting; nothing written") from exc
        said = fault(exc, path)
        if said is not None and said.reason != "other":  # a full disk, no permission...
            raise said from exc
        raise UserError(f"cannot write {path}: {exc.strerror or exc}; nothing written") from exc
    except BaseException:
        _remove(created)
        raise


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
