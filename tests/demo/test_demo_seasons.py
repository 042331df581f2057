"""The demo seller has last season's leftovers: dead stock held for its coming season."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from demo_reports import read_text, whole

from conftest import TODAY
from ipitui.core import prepare
from ipitui.core.season import horizon
from ipitui.core.settings import AccountSettings
from ipitui.demo import DemoFiles
from ipitui.demo.words import SEASONAL_PRODUCTS
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files, load_account_data

CLEARING = ("liquidate", "remove", "dispose")
# A seasonal product's SKU carries its code: BRAND-CODE-XXXXXX-VARIANT.
SEASONAL_SKU = "|".join(f"-{p.code}-" for p in SEASONAL_PRODUCTS)


def _lists(files: DemoFiles, home: Home) -> dict[str, pl.DataFrame]:
    slug = add_account(home, "Demo").slug
    import_files(home, slug, files.paths)
    data = load_account_data(home, slug)
    assert data is not None
    p = prepare(data, AccountSettings())
    return {name: p.explained(name, p.lists[name]) for name in ("excess", "aging")}


def test_leftover_seasonal_stock_is_held_for_its_coming_season(
    small_demo: DemoFiles, ipitui_home: Home
) -> None:
    # On 2026-11-22 Valentine's Day (2027-01-08 to 2027-02-14) starts within three months.
    report = whole(read_text(small_demo.planning[-1]), "no-sale-last-6-months")
    unsold = report.filter(pl.col("no-sale-last-6-months") > 0)["sku"]  # no sale in 6 months
    soon = (TODAY + timedelta(days=1), horizon(TODAY))
    for name, rows in _lists(small_demo, ipitui_home).items():
        dead = rows.filter(pl.col("sku").is_in(unsold.implode()) & (pl.col("aged_units") > 0))
        ahead = dead.filter(pl.col("season_start").is_between(*soon))
        assert ahead.height >= 1, name
        assert set(ahead["suggested_action"]) == {"snooze"}, name
        for row in ahead.iter_rows(named=True):
            start, end = row["season_start"], row["season_end"]
            assert row["reason"].startswith(
                f"Seasonal ({row['season']}, {start} to {end}): hold for the season, "
                f"snooze until {end}"
            ), row["reason"]
        # No SKU held for its season is suggested for clearing out.
        held = rows.filter(pl.col("season_held"))
        assert not set(held["suggested_action"]) & set(CLEARING), name
        # Leftovers whose season is far away still are.
        far = dead.filter(pl.col("sku").str.contains(SEASONAL_SKU) & ~pl.col("season_held"))
        assert far.height >= 1, name
        assert set(far["suggested_action"]) <= set(CLEARING), name
