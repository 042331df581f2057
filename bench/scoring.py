"""Scoring a stored account (factors, the four lists, the estimate) and the what-if.

Timed in one process: loading the stored snapshot, ``prepare`` (everything that does not
depend on decisions), ``evaluate`` with the account's decisions (none), and ``evaluate``
again after one more decision (remove the excess of the top row of the excess list) — the
what-if a seller sees after pressing a key. Then the scored account is stored
(``store.scored``, as ``ipitui import`` does once). ``open_task`` times, in a process of its
own, an open as every later one.
"""

from __future__ import annotations

import time
from pathlib import Path

from ipitui.account import open_account
from ipitui.core import evaluate, prepare
from ipitui.core.decisions import Action, Decision
from ipitui.store import scored
from ipitui.store.journal import Journal
from ipitui.store.paths import resolve_home
from ipitui.store.settings import load_account_settings
from ipitui.store.snapshots import load_account_data


def _load(home: str, slug: str):
    """The stored snapshot, the account's settings and its current decisions."""
    h = resolve_home(home)
    settings, _ = load_account_settings(h, slug)
    with Journal(h, slug) as journal:
        decisions = journal.current()
    return load_account_data(h, slug), settings, decisions


def task(home: str, slug: str) -> dict[str, float]:
    t0 = time.perf_counter()
    data, settings, decisions = _load(home, slug)
    t1 = time.perf_counter()
    prepared = prepare(data, settings)
    t2 = time.perf_counter()
    card = evaluate(prepared, decisions)
    t3 = time.perf_counter()
    sku = next(s for s in card.lists["excess"]["sku"] if s not in decisions)
    more = {**decisions, sku: Decision(sku=sku, action=Action.REMOVE)}
    t4 = time.perf_counter()
    after = evaluate(prepared, more)
    t5 = time.perf_counter()
    if after.effects.height != card.effects.height + 1:
        raise RuntimeError(f"the what-if did not take the decision on {sku}")
    h = resolve_home(home)
    key = scored.key_of(h, slug, settings)
    t6 = time.perf_counter()
    scored.write(h, slug, prepared, key)
    t7 = time.perf_counter()
    return {
        "load snapshot": t1 - t0,
        "prepare": t2 - t1,
        "evaluate": t3 - t2,
        "what-if after one decision": t5 - t4,
        "store scored": t7 - t6,
        "n_excess_rows": card.lists["excess"].height,
    }


def open_task(home: str, slug: str) -> dict[str, float]:
    """An open as every one after the first: the settings, the snapshot's scans and the
    stored scored account read, and the decisions evaluated (its own process, so that its
    peak memory is the open's alone)."""
    h = resolve_home(home)
    opened = open_account(h, slug)
    if opened.stored() is None:  # stored by ``task``, which runs first
        raise RuntimeError("the account's scored numbers are not stored")
    del opened
    t0 = time.perf_counter()
    card = open_account(h, slug).card
    t1 = time.perf_counter()
    return {"open stored": t1 - t0, "n_excess_rows": card.lists["excess"].height}


def write_excess_list(home: str, slug: str, out: str) -> dict[str, float]:
    """Store the excess list as parquet (for the DataTable baseline); not a measurement."""
    data, settings, decisions = _load(home, slug)
    excess = evaluate(prepare(data, settings), decisions).lists["excess"]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    excess.write_parquet(out)
    return {"n_rows": excess.height}
