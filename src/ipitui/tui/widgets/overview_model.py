"""What the Overview pane shows, as a plain model, and each of its sections as Rich text.

:class:`OverviewModel` is a plain snapshot of what the pane shows, so the layout is tested
without a scorecard; :func:`model_from_card` is the one place that reads a ``Scorecard`` for
it, and :func:`estimate_history` scores the older snapshots for the IPI history. Each
``*_text`` function renders one section from the model with a :class:`Palette` (the widget,
``tui.widgets.overview``, takes its styles from the theme). Every colour has a word or a sign
beside it, so the pane reads the same without colour. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text

from ipitui.core.standing import IPI_THRESHOLD, is_stale, report_age
from ipitui.format import MoneyFormat, money, money_format
from ipitui.tui.text import clean, literal

# The scoring core loads when there is something to show (not for the first frame).
if TYPE_CHECKING:
    from ipitui.core.inputs import AccountData
    from ipitui.core.settings import AccountSettings
    from ipitui.core.whatif import Scorecard

LABEL = 20  # width of the labels of the money and capacity lines
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL, EMPTY = "█", "░"


@dataclass(frozen=True)
class FactorView:
    """One IPI factor. ``score`` is its sub-score (1 = best, 0 = worst) for the bar."""

    name: str
    unit: str  # "%" or "" (a ratio such as sell-through)
    now: float | None
    after: float | None
    score: float | None
    score_after: float | None
    points_lost: float | None
    points_lost_after: float | None
    # why the marketplace's IPI leaves the factor out ("not scored in CA"); "" when scored
    not_scored: str = ""


@dataclass(frozen=True)
class CapacityView:
    storage_type: str
    used: float  # cubic feet now
    used_after: float
    limit: float  # 0: the seller has not entered one


@dataclass(frozen=True)
class Opportunity:
    sku: str
    action: str  # ipitui's suggested action
    points: float  # how much the estimate would rise
    reason: str


@dataclass
class OverviewModel:
    estimate_now: int | None
    estimate_after: int | None
    decisions: int
    factors: list[FactorView]
    money_format: MoneyFormat = field(default_factory=lambda: money_format("US", "USD"))
    storage_next_month: float | None = None
    storage_next_month_after: float | None = None
    amazon_storage_estimate: float | None = None
    amazon_surcharge_estimate: float | None = None
    surcharge_date: date | None = None
    surcharge: float | None = None
    surcharge_after: float | None = None
    surcharge_known: bool = True  # False: no rate table for the surcharge (no amount)
    cash_spent: float | None = None
    cash_recovered: float | None = None
    capacity: list[CapacityView] = field(default_factory=list)
    history: list[tuple[date, float | None]] = field(default_factory=list)
    readings: list[tuple[date, float | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report_date: date | None = None
    today: date | None = None
    opportunities: list[Opportunity] = field(default_factory=list)


@dataclass(frozen=True)
class Palette:
    """Rich styles for good / middling / bad numbers, taken from the theme."""

    good: Style = field(default_factory=lambda: Style(bold=True))
    fair: Style = field(default_factory=lambda: Style(bold=True))
    bad: Style = field(default_factory=lambda: Style(bold=True))
    accent: Style = field(default_factory=lambda: Style(bold=True))
    muted: Style = field(default_factory=lambda: Style(dim=True))


def factor_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} %" if unit == "%" else f"{value:.2f}"


def bar(fraction: float | None, width: int) -> str:
    """A bar of ``width`` cells filled to ``fraction`` in eighths of a cell."""
    if width <= 0:
        return ""
    if fraction is None:
        return EMPTY * width
    eighths = round(min(1.0, max(0.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    text = FULL * full + (EIGHTHS[part] if part else "")
    return text + EMPTY * (width - len(text))


def _grade(score: float | None, pal: Palette) -> Style:
    if score is None:
        return pal.muted
    return pal.good if score >= 0.7 else pal.fair if score >= 0.4 else pal.bad


def headline_text(m: OverviewModel, pal: Palette) -> Text:
    out = Text("Estimated IPI  ", style="bold", end="")
    if m.estimate_now is None:
        out.append("n/a (not enough data)", style=pal.muted)
        return out
    now = m.estimate_now
    out.append(
        f"{now}", style=pal.good if now >= 500 else pal.fair if now >= IPI_THRESHOLD else pal.bad
    )
    out.append(" now")
    if m.decisions and m.estimate_after is not None:
        delta = m.estimate_after - now
        out.append(f"  -> {m.estimate_after}", style="bold")
        out.append(f" ({delta:+d})", style=pal.good if delta > 0 else pal.muted)
        out.append(f" with {m.decisions:,} decision{'s' if m.decisions != 1 else ''}")
    else:
        out.append("   no decisions yet", style=pal.muted)
    out.append("\n")
    out.append(
        "An estimate from your reports: Amazon does not publish the formula.", style=pal.muted
    )
    return out


def factors_text(m: OverviewModel, pal: Palette, width: int) -> Text:
    """One line per factor: name, value, bar, points lost, and the value with decisions."""
    bar_width = max(6, min(40, width - 56))
    out = Text(end="")
    out.append(f"{'Factor':<13}{'now':>8}  {'score (full = best)':<{bar_width}}", style="bold")
    out.append(f"  {'costs':>8}  {'with decisions':<18}", style="bold")
    for f in m.factors:
        out.append(f"\n{f.name:<13}")
        if f.not_scored:  # its value is shown but counts for nothing in this marketplace
            out.append(f"{factor_value(f.now, f.unit):>8}  {f.not_scored}", style=pal.muted)
            continue
        style = _grade(f.score, pal)
        out.append(f"{factor_value(f.now, f.unit):>8}", style=style)
        out.append("  ")
        out.append(bar(f.score, bar_width), style=style)
        out.append(f"  {_points(f.points_lost):>8}")
        if f.after is not None and (f.after != f.now or f.points_lost_after != f.points_lost):
            after = f"-> {factor_value(f.after, f.unit)} {_points(f.points_lost_after)}"
            out.append(f"  {after}", style=_grade(f.score_after, pal))
    return out


def _points(points: float | None) -> str:
    return "-" if points is None else f"-{points:.0f} pts" if points >= 0.5 else "0 pts"


def _label(out: Text, label: str) -> None:
    out.append(f"{label:<{LABEL}}", style="bold")


def _after(out: Text, m: OverviewModel, now: float | None, after: float | None) -> None:
    if m.decisions and after is not None and after != now:
        out.append(f" -> {money(after, m.money_format)}", style="bold")


def money_text(m: OverviewModel, pal: Palette) -> Text:
    cur = m.money_format
    out = Text(end="")
    _label(out, "Storage next month")
    if m.storage_next_month is None:
        out.append("no rates", style=pal.muted)
    else:
        out.append(money(m.storage_next_month, cur))
    _after(out, m, m.storage_next_month, m.storage_next_month_after)
    out.append("\n")
    _label(out, "Aged surcharge")
    if m.surcharge_known is False:
        out.append("no rates", style=pal.muted)
    elif m.surcharge_date is None or not m.surcharge:
        out.append("none due", style=pal.muted)
    else:
        out.append(money(m.surcharge, cur), style=pal.bad)
        _after(out, m, m.surcharge, m.surcharge_after)
        out.append(f" on {m.surcharge_date.isoformat()}")
    amazon = [
        f"{what} {money(value, cur)}"
        for what, value in (
            ("storage", m.amazon_storage_estimate),
            ("surcharge", m.amazon_surcharge_estimate),
        )
        if value is not None
    ]
    if amazon:
        out.append("\n")
        _label(out, "Amazon's estimates")
        out.append(", ".join(amazon), style=pal.muted)
    if m.decisions and (m.cash_spent is None or m.cash_recovered is None):
        out.append("\n")
        _label(out, "Cash for decisions")
        spent, recovered = m.cash_spent, m.cash_recovered
        out.append(f"spend {'no rates' if spent is None else money(spent, cur)}")
        out.append(f", recover {'no rates' if recovered is None else money(recovered, cur)}")
    elif m.decisions and (m.cash_spent or m.cash_recovered):
        out.append("\n")
        _label(out, "Cash for decisions")
        out.append(f"spend {money(m.cash_spent or 0.0, cur)}")
        out.append(f", recover {money(m.cash_recovered or 0.0, cur)}")
    return out


def capacity_text(m: OverviewModel, pal: Palette) -> Text:
    """Cubic feet used per storage type against the seller's limit (a hint when none is set)."""
    out = Text(end="")
    shown = [c for c in m.capacity if c.used or c.limit]
    if not shown:
        _label(out, "Capacity")
        out.append("no volumes in the report", style=pal.muted)
        return out
    for i, c in enumerate(shown):
        if i:
            out.append("\n")
        _label(out, f"Capacity {c.storage_type.lower()}")
        after = m.decisions and c.used_after != c.used
        if c.limit > 0:
            share = c.used / c.limit
            style = pal.bad if share > 1 else pal.fair if share > 0.9 else pal.good
            out.append(f"{c.used:,.0f} / {c.limit:,.0f} ft³ {share:.0%}", style=style)
            if after:
                out.append(f" -> {c.used_after:,.0f} {c.used_after / c.limit:.0%}", style="bold")
        else:
            out.append(f"{c.used:,.0f} ft³ used", style="bold")
            if after:
                out.append(f" -> {c.used_after:,.0f}", style="bold")
            out.append(", no limit set", style=pal.muted)
    missing = [c.storage_type.lower() for c in shown if c.limit <= 0]
    if missing:
        out.append("\n")
        out.append(
            f"Enter your limits in the account settings: [capacity] {missing[0]} = <ft³>",
            style=pal.muted,
        )
    return out


def notes_text(m: OverviewModel, pal: Palette) -> Text:
    """The report's age (a warning past a week) and the import warnings, one per line."""
    out = Text(end="")
    age = report_age(m.report_date, m.today)
    if m.report_date is None:
        out.append("! No planning report imported yet: press i to import one.", style=pal.bad)
    elif is_stale(age):
        out.append(
            f"! The report is {age} days old ({m.report_date.isoformat()}): import a fresh "
            "FBA Inventory report for current numbers.",
            style=pal.bad,
        )
    else:
        when = "today" if age == 0 else f"{age} day{'s' if age != 1 else ''} old"
        out.append(f"Report of {m.report_date.isoformat()} ({when})", style=pal.muted)
    for warning in m.warnings:
        out.append("\n")
        out.append("! ", style=pal.fair)
        out.append_text(literal(warning))
    return out


def opportunities_text(m: OverviewModel, pal: Palette, width: int) -> Text:
    out = Text(end="")
    if not m.opportunities:
        out.append("Nothing to gain: no SKU's fix would raise the estimate.", style=pal.muted)
        return out
    longest = max(len(clean(o.sku)) for o in m.opportunities)
    sku_width = max(4, min(24, longest, width - 8 - 14))
    action_width = max(6, min(14, max(len(clean(o.action)) for o in m.opportunities)))
    reason_width = max(0, width - 8 - sku_width - 2 - action_width - 2)
    out.append(f"{'Points':>6}  {'SKU':<{sku_width}}  {'Do':<{action_width}}", style="bold")
    if reason_width >= 8:
        out.append("  Why", style="bold")
    for o in m.opportunities:
        out.append("\n")
        out.append(f"{o.points:>+6.0f}", style=pal.good)
        out.append("  ")
        out.append_text(literal(_cut(clean(o.sku), sku_width).ljust(sku_width)))
        out.append("  ")
        out.append_text(literal(_cut(clean(o.action), action_width).ljust(action_width)))
        if reason_width >= 8:
            out.append("  ")
            out.append_text(literal(_cut(clean(o.reason), reason_width), style=pal.muted))
    return out


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def dated_points(points: Sequence[Any]) -> list[tuple[date, float | None]]:
    """``(date, score)`` pairs from tuples or from records with ``day``/``date`` and ``score``."""
    out = []
    for p in points:
        if isinstance(p, tuple) and len(p) == 2:
            day, score = p
        else:
            day = getattr(p, "day", None) or getattr(p, "date", None)
            score = getattr(p, "score", None)
        if isinstance(day, date):
            out.append((day, None if score is None else float(score)))
    return out


def model_from_card(
    card: Scorecard,
    readings: Sequence[Any] = (),
    warnings: Sequence[str] = (),
    report_date: date | None = None,
    today: date | None = None,
) -> OverviewModel:
    """The one place that reads a ``Scorecard`` for the Overview."""
    from ipitui.core.factors import FACTOR_LABELS, FACTORS

    now, after = card.estimate_now, card.estimate_after
    values_now, values_after = card.factors_now.values(), card.factors_after.values()
    factors = [
        FactorView(
            name=FACTOR_LABELS[name].capitalize(),
            unit="" if name == "sell_through" else "%",
            now=values_now[name],
            after=values_after[name],
            score=now.sub_scores.get(name),
            score_after=after.sub_scores.get(name),
            points_lost=now.points_lost.get(name),
            points_lost_after=after.points_lost.get(name),
            not_scored=f"not scored in {card.factors_now.marketplace}"
            if name in card.factors_now.not_scored
            else "",
        )
        for name in FACTORS
    ]
    fees_now, fees_after = card.fees_now, card.fees_after
    cap = card.capacity
    capacity = [
        CapacityView(
            kind.capitalize(), used, cap.used_after.get(kind, used), cap.limits.get(kind, 0.0)
        )
        for kind, used in cap.used_now.items()
    ]
    opportunities = [
        Opportunity(
            sku=str(row["sku"]),
            action=str(row["suggested_action"] or ""),
            points=float(row["points_at_stake"] or 0.0),
            reason=str(row["reason"] or ""),
        )
        for row in card.opportunities.head(10).iter_rows(named=True)
    ]
    cash = card.cash
    return OverviewModel(
        estimate_now=now.score,
        estimate_after=after.score,
        decisions=card.decisions_applied,
        factors=factors,
        storage_next_month=fees_now.storage_next_month,
        storage_next_month_after=fees_after.storage_next_month,
        amazon_storage_estimate=fees_now.amazon_storage_next_month,
        surcharge_date=fees_now.next_charge_date,
        surcharge=fees_now.surcharge_next_charge,
        surcharge_after=fees_after.surcharge_next_charge,
        amazon_surcharge_estimate=fees_now.amazon_surcharge_next_charge,
        surcharge_known=fees_now.surcharge_next_charge is not None,
        cash_spent=None
        if cash.removal_fees is None or cash.disposal_fees is None
        else cash.removal_fees + cash.disposal_fees,
        cash_recovered=cash.liquidation_net,
        capacity=capacity,
        readings=dated_points(readings),
        warnings=[*warnings, *fees_now.notes],
        report_date=report_date or card.snapshot_date,
        today=today,
        opportunities=opportunities,
    )


def estimate_history(
    data: AccountData, settings: AccountSettings, *, limit: int = 26
) -> list[tuple[date, int | None]]:
    """The estimate at each of the newest ``limit`` planning snapshots, oldest first.

    Heavy (it scores every snapshot): run it in a thread worker after the first paint.
    """
    from ipitui.core.calibration import estimate_at
    from ipitui.core.history import snapshot_dates

    dates = snapshot_dates(data.planning_history)[-limit:]
    return [(day, estimate_at(data, settings, day)[1].score) for day in dates]
