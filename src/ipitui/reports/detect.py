"""Which report a file is, from its header line alone (never from its name).

Every kind is scored by the columns of the header it recognises (through the alias table);
the kind whose required columns are all there and that recognises the most columns wins.
The layout is the known header list of that kind closest to the file's header; columns of
that layout the file lacks are reported as missing, unrecognised columns as unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ipitui.reports import layouts as L
from ipitui.reports.columns import KIND_SPECS, Kind
from ipitui.reports.errors import ReportError, shown
from ipitui.reports.layouts import canon


@dataclass(frozen=True)
class Layout:
    kind: str
    name: str
    headers: tuple[str, ...]


# Newest first within each kind: the first layout's spelling is the one shown to the seller.
LAYOUTS: tuple[Layout, ...] = (
    Layout("planning", "2026 US, 99 columns", L.PLANNING_2026_US),
    Layout("planning", "2026, 97 columns", L.PLANNING_2026_97),
    Layout("planning", "UK/EU 2024-25, 80 columns", L.PLANNING_UK_EU),
    Layout("planning", "US 2023-25, 73 columns", L.PLANNING_2023_US),
    Layout("planning", "2022-23 with long-term storage fees, 63 columns", L.PLANNING_2022_LTSF),
    Layout("planning", "legacy Inventory Age report, 36 columns", L.INVENTORY_AGE_LEGACY),
    Layout("stranded", "2026, 19 columns", L.STRANDED_2026),
    Layout("stranded", "18 columns", L.STRANDED),
    Layout("restock", "30 columns", L.RESTOCK),
    Layout("restock", "older, 27 columns", L.RESTOCK_OLD),
    Layout("inventory", "2026, 26 columns, undated", L.MYI_2026),
    Layout("inventory", "Pan-EU, 23 columns", L.MYI_EU),
    Layout("inventory", "with store, 22 columns", L.MYI_STORE),
    Layout("inventory", "21 columns", L.MYI),
    Layout("removals", "16 columns", L.REMOVAL_ORDERS),
)


def spelling(kind: str, column: str) -> str:
    """How Amazon's newest known layout spells canonical ``column`` of ``kind``."""
    lookup = KIND_SPECS[kind].lookup
    for layout in LAYOUTS:
        if layout.kind == kind:
            for header in layout.headers:
                if lookup.get(canon(header)) == column:
                    return header
    return column


@dataclass(frozen=True)
class HeaderMatch:
    """How a file's header maps onto a kind of report."""

    kind: Kind
    layout: Layout
    exact: bool  # the header is exactly one known layout's (names compared after canon)
    positions: dict[int, str]  # file column index -> canonical column
    unknown: list[str]  # headers not in the alias table (as the file spells them)
    missing: list[str]  # the layout's headers the file lacks (as Amazon spells them)
    repeated: list[str]  # headers naming a column already taken by an earlier header

    @property
    def layout_name(self) -> str:
        return self.layout.name if self.exact else f"like {self.layout.name}"

    @property
    def columns(self) -> list[str]:
        """The canonical columns the file carries, in file order."""
        return list(self.positions.values())


def _recognised(kind: Kind, names: Sequence[str]) -> dict[int, str]:
    lookup = kind.lookup
    found: dict[int, str] = {}
    taken: set[str] = set()
    for i, name in enumerate(names):
        column = lookup.get(canon(name))
        if column is not None and column not in taken:
            found[i] = column
            taken.add(column)
    return found


def _first(names: Sequence[str], limit: int = 6) -> str:
    listed = ", ".join(f"'{shown(n, 40)}'" for n in names[:limit])
    return listed + (f" and {len(names) - limit} more" if len(names) > limit else "")


def match_header(path: str | Path, names: Sequence[str]) -> HeaderMatch:
    """The kind and layout of a file whose first line holds ``names``; ReportError if none."""
    scored = []
    for kind in KIND_SPECS.values():
        found = _recognised(kind, names)
        lacking = [c for c in kind.required if c not in found.values()]
        scored.append((kind, found, lacking))
    complete = [s for s in scored if not s[2]]
    if not complete and len(names) == 1 and names[0].count(",") >= 2:
        raise ReportError(
            path,
            "this looks like a comma-separated (.csv) download; ipitui reads the tab-delimited "
            "text (.txt) download, which also keeps the leading zeros of SKUs: download the "
            "report again as .txt",
            line=1,
        )
    if not complete:
        kind, found, lacking = max(
            scored, key=lambda s: (1 - len(s[2]) / len(s[0].required), len(s[1]))
        )
        tried = ", ".join(k.title for k in KIND_SPECS.values())
        needs = ", ".join(f"'{spelling(kind.name, c)}'" for c in lacking)
        raise ReportError(
            path,
            f"this is not a report ipitui knows (tried: {tried}). The closest is "
            f"{kind.title} ({kind.report_type}), but the header lacks {needs}. "
            f"The first line of the file holds: {_first(names)}",
            line=1,
        )
    kind, found, _ = max(complete, key=lambda s: len(s[1]))
    present = set(found.values())
    lookup = kind.lookup

    def overlap(layout: Layout) -> float:
        cols = {lookup[canon(h)] for h in layout.headers}
        return len(cols & present) / len(cols | present)

    layout = max((lay for lay in LAYOUTS if lay.kind == kind.name), key=overlap)
    layout_cols = {lookup[canon(h)] for h in layout.headers}
    unknown = [n for n in names if canon(n) not in lookup]
    repeated = [
        n for i, n in enumerate(names) if canon(n) in lookup and i not in found and n.strip()
    ]
    missing = [h for h in layout.headers if lookup[canon(h)] not in present]
    exact = layout_cols == present and not unknown and not repeated
    return HeaderMatch(kind, layout, exact, found, unknown, missing, repeated)
