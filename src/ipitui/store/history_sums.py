"""The history sums of the newest planning snapshot, kept beside the snapshots.

Scoring needs, for every SKU of the newest planning snapshot, sums over the older snapshots
(``core.history.HistorySums``: the average units available and the in-stock share). Reading
and grouping every stored snapshot takes seconds at a million SKUs, and the sums change only
when a planning report is imported. So they are computed when one is imported (and on the
first load of an account imported before they were kept) and stored in the account's data
directory as ``history-sums.parquet``: the rows of the newest snapshot in its order (``sku``
left blank), then the SKUs only older snapshots list.

The file carries a key: the name, size and modification time of every stored planning
snapshot and the version of the code that computes the sums. A load whose key differs (a new
import, a replaced file, a new ipitui) computes the sums again and replaces the file; a
missing or unreadable file is computed again too, and failing to write it never stops a load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import date
from pathlib import Path

import polars as pl

import ipitui
from ipitui.core import history
from ipitui.core.history import SUMS, SUMS_SCHEMA, HistorySums
from ipitui.store.atomic import atomic_path
from ipitui.store.leftovers import working
from ipitui.store.paths import Home

FILE_NAME = "history-sums.parquet"
_META = "ipitui.history_sums"
_SCHEMA = {"sku": pl.String, **SUMS_SCHEMA}


def sums_path(home: Home, slug: str) -> Path:
    return home.account_data(slug) / FILE_NAME


def _code_version() -> str:
    """This ipitui's version and the text of the definition the sums follow."""
    try:
        source = Path(history.__file__).read_bytes()
    except OSError:
        source = b""
    return f"{ipitui.__version__}:{hashlib.sha256(source).hexdigest()}"


def key_of(snapshots: dict[date, Path]) -> str:
    """What the sums of these stored planning snapshots are computed from."""
    parts = [_code_version()]
    for path in snapshots.values():
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _read(path: Path, key: str, height: int) -> HistorySums | None:
    """The stored sums if they are of ``key`` and ``height`` rows; None otherwise."""
    try:
        info = json.loads(pl.read_parquet_metadata(path)[_META])
        if info != {"key": key, "rows": height}:
            return None
        frame = pl.read_parquet(path)
    except Exception:  # missing, torn or not parquet at all: computed again
        return None
    if frame.schema != pl.Schema(_SCHEMA) or frame.height < height:
        return None
    return HistorySums(rows=frame.head(height).select(SUMS), others=frame.slice(height))


def _write(path: Path, key: str, sums: HistorySums) -> None:
    rows = sums.rows.select(pl.lit(None, pl.String).alias("sku"), *SUMS)
    frame = pl.concat([rows, sums.others.select(*_SCHEMA)])
    info = json.dumps({"key": key, "rows": sums.rows.height})
    with working(path.parent), atomic_path(path) as tmp:
        frame.write_parquet(tmp, metadata={_META: info})


def kept(
    home: Home,
    slug: str,
    snapshots: dict[date, Path],
    planning: pl.LazyFrame,
    planning_history: pl.LazyFrame,
) -> HistorySums | None:
    """The sums of the rows of ``planning`` (the newest of ``snapshots``): the stored ones
    when they were computed from these ``snapshots``, else computed and stored. None when no
    older snapshot is used."""
    path, key = sums_path(home, slug), key_of(snapshots)
    stored = _read(path, key, planning.select(pl.len()).collect().item())
    if stored is not None:
        return stored
    sums = history.sums_at(planning_history, planning, max(snapshots))
    if sums is not None:
        with contextlib.suppress(OSError):
            _write(path, key, sums)
    return sums


__all__ = ["FILE_NAME", "key_of", "kept", "sums_path"]
