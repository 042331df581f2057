"""The Overview pane: every section rendered from a plain model, and the widget's layout."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from demo_account import REPORT_DATE, TODAY
from scored_account import Account, scored_account
from snapshots import assert_snapshot
from textual.app import App, ComposeResult
from textual.widgets import Static

from ipitui.format import money_format
from ipitui.store.paths import resolve_home
from ipitui.store.readings import Reading
from ipitui.store.snapshots import list_snapshots
from ipitui.tui.themes import load_themes
from ipitui.tui.widgets.overview import Overview
from ipitui.tui.widgets.overview_model import (
    CapacityView,
    FactorView,
    Opportunity,
    OverviewModel,
    Palette,
    bar,
    capacity_text,
    estimate_history,
    factors_text,
    headline_text,
    model_from_card,
    money_text,
    notes_text,
    opportunities_text,
)

DAY = date(2026, 3, 1)
PAL = Palette()
LOOKS = [
    pytest.param("ipitui-dark", (80, 24), id="80x24-dark"),
    pytest.param("ipitui-ansi", (80, 24), id="80x24-ansi"),
    pytest.param("ipitui-dark", (120, 40), id="120x40-dark"),
    pytest.param("ipitui-ansi", (120, 40), id="120x40-ansi"),
]


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
        history=[(DAY - timedelta(weeks=12 - i), 350 + i * 6) for i in range(13)],
        readings=[(DAY - timedelta(weeks=6), 380)],
        warnings=["SKU count fell 12% [bold]x[/]\x1b[31m"],
        report_date=DAY - timedelta(days=3),
        today=DAY,
        opportunities=[
            Opportunity(f"SKU-{i:04d}", "remove", 12.0 - i, f"[red]no sale in {i} months")
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


def test_a_factor_the_marketplace_does_not_score_is_shown_as_not_scored():
    left_out = FactorView("In-stock", "%", 88.0, 88.0, None, None, None, None, "not scored in CA")
    factors = [*model().factors[:3], left_out]
    lines = factors_text(model(factors=factors), PAL, 76).plain.split("\n")
    assert lines[4] == "In-stock       88.0 %  not scored in CA"  # no bar, no points
    assert "pts" in lines[1] and "█" in lines[1]


def test_model_from_a_canadian_card_marks_in_stock_not_scored():
    import polars as pl

    from ipitui.core import evaluate, prepare
    from ipitui.core.inputs import AccountData
    from ipitui.core.settings import AccountSettings

    rows = pl.DataFrame(
        {
            "snapshot_date": [DAY, DAY],
            "sku": ["A", "C"],
            "available": [100, 0],
            "units_shipped_t30": [30, 60],
            "units_shipped_t60": [60, 120],
            "units_shipped_t90": [90, 180],
        }
    )
    data = AccountData(snapshot_date=DAY, planning=rows.lazy(), planning_history=rows.lazy())
    for code, marked in (("CA", "not scored in CA"), ("US", "")):
        card = evaluate(prepare(data, AccountSettings(marketplace=code)), [])
        m = model_from_card(card)
        assert [f.not_scored for f in m.factors] == ["", "", "", marked]
        assert m.factors[3].now == card.factors_now.in_stock_pct is not None


def test_money_lines():
    text = money_text(model(), PAL).plain
    assert "Storage next month  $1,234.50 -> $980.00\n" in text
    assert "Aged surcharge      $312.40 -> $40.00 on 2026-03-15" in text
    assert "Amazon's estimates  storage $1,190.00\n" in text
    assert "spend $120.00, recover $45.20" in text
    quiet = money_text(model(decisions=0, surcharge=0.0, amazon_storage_estimate=None), PAL).plain
    assert "->" not in quiet and "Amazon" not in quiet and "none due" in quiet
    assert "Cash" not in quiet


def test_money_lines_without_rate_tables():
    unknown = model(
        storage_next_month=None,
        storage_next_month_after=None,
        surcharge=None,
        surcharge_after=None,
        surcharge_known=False,
        cash_spent=None,
        cash_recovered=3.0,
        amazon_storage_estimate=None,
    )
    text = money_text(unknown, PAL).plain
    assert "Storage next month  no rates\n" in text
    assert "Aged surcharge      no rates" in text and "none due" not in text
    assert "spend no rates, recover $3.00" in text


def test_model_from_a_card_without_rate_tables(account: Account):
    from dataclasses import replace

    from ipitui.core import evaluate, prepare

    settings = replace(account.settings, marketplace="MX", currency="MXN")
    card = evaluate(prepare(account.data, settings), account.decisions)
    m = model_from_card(card)
    assert m.storage_next_month is None and m.surcharge_known is False
    assert m.cash_spent is None
    text = money_text(m, PAL).plain
    assert "Storage next month  no rates" in text and "Aged surcharge      no rates" in text
    assert "spend no rates, recover no rates" in text  # a removal and a liquidation decided
    assert any("no published monthly storage fee table for MX" in w for w in m.warnings)


def test_money_lines_in_the_accounts_currency():
    text = money_text(model(money_format=money_format("DE", "EUR")), PAL).plain
    assert "Storage next month  1.234,50\u00a0€ -> 980,00\u00a0€\n" in text
    assert "$" not in text
    yen = money_text(model(money_format=money_format("JP", "JPY")), PAL).plain
    assert "Storage next month  ¥1,235 -> ¥980\n" in yen


def test_capacity_against_the_limit_or_a_hint_to_set_it():
    lines = capacity_text(model(), PAL).plain.split("\n")
    assert "Capacity standard" in lines[0] and "1,234 / 2,000 ft³ 62% -> 1,100 55%" in lines[0]
    assert "210 ft³ used, no limit set" in lines[1]
    assert "[capacity] oversize = <ft³>" in lines[2]
    both = model(capacity=[CapacityView("Standard", 10, 10, 20)], decisions=0)
    assert capacity_text(both, PAL).plain == "Capacity standard   10 / 20 ft³ 50%"
    assert "no volumes" in capacity_text(model(capacity=[]), PAL).plain


def test_notes_report_age_and_warnings_literally():
    text = notes_text(model(), PAL).plain
    assert "Report of 2026-02-26 (3 days old)" in text
    assert "! SKU count fell 12% [bold]x[/][31m" in text  # literal, escape stripped
    stale = notes_text(model(report_date=DAY - timedelta(days=8)), PAL).plain
    assert "8 days old (2026-02-21)" in stale and "import a fresh" in stale
    assert "7 days old" in notes_text(model(report_date=DAY - timedelta(days=7)), PAL).plain
    assert "(today)" in notes_text(model(report_date=DAY), PAL).plain
    assert "No planning report" in notes_text(model(report_date=None), PAL).plain


def test_opportunities_list_ten_with_points_literally():
    lines = opportunities_text(model(), PAL, 76).plain.split("\n")
    assert len(lines) == 11 and lines[0].split() == ["Points", "SKU", "Do", "Why"]
    assert lines[1].split()[:3] == ["+12", "SKU-0000", "remove"]
    assert "[red]no sale in 0 months" in lines[1]
    assert all(len(line) <= 76 for line in lines)
    long = [Opportunity("S" * 60, "liquidate", 3.0, "T" * 200)]
    narrow = opportunities_text(model(opportunities=long), PAL, 40).plain.split("\n")
    assert all(len(line) <= 40 for line in narrow) and "Why" not in narrow[0]
    assert "Nothing to gain" in opportunities_text(model(opportunities=[]), PAL, 76).plain


class Host(App[None]):
    def __init__(self, m: OverviewModel | None, theme: str = "ipitui-dark") -> None:
        super().__init__()
        self.m = m
        self.start_theme = theme

    def compose(self) -> ComposeResult:
        yield Overview()

    def on_mount(self) -> None:
        for theme in load_themes(resolve_home())[0]:
            self.register_theme(theme)
        self.theme = self.start_theme
        if self.m is not None:
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


# --- a real scorecard ------------------------------------------------------------------


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Account:
    return scored_account(tmp_path_factory.mktemp("account"))


def test_model_from_a_real_card(account: Account):
    card = account.card
    readings = [Reading(date(2026, 5, 3), 455)]
    m = model_from_card(card, readings, ["drift [x]"], REPORT_DATE, TODAY)
    assert m.estimate_now == card.estimate_now.score
    assert m.estimate_after == card.estimate_after.score
    assert m.estimate_after > m.estimate_now and m.decisions == len(account.decisions)
    assert [f.name for f in m.factors] == ["Excess", "Sell-through", "Stranded", "In-stock"]
    excess = m.factors[0]
    assert excess.now == card.factors_now.excess_pct and excess.unit == "%"
    assert excess.points_lost == card.estimate_now.points_lost["excess_pct"]
    assert m.factors[1].unit == ""
    assert m.storage_next_month == card.fees_now.storage_next_month
    assert m.storage_next_month_after < m.storage_next_month
    assert m.surcharge_date == card.fees_now.next_charge_date
    assert m.cash_recovered == card.cash.liquidation_net and m.cash_spent > 0  # removal fees
    assert {c.storage_type for c in m.capacity} >= {"Standard"}
    assert [o.sku for o in m.opportunities] == list(card.opportunities["sku"])
    assert m.readings == [(date(2026, 5, 3), 455.0)]
    assert m.warnings[0] == "drift [x]" and m.report_date == REPORT_DATE


def test_estimate_history_scores_every_snapshot(account: Account):
    points = estimate_history(account.data, account.settings)
    assert len(points) == len(list_snapshots(account.home, account.slug)["planning"])
    assert points == sorted(points)
    assert points[-1] == (REPORT_DATE, account.prepared.estimate.score)
    assert all(0 <= score <= 1000 for _, score in points)
    assert len(estimate_history(account.data, account.settings, limit=3)) == 3


async def test_overview_update_card_then_history(account: Account):
    app = Host(None)
    async with app.run_test(size=(80, 24)) as pilot:
        overview = app.query_one(Overview)
        uk = money_format("UK", "GBP")
        overview.update_card(account.card, [], [], REPORT_DATE, TODAY, money_format=uk)
        await pilot.pause()
        assert "No IPI history yet" in _shown(app, "#history")
        overview.set_history([(date(2026, 5, 3), 430), (REPORT_DATE, 417)])
        await pilot.pause()
        assert "*" in _shown(app, "#history")
        # a new card (after a decision) keeps the history and the currency
        overview.update_card(account.card, [], [], REPORT_DATE, TODAY)
        await pilot.pause()
        assert "*" in _shown(app, "#history") and overview.model.money_format == uk
        assert "£" in _shown(app, "#money") and "$" not in _shown(app, "#money")
        assert f"{account.card.estimate_now.score} now" in _shown(app, "#headline")


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_overview_snapshot(account: Account, theme: str, size: tuple[int, int]):
    history = estimate_history(account.data, account.settings)
    readings = [Reading(day, score + 25) for day, score in history[2::4]]
    app = Host(None, theme=theme)
    async with app.run_test(size=size) as pilot:
        overview = app.query_one(Overview)
        overview.update_card(account.card, readings, ["Row count fell 12%"], REPORT_DATE, TODAY)
        overview.set_history(history)
        await assert_snapshot(app, pilot, f"overview-{size[0]}x{size[1]}-{theme[7:]}")


async def test_overview_loads_the_history_in_a_worker(account: Account):
    app = Host(None)
    async with app.run_test(size=(80, 24)) as pilot:
        overview = app.query_one(Overview)
        overview.load_history(account.data, account.settings)  # may finish before the card
        await app.workers.wait_for_complete()
        await pilot.pause()
        overview.update_card(account.card, [], [], REPORT_DATE, TODAY)
        await pilot.pause()
        assert overview.model.history == [
            (d, float(s)) for d, s in estimate_history(account.data, account.settings)
        ]
        assert "*" in _shown(app, "#history")
