"""Opening an account (`ipitui.account`): the settings at once, the rest once and only when
asked for, and each face's message when there is no data."""

from __future__ import annotations

from datetime import date

import pytest

from ipitui.account import NoData, load_account, open_account
from ipitui.cli import main
from ipitui.core.decisions import Action, Decision
from ipitui.demo import DemoFiles, write_demo
from ipitui.store import snapshots
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo"), skus=40, seed=5, today=TODAY)


def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = snapshots.load_account_data

    def load(home: Home, slug: str):
        calls.append(slug)
        return real(home, slug)

    monkeypatch.setattr(snapshots, "load_account_data", load)
    return calls


def test_each_part_is_read_once_when_asked_for(
    ipitui_home: Home, demo_files: DemoFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    snapshots.import_files(ipitui_home, slug, demo_files.paths)
    sku = snapshots.known_skus(ipitui_home, slug)[0]
    with Journal(ipitui_home, slug) as journal:
        journal.record([Decision(sku, Action.REMOVE, 1)])
    loads = counted_loads(monkeypatch)
    opened = open_account(ipitui_home, slug)
    assert opened.settings.display_name == "Demo" and loads == []
    assert set(opened.decisions) == {sku} and loads == []  # the journal alone
    card = opened.card
    assert card is opened.card and opened.data is opened.stored_data and loads == [slug]
    assert card.decisions_applied == 1 and card.skus == opened.prepared.sku_count
    loaded = load_account(ipitui_home, slug)  # the TUI's: the same scorecard
    assert loaded.card.estimate_after == card.estimate_after and loaded.decisions == {
        sku: opened.decisions[sku]
    }


def test_no_data_says_each_faces_message_and_the_decisions_need_none(
    ipitui_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = add_account(ipitui_home, "Empty").slug
    opened = open_account(ipitui_home, slug, no_data="import first, please")
    assert opened.decisions == {} and opened.stored_data is None
    for part in ("data", "prepared", "card"):
        with pytest.raises(NoData, match="^import first, please$"):
            getattr(opened, part)
    with pytest.raises(NoData, match="Press i to import"):
        load_account(ipitui_home, slug)


def test_export_without_decisions_never_loads_the_data(
    ipitui_home: Home,
    demo_files: DemoFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    slug = add_account(ipitui_home, "Demo").slug
    snapshots.import_files(ipitui_home, slug, demo_files.paths)
    loads = counted_loads(monkeypatch)
    assert main(["export", "--kind", "removal", "--account", "Demo"]) == 2
    assert "has no decisions to export; nothing written" in capsys.readouterr().err
    assert loads == []
    assert main(["score", "--account", "Demo"]) == 0 and loads == [slug]
