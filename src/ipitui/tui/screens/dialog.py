"""What every pop-up screen shares: a framed box in the middle, a title, the keys below."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


def tilde(path: Path | str) -> str:
    """``path`` with the user's home folder written as ``~`` (shorter, and the same on
    every machine); also every such path inside a message."""
    try:
        home = str(Path.home())
    except RuntimeError:
        return str(path)
    text = str(path)
    return text.replace(home + "/", "~/") if home != "/" else text


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


def reading_keys(scope: str, close: str) -> list[BindingType]:
    """The keys of a :class:`ReadingDialog`: ``close`` closes it, j / k scroll (ids
    ``<scope>.close``, ``<scope>.down``, ``<scope>.up``)."""
    return [
        Binding(close, "close", "Close", id=f"{scope}.close"),
        Binding("j,down", "scroll(1)", "Scroll", id=f"{scope}.down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", id=f"{scope}.up", show=False),
    ]


class ReadingDialog(Dialog[None]):
    """A dialog to read: its ``#dialog`` is a ``VerticalScroll`` that takes the keys (arrows,
    page keys, j / k), and the screen closes with ``close`` (see :func:`reading_keys`)."""

    def on_mount(self) -> None:
        self.query_one("#dialog").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#dialog", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
