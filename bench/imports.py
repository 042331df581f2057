"""Importing a report into an account, against a bare ``polars.read_csv`` of the same file.

Each import goes into a new, empty account under ``<work>/tmp`` (removed afterwards), so
it does everything a seller's first import does: detect the kind, decode, validate, type
and store the snapshot. The bare read is what any polars user would write for a
Seller Central file: tab-separated, quoting off, every column's type inferred.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import polars as pl


def read_csv_task(file: str) -> dict[str, float]:
    t0 = time.perf_counter()
    frame = pl.read_csv(file, separator="\t", quote_char=None, infer_schema_length=10_000)
    elapsed = time.perf_counter() - t0
    return {"read_csv": elapsed, "n_rows": frame.height}


def import_task(files: list[str], work: str) -> dict[str, float]:
    from ipitui.store import snapshots
    from ipitui.store.accounts import add_account
    from ipitui.store.paths import resolve_home

    root = Path(work) / "tmp" / f"import-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    try:
        home = resolve_home(root)
        account = add_account(home, "bench")
        t0 = time.perf_counter()
        snapshots.import_files(home, account.slug, [Path(f) for f in files])
        elapsed = time.perf_counter() - t0
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"import": elapsed}
