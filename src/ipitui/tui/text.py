"""Text from reports is data: shown literally, never as markup or terminal escapes.

Every string that came from a report file (titles, SKUs, reasons, error messages quoting a
cell) goes through :func:`clean` (``ipitui.format.terminal_text``, the one cleaner of text for
a terminal) before it reaches the screen, and is wrapped in a ``rich.text.Text``
(:func:`literal`) so that ``[bold]`` is shown as typed characters.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from ipitui.format import terminal_text as clean

__all__ = ["clean", "join", "literal"]


def literal(value: object, style: str | Style = "") -> Text:
    """A ``Text`` that shows ``value`` exactly as typed (after :func:`clean`)."""
    return Text(clean(value), style=style, end="")


def join(parts: list[Text | str], separator: str = "  ") -> Text:
    """Join pieces into one ``Text``; plain ``str`` pieces are program text (not from reports)
    and are still added literally, never parsed as markup."""
    out = Text(end="")
    for i, part in enumerate(parts):
        if i:
            out.append(separator)
        out.append(part if isinstance(part, Text) else Text(part))
    return out
