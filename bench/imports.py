"""Importing a report into an account, against a bare ``polars.read_csv`` of the same file.

Each import goes into a new, empty account under ``<work>/tmp`` (removed afterwards), so
it does everything a seller's first import does: detect the kind, decode, validate, type
and store the snapshot. The bare read is what any polars user would write for a
Seller Central file: tab-separated, quoting off, every column's type inferred.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from ipitui.store import snapshots
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home, resolve_home
from ipitui.store.settings import load_account_settings


def read_csv_task(file: str) -> dict[str, float]:
    t0 = time.perf_counter()
    frame = pl.read_csv(file, separator="\t", quote_char=None, infer_schema_length=10_000)
    elapsed = time.perf_counter() - t0
    return {"read_csv": elapsed, "n_rows": frame.height}


@contextlib.contextmanager
def new_account(work: str) -> Iterator[tuple[Home, str]]:
    """An empty account in a home of its own under ``work``, removed afterwards."""
    root = Path(work) / "tmp" / f"import-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    try:
        home = resolve_home(root)
        yield home, add_account(home, "bench").slug
    finally:
        shutil.rmtree(root, ignore_errors=True)


def import_task(files: list[str], work: str) -> dict[str, float]:
    with new_account(work) as (home, slug):
        t0 = time.perf_counter()
        snapshots.import_files(home, slug, [Path(f) for f in files])
        return {"import": time.perf_counter() - t0}


def job_task(files: list[str], work: str) -> dict[str, float]:
    """The pandas script's whole job done by ipitui: import the same files, then score
    (load the snapshot, ``prepare``, ``evaluate``: factors, the four lists, the estimate)."""
    from ipitui.core import evaluate, prepare

    with new_account(work) as (home, slug):
        t0 = time.perf_counter()
        snapshots.import_files(home, slug, [Path(f) for f in files])
        t1 = time.perf_counter()
        settings, _ = load_account_settings(home, slug)
        data = snapshots.load_account_data(home, slug)
        card = evaluate(prepare(data, settings), {})
        t2 = time.perf_counter()
    return {"import": t1 - t0, "score": t2 - t1, "n_excess_rows": card.lists["excess"].height}
