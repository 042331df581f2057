"""The IPI history chart: estimates and recorded readings over time, as plain text.

Pure rendering (no widget, no theme lookup): points in, ``rich.text.Text`` out. Each series
has its own glyph so the chart reads the same without colour, and a legend says which is
which. The storage-limit line (400 by default) is drawn across the chart and labelled.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text

from ipitui.core.standing import IPI_THRESHOLD

ESTIMATE, ACTUAL, BOTH, LINE = "*", "o", "#", "-"
Point = tuple[date, float | int | None]


@dataclass(frozen=True)
class ChartStyles:
    estimate: Style | str = "bold"
    actual: Style | str = "bold"
    threshold: Style | str = "dim"
    axis: Style | str = "dim"


def _value_range(values: Sequence[float], threshold: float) -> tuple[float, float]:
    lo = max(0.0, math.floor(min(*values, threshold) / 50) * 50)
    hi = min(1000.0, math.ceil(max(*values, threshold) / 50) * 50)
    if hi - lo < 100:  # a flat history still gets a readable scale
        lo, hi = max(0.0, lo - 50), min(1000.0, hi + 50)
    return lo, hi


def ipi_history_chart(
    estimates: Sequence[Point],
    actuals: Sequence[Point] = (),
    *,
    width: int = 60,
    height: int = 8,
    threshold: int = IPI_THRESHOLD,
    styles: ChartStyles | None = None,
) -> Text:
    """Plot ``(date, score)`` points; ``None`` scores are left out.

    ``width`` and ``height`` are the whole chart's size in cells (the plot plus its axis
    labels and legend need at least 20 x 5).
    """
    st = styles or ChartStyles()
    est = sorted((d, float(v)) for d, v in estimates if v is not None)
    act = sorted((d, float(v)) for d, v in actuals if v is not None)
    if not est and not act:
        return Text(
            "No IPI history yet: every imported weekly report adds an estimate, and "
            "'ipitui ipi add DATE SCORE' records Amazon's actual reading.",
            style=st.axis,
        )
    width, rows = max(width, 20), max(height - 3, 2)  # 3 lines: x axis, dates, legend
    plot_w = width - 6  # "1000 |"
    values = [min(1000.0, max(0.0, v)) for _, v in (*est, *act)]
    lo, hi = _value_range(values, float(threshold))
    first = min(d for d, _ in (*est, *act))
    last = max(d for d, _ in (*est, *act))
    span = max((last - first).days, 1)

    def cell(d: date, v: float) -> tuple[int, int]:
        col = round((d - first).days / span * (plot_w - 1))
        row = round((hi - min(hi, max(lo, v))) / (hi - lo) * (rows - 1))
        return row, col

    grid: dict[tuple[int, int], str] = {}
    for d, v in est:
        grid[cell(d, v)] = ESTIMATE
    for d, v in act:
        pos = cell(d, v)
        grid[pos] = BOTH if grid.get(pos) in (ESTIMATE, BOTH) else ACTUAL
    line_row = cell(first, float(threshold))[0]
    # the top row's label first, then the line's, then the bottom's
    labels = {rows - 1: f"{lo:4.0f}", line_row: f"{threshold:4d}", 0: f"{hi:4.0f}"}
    out = _plot(grid, labels, rows, plot_w, line_row, st)
    right = last.isoformat() if last != first else ""
    _x_labels(out, plot_w, first.isoformat(), right, st, end="\n")
    legend_width = 34 + len(str(threshold))
    out.append(" " * min(6, max(0, width - legend_width)))
    out.append(ESTIMATE, style=st.estimate)
    out.append(" estimate  ")
    out.append(ACTUAL, style=st.actual)
    out.append(" actual  ")
    out.append(BOTH, style=st.actual)
    out.append(" both  ")
    out.append(LINE * 3, style=st.threshold)
    out.append(f" {threshold}")
    return out


def cost_curve_chart(
    points: Sequence[tuple[float, float]],
    start: float,
    target: int,
    money: Callable[[float], str],
    *,
    width: int = 60,
    height: int = 6,
    styles: ChartStyles | None = None,
) -> Text:
    """A plan's cost curve: the estimate (y) against the running cost (x), one ``*`` per
    cell a step lands in, from ``(0, start)``; the target drawn across as ``-``. ``money``
    writes an amount for the x axis's two ends."""
    st = styles or ChartStyles()
    pts = [(0.0, float(start)), *((float(c), float(v)) for c, v in points)]
    width, rows = max(width, 24), max(height - 2, 2)  # 2 lines: x axis, its amounts
    plot_w = width - 6  # "1000 |"
    lo = min(min(v for _, v in pts), float(target))
    hi = max(max(v for _, v in pts), float(target))
    if hi - lo < 1:
        hi = lo + 1
    left, right = min(c for c, _ in pts), max(c for c, _ in pts)
    span = right - left or 1.0

    def cell(c: float, v: float) -> tuple[int, int]:
        return (
            round((hi - v) / (hi - lo) * (rows - 1)),
            round((c - left) / span * (plot_w - 1)),
        )

    grid = dict.fromkeys((cell(c, v) for c, v in pts), ESTIMATE)
    line_row = cell(left, float(target))[0]
    labels = {0: f"{hi:4.0f}", line_row: f"{target:4d}", rows - 1: f"{lo:4.0f}"}
    out = _plot(grid, labels, rows, plot_w, line_row, st)
    _x_labels(out, plot_w, money(left), money(right) if right != left else "", st)
    return out


def _plot(
    grid: Mapping[tuple[int, int], str],
    labels: Mapping[int, str],
    rows: int,
    plot_w: int,
    line_row: int,
    st: ChartStyles,
) -> Text:
    """The plot's rows (each with its label, the glyphs of ``grid`` by (row, column), the
    line across ``line_row``) and the x axis under them."""
    glyph_style = {ESTIMATE: st.estimate, ACTUAL: st.actual, BOTH: st.actual}
    out = Text(no_wrap=True, overflow="crop")
    for row in range(rows):
        out.append(f"{labels.get(row, ''):>4} |", style=st.axis)
        for col in range(plot_w):
            glyph = grid.get((row, col))
            if glyph:
                out.append(glyph, style=glyph_style[glyph])
            elif row == line_row:
                out.append(LINE, style=st.threshold)
            else:
                out.append(" ")
        out.append("\n")
    out.append("     +" + "-" * plot_w + "\n", style=st.axis)
    return out


def _x_labels(
    out: Text, plot_w: int, left: str, right: str, st: ChartStyles, end: str = ""
) -> None:
    """The x axis's two end labels under the plot."""
    gap = max(1, plot_w - len(left) - len(right))
    out.append("      " + left + " " * gap + right + end, style=st.axis)
