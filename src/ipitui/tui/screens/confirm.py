"""One question before a bulk or irreversible step: yes (y, enter) or no (n, esc)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from ipitui.tui.screens.dialog import Dialog


class Confirm(Dialog[bool]):
    """Dismisses with ``True`` (y or enter) or ``False`` (n or esc).

    ``message`` is shown literally: a ``str`` is never read as markup.
    """

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, message: str | Text, *, title: str = "Please confirm") -> None:
        super().__init__()
        self.message = message if isinstance(message, Text) else Text(message)
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = self.dialog_title
            yield Static(self.message, id="message")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
