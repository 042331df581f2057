"""How a ``FrameTable`` draws its lines: the header, the rows on screen, the message.

``Painter`` turns a ``TableState`` into strips, one line at a time, from the state's window
of rows around the screen. The first column shows ``*`` for a selected row and the
decision letter (R, D, L, P, S, F, X, Z), never colour alone. ``layout`` chooses the columns
drawn, as k9s and htop do: the key column always, the cursor's column, then the list's
columns by priority (``TableState.priority``) as many as fit, the title and other long texts
flexing between a least and their full width; they are drawn in the list's own order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ipitui.tui.text import clean
from ipitui.tui.widgets.columns import Column, fit
from ipitui.tui.widgets.table_state import TableState

MARK_WIDTH = 2  # "*" when selected, then the decision letter
SEPARATOR = " "

# The parts of a line styled apart (the widget's component classes), and their styles.
COMPONENT_CLASSES = {
    "frame-table--header",
    "frame-table--header-cursor",
    "frame-table--cursor",
    "frame-table--cursor-cell",
    "frame-table--selected",
    "frame-table--message",
}

DEFAULT_CSS = """
FrameTable {
    height: 1fr;
    overflow-x: hidden;
    overflow-y: auto;
    scrollbar-size-vertical: 1;
}
FrameTable > .frame-table--header {
    text-style: bold;
    background: $panel;
    color: $foreground;
}
FrameTable > .frame-table--header-cursor {
    text-style: bold underline;
    background: $panel;
    color: $accent;
}
FrameTable > .frame-table--cursor { background: $block-cursor-blurred-background; }
FrameTable:focus > .frame-table--cursor {
    background: $block-cursor-background;
    color: $block-cursor-foreground;
}
FrameTable > .frame-table--cursor-cell { text-style: none; }
FrameTable:focus > .frame-table--cursor-cell { text-style: underline; }
FrameTable > .frame-table--selected { text-style: bold; background: $secondary 20%; }
FrameTable > .frame-table--message { color: $text-muted; text-style: italic; }
"""


def _ranked(columns: Sequence[Column], priority: Sequence[str]) -> list[int]:
    """Indexes of the columns after the key column, by priority: those ``priority`` names in
    its order, then the others in their own order."""
    rank = {name: n for n, name in enumerate(priority)}
    rest = range(1, len(columns))
    return sorted(rest, key=lambda i: (rank.get(columns[i].name, len(rank)), i))


def _choose(columns: Sequence[Column], ranked: Sequence[int], width: int) -> dict[int, int]:
    """The columns of ``ranked`` that fit in ``width`` cells beside the key column, as
    {index: width drawn}: the first ones, up to the first that does not fit. A flexible
    column (``Column.min_width``) counts at its least width, and is cut only for the columns
    that come before it: one after it is shown only when it leaves the flexible ones their
    full width. What is left over widens the flexible columns, the first ones first."""
    chosen = {0: columns[0].width}
    used = MARK_WIDTH + len(SEPARATOR) + columns[0].width
    owed = 0  # cells the flexible columns chosen so far lack to be full
    for i in ranked:
        col = columns[i]
        if used + len(SEPARATOR) + col.least + owed > width:
            break
        chosen[i] = col.least
        used += len(SEPARATOR) + col.least
        owed += col.width - col.least
    spare = width - used
    for i in ranked:
        if spare <= 0 or i not in chosen:
            break
        extra = min(spare, columns[i].width - chosen[i])
        chosen[i] += extra
        spare -= extra
    return chosen


def layout(
    columns: Sequence[Column], priority: Sequence[str], cursor_col: int, width: int
) -> list[tuple[int, Column]]:
    """The columns drawn (index, column) in ``width`` cells, left to right in their own order, each at the
    width it is drawn: the key column, then the highest in ``priority`` that fit (see
    ``_choose``). The cursor's column is always among them: when it is not, it comes first
    after the key column and the others that fit follow it."""
    if not columns:
        return []
    width -= 1  # the last cell is kept for the header's ">" (more columns to the right)
    ranked = _ranked(columns, priority)
    chosen = _choose(columns, ranked, width)
    if cursor_col not in chosen and 0 < cursor_col < len(columns):
        ranked = [cursor_col, *(i for i in ranked if i != cursor_col)]
        chosen = _choose(columns, ranked, width)
        chosen.setdefault(cursor_col, columns[cursor_col].width)  # wider than the table
    return [
        (i, columns[i] if w == columns[i].width else replace(columns[i], width=w))
        for i, w in sorted(chosen.items())
    ]


class Painter:
    """Draws the lines of a table from its state. ``style`` gives a component class's
    style (``""``: the widget's own)."""

    def __init__(self, state: TableState, style: Callable[[str], Style]) -> None:
        self.state = state
        self._style = style
        self._visible_cache: tuple[tuple[int, int] | None, list[tuple[int, Column]]] = (None, [])

    def forget_columns(self) -> None:
        """The columns changed: the columns drawn are chosen again."""
        self._visible_cache = (None, [])

    def visible(self, width: int) -> list[tuple[int, Column]]:
        """The columns drawn, as (index, column at the width drawn), left to right."""
        state = self.state
        if not state.columns:
            return []
        key = (width, state.cursor_col)
        if self._visible_cache[0] != key:
            self._visible_cache = (key, layout(state.columns, state.priority, *key[::-1]))
        return self._visible_cache[1]

    def line(self, y: int, top: int, width: int, height: int, empty_message: str) -> Strip:
        """Line ``y`` of the widget scrolled to row ``top``, ``width`` cells wide; ``height``
        sizes the window of rows read."""
        state = self.state
        base = self._style("")
        if not state.columns:
            return self.message(y, width, base, empty_message)
        if y == 0:
            return self.header(width, base)
        if not state.ready or not state.shown:
            return self.message(y, width, base, empty_message)
        row = top + y - 1
        if row >= state.shown:
            return Strip.blank(width, base)
        return self.row(row, width, height, base)

    def row(self, row: int, width: int, height: int, base: Style) -> Strip:
        state = self.state
        window = state.window_for(row, height)
        key = window.keys[row - window.top]
        is_cursor = row == state.cursor_row
        selected = key in state.selection
        style = base
        if selected:
            style += self._style("frame-table--selected")
        if is_cursor:
            style += self._style("frame-table--cursor")
        decision = state.marks.get(key)
        mark = ("*" if selected else " ") + (decision.action.letter if decision else " ")
        # Few, long segments: one run of text per style (the cursor's cell has its own).
        runs: list[Segment] = []
        run: list[str] = [mark]
        room = width - MARK_WIDTH
        for i, column in self.visible(width):
            special = is_cursor and i == state.cursor_col
            for text, own_style in ((SEPARATOR, False), (window.cell(row, i, column), special)):
                if room <= 0:
                    break
                size = len(text) if text.isascii() else cell_len(text)
                if size > room:
                    text, size = set_cell_size(text, room), room
                room -= size
                if own_style:
                    runs.append(Segment("".join(run), style))
                    runs.append(Segment(text, style + self._style("frame-table--cursor-cell")))
                    run = []
                else:
                    run.append(text)
        if room > 0:
            run.append(" " * room)
        runs.append(Segment("".join(run), style))
        return Strip(runs, width)

    def header(self, width: int, base: Style) -> Strip:
        state = self.state
        style = base + self._style("frame-table--header")
        cursor_style = base + self._style("frame-table--header-cursor")
        segments = [Segment(" " * MARK_WIDTH, style)]
        visible = self.visible(width)
        before = -1
        for i, col in visible:
            label = col.label
            if state.sort_state and state.sort_state[0] == col.name:
                label = label + (" ▼" if state.sort_state[1] else " ▲")
            more_left = i > before + 1  # columns not drawn just left of this one
            before = i
            segments.append(Segment("<" if more_left else SEPARATOR, style))
            text = fit(label, col.width, col.right)
            segments.append(Segment(text, cursor_style if i == state.cursor_col else style))
        used = MARK_WIDTH + sum(len(SEPARATOR) + col.width for _, col in visible)
        strip = Strip(segments).crop_extend(0, width, style)
        if visible[-1][0] < len(state.columns) - 1 or used > width:
            strip = Strip([*strip.crop(0, width - 1), Segment(">", style)])
        return strip

    def message(self, y: int, width: int, base: Style, empty_message: str) -> Strip:
        """The third line says why no rows are shown: loading, an error, none, none match."""
        state = self.state
        text = state.message if not state.ready else empty_message
        if state.ready and state.filter_text:
            text = f"No rows match the filter {state.filter_text!r} (esc clears it)."
        if y != 2 or not text:
            return Strip.blank(width, base)
        style = base + self._style("frame-table--message")
        segments = [Segment("  ", base), Segment(fit(clean(text), max(1, width - 2)), style)]
        return Strip(segments).crop_extend(0, width, base)
