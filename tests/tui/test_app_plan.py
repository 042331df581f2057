"""The plan in the TUI: P (or the palette) asks for a target, the plan screen shows the
proposals and their cost curve, and only what is accepted reaches the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import assert_snapshot, settle

from ipitui.core.decisions import Decision
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.tui.app import IpituiApp
from ipitui.tui.screens.plan_screen import PlanScreen, PlanTarget, parse_target
from ipitui.tui.widgets.header import IpiHeader


@pytest.fixture
def slug(ipitui_home: Home, tmp_path: Path) -> str:
    return make_demo_account(ipitui_home)


def stored(home: Home, slug: str) -> dict[str, Decision]:
    with Journal(home, slug) as journal:
        return journal.current()


async def open_plan(app: IpituiApp, pilot, target: str) -> PlanScreen:
    await settle(app, pilot)
    await pilot.press("P")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, PlanTarget)
    target_input = dialog.query_one("#target")
    target_input.value = target
    await pilot.press("enter")
    await settle(app, pilot)
    for _ in range(100):  # the plan is worked out in a thread
        screen = app.screen
        if isinstance(screen, PlanScreen) and screen.plan is not None:
            break
        await pilot.pause(0.05)
    screen = app.screen
    assert isinstance(screen, PlanScreen) and screen.plan is not None
    await settle(app, pilot)
    return screen


async def test_accept_all_records_the_plan_as_one_batch(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        now = app.triage.account.card.estimate_after.score
        screen = await open_plan(app, pilot, str(now + 5))
        plan = screen.plan
        assert plan.reached and plan.steps
        # the rows on screen are the plan's, its first SKU in the first row
        table = screen.query_one("#plan-rows")
        assert table.row_count == len(plan.steps)
        assert plan.steps[0].sku[:18] in table.render_line(1).text
        assert stored(ipitui_home, slug) == {}  # proposals, not decisions
        await pilot.press("a")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {d.sku: d for d in plan.decisions}
        header = app.triage.query_one(IpiHeader).state
        assert header.decisions == len(plan.steps)
        assert header.estimate_after >= now + 5
        # one undo step takes the whole plan back
        await pilot.press("u")
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {}


async def test_accept_selected_and_close(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        now = app.triage.account.card.estimate_after.score
        screen = await open_plan(app, pilot, str(now + 5))
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, PlanScreen)
        assert stored(ipitui_home, slug) == {}
        assert app.triage.query_one(IpiHeader).state.decisions == 0
        screen = await open_plan(app, pilot, str(now + 30))
        assert len(screen.plan.steps) >= 2
        second = screen.plan.decisions[1]
        await pilot.press("down", "space", "enter")  # the second row only
        await settle(app, pilot)
        assert stored(ipitui_home, slug) == {second.sku: second}


async def test_a_bad_target_is_refused_in_the_dialog(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("P")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one("#target").value = "1001"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "0 to 1000" in str(dialog.query_one("#plan-problem").render())


def test_parse_target() -> None:
    assert parse_target(" 450 ", "") == (450, None)
    assert parse_target("450", "1,200.50") == (450, 1200.5)
    for target, budget in [("-1", ""), ("1001", ""), ("abc", ""), ("450", "-5"), ("4", "x")]:
        with pytest.raises(ValueError):
            parse_target(target, budget)


async def test_plan_screen_snapshot(ipitui_home: Home, slug: str) -> None:
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        now = app.triage.account.card.estimate_after.score
        await open_plan(app, pilot, str(now + 30))
        await assert_snapshot(app, pilot, "plan-80x24")
