"""The lists' money cells and the SKU detail's amounts are written in the account's currency,
as its reasons and totals are (``ipitui.format.money``)."""

from __future__ import annotations

import io
from dataclasses import replace

import polars as pl
import pytest
from demo_account import TODAY, make_demo_account
from rich.cells import cell_len
from rich.console import Console
from snapshots import settle
from textual.app import App, ComposeResult
from textual.widgets import Static

from ipitui.format import MONEY_COLUMNS, NBSP, MoneyFormat, money, money_format
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings
from ipitui.tui.app import IpituiApp
from ipitui.tui.screens.detail import DetailScreen
from ipitui.tui.widgets.columns import ELLIPSIS, INT, MONEY, columns_for, format_value, measure
from ipitui.tui.widgets.frame_table import FrameTable

DE = money_format("DE", "EUR")
JP = money_format("JP", "JPY")
US = money_format("US", "USD")
# Words that name money in a column's name; a number column so named is in MONEY_COLUMNS
# unless it is one of these (not an amount).
MONEY_WORDS = ("cost", "fee", "value", "price", "revenue", "surcharge", "cash", "saving", "net")
NOT_MONEY = {"revenue_rank"}


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (wide, so nothing wraps)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def test_money_cells_and_other_numbers() -> None:
    assert format_value(1234.5, MONEY, DE) == f"1.234,50{NBSP}€"
    assert format_value(1234.5, MONEY, JP) == "¥1,235"
    assert format_value(-1234.5, MONEY, US) == "-$1,234.50"
    assert format_value(None, MONEY, DE) == "-"
    assert format_value(float("nan"), MONEY, DE) == "-"
    assert format_value(1234, INT, DE) == "1,234"  # units are not money


def test_the_money_kind_comes_from_the_one_list() -> None:
    schema = pl.Schema(
        {
            "sku": pl.String,
            "excess_cost_month": pl.Float64,
            "revenue_30d": pl.Float64,
            "revenue_rank": pl.Int64,
            "removal_cost": pl.Float64,
            "quantity": pl.Int64,
        }
    )
    kinds = {c.name: c.kind for c in columns_for(schema)}
    assert [n for n, k in kinds.items() if k == MONEY] == [
        "excess_cost_month",
        "revenue_30d",
        "removal_cost",
    ]
    assert kinds["revenue_rank"] == INT


@pytest.mark.parametrize("fmt", [US, DE, JP, money_format("BR", "BRL")], ids=lambda f: f.code)
def test_a_money_column_is_as_wide_as_its_widest_amount(fmt: MoneyFormat) -> None:
    frame = pl.DataFrame(
        {"sku": ["A", "B", "C", "D"], "excess_cost_month": [0.5, -12.25, 1234567.891, None]}
    )
    (_, col) = measure(frame, columns_for(frame.schema), fmt)
    widest = max(cell_len(money(v, fmt)) for v in frame["excess_cost_month"])
    assert widest == cell_len(money(1234567.891, fmt))
    assert col.width == max(widest, len("Cost/mo") + 2)


class MoneyTable(App):
    def __init__(self, frame: pl.DataFrame, fmt: MoneyFormat) -> None:
        super().__init__()
        self.frame, self.fmt = frame, fmt

    def compose(self) -> ComposeResult:
        yield FrameTable(money=self.fmt)

    def on_mount(self) -> None:
        self.query_one(FrameTable).load(self.frame)


def rendered(table: FrameTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_a_new_format_rewrites_the_cells_and_their_widths() -> None:
    frame = pl.DataFrame({"sku": ["A", "B"], "price": [1234.5, 99999.0]})
    app = MoneyTable(frame, US)
    async with app.run_test(size=(60, 6)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert "$1,234.50" in rendered(table)[1]
        table.set_money_format(DE)
        await settle(app, pilot)
        assert table.money_format == DE
        assert f"1.234,50{NBSP}€" in rendered(table)[1]
        assert f"99.999,00{NBSP}€" in rendered(table)[2]
        assert table.columns[1].width == len(f"99.999,00{NBSP}€")


async def _account_app(home: Home, marketplace: str, currency: str) -> tuple[str, IpituiApp]:
    slug = make_demo_account(home)
    settings, _ = load_account_settings(home, slug)
    save_account_settings(home, slug, replace(settings, marketplace=marketplace, currency=currency))
    return slug, IpituiApp(home, slug, today=TODAY)


def _money_cells_shown(table: FrameTable, fmt: MoneyFormat) -> list[str]:
    """Each money cell of the first row, as written on screen, checked against ``money``."""
    line = rendered(table)[1]
    values = table.cursor_values()  # the cursor is on the first row
    cells = []
    for col in table.columns:
        if col.kind == MONEY and col.name in values:
            cell = money(values[col.name], fmt)
            assert cell_len(cell) <= col.width
            assert cell in line, (col.name, cell, line)
            if values[col.name] is not None:
                cells.append(cell)
    assert ELLIPSIS not in "".join(cells)
    return cells


@pytest.mark.parametrize(
    ("marketplace", "currency", "fmt"), [("DE", "EUR", DE), ("JP", "JPY", JP), ("US", "USD", US)]
)
async def test_the_lists_write_money_in_the_accounts_currency(
    ipitui_home: Home, marketplace: str, currency: str, fmt: MoneyFormat
) -> None:
    _, app = await _account_app(ipitui_home, marketplace, currency)
    async with app.run_test(size=(500, 24)) as pilot:  # wide: every column on screen
        await settle(app, pilot)
        card = app.triage.account.card
        for key, name in (("2", "excess"), ("3", "stranded"), ("4", "aging"), ("5", "stock_risk")):
            await pilot.press(key)
            await settle(app, pilot)
            table = app.screen.query_one(f"#{name}-table", FrameTable)
            assert table.money_format == fmt
            cells = _money_cells_shown(table, fmt)
            assert cells, name
            for col in table.columns:  # the widest amount of the whole list fits
                if col.kind == MONEY and col.name in card.lists[name].columns:
                    values = card.lists[name][col.name]
                    assert max(cell_len(money(v, fmt)) for v in values) <= col.width
            if fmt is DE:
                assert all(c.endswith(f"{NBSP}€") and "," in c for c in cells)
            elif fmt is JP:
                assert all(c.lstrip("-").startswith("¥") and "." not in c for c in cells)
            else:
                assert all(c.lstrip("-").startswith("$") and c[-3] == "." for c in cells)


async def test_the_detail_from_a_list_writes_the_accounts_currency(ipitui_home: Home) -> None:
    _, app = await _account_app(ipitui_home, "DE", "EUR")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.money_format == DE
        fees = plain(screen.query_one("#fees"))
        storage = screen.detail["fees"]["storage_month"]
        assert storage is not None and money(storage, DE) in fees
        metrics = plain(screen.query_one("#metrics"))
        assert money(screen.detail["metrics"]["price"], DE) in metrics


def test_every_money_column_of_the_lists_is_in_the_one_list(ipitui_home: Home) -> None:
    """A number column named like money in a list or the decisions is written as money: a
    column added without adding it to MONEY_COLUMNS fails here."""
    from ipitui.account import load_account

    slug = make_demo_account(ipitui_home)
    card = load_account(ipitui_home, slug).card
    frames = [card.explained(name, rows.head(20)) for name, rows in card.lists.items()]
    frames.append(card.effects)  # its columns, with or without decisions
    named = {
        name
        for frame in frames
        for name, dtype in frame.schema.items()
        if dtype.is_numeric() and any(w in name for w in MONEY_WORDS)
    }
    assert "cash" in named and "excess_cost_month" in named
    assert named - NOT_MONEY <= MONEY_COLUMNS
    assert not NOT_MONEY & MONEY_COLUMNS
