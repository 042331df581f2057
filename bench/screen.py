"""What "painted" means in a headless Textual app: the widget's lines show the text.

``run_test`` drives the real app with a headless driver; after ``pilot.pause()`` the
pending messages (including refreshes) have been handled, and ``render_line`` returns the
strip the compositor puts on screen for that row of the widget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widget import Widget


def visible_text(widget: Widget) -> str:
    """The text of every line the widget shows now."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def until(pilot: Pilot, done: Callable[[], bool], timeout_s: float = 600.0) -> None:
    """Let the app run until ``done()`` holds (checked after each pause)."""
    start = time.perf_counter()
    while True:
        await pilot.pause()
        if done():
            return
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError(f"the screen did not reach the expected state in {timeout_s} s")
