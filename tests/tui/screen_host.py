"""A tiny App that pushes one screen and keeps what it dismissed with (for screen tests)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from ipitui.store.paths import resolve_home
from ipitui.tui.themes import load_themes

UNSET = object()


class ScreenHost(App[None]):
    def __init__(self, screen: Screen[Any], theme: str = "ipitui-dark") -> None:
        super().__init__()
        self.to_push = screen
        self.result: Any = UNSET
        self.start_theme = theme

    def on_mount(self) -> None:
        for theme in load_themes(resolve_home())[0]:
            self.register_theme(theme)
        self.theme = self.start_theme
        self.push_screen(self.to_push, self._done)

    def _done(self, result: Any) -> None:
        self.result = result
