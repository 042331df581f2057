"""The Overview pane: where the account stands and what the decisions would change.

It shows the estimated IPI now and with the current decisions, the four factors as bars
labelled with their values and the points each costs, next month's storage cost (ipitui's
and Amazon's own estimate), the next aged-inventory surcharge, capacity against the
seller's limits, the IPI history with recorded readings and the 400 line, the report's age
and import warnings, and the ten decisions that would raise the estimate most.

Everything is rendered from an :class:`~ipitui.tui.widgets.overview_model.OverviewModel`
by the section functions of ``tui.widgets.overview_model``; this widget lays the sections
out, takes their colours from the theme and scores the IPI history in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.color import Color, ColorParseError
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Static
from textual.worker import get_current_worker

from ipitui.format import MoneyFormat
from ipitui.tui.widgets.overview_model import (
    OverviewModel,
    Palette,
    capacity_text,
    dated_points,
    estimate_history,
    factors_text,
    headline_text,
    model_from_card,
    money_text,
    notes_text,
    opportunities_text,
)

# The scoring core and the chart load when there is something to show (not for the first
# frame, which the pane paints as "Loading the account...").
if TYPE_CHECKING:
    from ipitui.core.inputs import AccountData
    from ipitui.core.settings import AccountSettings
    from ipitui.core.whatif import Scorecard

WIDE = 110  # from this many columns the pane uses two columns


class Overview(VerticalScroll):
    """The Overview pane. Call :meth:`update_card` whenever the scorecard changes."""

    DEFAULT_CSS = """
    Overview {
        padding: 0 1;
    }
    Overview .section {
        height: auto;
        margin-bottom: 1;
    }
    Overview .title {
        text-style: bold underline;
    }
    Overview #columns, Overview #left, Overview #right {
        height: auto;
    }
    Overview.-wide #columns {
        layout: horizontal;
    }
    Overview.-wide #left {
        width: 1fr;
        margin-right: 2;
    }
    Overview.-wide #right {
        width: 46;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.model: OverviewModel | None = None
        self.history: list[tuple[date, float | None]] = []  # kept across cards
        self._stale = False  # a model arrived while hidden

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading the account..."), id="headline", classes="section")
        yield Static("", id="factors", classes="section")
        with Vertical(id="columns"):
            with Vertical(id="left"):
                yield Static("", id="money", classes="section")
                yield Static("", id="capacity", classes="section")
                yield Static("", id="notes", classes="section")
            with Vertical(id="right"):
                yield Static("IPI history", classes="title")
                yield Static("", id="history", classes="section")
        yield Static("Ten decisions that would raise the estimate most", classes="title")
        yield Static("", id="opportunities", classes="section")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_model())

    def on_show(self) -> None:
        if self._stale:
            self.refresh_model()

    def on_resize(self, event: Resize) -> None:
        wide = event.size.width >= WIDE
        if wide != self.has_class("-wide"):
            self.set_class(wide, "-wide")
        self.refresh_model()

    def palette(self) -> Palette:
        variables = self.app.get_css_variables()

        def style(name: str) -> Style:
            try:
                return Style(color=Color.parse(variables[name]).rich_color, bold=True)
            except (KeyError, ColorParseError):
                return Style(bold=True)

        return Palette(
            good=style("success"),
            fair=style("warning"),
            bad=style("error"),
            accent=style("accent"),
        )

    def update_card(
        self,
        card: Scorecard,
        readings: Sequence[Any] = (),
        warnings: Sequence[str] = (),
        report_date: date | None = None,
        today: date | None = None,
        *,
        money_format: MoneyFormat | None = None,
    ) -> None:
        """Show ``card`` with the recorded IPI ``readings`` (``(date, score)`` pairs or
        records with ``day`` and ``score``) and the import ``warnings``. The estimates of the
        older snapshots arrive separately (:meth:`set_history`) and are kept."""
        model = model_from_card(card, readings, warnings, report_date, today)
        if money_format is not None:
            model.money_format = money_format
        elif self.model is not None:
            model.money_format = self.model.money_format
        model.history = self.history
        self.show_model(model)

    @work(thread=True, exclusive=True, group="ipi-history", exit_on_error=False)
    def load_history(self, data: AccountData, settings: AccountSettings) -> None:
        """Score every stored snapshot in a thread, then show the history (after a load)."""
        points = estimate_history(data, settings)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.set_history, points)

    def set_history(self, points: Sequence[Any]) -> None:
        """The estimate at each stored snapshot (see :func:`estimate_history`)."""
        self.history = dated_points(points)
        if self.model is not None:
            self.model.history = self.history
            self.refresh_model()

    def show_model(self, model: OverviewModel) -> None:
        self.model = model
        self.refresh_model()

    def refresh_model(self) -> None:
        m = self.model
        if m is None or not self.is_mounted:
            return
        if not self.display:  # behind a list: drawn when shown (a mark stays a frame's work)
            self._stale = True
            return
        self._stale = False
        pal = self.palette()
        wide = self.has_class("-wide")
        width = max(40, self.size.width - 2)
        column = 46 if wide else width
        from ipitui.tui.widgets.charts import ChartStyles, ipi_history_chart

        self.query_one("#headline", Static).update(headline_text(m, pal))
        self.query_one("#factors", Static).update(factors_text(m, pal, width))
        self.query_one("#money", Static).update(money_text(m, pal))
        self.query_one("#capacity", Static).update(capacity_text(m, pal))
        self.query_one("#notes", Static).update(notes_text(m, pal))
        chart = ipi_history_chart(
            m.history,
            m.readings,
            width=column,
            height=10 if wide else 8,
            styles=ChartStyles(estimate=pal.accent, actual=pal.good, threshold=pal.bad),
        )
        self.query_one("#history", Static).update(chart)
        self.query_one("#opportunities", Static).update(opportunities_text(m, pal, width))
