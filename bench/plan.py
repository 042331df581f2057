"""A plan to a target (``core.plan``) on a stored account: ``python -m bench.plan HOME SLUG``.

Reads the stored scores only (nothing is written, no decision recorded) and times, in one
process, for targets 5, 10 and 50 points above the estimate and 1000 (out of reach on any
real account), three runs each (the median is reported):

* *cold*: ``make_plan`` alone (the candidates worked out too), as ``ipitui plan`` runs;
* *ready*: ``make_plan`` given ``candidates`` worked out beforehand, as the TUI runs it (it
  starts the candidates when the target dialog opens, while the seller types);
* *candidates*: ``candidates`` alone.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from ipitui.account import open_account
from ipitui.core.plan import candidates, make_plan
from ipitui.store.paths import resolve_home

RUNS = 3


def _median(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def task(home: str, slug: str) -> dict[str, Any]:
    opened = open_account(resolve_home(home), slug)
    stored = opened.stored() or opened.stored(stale=True)
    prepared = stored.prepared if stored is not None else opened.prepared
    now = prepared.estimate.score
    took, ready = _median(lambda: candidates(prepared, {}))
    result: dict[str, Any] = {"estimate": now, "candidates_s": round(took, 2)}
    result["candidates"] = ready.frame.height
    for target in (now + 5, now + 10, now + 50, 1000):
        target = min(target, 1000)
        cold, plan = _median(lambda t=target: make_plan(prepared, {}, t))
        warm, _ = _median(lambda t=target: make_plan(prepared, {}, t, ready=ready))
        result[str(target)] = {
            "cold_s": round(cold, 2),
            "ready_s": round(warm, 2),
            "reached": plan.reached,
            "score_after": plan.score_after,
            "decisions": plan.size,
            "cost": round(plan.cost, 2),
        }
    return result


if __name__ == "__main__":
    print(json.dumps(task(sys.argv[1], sys.argv[2]), indent=2))
