"""The TUI on a read-only home: the account opens and shows its numbers, a mark says why it
cannot be written (the real cause, as the CLI says it), and nothing crashes.

The home is a read-only bind mount (chmod does not stop root, who runs these tests in CI);
where mounting is not allowed, the test is skipped and says why.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_account import TODAY, make_demo_account
from screen_host import ScreenHost
from snapshots import settle
from textual.widgets import Static

from ipitui.store.journal import Journal
from ipitui.store.paths import Home, resolve_home
from ipitui.tui.app import IpituiApp
from ipitui.tui.screens.import_screen import ImportScreen
from ipitui.tui.widgets.header import IpiHeader

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mounts are POSIX")


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Home, str]]:
    source, view = tmp_path / "home", tmp_path / "ro"
    view.mkdir()
    slug = make_demo_account(resolve_home(source), tmp_path / "reports")
    done = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(view)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode})")
    try:
        with pytest.raises(OSError):
            (view / "probe").write_text("x")
        yield resolve_home(view), slug
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True, check=False)


async def test_a_read_only_home_opens_and_a_mark_says_why_it_is_not_recorded(
    read_only: tuple[Home, str],
) -> None:
    home, slug = read_only
    app = IpituiApp(home, slug, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.triage
        assert screen is not None and screen.account is not None
        assert not screen.query_one("#problem").display
        header = screen.query_one(IpiHeader).state
        assert header.estimate_now == screen.account.card.estimate_now.score
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        said = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert any("read-only file system" in s for s in said), said
        assert all("Nothing stored was changed" in s for s in said), said
        assert not any("not recorded" in s or "damaged" in s for s in said), said
        assert app.is_running and app.screen is screen
    with Journal(home, slug) as journal:
        assert journal.current() == {}


async def test_an_import_on_a_read_only_home_says_the_real_cause(
    read_only: tuple[Home, str], tmp_path: Path
) -> None:
    home, slug = read_only
    report = next((tmp_path / "reports").glob("*.txt"))
    app = ScreenHost(ImportScreen(home, slug, cwd=report.parent))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*report.name, "enter")
        await settle(app, pilot)
        assert app.screen.has_class("-refused")
        said = str(app.screen.query_one("#problem-text", Static).render())
        assert "read-only file system" in said and "Nothing stored was changed" in said, said
        assert "Errno" not in said.split("(")[0], said  # the message, not the raw OSError
        assert said.count("Nothing") == 1, said
