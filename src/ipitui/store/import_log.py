"""The import log: ``imports.json`` in an account's data directory.

One entry per stored snapshot (``<kind>/<YYYY-MM-DD>``): the file it came from, its layout,
rows, SKUs, encoding, columns (canonical name -> the file's spelling) and the warnings its
import raised. The next import compares against it to warn about drift, and the TUI shows the
newest snapshots' warnings. Written atomically, and only when it changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ipitui.reports.columns import KIND_SPECS
from ipitui.reports.errors import shown
from ipitui.reports.layouts import canon
from ipitui.reports.reader import ReadResult
from ipitui.store.paths import Home

LOG_NAME = "imports.json"


def listed(names: Sequence[str], limit: int = 8) -> str:
    shown_names = ", ".join(f"'{shown(n, 60)}'" for n in names[:limit])
    more = len(names) - limit
    return shown_names + (f" and {more} more" if more > 0 else "")


def log_path(home: Home, slug: str) -> Path:
    return home.account_data(slug) / LOG_NAME


def read_log(home: Home, slug: str) -> dict[str, Any]:
    try:
        data = json.loads(log_path(home, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": 1, "snapshots": {}}
    if not isinstance(data, dict) or not isinstance(data.get("snapshots"), dict):
        return {"version": 1, "snapshots": {}}
    return data


def log_key(kind: str, when: date) -> str:
    return f"{kind}/{when.isoformat()}"


def _text(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def stage_log(home: Home, slug: str, log: dict[str, Any], staged: Path) -> bool:
    """Write ``log`` at ``staged`` (to be moved over the stored log with the snapshots it
    describes) when it differs from the stored one; False when it does not."""
    text = _text(log)
    path = log_path(home, slug)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    staged.write_text(text, encoding="utf-8")
    return True


def new_entry(result: ReadResult, warnings: list[str]) -> dict[str, Any]:
    return {
        "file": result.path.name,
        "layout": result.layout,
        "rows": result.rows,
        "skus": result.skus,
        "encoding": result.encoding,
        "columns": _columns(result),
        "warnings": warnings,
    }


def drift(
    result: ReadResult, rows_before: int | None, entry: dict[str, Any] | None, when: date
) -> list[str]:
    warnings = []
    title = KIND_SPECS[result.kind].title
    if rows_before is not None and abs(result.rows - rows_before) > rows_before / 2:
        change = f"{(result.rows - rows_before) / rows_before:+.0%}" if rows_before else "from none"
        warnings.append(
            f"{result.rows:,} rows, but the snapshot of {when} had {rows_before:,} ({change}). "
            "Amazon sometimes sends partial reports: check that the file is complete."
        )
    if entry and isinstance(entry.get("columns"), dict):
        before: dict[str, str] = entry["columns"]
        now = _columns(result)
        appeared = [now[c] for c in now if c not in before]
        vanished = [before[c] for c in before if c not in now]
        if appeared or vanished:
            parts = []
            if appeared:
                parts.append("appeared: " + listed(appeared))
            if vanished:
                parts.append("vanished: " + listed(vanished))
            warnings.append(
                f"the {title} columns changed since the snapshot of {when} ("
                + "; ".join(parts)
                + "). Amazon changed the report; check the figures that use them."
            )
    return warnings


def _columns(result: ReadResult) -> dict[str, str]:
    """Column identity -> the file's spelling: canonical names for known columns, the
    header itself for unknown ones."""
    lookup = KIND_SPECS[result.kind].lookup
    out: dict[str, str] = {}
    for header in result.header:
        if header.strip():
            out.setdefault(lookup.get(canon(header), f"?{header}"), header)
    return out
