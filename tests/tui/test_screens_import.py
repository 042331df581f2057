"""The import screen: path completion, path expansion, and imports of good and bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from screen_host import UNSET, ScreenHost
from snapshots import settle
from textual.widgets import Input, ProgressBar, Static

from ipitui.tui.screens.import_screen import ImportScreen, complete_path, expand_paths

SIZE = (80, 24)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    d = tmp_path / "Downloads"
    (d / "reports").mkdir(parents=True)
    (d / "FBA_Inventory.txt").write_text("x")
    (d / "FBA_Stranded.txt").write_text("x")
    (d / ".hidden.txt").write_text("x")
    (d / "reports" / "a.tsv").write_text("x")
    (d / "reports" / "b.csv").write_text("x")
    (d / "reports" / "notes.md").write_text("x")
    return d


def test_complete_path(downloads: Path):
    assert complete_path("Dow", downloads.parent) == "Downloads/"
    assert complete_path("Downloads/FBA_I", downloads.parent) == "Downloads/FBA_Inventory.txt"
    # the first match in name order when several fit
    assert complete_path("Downloads/FBA_", downloads.parent) == "Downloads/FBA_Inventory.txt"
    assert complete_path("Downloads/r", downloads.parent) == "Downloads/reports/"
    # hidden files only when asked for with a dot
    assert complete_path("Downloads/", downloads.parent) == "Downloads/FBA_Inventory.txt"
    assert complete_path("Downloads/.h", downloads.parent) == "Downloads/.hidden.txt"
    # the last word is completed, an absolute path works, nothing for a complete name
    first = str(downloads / "FBA_Inventory.txt")
    assert complete_path(f"{first} {downloads}/FBA_S") == f"{first} {downloads}/FBA_Stranded.txt"
    assert complete_path(first) is None
    assert complete_path("Downloads/zzz", downloads.parent) is None
    assert complete_path("nowhere/x", downloads.parent) is None
    assert complete_path("a ", downloads.parent) is None
    assert complete_path("", downloads.parent) is None


def test_complete_path_case_sensitive(downloads: Path):
    assert complete_path("Downloads/fba", downloads.parent) is None


def test_expand_paths(downloads: Path):
    files = expand_paths("Downloads/FBA_Inventory.txt Downloads/reports", downloads.parent)
    assert [p.name for p in files] == ["FBA_Inventory.txt", "a.tsv", "b.csv"]
    # the same file twice is imported once; quotes allow spaces
    (downloads / "with space.txt").write_text("x")
    files = expand_paths("'Downloads/with space.txt' Downloads/with\\ space.txt", downloads.parent)
    assert [p.name for p in files] == ["with space.txt"]
    with pytest.raises(ValueError, match="missing.txt: no such file"):
        expand_paths("Downloads/FBA_Inventory.txt Downloads/missing.txt", downloads.parent)
    (downloads / "empty").mkdir()
    with pytest.raises(ValueError, match="no .txt, .tsv or .csv"):
        expand_paths("Downloads/empty", downloads.parent)
    with pytest.raises(ValueError, match="type the path"):
        expand_paths("   ", downloads.parent)


async def test_import_screen_suggests_and_accepts_with_right_arrow(downloads: Path, ipitui_home):
    app = ScreenHost(ImportScreen(ipitui_home, "acme", cwd=downloads.parent))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Downloads/FBA_S")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.query_one("#paths", Input).value == "Downloads/FBA_Stranded.txt"


async def test_import_screen_refuses_a_missing_path_inline(downloads: Path, ipitui_home):
    app = ScreenHost(ImportScreen(ipitui_home, "acme", cwd=downloads.parent))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Downloads/nope.txt", "enter")
        await pilot.pause()
        error = app.screen.query_one("#path-error")
        assert error.display and "nope.txt: no such file" in str(error.render())
        assert not app.screen.has_class("-running")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert not (ipitui_home.account_data("acme")).exists()


async def test_the_import_shows_its_phases_and_how_far(tmp_path: Path, ipitui_home):
    from ipitui.demo import write_demo

    files = write_demo(tmp_path / "demo", skus=50, seed=1, today=date(2026, 5, 1))
    screen = ImportScreen(ipitui_home, "acme", cwd=tmp_path)
    shown: list[tuple[str, str, float | None]] = []
    keep = screen._progress

    def progress(phase: str, done: int, total: int | None) -> None:
        keep(phase, done, total)
        bar = screen.query_one("#progress", ProgressBar)
        shown.append((str(screen.query_one("#phase", Static).render()), phase, bar.total))

    screen._progress = progress  # type: ignore[method-assign]
    app = ScreenHost(screen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen.start([files.planning[-1], files.stranded])
        for _ in range(600):
            await pilot.pause(0.05)
            if app.result is not UNSET:
                break
    assert app.result is not UNSET and len(app.result) == 2
    phases = [phase for _, phase, _ in shown]
    newest = files.planning[-1].name
    assert phases[0] == f"reading {newest}"
    assert f"reading {files.stranded.name}" in phases and "storing" in phases
    size = files.planning[-1].stat().st_size + files.stranded.stat().st_size
    first = shown[0]
    assert first[0].startswith(f"reading {newest} (0.0/") and first[0].endswith(" MB)")
    assert first[2] == size  # one bar over the bytes of every file
    storing = [text for text, phase, _ in shown if phase == "storing"]
    assert storing[-1].endswith(" rows)") and "/" in storing[-1]


async def test_the_first_load_says_what_it_is_doing(ipitui_home, monkeypatch):
    from demo_account import TODAY, make_demo_account

    from ipitui.tui.app import IpituiApp
    from ipitui.tui.main_screen import TriageScreen

    slug = make_demo_account(ipitui_home)
    said: list[str] = []
    keep = TriageScreen._busy

    def busy(self: TriageScreen, text: str) -> None:
        said.append(text)
        keep(self, text)

    monkeypatch.setattr(TriageScreen, "_busy", busy)
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    assert "loading: reading the stored reports" in said
    assert "loading: scoring" in said
