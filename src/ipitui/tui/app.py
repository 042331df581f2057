"""The ipitui Textual app: themes, the seller's keymap, accounts and the command palette.

The App itself holds little: it registers the theme files, applies ``keymap`` from
``config.toml`` (binding id -> keys), persists the chosen theme, and shows one
``TriageScreen`` per account (switching account replaces it). Everything an account shows
lives in ``tui.main_screen``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider, SearchIcon
from textual.theme import Theme

from ipitui.core.settings import GlobalSettings
from ipitui.store.accounts import find_account, list_accounts, set_default_account
from ipitui.store.paths import Home
from ipitui.store.settings import load_global_settings, save_global_settings
from ipitui.tui import keymap
from ipitui.tui.main_screen import TABS, TriageScreen, find_skus
from ipitui.tui.text import clean, literal
from ipitui.tui.themes import load_themes

if TYPE_CHECKING:
    from ipitui.tui.screens.import_screen import ImportScreen

# The palette's search line starts with this, not Textual's magnifying-glass emoji (whose
# width differs between terminals).
SEARCH_ICON = ">"
DEFAULT_THEME = "ipitui-dark"
FALLBACK_THEME = "textual-dark"
SKU_HITS = 8


class Palette(CommandPalette):
    """Textual's command palette with a plain search icon."""

    def on_mount(self) -> None:
        self.query_one(SearchIcon).icon = SEARCH_ICON


class IpituiCommands(Provider):
    """Palette commands: panes, accounts, themes, export, import, undo, and jump to a SKU."""

    def _commands(self) -> Iterator[tuple[Text, Callable[[], object], str]]:
        app: IpituiApp = self.app  # type: ignore[assignment]
        screen = app.triage
        if screen is not None:
            for tab in TABS:
                yield (
                    Text(f"Pane: {tab.title}"),
                    partial(screen.show_pane, tab.id),
                    f"key {tab.key}",
                )
            yield Text("Plan to reach IPI ..."), screen.action_plan, "key P"
            yield Text("Export decisions"), screen.action_export, "see what will be written first"
            yield Text("Import report files"), screen.action_import_files, "from Seller Central"
            yield Text("Undo the last decision"), screen.action_undo, ""
            yield Text("Redo"), screen.action_redo, ""
            yield Text("Reload the account"), screen.load, "re-read the stored reports"
            yield Text("Compute the IPI history"), screen.compute_history, "for the Overview"
        yield Text("Switch account..."), app.action_accounts, ""
        for account in list_accounts(app.home):
            if account.slug != app.slug:
                title = Text("Account: ")
                title.append_text(literal(account.name))
                yield title, partial(app.open_account, account.slug), ""
        for name in sorted(app.available_themes):
            yield Text(f"Theme: {name}"), partial(app.choose_theme, name), ""
        yield Text("Help: every key"), app.action_help, "? or F1"

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            yield DiscoveryHit(title, command, text=title.plain, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title.plain)
            if score > 0:
                yield Hit(score, title, command, text=title.plain, help=help_text or None)
        app: IpituiApp = self.app  # type: ignore[assignment]
        screen = app.triage
        text = query.strip()
        if screen is None or not text:
            return
        titles = {tab.id: tab.title for tab in TABS}
        found = await asyncio.to_thread(find_skus, screen.list_tables(), text, SKU_HITS)
        for n, (sku, pane_id) in enumerate(found):
            title = Text("Jump to SKU ")
            title.append_text(literal(sku, style="bold"))
            title.append(f"  ({titles[pane_id]})")
            command = partial(screen.go_to_sku, sku, pane_id)
            yield Hit(0.9 - n / 100, title, command, text=title.plain)


class IpituiApp(App):
    """The TUI over one seller account at a time."""

    CSS_PATH = "app.tcss"
    TITLE = "ipitui"
    COMMANDS = App.COMMANDS | {IpituiCommands}

    def __init__(
        self,
        home: Home,
        slug: str,
        *,
        today: date | None = None,
        theme: str | None = None,
        settings: GlobalSettings | None = None,
    ) -> None:
        problems: list[str] = []
        if settings is None:
            settings, problems = load_global_settings(home)
        # Textual binds the palette itself (a priority binding without an id): follow the
        # seller's keymap for it here, before the App sets it up.
        palette = settings.keymap.get("app.palette")
        if palette:
            # Textual declares it a class variable; set on the instance, it is this App's only.
            self.COMMAND_PALETTE_BINDING = palette  # type: ignore[misc]
        super().__init__()
        self.home = home
        self.slug = slug
        self.today = today
        self.settings = settings
        self._problems = list(problems)
        self._wanted_theme = theme or settings.theme or DEFAULT_THEME
        self._started_theme = ""
        self._theme_chosen = False
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self.triage: TriageScreen | None = None

    # ----------------------------------------------------------------- start

    def on_mount(self) -> None:
        self._register_themes()
        self._apply_keymap()
        for problem in self._problems:
            self.notify(clean(problem), severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.open_account(self.slug, remember=False)

    def _register_themes(self) -> None:
        themes, problems = load_themes(self.home)
        for theme in themes:
            self.register_theme(theme)
        self._problems.extend(problems)
        for name in (self._wanted_theme, DEFAULT_THEME, FALLBACK_THEME):
            if name in self.available_themes:
                if name != self._wanted_theme:
                    self._problems.append(f"theme {self._wanted_theme!r} not found; using {name!r}")
                self.theme = name
                self._started_theme = name
                break

    def _apply_keymap(self) -> None:
        wanted = dict(self.settings.keymap)
        unknown = keymap.unknown_ids(wanted)
        if unknown:
            self._problems.append(
                "keymap in config.toml: no binding with id " + ", ".join(map(repr, unknown))
            )
        self.set_keymap({k: v for k, v in wanted.items() if k not in unknown})

    def live_keys(self) -> list[keymap.KeyHelp]:
        """Every binding with the keys in force (after the seller's keymap)."""
        return keymap.live_keys(
            self._keymap, lambda key: self.get_key_display(Binding(key, "", show=False))
        )

    # ----------------------------------------------------------------- themes

    def choose_theme(self, name: str) -> None:
        self.theme = name

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen while running (palette, settings) is kept for the next start; the
        one the app started with (from the settings or ``--theme``) is not written."""
        if theme.name == self._started_theme and not self._theme_chosen:
            return
        self._theme_chosen = True
        self._save_theme(theme.name)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        settings, _ = load_global_settings(self.home)
        if settings.theme != name:
            settings.theme = name
            save_global_settings(self.home, settings)

    # ----------------------------------------------------------------- accounts

    def open_account(self, slug: str, *, remember: bool = True) -> None:
        """Show ``slug`` (replacing the account shown) and make it the default account."""
        if remember:
            set_default_account(self.home, slug)
        self.slug = slug
        account = find_account(self.home, slug)
        name = clean(account.name if account else slug)
        screen = TriageScreen(self.home, slug, today=self.today, name=name)
        if self.triage is None:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)
        self.triage = screen
        self.sub_title = name

    # The two palettes Textual opens itself, with the plain icon (see ``Palette``).
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_accounts(self) -> None:
        from ipitui.tui.screens.accounts import AccountSwitcher

        def chosen(slug: str | None) -> None:
            if slug and slug != self.slug:
                self.open_account(slug)

        self.push_screen(AccountSwitcher(self.home, self.slug), chosen)

    def action_help(self) -> None:
        if self.triage is not None:
            self.triage.action_help()

    # ----------------------------------------------------------------- events

    def on_app_focus(self, event: events.AppFocus) -> None:
        if self.triage is not None:
            self.triage.refresh_decisions()

    def on_import_screen_imported(self, message: ImportScreen.Imported) -> None:
        """An import that outlived its screen finished: reload, or show why not."""
        if message.error:
            self.notify(clean(message.error), severity="error", markup=False, timeout=10)
        elif message.slug == self.slug and self.triage is not None:
            self.triage.load()
            self.notify("Import finished: the lists were reloaded.", markup=False)
