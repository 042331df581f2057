"""The Overview pane: every section rendered from a plain model, and the widget's layout."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import App, ComposeResult
from textual.widgets import Static

from ipitui.store.paths import resolve_home
from ipitui.tui.themes import load_themes
from ipitui.tui.widgets.overview import (
    CapacityView,
    FactorView,
    Opportunity,
    Overview,
    OverviewModel,
    Palette,
    bar,
    capacity_text,
    factors_text,
    headline_text,
    money,
    money_text,
    notes_text,
    opportunities_text,
)

TODAY = date(2026, 3, 1)
PAL = Palette()


def model(**changes) -> OverviewModel:
    base = dict(
        estimate_now=412,
        estimate_after=468,
        decisions=37,
        factors=[
            FactorView("Excess", "%", 18.4, 12.0, 0.54, 0.7, 74.0, 48.0),
            FactorView("Sell-through", "", 1.21, 1.35, 0.35, 0.4, 58.0, 52.0),
            FactorView("Stranded", "%", 2.5, 0.4, 0.75, 0.96, 12.0, 2.0),
            FactorView("In-stock", "%", 88.0, 88.0, 0.76, 0.76, 9.0, 9.0),
        ],
        storage_next_month=1234.5,
        storage_next_month_after=980.0,
        amazon_storage_estimate=1190.0,
        surcharge_date=date(2026, 3, 15),
        surcharge=312.4,
        surcharge_after=40.0,
        cash_spent=120.0,
        cash_recovered=45.2,
        capacity=[
            CapacityView("Standard", 1234, 1100, 2000),
            CapacityView("Oversize", 210, 210, 0),
        ],
        history=[(TODAY - timedelta(weeks=12 - i), 350 + i * 6) for i in range(13)],
        readings=[(TODAY - timedelta(weeks=6), 380)],
        warnings=["SKU count fell 12% [bold]x[/]\x1b[31m"],
        report_date=TODAY - timedelta(days=3),
        today=TODAY,
        opportunities=[
            Opportunity(f"SKU-{i:04d}", f"[red]Widget {i}", "remove", 40 + i, 12.0 - i)
            for i in range(10)
        ],
    )
    base.update(changes)
    return OverviewModel(**base)


def test_bar_is_filled_in_eighths():
    assert bar(0.5, 10) == "█████░░░░░"
    assert bar(1 / 16, 2) == "▏░"
    assert bar(1.0, 4) == "████" and bar(1.7, 4) == "████"
    assert bar(0.0, 3) == "░░░" and bar(-1, 3) == "░░░" and bar(None, 3) == "░░░"
    assert all(len(bar(f / 100, 17)) == 17 for f in range(101))
    assert bar(0.5, 0) == ""


def test_money():
    assert money(1234.5, "USD") == "$1,234.50"
    assert money(-3, "GBP") == "-£3.00"
    assert money(1500, "JPY") == "¥1,500"
    assert money(2.5, "SEK") == "2.50 SEK"
    assert money(None, "USD") == "-"


def test_headline_now_and_with_decisions():
    text = headline_text(model(), PAL).plain
    assert "412 now" in text and "-> 468 (+56) with 37 decisions" in text
    assert "estimate" in text.lower()
    assert "no decisions yet" in headline_text(model(decisions=0), PAL).plain
    assert "n/a" in headline_text(model(estimate_now=None), PAL).plain


def test_factors_show_value_bar_points_and_the_change():
    lines = factors_text(model(), PAL, 76).plain.split("\n")
    assert len(lines) == 5 and lines[0].startswith("Factor")
    excess = lines[1]
    assert excess.startswith("Excess") and "18.4 %" in excess and "-74 pts" in excess
    assert "-> 12.0 % -48 pts" in excess
    assert "1.21" in lines[2] and "-> 1.35 -52 pts" in lines[2]
    assert "->" not in lines[4]  # in-stock does not change
    assert all(len(line) <= 76 for line in lines)
    filled = lines[1].count("█")
    assert 0 < filled < lines[3].count("█")  # excess (0.54) scores worse than stranded (0.75)
    missing = FactorView("Stranded", "%", None, None, None, None, None, None)
    assert "n/a" in factors_text(model(factors=[missing]), PAL, 76).plain


def test_money_lines():
    text = money_text(model(), PAL).plain
    assert "Storage next month  $1,234.50 -> $980.00  (Amazon: $1,190.00)" in text
    assert "Aged surcharge      $312.40 -> $40.00 on 2026-03-15" in text
    assert "spend $120.00, recover $45.20" in text
    quiet = money_text(model(decisions=0, surcharge=0.0, amazon_storage_estimate=None), PAL).plain
    assert "->" not in quiet and "Amazon" not in quiet and "none due" in quiet
    assert "Cash" not in quiet


def test_capacity_against_the_limit_or_a_hint_to_set_it():
    lines = capacity_text(model(), PAL).plain.split("\n")
    assert "Capacity standard" in lines[0] and "1,234 / 2,000 ft³ 62% -> 1,100 55%" in lines[0]
    assert "210 ft³ used" in lines[1] and "set capacity.oversize" in lines[1]
    assert "no volumes" in capacity_text(model(capacity=[]), PAL).plain


def test_notes_report_age_and_warnings_literally():
    text = notes_text(model(), PAL).plain
    assert "Report of 2026-02-26 (3 days old)" in text
    assert "! SKU count fell 12% [bold]x[/][31m" in text  # literal, escape stripped
    stale = notes_text(model(report_date=TODAY - timedelta(days=8)), PAL).plain
    assert "8 days old (2026-02-21)" in stale and "import a fresh" in stale
    assert "7 days old" in notes_text(model(report_date=TODAY - timedelta(days=7)), PAL).plain
    assert "(today)" in notes_text(model(report_date=TODAY), PAL).plain
    assert "No planning report" in notes_text(model(report_date=None), PAL).plain


def test_opportunities_list_ten_with_points_literally():
    lines = opportunities_text(model(), PAL, 76).plain.split("\n")
    assert len(lines) == 11 and lines[0].split() == ["Points", "SKU", "Do", "Title"]
    assert lines[1].split()[:4] == ["+12", "SKU-0000", "remove", "40"]
    assert "[red]Widget 0" in lines[1]
    assert all(len(line) <= 76 for line in lines)
    long = [Opportunity("S" * 60, "T" * 200, "liquidate", 123456, 3.0)]
    narrow = opportunities_text(model(opportunities=long), PAL, 40).plain.split("\n")
    assert all(len(line) <= 40 for line in narrow) and "Title" not in narrow[0]
    assert "Nothing to gain" in opportunities_text(model(opportunities=[]), PAL, 76).plain


class Host(App[None]):
    def __init__(self, m: OverviewModel) -> None:
        super().__init__()
        self.m = m

    def compose(self) -> ComposeResult:
        yield Overview()

    def on_mount(self) -> None:
        for theme in load_themes(resolve_home())[0]:
            self.register_theme(theme)
        self.theme = "ipitui-dark"
        self.query_one(Overview).show_model(self.m)


def _shown(app: App, selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def test_overview_lays_out_narrow_then_wide():
    app = Host(model())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        overview = app.query_one(Overview)
        assert not overview.has_class("-wide")
        assert "412 now" in _shown(app, "#headline")
        assert "[bold]x[/]" in _shown(app, "#notes")
        chart = _shown(app, "#history")
        assert "400" in chart and "*" in chart and "o" in chart
        assert max(len(line) for line in chart.split("\n")) <= 78
        # narrow: the history sits below the money lines
        assert app.query_one("#history").region.y > app.query_one("#money").region.y
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert overview.has_class("-wide")
        # wide: the history sits beside the money lines
        assert app.query_one("#right").region.x > app.query_one("#left").region.x
        assert app.query_one("#right").region.y == app.query_one("#left").region.y
        assert "SKU-0009" in _shown(app, "#opportunities")


async def test_overview_redraws_on_theme_change():
    app = Host(model())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.query_one("#factors", Static).render()
        app.theme = "ipitui-light"
        await pilot.pause()
        after = app.query_one("#factors", Static).render()
        assert str(before) == str(after) and before.spans != after.spans
