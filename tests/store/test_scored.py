"""The scored account stored beside the snapshots (`store.scored`): scored once, read at every
later open, and never shown as current once the snapshots, the settings or the code changed;
a damaged build is scored again, and a build that cannot be written never stops an open."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ipitui import core
from ipitui.account import load_account, open_account
from ipitui.core import Prepared
from ipitui.core.decisions import Action, Decision
from ipitui.core.detail import sku_detail
from ipitui.core.plan import make_plan
from ipitui.demo import DemoFiles, write_demo
from ipitui.export.promotions import promotion_rows
from ipitui.format import account_format
from ipitui.store import scored, snapshots
from ipitui.store.accounts import add_account
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, save_account_settings

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), skus=60, seed=7, today=TODAY)


@pytest.fixture
def account(ipitui_home: Home, demo_files: DemoFiles) -> str:
    slug = add_account(ipitui_home, "Demo").slug
    snapshots.import_files(ipitui_home, slug, demo_files.paths)
    return slug


def counted_prepares(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the account is scored from its snapshots (not read from the stored build)."""
    calls: list[int] = []
    real = core.prepare

    def prepare(data, settings):
        calls.append(1)
        return real(data, settings)

    monkeypatch.setattr(core, "prepare", prepare)
    return calls


def assert_same(stored: Prepared, computed: Prepared) -> None:
    for f in dataclasses.fields(computed):
        a, b = getattr(stored, f.name), getattr(computed, f.name)
        if f.name in ("data", "settings"):
            continue
        if f.name == "product_names":  # read from their own file, a few at a time
            everyone = pl.int_range(computed.whatif_base.height, eager=True)
            assert stored.names(everyone).to_list() == computed.names(everyone).to_list()
        elif f.name == "lists":
            assert list(a) == list(b)
            for name in b:
                assert_frame_equal(a[name], b[name])
        elif hasattr(b, "columns"):  # a frame
            assert_frame_equal(a, b)
        elif hasattr(b, "dtype"):  # the SKUs' hashes
            assert a.to_list() == b.to_list()
        else:
            assert a == b, f.name


def test_scored_once_then_read_with_the_same_numbers(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepares = counted_prepares(monkeypatch)
    first = open_account(ipitui_home, account)
    computed, card = first.prepared, first.card
    assert prepares == [1] and (scored.scored_dir(ipitui_home, account) / scored.CURRENT).exists()

    again = open_account(ipitui_home, account)
    read = again.prepared
    assert prepares == [1]  # read, not scored again
    assert_same(read, computed)
    # the names are read from their file when asked for, never held with the per-SKU numbers
    assert isinstance(read.product_names, scored.StoredNames)
    assert "product_name" not in read.whatif_base.columns
    assert again.card.estimate_after == card.estimate_after
    assert again.card.lists["excess"].equals(card.lists["excess"])
    assert read.candidates.equals(computed.candidates)  # what the opportunities read
    reads: list[bool] = []
    real_read = scored.read

    def read(*args, **kwargs):
        reads.append(kwargs.get("stale", False))
        return real_read(*args, **kwargs)

    monkeypatch.setattr(scored, "read", read)
    loaded = load_account(ipitui_home, account, stale=True)  # the TUI's open
    assert prepares == [1] and not loaded.updating and reads == [True]  # read once
    assert loaded.card.estimate == card.estimate


def test_a_new_import_is_never_read_as_current(
    ipitui_home: Home, account: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = open_account(ipitui_home, account).prepared
    later = write_demo(tmp_path / "later", skus=60, seed=8, today=TODAY + timedelta(days=7))
    snapshots.import_files(ipitui_home, account, [later.planning[-1]])
    prepares = counted_prepares(monkeypatch)
    opened = open_account(ipitui_home, account)
    stale = opened.stored(stale=True)
    assert stale is not None and not stale.fresh  # the old build, marked stale
    assert opened.stored() is None
    after = opened.prepared
    assert prepares == [1] and after.snapshot_date == TODAY + timedelta(days=7)
    assert before.snapshot_date == TODAY
    fresh = open_account(ipitui_home, account).stored()
    assert fresh is not None and fresh.fresh and fresh.prepared.snapshot_date == after.snapshot_date


def test_a_settings_change_is_never_read_as_current(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = open_account(ipitui_home, account).prepared
    settings, _ = load_account_settings(ipitui_home, account)
    settings.display_name = "Renamed"  # changes no number: the build stays current
    save_account_settings(ipitui_home, account, settings)
    assert open_account(ipitui_home, account).stored() is not None

    settings.excess.excess_days += 120  # fewer excess units
    save_account_settings(ipitui_home, account, settings)
    prepares = counted_prepares(monkeypatch)
    opened = open_account(ipitui_home, account)
    assert opened.stored() is None
    after = opened.prepared
    assert prepares == [1]
    assert after.list_totals["excess"].units < before.list_totals["excess"].units


@pytest.mark.parametrize("change", ["version", "code"])
def test_a_new_ipitui_or_new_rates_are_never_read_as_current(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    assert open_account(ipitui_home, account).prepared.sku_count
    if change == "version":
        monkeypatch.setattr("ipitui.__version__", "99.0")
    else:  # a rate table or a definition edited: the digest of the code differs
        monkeypatch.setattr(scored, "_code_digest", "0" * 64)
    prepares = counted_prepares(monkeypatch)
    opened = open_account(ipitui_home, account)
    assert opened.stored() is None
    assert opened.prepared.sku_count
    assert prepares == [1]


def test_the_code_digest_covers_the_rate_tables() -> None:
    root = Path(scored.__file__).parents[1]
    tables = sorted((root / "core" / "rates").glob("*.toml"))
    assert tables and all(t.relative_to(root).parts[0] in scored.CODE for t in tables)


def _build(home: Home, slug: str) -> Path:
    directory = scored.scored_dir(home, slug)
    current = json.loads((directory / scored.CURRENT).read_text())
    return directory / current["build"]


@pytest.mark.parametrize(
    "damage",
    [
        "truncated table",
        "table gone",
        "garbage rest",
        "garbage current",
        "build gone",
        "truncated names",
        "names gone",
        "foreign names",
    ],
)
def test_a_damaged_build_is_scored_again_and_replaced(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    computed = open_account(ipitui_home, account).prepared
    build = _build(ipitui_home, account)
    table = build / "list-excess.parquet"
    if damage == "truncated table":
        table.write_bytes(table.read_bytes()[:100])
    elif damage == "table gone":
        table.unlink()
    elif damage == "truncated names":
        names = build / scored.NAMES
        names.write_bytes(names.read_bytes()[:-1])
    elif damage == "names gone":
        (build / scored.NAMES).unlink()
    elif damage == "foreign names":
        (build / scored.NAMES).write_bytes(b"not names at all, though long enough")
    elif damage == "garbage rest":
        (build / scored.REST).write_bytes(b"not a pickle")
    elif damage == "garbage current":
        (build.parent / scored.CURRENT).write_text("{")
    else:
        for path in build.iterdir():
            path.unlink()
        build.rmdir()
    prepares = counted_prepares(monkeypatch)
    opened = open_account(ipitui_home, account)
    assert opened.stored(stale=True) is None  # never shown, not even as stale
    assert_same(opened.prepared, computed)
    assert prepares == [1]
    assert open_account(ipitui_home, account).stored() is not None  # replaced
    assert [p.name for p in build.parent.iterdir() if p.is_dir()] == [
        _build(ipitui_home, account).name
    ]  # the damaged build is removed


def test_a_build_that_cannot_be_written_never_stops_an_open(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(scored, "write", refuse)  # a read-only home (as root, chmod is ignored)
    opened = open_account(ipitui_home, account)
    assert opened.card.skus == opened.prepared.sku_count > 0
    assert not scored.scored_dir(ipitui_home, account).exists()


def test_a_write_that_fails_halfway_leaves_the_current_build(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = open_account(ipitui_home, account).prepared
    build = _build(ipitui_home, account)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scored, "write_atomic", fail)
    with pytest.raises(OSError):
        scored.write(ipitui_home, account, computed, "another key")
    assert _build(ipitui_home, account) == build  # the half-written build is gone
    assert [p for p in build.parent.iterdir() if p.is_dir()] == [build]
    assert open_account(ipitui_home, account).stored() is not None


def _leave_killed_write(home: Home, slug: str) -> tuple[Path, list[Path]]:
    """What a write killed halfway leaves: a build nobody names (here, partly written) and
    the pointer's unfinished atomic write. Returns the named build and the leftovers."""
    build = _build(home, slug)
    orphan = build.parent / "0123456789abcdef0123456789abcdef"
    orphan.mkdir()
    (orphan / "whatif_base.parquet").write_bytes((build / "whatif_base.parquet").read_bytes())
    pointer = build.parent / ".current.json.1234.tmp"
    pointer.write_text('{"key": "k", "bui')
    return build, [orphan, pointer]


def test_a_killed_write_leaves_nothing_after_the_next_command(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipitui.cli import main

    open_account(ipitui_home, account).prepared  # noqa: B018 (stored)
    build, left = _leave_killed_write(ipitui_home, account)
    assert main(["accounts"]) == 0  # any command sweeps (IPITUI_HOME is the fixture's)
    assert not any(p.exists() for p in left)
    assert {p.name for p in build.parent.iterdir()} == {scored.CURRENT, build.name}
    prepares = counted_prepares(monkeypatch)
    assert open_account(ipitui_home, account).stored() is not None and prepares == []


def test_a_write_under_way_is_not_swept(ipitui_home: Home, account: str) -> None:
    from ipitui.store.leftovers import sweep_account, working

    open_account(ipitui_home, account).prepared  # noqa: B018 (stored)
    _, left = _leave_killed_write(ipitui_home, account)
    root = ipitui_home.account_data(account)
    with working(root):  # another process writing a build now holds the lock
        sweep_account(root)
    assert all(p.exists() for p in left)
    sweep_account(root)
    assert not any(p.exists() for p in left)


def test_a_stored_list_is_read_when_first_asked_for(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = open_account(ipitui_home, account).prepared
    opened = open_account(ipitui_home, account)
    card = opened.card  # the what-if at open reads the stored pool, none of the lists
    lists = opened.prepared.lists
    assert isinstance(lists, scored.StoredLists)
    assert list(lists) == list(computed.lists)
    assert not any(lists.is_read(name) for name in lists)
    assert card.opportunities.height > 0
    assert_frame_equal(lists["excess"], computed.lists["excess"])
    assert lists.is_read("excess") and scored.is_read(lists, "excess")
    assert not lists.is_read("aging") and not scored.is_read(lists, "aging")
    assert scored.is_read(computed.lists, "aging")  # computed in memory: nothing to read
    assert lists["excess"] is lists["excess"]  # read once


def test_the_opportunities_pool_is_stored_as_computed(ipitui_home: Home, account: str) -> None:
    computed = open_account(ipitui_home, account).prepared
    read = open_account(ipitui_home, account).prepared
    assert {"candidates", "candidate_fixes"} <= read.__dict__.keys()  # not worked out again
    assert_frame_equal(read.candidates, computed.candidates)
    assert_frame_equal(read.candidate_fixes, computed.candidate_fixes)
    assert not any(read.lists.is_read(name) for name in read.lists)


@pytest.mark.parametrize("how", ["replaced by a new build", "removed"])
def test_a_build_gone_while_a_list_is_unread_still_gives_the_list(
    ipitui_home: Home, account: str, how: str
) -> None:
    computed = open_account(ipitui_home, account).prepared
    build = _build(ipitui_home, account)
    read = open_account(ipitui_home, account).prepared
    if how == "removed":
        import shutil

        shutil.rmtree(build)
    else:
        scored.write(ipitui_home, account, computed, "another key")
    assert not build.exists()
    for name in computed.lists:
        assert_frame_equal(read.lists[name], computed.lists[name])


def test_a_list_that_cannot_be_read_says_so_and_is_read_when_asked_again(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = open_account(ipitui_home, account).prepared
    lists = open_account(ipitui_home, account).prepared.lists
    real = scored.pl.read_parquet

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(scored.pl, "read_parquet", fail)
    with pytest.raises(OSError):
        lists["aging"]
    monkeypatch.setattr(scored.pl, "read_parquet", real)
    assert_frame_equal(lists["aging"], computed.lists["aging"])


def _computed_and_read(home: Home, slug: str) -> tuple[Prepared, Prepared]:
    """The account scored in memory (which stores its build), then that build read back."""
    computed = open_account(home, slug).prepared
    stored = open_account(home, slug).stored()
    assert stored is not None and stored.fresh
    return computed, stored.prepared


def _decisions(prepared: Prepared) -> dict[str, Decision]:
    """A decision of each kind that shows a name, on SKUs of the account, and one on a SKU
    it does not have."""
    skus = prepared.whatif_base["sku"].to_list()
    actions = [Action.REMOVE, Action.PROMOTE, Action.LIQUIDATE, Action.RESTOCK, Action.FIX]
    chosen = [Decision(s, a) for s, a in zip(skus[::7], actions, strict=False)]
    return {d.sku: d for d in [*chosen, Decision("NOT-IN-THE-SNAPSHOT", Action.REMOVE)]}


def _shown(prepared: Prepared) -> dict[str, object]:
    """What a seller sees of the product names: the what-if's effects (the scorecard, the
    exports), the promotions file, the SKU detail, the plan's rows with their reasons."""
    decisions = _decisions(prepared)
    card = core.evaluate(prepared, decisions)
    fmt = account_format(prepared.settings)
    promotions, _ = promotion_rows(decisions, card.effects, prepared.settings.promotion, TODAY, fmt)
    sku = next(iter(decisions))
    made = make_plan(prepared, {}, target=1000)
    return {
        "effects": card.effects,
        "promotions": promotions,
        "detail": sku_detail(prepared, sku)["product_name"],
        "plan": made.explained(),
    }


def test_a_stored_build_shows_the_names_a_computed_one_does(
    ipitui_home: Home, account: str
) -> None:
    computed, read = _computed_and_read(ipitui_home, account)
    # the per-SKU numbers hold no names: they are read from their file for the rows shown
    assert "product_name" not in read.whatif_base.columns
    assert isinstance(read.product_names, scored.StoredNames)
    assert "product_name" not in computed.whatif_base.columns  # one way for both to ask
    shown, expected = _shown(read), _shown(computed)
    names = expected["effects"]["product_name"]
    assert names.null_count() == 1 and names.len() == len(_decisions(computed))  # the unknown
    assert expected["promotions"] and expected["detail"] and expected["plan"].height
    for what in expected:
        if isinstance(expected[what], pl.DataFrame):
            assert_frame_equal(shown[what], expected[what])
        else:
            assert shown[what] == expected[what], what


def test_a_build_replaced_meanwhile_still_gives_its_names(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed, held = _computed_and_read(ipitui_home, account)  # the TUI holds this build
    old = _build(ipitui_home, account)
    scored.write(ipitui_home, account, computed, "another import")  # another process writes
    assert not old.exists()  # the build held is gone from the disk
    assert_frame_equal(_shown(held)["effects"], _shown(computed)["effects"])
    everyone = pl.int_range(computed.whatif_base.height, eager=True)
    assert held.names(everyone).to_list() == computed.names(everyone).to_list()


def test_names_that_cannot_be_read_leave_the_skus_without_them(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed, read = _computed_and_read(ipitui_home, account)

    def fails(self, at):
        raise OSError("the disk went away")

    monkeypatch.setattr(scored.StoredNames, "names_at", fails)
    effects = core.evaluate(read, _decisions(computed)).effects
    expected = core.evaluate(computed, _decisions(computed)).effects
    assert effects["product_name"].null_count() == effects.height  # shown without them
    assert_frame_equal(effects.drop("product_name"), expected.drop("product_name"))


def test_a_build_stored_before_the_names_file_is_still_shown_while_scored_again(
    ipitui_home: Home, account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = open_account(ipitui_home, account).prepared
    build = _build(ipitui_home, account)
    # the layout of an older ipitui: the names a column of the per-SKU table, no names file
    everyone = pl.int_range(computed.whatif_base.height, eager=True)
    table = computed.whatif_base.with_columns(computed.names(everyone))
    table.write_parquet(build / "whatif_base.parquet")
    (build / scored.NAMES).unlink()
    monkeypatch.setattr(scored, "_code_digest", "0" * 64)  # that older ipitui's code
    stale = open_account(ipitui_home, account).stored(stale=True)
    assert stale is not None and not stale.fresh
    assert "product_name" not in stale.prepared.whatif_base.columns
    assert_frame_equal(stale.prepared.whatif_base, computed.whatif_base)
    assert_frame_equal(_shown(stale.prepared)["effects"], _shown(computed)["effects"])


def test_the_per_sku_tables_are_read_when_a_decision_needs_them(
    ipitui_home: Home, account: str
) -> None:
    from ipitui.core.prepared import DEFERRED

    computed, prepared = _computed_and_read(ipitui_home, account)
    # the header's and the Overview's numbers, with no decision: none of them read
    card = core.evaluate(prepared, {})
    assert card.estimate == core.evaluate(computed, {}).estimate
    assert repr(prepared).startswith("Prepared(")  # a worker names it: nothing read
    assert all(prepared.is_deferred(name) for name in DEFERRED if name != "stranded_rows")
    # a decision reads them, with the numbers of the computed account
    decided = core.evaluate(prepared, _decisions(computed))
    assert decided.estimate == core.evaluate(computed, _decisions(computed)).estimate
    assert not any(prepared.is_deferred(name) for name in ("whatif_base", "tiers", "sku_hashes"))
    assert_same(prepared, computed)


def test_a_build_gone_while_its_tables_are_unread_still_gives_them(
    ipitui_home: Home, account: str
) -> None:
    computed, held = _computed_and_read(ipitui_home, account)  # its tables not yet read
    old = _build(ipitui_home, account)
    scored.write(ipitui_home, account, computed, "another import")  # another process writes
    assert not old.exists() and held.is_deferred("whatif_base")
    assert_frame_equal(held.whatif_base, computed.whatif_base)
    assert_frame_equal(held.tiers, computed.tiers)
