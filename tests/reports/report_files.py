"""Build report files for the tests from the header lists: any layout, rows, encoding,
line ending, byte-order mark, final newline or gzip. Also says what each cell should read as.
"""

from __future__ import annotations

import gzip as gzip_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ipitui.reports.columns import KIND_SPECS, Type
from ipitui.reports.detect import LAYOUTS, Layout
from ipitui.reports.layouts import canon

# Titles each encoding can carry (the Japanese one only in UTF-8 and CP932).
TITLES = {
    "utf-8": 'Figura 10" Deluxe, edición ™ {i}',
    "cp1252": 'Figura 10" Deluxe, edición ™ {i}',
    "cp932": '限定フィギュア 10" デラックス, 第{i}版',
}


def layout(name_or_headers: str | Sequence[str]) -> Layout:
    if not isinstance(name_or_headers, str):
        return next(lay for lay in LAYOUTS if lay.headers == tuple(name_or_headers))
    return next(lay for lay in LAYOUTS if lay.name == name_or_headers)


def column_type(kind: str, header: str) -> tuple[str, Type]:
    spec = KIND_SPECS[kind]
    name = spec.lookup[canon(header)]
    return name, spec.by_name[name].type


def cell(kind: str, header: str, i: int, title: str = TITLES["utf-8"]) -> str:
    """A realistic cell for row ``i`` (some cells are left blank on purpose)."""
    name, type_ = column_type(kind, header)
    if name in ("sku",):
        return f"SKU-{i:04d}"
    if name == "order_id":
        return f"R-{i:05d}"
    if name in ("fnsku", "asin"):
        return f"X00{i:07d}"
    if name == "product_name":
        return title.format(i=i)
    if name == "snapshot_date":
        return "2026-05-14"
    if name == "marketplace":
        return "US"
    seed = sum(map(ord, name))
    if (i + seed) % 5 == 0:
        return ""  # blank: unknown, never zero
    if type_ is Type.QTY or type_ is Type.INT:
        return str((seed * 7 + i * 13) % 500)
    if type_ in (Type.NUMBER, Type.PRICE):
        return f"{(seed * 3 + i * 17) % 900}.{(seed + i) % 100:02d}"
    if type_ is Type.DATE:
        day = date(2026, 1 + (seed + i) % 12, 1 + (seed * i) % 28)
        return day.strftime("%m/%d/%Y") if kind == "restock" else day.isoformat()
    return f"{name[:6]}-{(seed + i) % 7}"


def rows_for(lay: Layout, n: int, encoding: str = "utf-8") -> list[list[str]]:
    title = TITLES.get(encoding, TITLES["utf-8"])
    return [[cell(lay.kind, h, i, title) for h in lay.headers] for i in range(1, n + 1)]


def expected(kind: str, header: str, text: str) -> object:
    """What the reader must make of ``text`` in column ``header``."""
    _, type_ = column_type(kind, header)
    if text.strip() == "":
        return None
    if type_ in (Type.QTY, Type.INT):
        return int(float(text))
    if type_ in (Type.NUMBER, Type.PRICE):
        return float(text)
    if type_ is Type.DATE:
        if "/" in text:
            return datetime.strptime(text.strip(), "%m/%d/%Y").date()
        return date.fromisoformat(text.strip()[:10])
    return text


@dataclass(frozen=True)
class Variant:
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    final_newline: bool = True
    gzip: bool = False

    @property
    def label(self) -> str:
        parts = [self.encoding, "BOM" if self.bom else "", repr(self.newline)[1:-1]]
        parts += ["" if self.final_newline else "no-final-newline", "gzip" if self.gzip else ""]
        return "-".join(p for p in parts if p)


def encode(
    headers: Sequence[str], rows: Sequence[Sequence[str] | Mapping[str, str]], v: Variant
) -> bytes:
    lines = ["\t".join(headers)]
    for row in rows:
        if isinstance(row, Mapping):
            row = [row.get(h, "") for h in headers]
        lines.append("\t".join(row))
    text = v.newline.join(lines) + (v.newline if v.final_newline else "")
    data = text.encode(v.encoding)
    if v.bom:
        data = "\ufeff".encode(v.encoding) + data
    return gzip_module.compress(data) if v.gzip else data


def write(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[str] | Mapping[str, str]],
    v: Variant = Variant(),
) -> Path:
    path.write_bytes(encode(headers, rows, v))
    return path
