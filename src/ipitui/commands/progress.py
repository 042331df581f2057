"""Progress of long work on the terminal: a bar (or a spinner) with the phase, how far, the
time spent and the time left, drawn with rich on stderr.

Only when stderr is a terminal, and only for work that lasts: the bar appears once the work
has gone on for ``DELAY`` seconds, and is erased when it ends. Piped or redirected (scripts,
cron), nothing is drawn and the command prints exactly what it prints without it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ipitui.reports.progress import Progress, count

if TYPE_CHECKING:
    from rich.progress import Progress as Bars
    from rich.progress import TaskID

DELAY = 0.2  # seconds of work before the bar appears (shorter work stays silent)


class _Bar:
    """One rich bar, updated from the work's ``Progress`` calls (any thread)."""

    def __init__(self, bars: Bars) -> None:
        self.bars = bars
        self.task: TaskID = bars.add_task("starting", total=None, count="")
        self.lock = threading.Lock()
        self.phase = ""
        self.shown = False
        self.done = False

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self.phase:  # a new phase starts its own clock and estimate
            self.phase = phase
            self.bars.reset(self.task, total=total, completed=done, description=phase)
        else:
            self.bars.update(self.task, total=total, completed=done)
        self.bars.update(self.task, count=count(phase, done, total))

    def show(self) -> None:
        with self.lock:
            if not self.done:
                self.bars.start()
                self.shown = True

    def close(self) -> None:
        with self.lock:
            self.done = True
            if self.shown:
                self.bars.stop()


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A ``Progress`` drawing on stderr while the block runs, or None when stderr is not a
    terminal. Print nothing to stdout inside the block: the bar owns the terminal's last
    lines until the block ends."""
    stream = sys.stderr
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    console = Console(file=stream, highlight=False, emoji=False)
    bars = Progress(
        SpinnerColumn(spinner_name="line"),
        # narrow enough for 80 columns with the figures and both times beside it
        TextColumn(
            "{task.description}",
            markup=False,
            table_column=Column(max_width=26, no_wrap=True, overflow="ellipsis"),
        ),
        BarColumn(bar_width=12),
        TaskProgressColumn(),
        TextColumn("{task.fields[count]}", markup=False),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    bar = _Bar(bars)
    timer = threading.Timer(DELAY, bar.show)
    timer.daemon = True
    timer.start()
    try:
        yield bar
    finally:
        timer.cancel()
        bar.close()
