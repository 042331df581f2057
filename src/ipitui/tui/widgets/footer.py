"""The key footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds a widget for every key it shows whenever the focus moves or a
binding's state changes, even when the keys shown stay the same (from a table to its pane,
from the filter line back to its table). Each rebuild mounts and styles every key again,
about a tenth of a second of the event loop on a list's screen: time that a filter or a sort
waits for before its rows are painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[object, ...], ...]


class KeyFooter(Footer):
    """A ``Footer`` that keeps its keys while what they would show is unchanged."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._shown: Shown | None = None

    def shown_keys(self) -> Shown:
        """What the footer shows: every shown binding (key, action, words, enabled, tip, group)
        and the command palette's key."""
        app = self.app
        active = self.screen.active_bindings
        shown: list[tuple[object, ...]] = [
            (b.key, b.action, b.description, enabled, tooltip, b.group, app.get_key_display(b))
            for _, b, enabled, tooltip in active.values()
            if b.show
        ]
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, b, enabled, tooltip = palette
            shown.append(("palette", b.key, b.description, enabled, tooltip or b.tooltip))
        return tuple(shown)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
