"""`ipitui plan`: the least-cost decisions that reach a target estimate (``core.plan``), as
text or JSON; with ``--apply``, recorded in the journal as one batch (one undo step)."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, Any

from ipitui.commands.opening import open_for_command
from ipitui.commands.progress import progress_bar
from ipitui.errors import UserError
from ipitui.format import MoneyFormat, account_format, json_text, money, plural, terminal_text
from ipitui.store.accounts import resolve_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home

if TYPE_CHECKING:
    from ipitui.core.plan import Plan

WHY_WIDTH = 110


def check_args(target: int, budget: float | None) -> None:
    """A target outside 0–1000 or a budget below 0 is refused before anything is read."""
    if not 0 <= target <= 1000:
        raise UserError(f"--target must be from 0 to 1000, not {target}; nothing recorded")
    if budget is not None and (not math.isfinite(budget) or budget < 0):
        raise UserError(f"--budget must be 0 or more, not {budget:g}; nothing recorded")


def run(args: argparse.Namespace, home: Home) -> int:
    from ipitui.core.plan import make_plan

    check_args(args.target, args.budget)
    account = resolve_account(home, args.account)
    opened = open_for_command(
        home,
        account.slug,
        f"account {account.name!r} has no imported FBA Inventory report yet, so there is "
        "nothing to plan; run 'ipitui import FILE' first (nothing recorded)",
    )
    with progress_bar() as progress:
        opened.progress = progress or opened.progress
        prepared = opened.prepared
    plan = make_plan(prepared, opened.decisions, args.target, args.budget)
    fmt = account_format(opened.settings)
    if args.json:
        out = plan_json(plan, account.name, opened.settings.currency)
    else:
        print(plan_text(plan, fmt))
    if args.apply and plan.steps:
        with Journal(home, account.slug) as journal:
            journal.record(plan.decisions)
        from ipitui.core import evaluate

        with Journal(home, account.slug) as journal:
            card = evaluate(prepared, journal.current())
        if args.json:
            out["applied"] = len(plan.steps)
            out["ipi_with_decisions"] = card.estimate_after.score
        else:
            print(
                f"\nrecorded {plural(plan.size, 'decision')} as one batch ('ipitui undo' takes "
                f"them back); ipi_with_decisions: {card.estimate_after.score}"
            )
    elif args.apply and not args.json:
        print("\nnothing to record")
    if args.json:
        print(json_text(out))
    return 0


def plan_json(plan: Plan, account: str, currency: str) -> dict[str, Any]:
    return {
        "account": account,
        "currency": currency,
        "target": plan.target,
        "budget": plan.budget,
        "horizon_months": plan.horizon_months,
        "ipi_now": plan.score_now,
        "reached": plan.reached,
        "ipi_with_plan": plan.score_after,
        "cost": round(plan.cost, 2),
        "candidates": plan.candidates,
        "rows": [
            {
                "sku": s.sku,
                "action": s.action.value,
                "list": s.list,
                "points": round(s.points, 3),
                "cost": round(s.cost, 2),
                "spend": round(s.spend, 2),
                "saved": round(s.saved, 2),
                "why": s.why,
            }
            for s in plan.steps
        ],
        "curve": [
            {
                "step": c.step,
                "sku": c.sku,
                "cost": round(c.cost, 2),
                "ipi": c.score,
                "ipi_raw": round(c.estimate, 3),
            }
            for c in plan.curve
        ],  # fmt: skip
        "notes": plan.notes,
    }


def plan_text(plan: Plan, fmt: MoneyFormat) -> str:
    budget = "" if plan.budget is None else f" within {money(plan.budget, fmt)}"
    lines = [
        f"Plan to reach an estimated IPI of {plan.target}{budget} "
        f"(now {plan.score_now if plan.score_now is not None else 'n/a'}; "
        f"costs net of {plan.horizon_months} months of storage and surcharge saved)",
    ]
    if plan.reached:
        lines.append(
            f"Reached: {plan.score_after} with {plural(plan.size, 'decision')} "
            f"costing {money(plan.cost, fmt)}"
        )
    else:
        lines.append(
            f"Cannot be reached{budget}: the best reachable is {plan.score_after} "
            f"with {plural(plan.size, 'decision')} costing {money(plan.cost, fmt)}"
        )
    if plan.steps:
        width = max(len("SKU"), *(len(terminal_text(s.sku)) for s in plan.steps))
        lines += ["", f"{'SKU':<{width}}  {'action':<10}{'points':>8}{'cost':>14}  why"]
        for s in plan.steps:
            why = terminal_text(s.why)
            why = why if len(why) <= WHY_WIDTH else why[: WHY_WIDTH - 1] + "~"
            lines.append(
                f"{terminal_text(s.sku):<{width}}  {s.action.value:<10}{s.points:>8.1f}"
                f"{money(s.cost, fmt):>14}  {why}"
            )
        lines += ["", "Cost curve (estimate reached against money spent):"]
        lines.append(f"{'step':>6}{'spent':>14}{'IPI':>6}")
        for c in plan.curve:
            lines.append(f"{c.step:>6}{money(c.cost, fmt):>14}{c.score:>6}")
    lines += [f"note: {terminal_text(n)}" for n in plan.notes]
    return "\n".join(lines)
