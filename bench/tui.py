"""The TUI, headless: the real ``IpituiApp`` under ``App.run_test`` on a stored snapshot.

Paints are timed where they happen: the app's ``_display`` (which the screen calls with each
compositor update, after rendering the changed lines; a headless app then skips only the
write to the terminal) is wrapped to note the time and the state the frame shows. Keys are
posted to the app like a terminal's, without the Pilot's settling pauses, so a figure is the
time from the key to the first frame that shows its result. That includes Textual's frame
pacing: the screen repaints at most 60 times a second (``TEXTUAL_FPS``), so a key waits up to
16.7 ms for the next frame.

A fresh Python process times *first frame*: from launching it to the first frame of the
account's screen (header, tabs, panes, "loading"), imports included, as a seller sees it;
*launch to numbers*: to the first frame with the account's numbers (the header's estimate,
drawn with the Overview's); and *launch to excess rows*: the seller presses ``2`` at that
first frame, to the first frame of the excess list with its scored rows.

One process per run times, on the excess list:

* *first list*: from constructing the app to the first frame of the excess list with its
  rows (the seller presses ``2`` for the excess pane at once, while it loads);
* *key to paint*: ``j`` to the frame with the cursor one row down (the median of
  ``KEY_PRESSES`` presses);
* *sort*: ``]`` on the current column to the sorted frame;
* *filter*: ``/`` and a piece of a SKU are typed, then from ``enter`` to the filtered frame;
* *decision form*: ``r`` to the first frame showing the decision form (its defaults
  computed), which is then left to settle as a seller would read it;
* *mark + what-if*: ``enter`` on that form (accepting its defaults) to the frame whose header
  shows the re-scored account with one more decision.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from textual import events

KEY_PRESSES = 15
SIZE = (120, 40)
TIMEOUT_S = 600.0


def task(home: str, slug: str, today: str = "2026-06-15") -> dict[str, float]:
    from ipitui.store.paths import resolve_home

    with kept_journal(resolve_home(home).journal(slug)):
        frame, numbers, rows = first_frame(home, slug, today)
        out = {"first frame": frame, "launch to numbers": numbers, "launch to excess rows": rows}
        out.update(asyncio.run(_session(home, slug, date.fromisoformat(today))))
        return out


_FIRST_FRAME = """
import asyncio, sys, time
home, slug, today, launched, width, height = sys.argv[1:7]
from datetime import date
from ipitui.store.paths import resolve_home
from ipitui.tui.app import IpituiApp

async def main():
    app = IpituiApp(resolve_home(home), slug, today=date.fromisoformat(today))
    seen = []
    display = app._display

    def noted(screen, renderable):
        display(screen, renderable)
        triage = app.triage
        if renderable is not None and not seen and triage is not None and screen is triage:
            seen.append(time.time() - float(launched))

    def rows_shown():
        triage = app.triage
        if triage is None or triage.active != "excess" or triage.account is None:
            return False
        table = triage.query_one("#excess").table
        return table.ready and not table.busy and table.shown > 0

    numbers = []  # the header's estimate, drawn with the Overview's numbers

    def listed(screen, renderable):
        noted(screen, renderable)
        triage = app.triage
        if renderable is not None and not numbers and triage is not None and triage.account:
            numbers.append(time.time() - float(launched))
        if renderable is not None and len(seen) == 1 and rows_shown():
            seen.append(time.time() - float(launched))

    app._display = listed
    async with app.run_test(size=(int(width), int(height))) as pilot:
        while not seen:
            await asyncio.sleep(0.001)
        await pilot.press("2")  # the seller asks for the excess list at the first frame
        while len(seen) < 2:
            await asyncio.sleep(0.001)
        await pilot.exit(None)
    print(seen[0], numbers[0] if numbers else seen[1], seen[1])

asyncio.run(main())
"""


def first_frame(home: str, slug: str, today: str) -> tuple[float, float, float]:
    """Seconds from launching a fresh Python to the first frame of the account's screen,
    to the first frame with the account's numbers (the header's estimate, painted with the
    Overview's), and to the first frame of the excess list with its scored rows (``2``
    pressed at the first frame)."""
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, home, slug, today, repr(launched), *map(str, SIZE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_S,
    )
    frame, numbers, rows = done.stdout.split()[-3:]
    return float(frame), float(numbers), float(rows)


@contextlib.contextmanager
def kept_journal(journal: Path) -> Iterator[None]:
    """Put the account's decisions journal back as it was: every run starts the same."""
    files = [journal.with_name(journal.name + suffix) for suffix in ("", "-wal", "-shm")]
    saved = {f: f.read_bytes() for f in files if f.exists()}
    try:
        yield
    finally:
        for f in files:
            f.unlink(missing_ok=True)
        for f, data in saved.items():
            f.write_bytes(data)


@dataclass(frozen=True)
class Frame:
    """What one painted frame showed (the parts the benchmark waits for)."""

    at: float
    on_list: bool  # the triage screen, on the excess pane
    rows: bool  # the table shows rows (loaded, not busy)
    cursor_row: int
    sort: Any
    filter_text: str
    decisions: int
    header_busy: str
    on_form: bool  # a dialog (the decision form) is open over the triage screen


class Frames:
    """Every frame the app paints, noted from its ``_display``."""

    def __init__(self, app: Any, probe: Callable[[float], Frame | None]) -> None:
        self.seen: list[Frame] = []
        display = app._display

        def noted(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                frame = probe(time.perf_counter())
                if frame is not None:
                    self.seen.append(frame)

        app._display = noted

    async def first(self, since: float, wanted: Callable[[Frame], bool]) -> Frame:
        """The first frame painted after ``since`` that shows what is ``wanted``."""
        deadline = time.perf_counter() + TIMEOUT_S
        checked = 0
        while time.perf_counter() < deadline:
            for frame in self.seen[checked:]:
                if frame.at >= since and wanted(frame):
                    return frame
            checked = len(self.seen)
            await asyncio.sleep(0.001)
        raise TimeoutError(f"no frame showed the expected state within {TIMEOUT_S:.0f} s")


def _press(app: Any, key: str) -> None:
    """A key as a terminal sends it (no waiting for the app to settle)."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app.post_message(event)


async def _session(home: str, slug: str, today: date) -> dict[str, float]:
    from ipitui.store.paths import resolve_home
    from ipitui.tui.app import IpituiApp
    from ipitui.tui.panes.list_pane import ListPane
    from ipitui.tui.widgets.header import IpiHeader

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    app = IpituiApp(resolve_home(home), slug, today=today)
    parts: dict[str, Any] = {}

    def probe(at: float) -> Frame | None:
        screen = app.triage
        if screen is None or not screen.is_mounted:
            return None
        if "table" not in parts:
            parts["table"] = screen.query_one("#excess", ListPane).table
            parts["header"] = screen.query_one(IpiHeader)
        table, header = parts["table"], parts["header"]
        return Frame(
            at=at,
            on_list=app.screen is screen and screen.active == "excess",
            rows=table.ready and not table.busy and table.shown > 0,
            cursor_row=table.cursor_row,
            sort=table.sort_state,
            filter_text=table.filter_text,
            decisions=header.state.decisions,
            header_busy=header.state.busy,
            on_form=app.screen is not screen,
        )

    frames = Frames(app, probe)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        first = await frames.first(t0, lambda f: f.on_list and f.rows)
        out["first list"] = first.at - t0
        table = parts["table"]
        out["n_rows"] = table.total
        await pilot.pause()

        presses = []
        for _ in range(KEY_PRESSES):
            row, t = table.cursor_row, time.perf_counter()
            _press(app, "j")
            frame = await frames.first(t, lambda f, row=row: f.cursor_row == row + 1)
            presses.append(frame.at - t)
            await pilot.pause()
        out["key to paint"] = statistics.median(presses)

        before, t = table.sort_state, time.perf_counter()
        _press(app, "right_square_bracket")
        frame = await frames.first(t, lambda f: f.sort != before and f.rows)
        out["sort"] = frame.at - t
        await pilot.pause()

        text = (table.cursor_key or "")[-4:]
        await pilot.press("slash", *text)
        t = time.perf_counter()
        _press(app, "enter")
        frame = await frames.first(t, lambda f: f.filter_text == text and f.rows and f.on_list)
        out["filter"] = frame.at - t
        out["n_filtered_rows"] = table.shown
        await pilot.pause()

        screen = app.triage
        decisions, t = parts["header"].state.decisions, time.perf_counter()
        _press(app, "r")
        while app.screen is screen and time.perf_counter() - t < 1.0:
            await asyncio.sleep(0.001)
        if app.screen is not screen:  # the decision form: accept its defaults
            while app.screen.focused is None and time.perf_counter() - t < TIMEOUT_S:
                await asyncio.sleep(0.001)
            shown = await frames.first(t, lambda f: f.on_form)
            out["decision form"] = shown.at - t
            await pilot.pause()  # a seller reads the form before pressing enter
            t = time.perf_counter()
            _press(app, "enter")
        frame = await frames.first(
            t, lambda f: f.on_list and f.decisions == decisions + 1 and not f.header_busy
        )
        out["mark + what-if"] = frame.at - t
        await pilot.exit(None)
    return out
