"""A demo account written, imported and scored for real, with one decision of each common
kind, for the tests of the Overview and the screens (built once per test module)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo_account import make_demo_account

from ipitui.core import evaluate, prepare
from ipitui.core.decisions import Action, Decision
from ipitui.store.paths import Home, resolve_home
from ipitui.store.settings import load_account_settings
from ipitui.store.snapshots import load_account_data


@dataclass
class Account:
    home: Home
    slug: str
    files: Path  # the demo's report files
    data: Any  # AccountData
    settings: Any  # AccountSettings
    prepared: Any  # Prepared
    card: Any  # Scorecard with ``decisions``
    decisions: dict[str, Decision]

    def sku(self, action: Action) -> str:
        return next(s for s, d in self.decisions.items() if d.action is action)

    def effect(self, sku: str) -> dict[str, Any]:
        effects = self.card.effects
        return effects.filter(effects["sku"] == sku).row(0, named=True)


def scored_account(root: Path) -> Account:
    """Import the demo into ``root`` and decide: the best promote, liquidate and fix
    opportunities as suggested, and 5 units of another excess SKU removed."""
    home = resolve_home(root / "home")
    slug = make_demo_account(home, root / "files")
    settings, _ = load_account_settings(home, slug)
    data = load_account_data(home, slug)
    prepared = prepare(data, settings)
    wanted = {"promote": Action.PROMOTE, "liquidate": Action.LIQUIDATE, "fix": Action.FIX}
    decisions: dict[str, Decision] = {}
    for row in evaluate(prepared, {}).opportunities.iter_rows(named=True):
        action = wanted.get(row["suggested_action"])
        if action is not None and action not in {d.action for d in decisions.values()}:
            decisions[row["sku"]] = Decision(row["sku"], action)
    remove = next(s for s in prepared.lists["excess"]["sku"] if s not in decisions)
    decisions[remove] = Decision(remove, Action.REMOVE, quantity=5)
    card = evaluate(prepared, decisions)
    return Account(home, slug, root / "files", data, settings, prepared, card, decisions)
