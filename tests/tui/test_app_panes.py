"""The app on a real imported account: loading, the header, the panes and their keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import settle

from ipitui.account import keep_scored
from ipitui.core import prepare
from ipitui.store import scored
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings
from ipitui.store.snapshots import load_account_data
from ipitui.tui.app import IpituiApp
from ipitui.tui.main_screen import PANES, TriageScreen
from ipitui.tui.panes.list_pane import ListPane
from ipitui.tui.widgets.header import IpiHeader, PaneTabs


@pytest.fixture
def slug(ipitui_home: Home, tmp_path: Path) -> str:
    return make_demo_account(ipitui_home)


def triage(app: IpituiApp) -> TriageScreen:
    assert app.triage is not None
    return app.triage


def status(pane: ListPane) -> str:
    return pane.status_text().plain


async def test_opens_on_the_overview_with_the_estimate(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        assert screen.account is not None
        header = screen.query_one(IpiHeader)
        card = screen.account.card
        assert header.state.estimate_now == card.estimate_now.score
        assert header.state.estimate_after == card.estimate_now.score  # no decisions yet
        text = str(header.render())
        assert f"IPI estimate {card.estimate_now.score} -> " in text
        assert "with 0 decisions" in text and "report 2026-06-15 (3 d)" in text
        assert screen.active == "overview"
        assert "1 Overview" in str(screen.query_one(PaneTabs).render())


async def test_a_calibrated_account_shows_the_estimate_plus_minus_its_error(
    ipitui_home: Home, slug: str
) -> None:
    settings, _ = load_account_settings(ipitui_home, slug)
    settings.ipi.fitted, settings.ipi.loo_error, settings.ipi.loo_readings = True, 17.6, 4
    save_account_settings(ipitui_home, slug, settings)
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        assert screen.account is not None
        header = screen.query_one(IpiHeader)
        assert header.state.uncertainty == 17.6
        score = screen.account.card.estimate_now.score
        assert f"IPI ≈ {score} ± 18 -> {score} with 0 decisions" in str(header.render())


async def test_pane_keys_and_each_list_shows_its_rows(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        card = screen.account.card
        for key, pane_id in zip("23456", PANES[1:], strict=True):
            await pilot.press(key)
            await settle(app, pilot)
            assert screen.active == pane_id
            pane = screen.list_pane()
            assert pane is not None and app.focused is pane.table
            if pane_id == "decisions":
                assert pane.table.total == 0
                assert "No decisions yet" in pane.table.render_line(2).text
                continue
            rows = card.lists[pane_id]
            assert pane.table.total == rows.height > 0
            assert f"showing {rows.height:,} of {rows.height:,}" in status(pane)
            assert f"{rows.height:,} SKU" in status(pane)
            first = pane.table.render_line(1).text
            assert rows["sku"][0] in first
        await pilot.press("tab")
        assert screen.active == "overview"
        await pilot.press("shift+tab")
        assert screen.active == "decisions"
        await pilot.press("shift+tab", "shift+tab")
        assert screen.active == "aging"
        await pilot.press("1")
        assert screen.active == "overview"


async def test_filter_sort_and_matches_from_the_keyboard(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        pane = triage(app).list_pane()
        table = pane.table
        total = table.total
        excess = triage(app).account.card.lists["excess"]
        wanted = int((excess["days_of_supply"] > 365).sum())
        await pilot.press("slash", *"dos>365", "enter")
        await settle(app, pilot)
        assert app.focused is table
        assert table.filter_text == "dos>365"
        assert table.shown == wanted and table.total == total
        assert f"showing {wanted:,} of {total:,}" in status(pane) and "/dos>365" in status(pane)

        await pilot.press("slash", *"excess>>", "enter")
        await settle(app, pilot)
        assert pane.has_class("-filter-error")
        assert table.shown == wanted  # a bad filter changes nothing
        await pilot.press("escape")  # closes the bar, the filter stays
        await settle(app, pilot)
        assert table.filter_text == "dos>365" and app.focused is table

        await pilot.press("escape")  # no selection: esc clears the filter
        await settle(app, pilot)
        assert table.shown == total and table.filter_text == ""
        await pilot.press("g", "n")
        await settle(app, pilot)
        dos = table.cursor_values()["days_of_supply"]
        assert dos > 365

        await pilot.press("l", "l", "l", "l")  # to the Excess column
        assert table.current_column.name == "excess_units"
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert table.sort_state == ("excess_units", True)
        assert "by Excess ▼" in status(pane)
        await pilot.press("g")
        assert table.cursor_values()["excess_units"] == excess["excess_units"].max()


async def test_typing_a_filter_applies_it_after_a_pause(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        table = triage(app).list_pane().table
        sku = table.cursor_key
        await pilot.press("slash", *sku)
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert table.shown == 1 and table.cursor_key == sku
        await pilot.press("escape")  # cancel: the filter before the bar opened comes back
        await settle(app, pilot)
        assert table.filter_text == "" and table.shown == table.total


async def test_an_account_without_reports_shows_what_to_do(ipitui_home: Home) -> None:
    from ipitui.store.accounts import add_account

    slug = add_account(ipitui_home, "Empty").slug
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        problem = screen.query_one("#problem")
        assert problem.display
        assert "No reports imported yet" in str(problem.render())
        await pilot.press("2", "r", "space", "enter", "slash", "x", "escape", "u")
        await settle(app, pilot)
        assert app.screen is screen and screen.account is None
        assert "No reports imported yet" in screen.list_pane().table.render_line(2).text


async def test_a_broken_snapshot_is_explained_not_fatal(ipitui_home: Home, slug: str) -> None:
    for stored in (ipitui_home.snapshots_dir(slug) / "planning").glob("*.parquet"):
        stored.write_bytes(b"this is not a parquet file")
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        problem = screen.query_one("#problem")
        assert problem.display and screen.account is None
        assert "could not be loaded" in str(problem.render())
        await pilot.press("2", "j", "r", "enter", "e", "escape")
        await settle(app, pilot)
        assert app.is_running


async def test_any_size_keeps_the_cursor_in_view(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "G")
        await settle(app, pilot)
        table = triage(app).list_pane().table
        last = table.cursor_key
        for size in ((40, 12), (200, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            shown = [table.render_line(y).text for y in range(table.size.height)]
            assert any(last in line for line in shown), size
            assert all(len(line) == table.scrollable_content_region.width for line in shown)


async def test_the_ipi_history_is_computed_after_the_lists(
    ipitui_home: Home, slug: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipitui.tui import main_screen
    from ipitui.tui.widgets.overview import Overview

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        assert len(screen.query_one(Overview).model.history) > 1
        assert screen.account.data is None  # the snapshots are let go once it is done

    monkeypatch.setattr(main_screen, "HISTORY_AUTO_SKUS", 10)  # as if the catalog were large
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        overview = screen.query_one(Overview)
        assert not overview.model.history and screen.account.data is None
        assert any("Compute the IPI history" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+p", *"compute the ipi")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(overview.model.history) > 1


@pytest.mark.parametrize("pane_id", ["excess", "aging"])
async def test_a_list_shows_each_rows_reason_in_words(
    ipitui_home: Home, slug: str, pane_id: str
) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(str(PANES.index(pane_id) + 1))
        await settle(app, pilot)
        screen = triage(app)
        card = screen.account.card
        table = screen.list_pane().table
        names = [c.name for c in table.columns]
        assert names[names.index("suggested_action") + 1] == "reason"
        assert "row" not in names and "no_sale_6_months" not in names
        table.action_column(names.index("reason"))
        await settle(app, pilot)
        top = card.explained(pane_id, card.lists[pane_id].head(3))
        for y, (sku, reason) in enumerate(zip(top["sku"], top["reason"], strict=True), 1):
            line = table.render_line(y).text
            assert sku in line and reason[:30] in line


async def _with_two_decisions(app: IpituiApp, home: Home, slug: str) -> None:
    from ipitui.core.decisions import Action, Decision
    from ipitui.store.journal import Journal

    lists = triage(app).account.card.lists
    with Journal(home, slug) as journal:
        journal.record(
            [
                Decision(lists["excess"]["sku"][0], Action.REMOVE),
                Decision(lists["stranded"]["sku"][0], Action.FIX),
            ],
            today=TODAY,
        )
    triage(app).refresh_decisions()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_each_list_shows_its_decision_columns_without_scrolling(
    ipitui_home: Home, slug: str, size: tuple[int, int]
) -> None:
    from ipitui.tui.panes.lists import DECISIONS, LISTS

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await _with_two_decisions(app, ipitui_home, slug)
        for spec in (*LISTS, DECISIONS):
            await pilot.press(str(PANES.index(spec.id) + 1))
            await settle(app, pilot)
            table = triage(app).list_pane().table
            assert table.current_column is not None and table.current_column.name == "sku"
            shown = [c.name for c in table.visible_columns]
            assert spec.decide and {"sku", *spec.decide} <= set(shown), (spec.id, shown)
            assert (spec is DECISIONS) == ("suggested_action" not in spec.decide)
            assert ("product_name" in shown) == (size[0] >= 120), (spec.id, shown)
            # drawn in the list's own order, each label on the header line
            names = [c.name for c in table.columns]
            assert shown == sorted(shown, key=names.index)
            header = table.render_line(0).text
            assert all(c.label in header for c in table.visible_columns), header


async def test_l_reaches_every_column_of_each_list(ipitui_home: Home, slug: str) -> None:
    from ipitui.tui.panes.lists import DECISIONS, LISTS

    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _with_two_decisions(app, ipitui_home, slug)
        for spec in (*LISTS, DECISIONS):
            await pilot.press(str(PANES.index(spec.id) + 1))
            await settle(app, pilot)
            table = triage(app).list_pane().table
            names = [c.name for c in table.columns]
            for name in names[1:]:
                await pilot.press("l")
                assert table.current_column is not None
                assert table.current_column.name == name
                shown = [c.name for c in table.visible_columns]
                assert shown[0] == "sku" and name in shown, (spec.id, shown)
                assert table.current_column.label in table.render_line(0).text
            await pilot.press("l")  # the last column stays
            assert table.current_column.name == names[-1]
            await pilot.press(*"h" * len(names))
            assert table.current_column.name == "sku"
            assert set(spec.decide) <= {c.name for c in table.visible_columns}


async def test_a_stored_list_is_read_when_first_shown(ipitui_home: Home, slug: str) -> None:
    keep_scored(ipitui_home, slug)  # as an import does
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = triage(app)
        lists = screen.account.card.lists
        assert isinstance(lists, scored.StoredLists)
        assert not any(lists.is_read(name) for name in lists)  # the Overview needs none
        aging = screen.query_one("#aging", ListPane)
        assert not aging.table.ready and aging.table.state.message == "Loading..."
        await pilot.press("4")
        await settle(app, pilot)
        assert screen.active == "aging"
        assert lists.is_read("aging") and not lists.is_read("excess")
        computed = prepare(load_account_data(ipitui_home, slug), screen.account.settings)
        assert lists["aging"].equals(computed.lists["aging"])
        assert aging.table.total == lists["aging"].height > 0
        assert lists["aging"]["sku"][0] in aging.table.render_line(1).text


async def test_a_list_that_cannot_be_read_is_said_in_its_pane(
    ipitui_home: Home, slug: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = scored.StoredLists.__getitem__

    def broken(self, name):
        if name == "excess":
            raise OSError(5, "Input/output error")
        return real(self, name)

    monkeypatch.setattr(scored.StoredLists, "__getitem__", broken)
    keep_scored(ipitui_home, slug)
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        screen = triage(app)
        assert screen.active == "excess"
        pane = screen.query_one("#excess", ListPane)
        said = pane.table.state.message
        assert "could not be read" in said and "Input/output error" in said, said
        monkeypatch.setattr(scored.StoredLists, "__getitem__", real)
        await pilot.press("1", "2")  # shown again: read again
        await settle(app, pilot)
        assert pane.table.ready and pane.table.total > 0
