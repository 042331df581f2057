"""Opening an account whose stored numbers are out of date (`store.scored`): the old numbers
show at once, marked "updating", while the account is scored again; then the new ones."""

from __future__ import annotations

import threading

import pytest
from demo_account import TODAY, make_demo_account
from snapshots import settle

from ipitui import core
from ipitui.account import open_account
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings
from ipitui.tui.app import IpituiApp
from ipitui.tui.widgets.header import IpiHeader


async def test_stale_numbers_show_as_updating_until_scored_again(
    ipitui_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = make_demo_account(ipitui_home)
    old = open_account(ipitui_home, slug).card  # scored and stored
    settings, _ = load_account_settings(ipitui_home, slug)
    settings.excess.excess_days += 120  # fewer excess units: the stored numbers are stale
    save_account_settings(ipitui_home, slug, settings)

    release, scoring = threading.Event(), threading.Event()
    real = core.prepare

    def slow_prepare(data, settings):
        scoring.set()
        assert release.wait(30)
        return real(data, settings)

    monkeypatch.setattr(core, "prepare", slow_prepare)
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(1000):  # the stale numbers, while the account is scored again
            await pilot.pause(0.01)
            if scoring.is_set() and app.triage.account is not None:
                break
        shown = app.triage.account
        assert shown is not None and shown.updating
        header = app.triage.query_one(IpiHeader).state
        assert header.busy.startswith("updating") and header.estimate_now == old.estimate_now.score
        assert shown.card.lists["excess"].height == old.lists["excess"].height
        release.set()
        await settle(app, pilot)
        now = app.triage.account
        assert now is not None and not now.updating
        assert app.triage.query_one(IpiHeader).state.busy == ""
        assert now.card.lists["excess"].height < old.lists["excess"].height
    assert open_account(ipitui_home, slug).stored() is not None  # stored for the next open
