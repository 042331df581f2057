"""Colour themes as TOML files: shipped with ipitui and added by the seller.

Each file maps onto Textual's ``Theme`` fields (``name``, ``dark``, ``primary`` …, and a
``[variables]`` table). Shipped themes live in the package's ``themes`` folder (the
repository's top-level ``themes/`` in a source checkout); the seller's own go in the config
directory's ``themes/`` folder and replace a shipped theme of the same name. A file that
cannot be used is reported and skipped: a theme never stops the app from starting.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ipitui.store.paths import Home

DEFAULT_THEME = "ipitui-dark"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_COLOURS: tuple[str, ...] = ("primary", "secondary", "warning", "error", "success", "accent")
_COLOURS += ("foreground", "background", "surface", "panel", "boost")
_FLOATS = ("luminosity_spread", "text_alpha")
_BOOLS = ("dark", "ansi")
_KNOWN = {f.name for f in fields(Theme)}


def shipped_themes_dir() -> Path:
    """``ipitui/themes`` inside an installed wheel, else the checkout's ``themes/``."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "themes"
    return inside if inside.is_dir() else package.parents[1] / "themes"


def theme_from_dict(data: dict[str, Any]) -> Theme:
    """A ``Theme`` from a file's table; ``ValueError`` names the first key that is wrong."""
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KNOWN))})")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError("'name' must be lowercase letters, digits and dashes, e.g. 'my-dark'")
    if "primary" not in data:
        raise ValueError("'primary' is required")
    for key in _COLOURS:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise ValueError(f"{key!r} must be a colour in quotes, got {value!r}")
            try:
                Color.parse(value)
            except ColorParseError:
                raise ValueError(
                    f"{key!r} is not a colour: {value!r} (use e.g. '#5fafff' or 'ansi_blue')"
                ) from None
    for key in _BOOLS:
        if key in data and not isinstance(data[key], bool):
            raise ValueError(f"{key!r} must be true or false, got {data[key]!r}")
    for key in _FLOATS:
        value = data.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{key!r} must be a number, got {value!r}")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ValueError("[variables] must map names to text values")
    # Each value is checked above; Theme's own types are those the checks ask for.
    values: dict[str, Any] = {k: (float(v) if k in _FLOATS else v) for k, v in data.items()}
    theme = Theme(**values)
    try:
        theme.to_color_system().generate()
    except Exception as exc:  # Textual's own check of the whole palette
        raise ValueError(f"Textual cannot build this theme: {exc}") from None
    return theme


def read_theme_file(path: Path) -> Theme:
    """One theme file; ``ValueError`` with the file (and line, for TOML errors) on failure."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from None
    try:
        return theme_from_dict(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def load_themes(home: Home) -> tuple[list[Theme], list[str]]:
    """Every usable theme (shipped first, the seller's after) and a message per skipped file.

    A seller's theme with the same name as a shipped one replaces it.
    """
    by_name: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in (shipped_themes_dir(), home.user_themes_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = read_theme_file(path)
            except ValueError as exc:
                problems.append(f"theme skipped: {exc}")
                continue
            by_name[theme.name] = theme
    return list(by_name.values()), problems
