"""The screens that work on a real account: SKU detail, export and import.

One demo account is written and imported per module (real report files, the real store),
then scored with the real core; every test reads it, and tests that write use their own
empty home.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from demo_account import REPORT_DATE, TODAY
from rich.console import Console
from scored_account import Account, scored_account
from screen_host import UNSET, ScreenHost
from snapshots import assert_snapshot, settle
from textual.widgets import Input, Sparkline

from ipitui.core import sku_detail
from ipitui.core.decisions import Action
from ipitui.core.settings import ReturnAddress
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings
from ipitui.store.snapshots import list_snapshots
from ipitui.tui.screens.confirm import Confirm
from ipitui.tui.screens.detail import DetailScreen, age_label, value_text
from ipitui.tui.screens.export_screen import ExportScreen
from ipitui.tui.screens.import_screen import ImportScreen, expand_paths

SIZE = (80, 24)
LOOKS = [
    pytest.param("ipitui-dark", (80, 24), id="80x24-dark"),
    pytest.param("ipitui-ansi", (80, 24), id="80x24-ansi"),
    pytest.param("ipitui-dark", (120, 40), id="120x40-dark"),
    pytest.param("ipitui-ansi", (120, 40), id="120x40-ansi"),
]


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Account:
    return scored_account(tmp_path_factory.mktemp("account"))


def plain(widget: Any, width: int = 200) -> str:
    """What a Static shows, as plain text (wide, so nothing wraps)."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


# --- detail ------------------------------------------------------------------------------


def test_value_text_and_age_labels():
    assert value_text(None) == "-" and value_text(1234) == "1,234" and value_text(2.5) == "2.50"
    assert value_text(float("inf")) == "no sales" and value_text(True) == "yes"
    assert value_text(REPORT_DATE) == "2026-06-15" and value_text("a\x1b[1mb") == "a[1mb"
    assert age_label("age_0_90") == "0-90 days" and age_label("age_456_plus") == "456+ days"


async def test_detail_shows_every_report_field_the_advice_and_the_decision(account: Account):
    sku = account.sku(Action.PROMOTE)
    detail = sku_detail(account.prepared, sku)
    app = ScreenHost(DetailScreen(detail, account.effect(sku)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen

        def shown(selector: str) -> str:
            return plain(screen.query_one(selector))

        assert sku in shown("#title") and detail["product_name"] in shown("#title")
        advice = shown("#advice")
        assert "ipitui suggests" in advice and detail["suggested_action"] in advice
        amazon = detail["amazon_recommended_action"]
        assert "Amazon recommends" in advice and (amazon is None or amazon in advice)
        assert "promote" in shown("#effect") and "Estimate points" in shown("#effect")
        fees = shown("#fees")
        assert "Storage next month" in fees and "->" in fees  # promoting lowers storage
        reports = shown("#reports")
        for kind, rows in detail["reports"].items():
            for row in rows:
                for key in row:
                    assert key in reports, (kind, key)
        assert "FBA Inventory (planning) report" in reports
        ages = shown("#ages")
        assert "0-90 days" in ages
        weekly = detail["weekly_shipped"]
        assert bool(screen.query(Sparkline)) == (len(weekly) >= 2)
        await pilot.press("j", "pagedown", "k")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_detail_without_a_decision_and_with_markup_in_the_title(account: Account):
    sku = account.prepared.lists["excess"]["sku"][-1]
    detail = {**sku_detail(account.prepared, sku), "product_name": "[bold red]x[/] \x1b[31mY"}
    app = ScreenHost(DetailScreen(detail, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "[bold red]x[/] [31mY" in plain(app.screen.query_one("#title"))
        assert "none yet" in plain(app.screen.query_one("#effect"))
        assert "->" not in plain(app.screen.query_one("#fees"))


async def test_detail_of_a_sku_with_weekly_history_draws_a_sparkline(account: Account):
    data = account.prepared
    for sku in data.whatif_base["sku"]:
        detail = sku_detail(data, sku)
        if len(detail["weekly_shipped"]) >= 3:
            break
    else:
        pytest.fail("the demo account has no SKU with three weekly snapshots")
    app = ScreenHost(DetailScreen(detail, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(Sparkline)
        assert list(line.data) == [float(units) for _, units in detail["weekly_shipped"]]
        assert f"{len(detail['weekly_shipped'])} weeks" in str(
            app.screen.query_one("#weekly-title").render()
        )


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_detail_snapshot(account: Account, theme, size):
    sku = account.sku(Action.LIQUIDATE)
    app = ScreenHost(DetailScreen(sku_detail(account.prepared, sku), account.effect(sku)), theme)
    async with app.run_test(size=size) as pilot:
        await assert_snapshot(app, pilot, f"detail-{size[0]}x{size[1]}-{theme[7:]}")


# --- export ------------------------------------------------------------------------------


def _export_home(ipitui_home: Home, account: Account, *, address: bool) -> str:
    slug = add_account(ipitui_home, "Shop").slug
    if address:
        settings, _ = load_account_settings(ipitui_home, slug)
        settings.return_address = ReturnAddress(
            name="Shop", line1="1 Main St", city="Springfield", state_or_region="IL",
            postal_code="62701", country_code="US", phone="555-0100",
        )  # fmt: skip
        save_account_settings(ipitui_home, slug, settings)
    return slug


def _exporter(ipitui_home: Home, account: Account, slug: str, kind: str) -> ExportScreen:
    return ExportScreen(ipitui_home, slug, account.card, account.decisions, kind=kind, today=TODAY)


async def test_export_previews_then_writes_and_asks_before_replacing(
    ipitui_home: Home, account: Account
):
    slug = _export_home(ipitui_home, account, address=False)
    app = ScreenHost(_exporter(ipitui_home, account, slug, "decisions"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        plan = screen.plan
        assert plan is not None and plan.error is None and len(plan.paths) == 1
        target = plan.paths[0]
        assert target.parent == ipitui_home.exports_dir(slug) and not target.exists()
        preview = str(screen.query_one("#preview-text").render())
        first_line = plan.export.files[0].data.decode("utf-8-sig").splitlines()[0]
        assert first_line.split(",")[0] in preview and target.name in preview
        await pilot.press("w")
        await settle(app, pilot)
    assert app.result == [target]
    written = target.read_bytes()
    assert written == plan.export.files[0].data

    target.write_bytes(b"older file")
    app = ScreenHost(_exporter(ipitui_home, account, slug, "decisions"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "exists" in str(app.screen.query_one("#preview-text").render())
        await pilot.press("enter")  # on the kind list: write
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_bytes() == b"older file" and app.result is UNSET
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
    assert app.result == [target] and target.read_bytes() == written


async def test_export_refuses_a_return_order_without_an_address(
    ipitui_home: Home, account: Account
):
    slug = _export_home(ipitui_home, account, address=False)
    app = ScreenHost(_exporter(ipitui_home, account, slug, "removal"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = str(app.screen.query_one("#preview-text").render())
        assert "return_address" in text and "nothing was written" in text
        assert app.screen.query_one("#preview").has_class("-refused")
        await pilot.press("w")
        await pilot.pause()
        assert app.result is UNSET
        # another kind can still be written
        await pilot.press("down")  # liquidation
        await settle(app, pilot)
        assert not app.screen.query_one("#preview").has_class("-refused")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert not ipitui_home.exports_dir(slug).exists()


async def test_export_of_removals_with_an_address(ipitui_home: Home, account: Account):
    slug = _export_home(ipitui_home, account, address=True)
    app = ScreenHost(_exporter(ipitui_home, account, slug, "removal"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = str(app.screen.query_one("#preview-text").render())
        assert account.sku(Action.REMOVE) in text
        await pilot.press("w")
        await settle(app, pilot)
    assert app.result and all(p.exists() for p in app.result)


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_export_snapshot(
    ipitui_home: Home, account: Account, theme, size, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOME", str(ipitui_home.config_dir.parent.parent))
    slug = _export_home(ipitui_home, account, address=False)
    app = ScreenHost(_exporter(ipitui_home, account, slug, "decisions"), theme)
    async with app.run_test(size=size) as pilot:
        await assert_snapshot(app, pilot, f"export-{size[0]}x{size[1]}-{theme[7:]}")


# --- import ------------------------------------------------------------------------------


async def test_import_of_good_files_dismisses_with_the_summaries(
    ipitui_home: Home, account: Account
):
    slug = add_account(ipitui_home, "Fresh").slug
    app = ScreenHost(ImportScreen(ipitui_home, slug, cwd=account.files.parent))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = account.files.name
        await pilot.press("enter")
        await settle(app, pilot)
    summaries = app.result
    assert summaries and {s.kind for s in summaries} >= {"planning", "stranded"}
    assert list_snapshots(ipitui_home, slug)["planning"][-1] == REPORT_DATE


async def test_import_of_a_bad_file_shows_where_and_changes_nothing(
    ipitui_home: Home, account: Account, tmp_path: Path
):
    slug = add_account(ipitui_home, "Fresh").slug
    bad = tmp_path / "orders.txt"
    bad.write_text("order\t[bold]customer\x1b[31m\tamount\n1\tBob\t3\n")
    good = sorted(account.files.glob("*.txt"))[0]
    app = ScreenHost(ImportScreen(ipitui_home, slug, cwd=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = f"{good} orders.txt"
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert screen.has_class("-refused") and not screen.has_class("-running")
        panel = str(screen.query_one("#problem-text").render())
        assert "orders.txt, line 1" in panel and "not a report ipitui knows" in panel
        assert "[bold]customer" in panel and "\x1b" not in panel
        assert "Nothing was changed" in panel
        assert screen.focused is screen.query_one("#paths")  # fix the path and try again
        assert app.result is UNSET
    assert list_snapshots(ipitui_home, slug) == {} or not any(
        list_snapshots(ipitui_home, slug).values()
    )


async def test_import_screen_closed_while_importing_tells_the_app(
    ipitui_home: Home, account: Account
):
    slug = add_account(ipitui_home, "Fresh").slug
    seen: list[ImportScreen.Imported] = []

    class Listener(ScreenHost):
        def on_import_screen_imported(self, message: ImportScreen.Imported) -> None:
            seen.append(message)

    app = Listener(ImportScreen(ipitui_home, slug, cwd=account.files.parent))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        # start and close in one step of the event loop: the import is surely still running
        screen.start(expand_paths(account.files.name, account.files.parent))
        assert screen.has_class("-running")
        screen.action_close()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        await settle(app, pilot)
    assert app.result is None
    assert len(seen) == 1 and seen[0].slug == slug and seen[0].error is None
    assert seen[0].summaries and list_snapshots(ipitui_home, slug)["planning"]


async def test_export_without_decisions_says_so(ipitui_home: Home, account: Account):
    slug = _export_home(ipitui_home, account, address=False)
    screen = ExportScreen(ipitui_home, slug, account.card, {}, today=TODAY)
    app = ScreenHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "No decisions yet" in plain(app.screen.query_one("#preview-text"))
        await pilot.press("w")
        await pilot.pause()
        assert app.result is UNSET


async def test_export_that_cannot_be_written_says_why(ipitui_home: Home, account: Account):
    slug = _export_home(ipitui_home, account, address=False)
    blocker = ipitui_home.exports_dir(slug)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the exports folder should be")
    app = ScreenHost(_exporter(ipitui_home, account, slug, "decisions"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert app.result is UNSET
        assert app.screen.query_one("#preview").has_class("-refused")
        assert "exports" in plain(app.screen.query_one("#preview-text"))
    assert blocker.read_text().startswith("a file where")


@pytest.mark.parametrize(("theme", "size"), LOOKS)
async def test_import_refused_snapshot(
    ipitui_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme, size
):
    monkeypatch.setenv("HOME", str(tmp_path))
    slug = add_account(ipitui_home, "Fresh").slug
    (tmp_path / "orders.txt").write_text("order\t[bold]customer\x1b[31m\tamount\n1\tBob\t3\n")
    app = ScreenHost(ImportScreen(ipitui_home, slug, cwd=tmp_path), theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = "orders.txt"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "~/orders.txt, line 1" in plain(app.screen.query_one("#problem-text"))
        await assert_snapshot(app, pilot, f"import-refused-{size[0]}x{size[1]}-{theme[7:]}")


async def test_import_of_a_bad_cell_names_file_line_column_and_value(
    ipitui_home: Home, account: Account, tmp_path: Path
):
    slug = add_account(ipitui_home, "Fresh").slug
    source = sorted(account.files.glob("Inventory_Health_*.txt"))[-1]
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    column = lines[0].split("\t").index("available")
    cells = lines[4].split("\t")
    cells[column] = "12x"
    lines[4] = "\t".join(cells)
    (tmp_path / "health.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = ScreenHost(ImportScreen(ipitui_home, slug, cwd=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#paths", Input).value = "health.txt"
        await pilot.press("enter")
        await settle(app, pilot)
        panel = plain(app.screen.query_one("#problem-text"))
        assert "health.txt" in panel
        assert "line 5, column 'available'" in panel and "'12x'" in panel
        assert "Nothing was changed" in panel
    assert not any(list_snapshots(ipitui_home, slug).values())
