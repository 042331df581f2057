"""`ipitui score`: the IPI factors, the estimate, the lists and the money, as text or JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ipitui.commands.opening import open_for_command
from ipitui.commands.progress import progress_bar
from ipitui.errors import UserError
from ipitui.format import (
    MONEY_COLUMNS,
    MoneyFormat,
    account_format,
    json_text,
    money,
    plural,
    terminal_text,
)
from ipitui.store.accounts import Account, resolve_account
from ipitui.store.paths import Home

if TYPE_CHECKING:
    import polars as pl

    from ipitui.core import Scorecard
    from ipitui.core.settings import AccountSettings

FACTOR_ROWS = (
    ("excess_pct", "Excess", "%"),
    ("sell_through", "Sell-through", "x"),
    ("stranded_pct", "Stranded", "%"),
    ("in_stock_pct", "In-stock", "%"),
)
# The columns `score --list NAME` prints as text (JSON has every column).
LIST_COLUMNS = {
    "excess": ("sku", "product_name", "available", "excess_units", "days_of_supply",
               "daily_demand", "excess_cost_month", "points_at_stake", "suggested_action", "reason"),
    "stranded": ("sku", "product_name", "stranded_reason", "days_stranded",
                 "days_to_auto_removal", "units", "value_at_risk", "points_at_stake",
                 "suggested_action", "reason"),
    "aging": ("sku", "product_name", "aged_units", "surcharge_next", "units_crossing",
              "points_at_stake", "suggested_action", "reason"),
    "stock_risk": ("sku", "product_name", "available", "inbound", "daily_demand", "cover_days",
                   "stockout_date", "reorder_qty", "points_at_stake", "suggested_action", "reason"),
}  # fmt: skip
LABELS = {name: label.lower() for name, label, _ in FACTOR_ROWS} | {
    "marketplace": "marketplace",
    "new_asins": "new ASINs",
}
TEXT_WIDTH = {"product_name": 32, "reason": 90, "stranded_reason": 24}
NO_RATE = "no rate table"  # in place of a fee whose rates ipitui does not know


def load_scorecard(home: Home, account: Account) -> tuple[Scorecard, AccountSettings]:
    """Score the account's newest snapshot with its settings and current decisions."""
    opened = open_for_command(
        home,
        account.slug,
        f"account {account.name!r} has no imported FBA Inventory report yet; "
        "run 'ipitui import FILE' first",
    )
    with progress_bar() as progress:
        opened.progress = progress or opened.progress
        return opened.card, opened.settings


def run(args: argparse.Namespace, home: Home) -> int:
    from ipitui.core import rows_json, scorecard_json

    if args.top is not None and args.list is None:
        raise UserError("--top needs --list NAME")
    if args.top is not None and args.top < 1:
        raise UserError(f"--top must be 1 or more, not {args.top}")
    account = resolve_account(home, args.account)
    card, settings = load_scorecard(home, account)
    if args.list:
        rows = card.lists[args.list]
        if args.top is not None:
            rows = rows.head(args.top)
        rows = card.explained(args.list, rows)
        if args.json:
            out = {
                "account": account.name,
                "snapshot_date": card.snapshot_date.isoformat(),
                "list": args.list,
                "currency": settings.currency,
                "count": card.list_totals[args.list].count,
                "units": card.list_totals[args.list].units,
                "rows": rows_json(rows),
            }
            print(json_text(out))
        else:
            print(list_text(rows, LIST_COLUMNS[args.list], account_format(settings)))
        return 0
    if args.json:
        out = scorecard_json(card, account.name)
        at = list(out).index("account") + 1  # the currency code beside the account's name
        items = list(out.items())
        out = dict([*items[:at], ("currency", settings.currency), *items[at:]])
        print(json_text(out))
    else:
        print(summary_text(card, account.name, account_format(settings)))
    return 0


def _value(value: Any, column: str, fmt: MoneyFormat) -> str:
    if value is None:
        return "-"
    if column in MONEY_COLUMNS and isinstance(value, int | float):
        return money(value, fmt)
    if isinstance(value, float):
        if value in (float("inf"), float("-inf")):
            return (
                "no sales"
                if column in ("days_of_supply", "cover_days", "days_to_stockout")
                else "inf"
            )
        return f"{value:,.2f}"
    text = terminal_text(str(value))
    width = TEXT_WIDTH.get(column)
    if width and len(text) > width:
        text = text[: width - 1] + "~"
    return text


def list_text(rows: pl.DataFrame, columns: Sequence[str], fmt: MoneyFormat) -> str:
    """A plain text table, money in ``fmt``; text from the reports is printed literally
    (control characters stripped)."""
    present = [c for c in columns if c in rows.columns]
    cells = [
        [_value(v, c, fmt) for c, v in zip(present, row, strict=True)]
        for row in rows.select(present).iter_rows()
    ]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(present)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(present, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    if not cells:
        lines.append("(no rows)")
    return "\n".join(lines)


def _factor(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}" if unit == "x" else f"{value:.1f}%"


def summary_text(card: Scorecard, account_name: str, fmt: MoneyFormat) -> str:
    from ipitui.core.estimate import round_score

    now, after = card.estimate_now, card.estimate_after
    uncertainty = card.mapping.uncertainty
    if now.score is None:
        shown = "n/a"
    elif uncertainty is None:
        shown = str(now.score)
    else:
        shown = f"≈ {now.score} ± {round_score(uncertainty)}"
    lines = [
        f"{terminal_text(account_name)}: snapshot of {card.snapshot_date}, "
        f"{plural(card.skus, 'SKU')}, {plural(card.decisions_applied, 'decision')}",
        "",
        f"Estimated IPI (ipitui's estimate; Amazon does not publish its formula): {shown}"
        + (f" -> {after.score} with decisions" if card.decisions_applied else ""),
        "",
        f"{'Factor':<14}{'now':>10}{'decided':>10}{'points lost':>13}",
    ]
    if uncertainty is not None and now.score is not None:
        lines.insert(
            -2,
            f"  ± is the leave-one-out error of the mapping fitted to your "
            f"{card.mapping.loo_readings} IPI readings (see 'ipitui ipi')",
        )
    factors = card.factors_now
    for name, label, unit in FACTOR_ROWS:
        lost = now.points_lost.get(name)
        if name in factors.not_scored:
            points = "not scored"
        else:
            points = f"{lost:.1f}" if lost is not None else "-"
        lines.append(
            f"{label:<14}{_factor(getattr(factors, name), unit):>10}"
            f"{_factor(getattr(card.factors_after, name), unit):>10}{points:>13}"
        )
    used = ", ".join(LABELS.get(n, n) for n in now.factors_used) or "none"
    lines.append(
        f"Factors scored{f' in {factors.marketplace}' if factors.marketplace else ''}: {used}"
    )
    for name, note in factors.notes.items():
        lines.append(f"  {LABELS.get(name, name)}: {terminal_text(note)}")
    lines += ["", f"{'List':<12}{'rows':>10}{'units':>12}"]
    for name, total in card.list_totals.items():
        lines.append(f"{name:<12}{total.count:>10,}{total.units:>12,}")
    f0, f1 = card.fees_now, card.fees_after

    def amount(value: float | None) -> str:
        return NO_RATE if value is None else money(value, fmt)

    def money_line(
        label: str, now: float | None, decided: float | None, amazons: float | None, what: str = ""
    ) -> str:
        return (
            f"{label}: {amount(now)}"
            + (f" -> {amount(decided)}" if card.decisions_applied and now is not None else "")
            + (f" (Amazon's estimate{what}: {money(amazons, fmt)})" if amazons is not None else "")
        )

    lines += [
        "",
        money_line(
            f"Storage next month ({f0.storage_month:%B %Y})",
            f0.storage_next_month,
            f1.storage_next_month,
            f0.amazon_storage_next_month,
            ", which includes the surcharge",
        ),
        money_line(
            f"Aged-inventory surcharge on {f0.next_charge_date}",
            f0.surcharge_next_charge,
            f1.surcharge_next_charge,
            f0.amazon_surcharge_next_charge,
        ),
        f"Low-inventory-level fee risk (30 days): {amount(f0.low_inventory_fee_risk)}",
    ]
    lines += [f"  note: {terminal_text(n)}" for n in f0.notes]
    cap = card.capacity
    kinds = [k for k in cap.used_now if cap.used_now[k] or cap.limits.get(k)]
    if kinds:
        lines += ["", "Capacity (cubic feet): now -> with decisions / limit"]
        for kind in kinds:
            limit = cap.limits.get(kind) or 0
            lines.append(
                f"  {kind:<10}{cap.used_now[kind]:>12,.1f} -> {cap.used_after[kind]:>12,.1f}"
                + (f" / {limit:,.0f}" if limit else " / no limit entered")
            )
    if card.decisions_applied:
        c = card.cash
        lines += [
            "",
            f"Cash: removal fees {amount(c.removal_fees)}, disposal fees "
            f"{amount(c.disposal_fees)}, liquidation net {amount(c.liquidation_net)}; "
            f"net {amount(c.net)}",
        ]
    if card.opportunities.height:
        lines += ["", "Best undecided actions (points at stake):"]
        for r in card.opportunities.iter_rows(named=True):
            lines.append(
                f"  {r['points_at_stake']:6.1f}  {terminal_text(r['sku'])}  {r['suggested_action']} "
                f"({r['list']}): {terminal_text(r['reason'])}"
            )
    return "\n".join(lines)
