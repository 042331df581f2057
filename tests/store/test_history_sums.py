"""The history sums stored beside the snapshots: equal to freshly computed ones, replaced when
a planning import changes the snapshots, recomputed when missing or damaged; and the lean load
(only the columns scoring reads, computed in pieces) scores exactly as the whole report does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ipitui.core import history, metrics, prepare, sku_detail
from ipitui.core.inputs import AccountData
from ipitui.core.settings import AccountSettings
from ipitui.demo import write_demo
from ipitui.store import history_sums
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files, load_account_data

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory):
    return write_demo(tmp_path_factory.mktemp("demo"), skus=120, seed=5, today=TODAY)


def fresh(data: AccountData) -> history.HistorySums | None:
    return history.sums_at(data.planning_history, data.planning, data.snapshot_date)


def assert_same_sums(a: history.HistorySums | None, b: history.HistorySums | None) -> None:
    assert a is not None and b is not None
    assert_frame_equal(a.rows, b.rows)
    assert_frame_equal(a.others, b.others)


def loaded(home: Home, slug: str) -> AccountData:
    data = load_account_data(home, slug)
    assert data is not None
    return data


def test_import_stores_the_sums_and_a_load_reads_them(ipitui_home: Home, demo_files) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    path = history_sums.sums_path(ipitui_home, slug)
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    data = loaded(ipitui_home, slug)
    assert path.stat().st_mtime_ns == stamp  # read, not computed again
    assert_same_sums(data.history_sums, fresh(data))
    assert data.history_sums.rows["hist_known"].sum() > 0  # the demo has older snapshots
    # scoring with the stored sums is scoring with fresh ones
    settings = AccountSettings()
    with_stored = prepare(data, settings)
    without = prepare(replace(data, history_sums=None), settings)
    assert_frame_equal(with_stored.whatif_base, without.whatif_base)
    for name, frame in with_stored.lists.items():
        assert_frame_equal(frame, without.lists[name])


def test_a_new_planning_import_replaces_them(ipitui_home: Home, demo_files) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    older, newest = demo_files.planning[:-1], demo_files.planning[-1]
    import_files(ipitui_home, slug, older)
    before = loaded(ipitui_home, slug)
    import_files(ipitui_home, slug, [newest])
    after = loaded(ipitui_home, slug)
    assert after.snapshot_date > before.snapshot_date
    assert_same_sums(after.history_sums, fresh(after))
    stored = history_sums._read(
        history_sums.sums_path(ipitui_home, slug),
        history_sums.key_of(
            {p.stem: p for p in sorted((ipitui_home.snapshots_dir(slug) / "planning").iterdir())}
        ),
        after.planning.select(pl.len()).collect().item(),
    )
    assert_same_sums(stored, after.history_sums)


def test_a_replaced_snapshot_file_is_noticed(ipitui_home: Home, demo_files) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    # an older snapshot rewritten behind ipitui's back: every SKU had 7 units there
    folder = ipitui_home.snapshots_dir(slug) / "planning"
    target = sorted(folder.iterdir())[-2]
    pl.read_parquet(target).with_columns(available=pl.lit(7, pl.Int64)).write_parquet(target)
    data = loaded(ipitui_home, slug)
    assert_same_sums(data.history_sums, fresh(data))


@pytest.mark.parametrize("damage", [b"", b"not parquet at all", None])
def test_a_missing_or_damaged_file_is_computed_again(
    ipitui_home: Home, demo_files, damage: bytes | None
) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    path = history_sums.sums_path(ipitui_home, slug)
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage)
    data = loaded(ipitui_home, slug)
    assert_same_sums(data.history_sums, fresh(data))
    again = loaded(ipitui_home, slug)  # stored again, whole
    assert_same_sums(again.history_sums, data.history_sums)
    assert path.stat().st_size > 100


def test_sums_of_another_row_count_are_not_used(ipitui_home: Home, demo_files) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    path = history_sums.sums_path(ipitui_home, slug)
    planning = {p.stem: p for p in sorted((ipitui_home.snapshots_dir(slug) / "planning").iterdir())}
    key = history_sums.key_of(planning)
    assert history_sums._read(path, key, 119) is None
    assert history_sums._read(path, "another key", 120) is None
    assert history_sums._read(path, key, 120) is not None


def all_columns_frame(n: int) -> pl.DataFrame:
    """A planning frame with every canonical column, with varied values and some blanks (so
    that every fallback column is read somewhere)."""
    from ipitui.reports.columns import KIND_SPECS

    schema = KIND_SPECS["planning"].schema
    texts = {
        "storage_type": ["Standard", "Oversize", "Apparel"],
        "volume_unit_measurement": ["cubic feet", "cubic inches"],
        "exempted_from_low_inventory_level_fee": ["Yes", "No"],
        "no_sale_last_6_months": ["0", "3"],
    }
    data = {}
    for i, (name, dtype) in enumerate(schema.items()):
        if name == "sku":
            data[name] = [f"S{r}" for r in range(n)]
        elif name in texts:
            data[name] = [texts[name][r % len(texts[name])] for r in range(n)]
        elif dtype == pl.String:
            data[name] = [f"{name}-{r}" for r in range(n)]
        elif dtype == pl.Date:
            data[name] = [TODAY] * n
        elif dtype == pl.Float64:
            data[name] = [((r * 7 + i) % 13) / 4 + 0.25 if (r + i) % 4 else None for r in range(n)]
        else:
            data[name] = [(r * 5 + i) % 17 if (r + 2 * i) % 5 else None for r in range(n)]
    return pl.DataFrame(data, schema=schema)


def test_scoring_in_pieces_gives_the_numbers_of_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers from a report with every column are the same computed in one piece or in
    many."""
    from ipitui.core import fees
    from ipitui.core.rates import resolve_rates

    settings = AccountSettings()
    month, charge = fees.next_month(TODAY), fees.next_charge_date(TODAY)
    dates = dict.fromkeys(
        ("storage", "utilization", "ais", "removal", "liquidation", "low_inventory"), TODAY
    )
    card = resolve_rates(settings.marketplace, dates, settings.fees.unit_weight_lb, {})
    full = all_columns_frame(50)
    stranded = pl.DataFrame(
        {
            "sku": ["S3", "ONLY"],
            "stranded_units": [4, 6],
            "asin": ["A", "B"],
            "product_name": ["x", "y"],
            "price": [2.0, 3.0],
        }
    )
    days = (charge - TODAY).days

    def frame(planning: pl.DataFrame) -> pl.DataFrame:
        return metrics.sku_frame(planning.lazy(), stranded, None, settings, card, month, days)

    whole = frame(full)
    monkeypatch.setattr(metrics, "PIECE_ROWS", 7)
    assert_frame_equal(frame(full), whole)
    assert whole.height == 51 and whole["sku"][-1] == "ONLY"


def test_the_detail_shows_every_column_of_the_stored_reports(ipitui_home: Home, demo_files) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    data = loaded(ipitui_home, slug)
    prepared = prepare(data, AccountSettings())
    sku = data.planning.select("sku").head(1).collect().item()
    detail = sku_detail(prepared, sku)
    (row,) = detail["reports"]["planning"]
    assert list(row) == data.planning.collect_schema().names()
    assert row["sku"] == sku and detail["metrics"]["available"] == row["available"]
    for kind in ("restock", "inventory"):
        frame = getattr(data, kind)
        assert isinstance(frame, pl.LazyFrame)
        found = detail["reports"][kind]
        assert all(list(r) == frame.collect_schema().names() for r in found)


def test_the_detail_numbers_from_the_stored_sums_are_those_from_the_snapshots(
    ipitui_home: Home, demo_files
) -> None:
    from ipitui.core.detail import sku_numbers

    slug = add_account(ipitui_home, "Demo").slug
    import_files(ipitui_home, slug, demo_files.paths)
    data = loaded(ipitui_home, slug)
    stored = prepare(data, AccountSettings())
    scanned = prepare(replace(data, history_sums=None), AccountSettings())
    skus = stored.whatif_base["sku"].to_list()
    assert any(sku_numbers(stored, s)["avg_count"] > 1 for s in skus)  # older snapshots count
    for s in skus:
        assert sku_numbers(stored, s) == sku_numbers(scanned, s)
