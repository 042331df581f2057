"""SVG snapshots of the TUI: compare a settled screen with a committed file.

``await assert_snapshot(app, pilot, "excess-80x24-dark")`` waits until every worker is done
and the screen is painted, exports it as SVG, removes what changes from run to run (the
per-content id Rich puts on every CSS class) and compares it with
``tests/tui/__snapshots__/<name>.svg``. On a mismatch it writes ``<name>.new.svg`` beside it
(git ignores those) and fails; with ``IPITUI_UPDATE_SNAPSHOTS=1`` it rewrites the file. Apps
under test must be given a fixed ``today`` so that dates and ages do not move.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

SNAPSHOTS = Path(__file__).parent / "__snapshots__"
UPDATE_ENV = "IPITUI_UPDATE_SNAPSHOTS"
_UNIQUE_ID = re.compile(r"terminal-\d+")


def _writing(app: App) -> bool:
    """A screen's decisions writer (its own thread, not a worker) still has work queued."""
    return any(getattr(getattr(s, "writer", None), "pending", 0) for s in app.screen_stack)


async def settle(app: App, pilot: Pilot, rounds: int = 3) -> None:
    """Let every worker and the decisions writer finish, and every message that follows be
    handled and painted."""
    for _ in range(rounds):
        for _ in range(2000):  # 20 s at most
            if not _writing(app):
                break
            await pilot.pause(0.01)
        for _ in range(20):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # replaced by a newer one (exclusive workers): again
                await pilot.pause()
        await pilot.pause()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def normalise(svg: str) -> str:
    return _UNIQUE_ID.sub("terminal", svg)


async def assert_snapshot(app: App, pilot: Pilot, name: str) -> None:
    await settle(app, pilot)
    svg = normalise(app.export_screenshot(title="ipitui"))
    path = SNAPSHOTS / f"{name}.svg"
    new = SNAPSHOTS / f"{name}.new.svg"
    if os.environ.get(UPDATE_ENV) == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
        new.unlink(missing_ok=True)
        return
    if not path.exists():
        new.write_text(svg, encoding="utf-8")
        pytest.fail(f"no snapshot {path.name} yet: check {new.name}, then run with {UPDATE_ENV}=1")
    if path.read_text(encoding="utf-8") != svg:
        new.write_text(svg, encoding="utf-8")
        pytest.fail(
            f"{name}: the screen differs from {path.name}; see {new.name} "
            f"(run with {UPDATE_ENV}=1 if the change is intended)"
        )
    new.unlink(missing_ok=True)
