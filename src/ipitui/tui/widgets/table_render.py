"""How a ``FrameTable`` draws its lines: the header, the rows on screen, the message.

``Painter`` turns a ``TableState`` into strips, one line at a time, from the state's window
of rows around the screen. The first column shows ``*`` for a selected row and the
decision letter (R, D, L, P, S, F, X, Z), never colour alone. ``fit_offset`` and
``visible_columns`` choose the columns drawn: the key column always, then those from the
horizontal offset that fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def fit_offset(columns: Sequence[Column], cursor_col: int, offset: int, width: int) -> int:
    """The first column drawn after the key column, so that the cursor's column is fully
    in view in ``width`` cells (``offset`` when it already is)."""
    if cursor_col == 0:
        return offset
    offset = min(offset, cursor_col)
    frozen = MARK_WIDTH + len(SEPARATOR) + columns[0].width + len(SEPARATOR)
    while offset < cursor_col:
        span = sum(c.width + len(SEPARATOR) for c in columns[offset : cursor_col + 1])
        if frozen + span <= width:
            break
        offset += 1
    return offset


def visible_columns(columns: Sequence[Column], offset: int, width: int) -> list[int]:
    """Indexes of the columns drawn in ``width`` cells: the key column, then from
    ``offset``."""
    out, used = [0], MARK_WIDTH + len(SEPARATOR) + columns[0].width
    for i in range(max(1, offset), len(columns)):
        if used >= width:
            break
        out.append(i)
        used += len(SEPARATOR) + columns[i].width
    return out


class Painter:
    """Draws the lines of a table from its state. ``style`` gives a component class's
    style (``""``: the widget's own)."""

    def __init__(self, state: TableState, style: Callable[[str], Style]) -> None:
        self.state = state
        self._style = style
        self._visible_cache: tuple[tuple[int, int] | None, list[int]] = (None, [])

    def forget_columns(self) -> None:
        """The columns changed: the columns drawn are chosen again."""
        self._visible_cache = (None, [])

    def visible(self, width: int) -> list[int]:
        """Indexes of the columns drawn: the key column, then from the horizontal offset."""
        columns = self.state.columns
        if not columns:
            return []
        key = (width, self.state.col_offset)
        if self._visible_cache[0] != key:
            self._visible_cache = (key, visible_columns(columns, self.state.col_offset, width))
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
        columns = state.columns
        for i in self.visible(width):
            special = is_cursor and i == state.cursor_col
            for text, own_style in ((SEPARATOR, False), (window.cell(row, i, columns[i]), special)):
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
        for n, i in enumerate(visible):
            col = state.columns[i]
            label = col.label
            if state.sort_state and state.sort_state[0] == col.name:
                label = label + (" ▼" if state.sort_state[1] else " ▲")
            more_left = n == 1 and i > 1
            segments.append(Segment("<" if more_left else SEPARATOR, style))
            text = fit(label, col.width, col.right)
            segments.append(Segment(text, cursor_style if i == state.cursor_col else style))
        used = MARK_WIDTH + sum(len(SEPARATOR) + state.columns[i].width for i in visible)
        strip = Strip(segments).crop_extend(0, width, style)
        if visible[-1] < len(state.columns) - 1 or used > width:
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
