"""Text from reports is data: shown literally, never as markup or terminal escapes.

Every string that came from a report file (titles, SKUs, reasons, error messages quoting a
cell) goes through :func:`clean` before it reaches the screen, and is wrapped in a
``rich.text.Text`` (:func:`literal`) so that ``[bold]`` is shown as typed characters.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the bidirectional overrides/isolates that reorder what follows.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE_CONTROLS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def clean(value: object) -> str:
    """``value`` as one line of printable text: tabs and line breaks become spaces, every other
    control character (ESC included, so no terminal escape survives) is dropped."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _WHITESPACE_CONTROLS.sub(" ", text))


def literal(value: object, style: str = "") -> Text:
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
