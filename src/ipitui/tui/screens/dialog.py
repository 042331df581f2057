"""What every pop-up screen shares: a framed box in the middle, a title, the keys below."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose content sits in ``#dialog``, a box that fits 80x24.

    Subclasses compose their content inside ``Vertical(id="dialog")`` and add a ``Footer``
    so the keys shown are always the keys in force (a remapped key shows as remapped).
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog #dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        border-title-color: $text;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    Dialog .hint {
        color: $text-muted;
    }
    Dialog .problem {
        color: $text-error;
        text-style: bold;
    }
    Dialog .problem:ansi {
        color: ansi_bright_red;
    }
    """
