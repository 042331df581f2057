"""Help: every key in force (after the seller's remapping), the filter syntax, the marks."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from ipitui.core.decisions import ACTION_LETTERS
from ipitui.core.filters import FIELDS, YES_NO
from ipitui.tui.keymap import SCOPE_TITLES, KeyHelp
from ipitui.tui.screens.dialog import ReadingDialog, reading_keys

FILTER_HELP = """\
Type words to keep the rows whose SKU, ASIN or title contains each of them (any case;
"two words" in quotes count as one), or conditions written FIELD OP VALUE without spaces,
such as  excess>100  dos>365  action=remove  name~otter . Numbers take  > >= < <= = != ,
text takes  = != ~  (~ means contains). Everything typed must hold. n / N jump to the
next / previous matching row; esc clears the filter."""


def filter_text() -> Text:
    """How to filter, and every field a condition can use (from the filter itself)."""
    out = Text(FILTER_HELP, end="")
    out.append("\n")
    for name, (meaning, _columns, numeric) in FIELDS.items():
        out.append(f"\n  {name:<10}", style="bold")
        kind = "number" if numeric else "yes/no" if name in YES_NO else "text"
        out.append(f"{kind:<8}{meaning}")
    return out


def keys_text(keys: Sequence[KeyHelp]) -> Text:
    """The key table, one section per scope, in the order the bindings are declared."""
    out = Text(end="")
    width = max((len(", ".join(k.keys)) for k in keys), default=0)
    width = min(max(width, 8), 24)
    scopes = list(dict.fromkeys(k.scope for k in keys))
    for n, scope in enumerate(scopes):
        if n:
            out.append("\n")
        out.append(SCOPE_TITLES.get(scope, scope.capitalize()) + "\n", style="bold underline")
        for k in keys:
            if k.scope != scope:
                continue
            shown = ", ".join(k.keys) or "(no key)"
            out.append(f"  {shown:<{width}}", style="bold")
            out.append(f"  {k.description}\n")
    return out


def marks_text() -> Text:
    out = Text(end="")
    for action, letter in ACTION_LETTERS.items():
        out.append(f"  {letter}", style="bold")
        out.append(f"  {action.value}\n")
    return out


class HelpScreen(ReadingDialog):
    """Lists the keys the App passes in (its live bindings) plus the filter syntax."""

    BINDINGS = reading_keys("help", "escape,q,question_mark,f1")

    DEFAULT_CSS = """
    HelpScreen #dialog {
        width: 90;
        height: 1fr;
    }
    HelpScreen .heading {
        text-style: bold underline;
        margin-top: 1;
    }
    """

    def __init__(self, keys: Sequence[KeyHelp]) -> None:
        super().__init__()
        self.keys = list(keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog") as box:
            box.border_title = "Help"
            box.can_focus = True
            yield Static(keys_text(self.keys), id="keys")
            yield Static("Filter ( / )", classes="heading")
            yield Static(filter_text(), id="filter-help")
            yield Static("Marks (the letter column)", classes="heading")
            yield Static(marks_text(), id="marks")
        yield Footer()
