"""The two lines at the top: the IPI estimate now and with the decisions, and the pane tabs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from ipitui.core.standing import STALE_AFTER_DAYS
from ipitui.format import plural
from ipitui.tui.text import literal


@dataclass(frozen=True)
class HeaderState:
    account: str = ""
    estimate_now: int | None = None
    estimate_after: int | None = None
    decisions: int = 0
    report_date: date | None = None
    today: date | None = None
    busy: str = ""  # "loading", "updating" ...
    # the fitted mapping's leave-one-out error (None: not calibrated, no ±)
    uncertainty: float | None = None


def _score(value: int | None) -> str:
    return "?" if value is None else str(value)


def header_text(state: HeaderState, width: int) -> Text:
    """ "IPI estimate 512 -> 547 with 25 decisions   Acme   report 2026-08-01 (3 days)";
    once calibrated "IPI ≈ 512 ± 18 -> 547 ..." (± the leave-one-out error)."""
    uncertainty = state.uncertainty
    calibrated = uncertainty is not None and state.estimate_now is not None
    out = Text(" IPI ≈ " if calibrated else " IPI estimate ", end="")
    out.append(_score(state.estimate_now), style="bold")
    if calibrated and uncertainty is not None:
        from ipitui.core.estimate import round_score  # polars: not before the first frame

        out.append(f" ± {round_score(uncertainty)}")
    if state.estimate_now is not None or state.estimate_after is not None:
        out.append(" -> ")
        out.append(_score(state.estimate_after), style="bold reverse")
        n = state.decisions
        out.append(f" with {plural(n, 'decision')}")
        if state.estimate_now is not None and state.estimate_after is not None:
            delta = state.estimate_after - state.estimate_now
            if delta:
                out.append(f" ({delta:+d})", style="bold")
    if state.busy:
        out.append(f"  {state.busy}...", style="italic")
    right = Text(end="")
    if state.report_date is not None:
        right.append(f"report {state.report_date.isoformat()}")
        if state.today is not None:
            age = (state.today - state.report_date).days
            if age > STALE_AFTER_DAYS:
                right.append(f" {age} days old!", style="bold reverse")
            else:
                right.append(f" ({age} d)")
    account = literal(state.account, style="bold")
    room = width - out.cell_len - right.cell_len - 4
    if room >= 6:
        account.truncate(min(room, account.cell_len), overflow="ellipsis")
        right = Text.assemble(account, "  ", right) if right else account
    gap = max(1, width - out.cell_len - right.cell_len - 1)
    out.append(" " * gap)
    out.append_text(right)
    out.truncate(width, overflow="ellipsis")
    return out


class IpiHeader(Static):
    DEFAULT_CSS = """
    IpiHeader { height: 1; background: $primary-background; color: $foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.state = HeaderState()

    def show(self, state: HeaderState) -> None:
        self.state = state
        self.update(header_text(state, self.size.width or 80), layout=False)  # always 1 line

    def on_resize(self) -> None:
        self.show(self.state)


@dataclass(frozen=True)
class Tab:
    id: str
    key: str  # the key that opens it, as shown
    title: str
    count: int | None = None


def tabs_text(tabs: Sequence[Tab], active: str, width: int) -> tuple[Text, list[tuple[int, int]]]:
    """The tab line and each tab's (start, end) cell span (for mouse clicks). Counts are
    dropped when the line would not fit."""
    for with_counts in (True, False):
        out, spans = Text(end=""), []
        for tab in tabs:
            label = f" {tab.key} {tab.title}"
            if with_counts and tab.count is not None:
                label += f" {tab.count:,}"
            label += " "
            start = out.cell_len
            style = "bold reverse" if tab.id == active else ""
            out.append(label, style=style)
            spans.append((start, out.cell_len))
            out.append("|" if tab is not tabs[-1] else "", style="dim")
        if out.cell_len <= width:
            return out, spans
    out.truncate(width)
    return out, spans


class PaneTabs(Static):
    """The pane names with their keys; the open one is shown reversed (not by colour)."""

    DEFAULT_CSS = """
    PaneTabs { height: 1; background: $panel; }
    """

    class Clicked(Message):
        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, tabs: Sequence[Tab], *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.tabs = list(tabs)
        self.active = self.tabs[0].id
        self._spans: list[tuple[int, int]] = []

    def show(self, active: str | None = None, counts: dict[str, int | None] | None = None) -> None:
        if active is not None:
            self.active = active
        if counts is not None:
            self.tabs = [Tab(t.id, t.key, t.title, counts.get(t.id, t.count)) for t in self.tabs]
        text, self._spans = tabs_text(self.tabs, self.active, self.size.width or 80)
        self.update(text, layout=False)  # always 1 line

    def on_resize(self) -> None:
        self.show()

    def on_click(self, event: events.Click) -> None:
        for tab, (start, end) in zip(self.tabs, self._spans, strict=False):
            if start <= event.x < end:
                self.post_message(self.Clicked(tab.id))
