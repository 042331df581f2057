"""A process that keeps rewriting one account's settings and journal until it is killed.

Run as ``python crash_writer.py START``; it prints ``ready`` once the journal is open, then for
i = START, START+1, ... saves ``settings_for(i)``, records ``decisions_for(i)`` (one batch)
and prints ``i``.
"""

from __future__ import annotations

import sys

from ipitui.core.decisions import Action, Decision
from ipitui.core.settings import AccountSettings, ReturnAddress, StockSettings

SLUG = "crash"
BATCH = 3


def settings_for(i: int) -> AccountSettings:
    return AccountSettings(
        display_name=f"shop {i}",
        stock=StockSettings(lead_time_days=i, safety_days=i % 30),
        return_address=ReturnAddress(name=f"warehouse {i}", city="x" * (i % 200)),
        fee_overrides={f"rate_{k}": float(k + i) for k in range(i % 5)},
    )


def decisions_for(i: int) -> list[Decision]:
    return [Decision(f"SKU-{i}-{k}", Action.REMOVE, quantity=i + 1) for k in range(BATCH)]


def main() -> None:
    from ipitui.store.journal import Journal
    from ipitui.store.paths import resolve_home
    from ipitui.store.settings import save_account_settings

    home = resolve_home()
    i = int(sys.argv[1])
    journal = Journal(home, SLUG)
    print("ready", flush=True)
    while True:
        save_account_settings(home, SLUG, settings_for(i))
        journal.record(decisions_for(i))
        print(i, flush=True)
        i += 1


if __name__ == "__main__":
    main()
