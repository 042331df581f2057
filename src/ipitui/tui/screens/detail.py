"""Everything about one SKU: ipitui's suggestion beside Amazon's, the decision's effect, fees
now and after, weekly shipped units, units per age bucket, and every field of every report.

Built from ``ipitui.core.sku_detail`` and the SKU's row of the scorecard's effects (when it
has a decision). Every value from a report is shown literally; ipitui's amounts (the fees,
the price, the decision's savings and cash) are written in the account's currency
(``ipitui.format.money``), as in the lists and the reasons.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Sparkline, Static

from ipitui.format import MONEY_COLUMNS, MoneyFormat, money, money_format, plural
from ipitui.tui.screens.dialog import ReadingDialog, reading_keys
from ipitui.tui.text import clean, literal

KIND_TITLES = {
    "planning": "FBA Inventory (planning) report",
    "stranded": "Stranded inventory report",
    "restock": "Restock recommendations report",
    "inventory": "Manage FBA Inventory report",
    "removals": "Removal order detail report",
}
METRIC_LABELS = {
    "available": "Units available",
    "inbound": "Inbound units",
    "t7": "Shipped, 7 days",
    "t30": "Shipped, 30 days",
    "t60": "Shipped, 60 days",
    "t90": "Shipped, 90 days",
    "price": "Price",
    "volume_ft3": "Volume per unit (ft³)",
    "storage_type": "Storage type",
    "daily_demand": "Daily demand (units)",
    "days_of_supply": "Days of supply",
    "cover_days": "Cover with inbound (days)",
    "excess_units": "Excess units",
    "avg_available": "Average units available",
    "avg_count": "Snapshots averaged",
    "sell_through": "Sell-through",
    "in_stock_share": "In stock, share of 30 days",
    "replenishable": "Replenishable",
    "stranded_units": "Stranded units",
    "aged_units": "Units aged over 180 days",
    "units_crossing": "Units entering a dearer tier before the charge",
    "revenue_30d": "Revenue, 30 days",
}
FEE_LABELS = {
    "storage_month": "Storage next month",
    "surcharge_next": "Aged surcharge, next charge",
    "amazon_storage": "Amazon's storage estimate",
    "amazon_surcharge": "Amazon's surcharge estimate",
    "removal_fee_unit": "Removal fee per unit",
    "disposal_fee_unit": "Disposal fee per unit",
    "liquidation_net_unit": "Liquidation net per unit",
    "low_inventory_fee": "Low-inventory fee risk",
}
# fee -> the effects column that says how much the decision saves of it
SAVINGS = {"storage_month": "storage_saving_month", "surcharge_next": "surcharge_saving"}
EFFECT_LABELS = {
    "action": "Decision",
    "quantity": "Units",
    "points": "Estimate points",
    "storage_saving_month": "Storage saved per month",
    "surcharge_saving": "Surcharge saved",
    "cash": "Cash (+ recovered, - spent)",
    "sale_price": "Sale price",
    "discount_pct": "Discount %",
    "uplift_pct": "Uplift %",
    "days": "Days",
    "until": "Until",
    "reason": "Why",
}
LABEL = 30  # the most a label column takes
_US = money_format("US", "USD")


def value_text(value: Any) -> str:
    """A value as a seller reads it; unknown (None) is "-", never 0."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if math.isinf(value):
            return "no sales" if value > 0 else "-inf"
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return clean(value)


def amount_text(value: Any, fmt: MoneyFormat) -> str:
    """An amount of money written in ``fmt`` (``ipitui.format.money``); unknown is "-"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return money(value, fmt)
    return value_text(value)


def named_text(name: str, value: Any, fmt: MoneyFormat) -> str:
    """The value of the column ``name``: money in ``fmt`` when ``name`` is a money column."""
    return amount_text(value, fmt) if name in MONEY_COLUMNS else value_text(value)


def age_label(name: str) -> str:
    """``age_0_90`` -> ``0-90 days``; ``age_456_plus`` -> ``456+ days``."""
    parts = name.removeprefix("age_").split("_")
    if len(parts) == 2:
        return f"{parts[0]}+ days" if parts[1] == "plus" else f"{parts[0]}-{parts[1]} days"
    return name


def pairs_table(pairs: Sequence[tuple[str, Any]], label: int | None = LABEL) -> Table:
    """Labels beside values; a long value wraps in its own column."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", max_width=label, no_wrap=True, overflow="ellipsis")
    grid.add_column(ratio=1)
    for key, value in pairs:
        grid.add_row(literal(key), literal(value_text(value)))
    return grid


def section(title: str, *body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), Padding(Group(*body), (0, 0, 0, 2)))


def advice_text(detail: Mapping[str, Any]) -> Group:
    table = pairs_table(
        [
            ("ipitui suggests", detail.get("suggested_action")),
            ("because", detail.get("reason")),
            ("Amazon recommends", detail.get("amazon_recommended_action")),
        ]
    )
    lists = Text(end="")
    for hit in detail.get("lists") or []:
        where = clean(hit.get("list", "")).replace("_", " ")
        lists.append(f"\nIn the {where} list: {value_text(hit.get('points_at_stake'))} points")
        lists.append(" at stake")
    return section("What to do", table, lists)


def effect_text(effect: Mapping[str, Any] | None, fmt: MoneyFormat) -> Group:
    if not effect:
        return section("Decision", Text("none yet: mark it from a list (r, d, L, p, s, f ...)"))
    shown = [
        (label, named_text(k, effect[k], fmt))
        for k, label in EFFECT_LABELS.items()
        if effect.get(k) is not None
    ]
    return section("Decision", pairs_table(shown))


def fees_text(
    detail: Mapping[str, Any], effect: Mapping[str, Any] | None, fmt: MoneyFormat
) -> Group:
    """Each fee (money in ``fmt``) now and, where the decision changes it, after."""
    charge = detail.get("next_charge_date")
    when = f" (charge on {charge.isoformat()})" if isinstance(charge, date) else ""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", max_width=LABEL, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right")
    grid.add_column(style="bold")
    fees = detail.get("fees") or {}
    for key, label in FEE_LABELS.items():
        if key not in fees:
            continue
        now = fees[key]
        saving = (effect or {}).get(SAVINGS.get(key, ""))
        after = ""
        if isinstance(now, int | float) and isinstance(saving, int | float) and saving:
            after = f"-> {amount_text(float(now) - float(saving), fmt)}"
        grid.add_row(label, amount_text(now, fmt), after)
    return section(f"Fees now and with the decision{when}", grid)


def ages_text(detail: Mapping[str, Any], fmt: MoneyFormat) -> Group:
    buckets = {k: v for k, v in (detail.get("age_buckets") or {}).items() if v is not None}
    if not buckets:
        return section("Units by age", Text("not in the report"))
    most = max(max(buckets.values()), 1)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(justify="right")
    grid.add_column(no_wrap=True)
    for name, units in buckets.items():
        grid.add_row(age_label(name), f"{units:,}", "█" * round(units / most * 30))
    tiers = detail.get("surcharge_by_tier") or {}
    charged = Text(end="")
    for key, tier in tiers.items():
        if tier.get("units"):
            charged.append(f"\nsurcharge tier {clean(key)}: {value_text(tier.get('units'))} ")
            charged.append(f"units at {amount_text(tier.get('charge_per_unit'), fmt)} each")
    return section("Units by age", grid, charged)


def metrics_text(detail: Mapping[str, Any], fmt: MoneyFormat) -> Group:
    metrics = detail.get("metrics") or {}
    pairs = [(METRIC_LABELS.get(k, k), named_text(k, v, fmt)) for k, v in metrics.items()]
    return section("ipitui's numbers", pairs_table(pairs))


def reports_text(detail: Mapping[str, Any]) -> Group:
    """Every field of every report row for the SKU, in the report's column order."""
    parts: list[RenderableType] = []
    for kind, rows in (detail.get("reports") or {}).items():
        for n, row in enumerate(rows):
            title = KIND_TITLES.get(kind, kind)
            if len(rows) > 1:
                title += f" (row {n + 1} of {len(rows)})"
            if parts:
                parts.append(Text(""))
            parts.append(section(title, pairs_table([(clean(k), v) for k, v in row.items()], None)))
    return Group(*parts) if parts else Group(Text("No report row for this SKU."))


class DetailScreen(ReadingDialog):
    """The detail of one SKU; scroll with the arrow keys, j/k or the page keys; esc closes."""

    BINDINGS = reading_keys("detail", "escape,q")

    DEFAULT_CSS = """
    DetailScreen #dialog {
        width: 100%;
        height: 1fr;
    }
    DetailScreen Sparkline {
        height: 3;
        margin: 0 2;
    }
    DetailScreen .block {
        height: auto;
    }
    DetailScreen .gap {
        margin-top: 1;
    }
    """

    def __init__(
        self,
        detail: Mapping[str, Any],
        effect_row: Mapping[str, Any] | None,
        money_format: MoneyFormat | None = None,
    ) -> None:
        super().__init__()
        self.detail = dict(detail)
        self.effect = dict(effect_row) if effect_row else None
        self.money_format = money_format or _US  # the account's

    def compose(self) -> ComposeResult:
        d = self.detail
        weekly: list[tuple[date, int]] = list(d.get("weekly_shipped") or [])
        with VerticalScroll(id="dialog") as box:
            box.border_title = "SKU detail"
            box.can_focus = True
            yield Static(self.title_text(), id="title", classes="block")
            yield Static(advice_text(d), id="advice", classes="block gap")
            fmt = self.money_format
            yield Static(effect_text(self.effect, fmt), id="effect", classes="block gap")
            yield Static(fees_text(d, self.effect, fmt), id="fees", classes="block gap")
            yield Static(self.weekly_text(weekly), id="weekly-title", classes="block gap")
            if len(weekly) >= 2:
                yield Sparkline([float(units) for _, units in weekly], id="weekly")
            yield Static(ages_text(d, fmt), id="ages", classes="block gap")
            yield Static(metrics_text(d, fmt), id="metrics", classes="block gap")
            yield Static(reports_text(d), id="reports", classes="block gap")
        yield Footer()

    def title_text(self) -> Text:
        d = self.detail
        out = literal(d.get("sku"), style="bold")
        if d.get("asin"):
            out.append("  ASIN ")
            out.append_text(literal(d["asin"]))
        if d.get("product_name"):
            out.append("\n")
            out.append_text(literal(d["product_name"]))
        if not d.get("found", True):
            out.append("\nNot in the newest reports.", style="bold")
        return out

    def weekly_text(self, weekly: Sequence[tuple[date, int]]) -> Text:
        out = Text("Units shipped per week", style="bold underline", end="")
        if len(weekly) < 2:
            out.append("\n  needs two or more weekly snapshots (import a report each week)")
            return out
        total = sum(units for _, units in weekly)
        low, high = min(u for _, u in weekly), max(u for _, u in weekly)
        out.append(f"\n  {weekly[0][0].isoformat()} to {weekly[-1][0].isoformat()}: ")
        out.append(
            f"{plural(len(weekly), 'week')}, {plural(total, 'unit')}, lowest {low:,}, highest {high:,}"
        )
        return out
