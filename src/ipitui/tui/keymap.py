"""Every key binding of the TUI, in one table: id, default keys, action and what it does.

The App and its widgets take their ``BINDINGS`` from here (by scope), the help screen lists
them with the keys actually in force, and a seller remaps any of them by id in
``config.toml``::

    [keymap]
    "mark.remove" = "R"
    "table.down" = "j,down,ctrl+n"

Only single keys (no chords), and nothing that VS Code's or tmux's defaults swallow is the
only way to do something.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

APP = "app"  # anywhere
PANE = "pane"  # on a list pane (the table has focus)
TABLE = "table"  # the table itself: movement, selection, sort

SCOPE_TITLES = {APP: "Anywhere", PANE: "On a list", TABLE: "Moving and selecting in a list"}


@dataclass(frozen=True)
class Key:
    id: str
    keys: str  # comma-separated alternatives, Textual key names
    action: str
    description: str
    scope: str
    footer: str = ""  # a word for the footer; keys without one are not shown there


KEYS: tuple[Key, ...] = (
    # Panes
    Key("pane.overview", "1", "pane('overview')", "Overview pane", APP),
    Key("pane.excess", "2", "pane('excess')", "Excess pane", APP),
    Key("pane.stranded", "3", "pane('stranded')", "Stranded pane", APP),
    Key("pane.aging", "4", "pane('aging')", "Aging pane", APP),
    Key("pane.stock-risk", "5", "pane('stock_risk')", "Stock risk pane", APP),
    Key("pane.decisions", "6", "pane('decisions')", "Decisions pane", APP),
    Key("pane.next", "tab", "next_pane", "Next pane", APP),
    Key("pane.previous", "shift+tab", "previous_pane", "Previous pane", APP),
    # Whole app
    Key("app.help", "question_mark,f1", "help", "Help: every key", APP, "help"),
    Key("app.undo", "u", "undo", "Undo the last decision", APP),
    Key("app.redo", "ctrl+r", "redo", "Redo", APP),
    Key("app.export", "e", "export", "Export decisions (preview first)", APP, "export"),
    Key("app.import", "i", "import_files", "Import report files", APP),
    Key("app.plan", "P", "plan", "Plan to reach a target IPI at the least cost", APP),
    Key("app.accounts", "a", "accounts", "Switch account", APP),
    Key("app.palette", "ctrl+p", "app.command_palette", "Command palette", APP),
    Key("app.quit", "q", "app.quit", "Quit (decisions are already saved)", APP, "quit"),
    # A list pane
    Key(
        "table.filter",
        "slash",
        "filter",
        "Filter: text or a condition like dos>365",
        PANE,
        "filter",
    ),
    Key("table.next-match", "n", "next_match", "Next row matching the last filter", TABLE),
    Key(
        "table.previous-match",
        "N",
        "previous_match",
        "Previous row matching the last filter",
        TABLE,
    ),
    Key("sku.detail", "enter", "detail", "SKU detail", PANE),
    Key("mark.remove", "r", "mark('remove')", "Remove (return to you)", PANE, "remove"),
    Key("mark.dispose", "d", "mark('dispose')", "Dispose", PANE),
    Key("mark.liquidate", "L", "mark('liquidate')", "Liquidate", PANE),
    Key("mark.promote", "p", "mark('promote')", "Promote", PANE, "promote"),
    Key("mark.restock", "s", "mark('restock')", "Restock", PANE),
    Key("mark.fix", "f", "mark('fix')", "Fix the listing", PANE),
    Key("mark.discontinue", "c", "mark('discontinue')", "Discontinue", PANE),
    Key("mark.snooze", "z", "mark('snooze')", "Snooze until a date", PANE),
    Key("mark.clear", "x", "clear_marks", "Clear the decision", PANE),
    # The table
    Key("table.down", "j,down", "cursor_down", "Row down", TABLE),
    Key("table.up", "k,up", "cursor_up", "Row up", TABLE),
    Key("table.top", "g,home", "cursor_top", "First row", TABLE),
    Key("table.bottom", "G,end", "cursor_bottom", "Last row", TABLE),
    Key("table.half-down", "ctrl+d", "half_page(1)", "Half a page down", TABLE),
    Key("table.half-up", "ctrl+u", "half_page(-1)", "Half a page up", TABLE),
    Key("table.page-down", "pagedown", "page(1)", "Page down", TABLE),
    Key("table.page-up", "pageup", "page(-1)", "Page up", TABLE),
    Key("table.left", "h,left", "column(-1)", "Column left", TABLE),
    Key("table.right", "l,right", "column(1)", "Column right", TABLE),
    Key("table.toggle-select", "space", "toggle_select", "Select / unselect, move down", TABLE),
    Key("table.extend-select", "v", "extend_select", "Select from the anchor to here", TABLE),
    Key("table.select-all", "ctrl+a", "select_all", "Select every row shown", TABLE),
    Key("table.clear", "escape", "clear", "Clear the selection, then the filter", TABLE),
    Key("table.sort-asc", "left_square_bracket", "sort(False)", "Sort column ascending", TABLE),
    Key("table.sort-desc", "right_square_bracket", "sort(True)", "Sort column descending", TABLE),
)

BY_ID: dict[str, Key] = {k.id: k for k in KEYS}


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one scope, each carrying its id so the keymap can remap it
    (typed as Textual types a class's ``BINDINGS``, the one use of the list)."""
    return [
        Binding(k.keys, k.action, k.footer or k.description, show=bool(k.footer), id=k.id)
        for k in KEYS
        if k.scope == scope
    ]


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help screen: the keys in force for a binding id."""

    id: str
    keys: tuple[str, ...]  # display names, e.g. ("j", "down")
    description: str
    scope: str


def live_keys(keymap: Mapping[str, str], display: Callable[[str], str] = str) -> list[KeyHelp]:
    """Every binding with the keys in force after ``keymap`` (binding id -> keys) is applied.

    ``display`` turns a Textual key name into what the seller sees (``App.get_key_display``
    of a one-key binding works well)."""
    out = []
    for k in KEYS:
        keys = keymap.get(k.id, k.keys)
        names = tuple(display(key.strip()) for key in keys.split(",") if key.strip())
        out.append(KeyHelp(k.id, names, k.description, k.scope))
    return out


def unknown_ids(keymap: Iterable[str]) -> list[str]:
    """Binding ids in a user keymap that do not exist (reported, never fatal)."""
    return sorted(i for i in keymap if i not in BY_ID)
