"""`ipitui` with no command: open the TUI on an account."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

from ipitui.core.settings import GlobalSettings
from ipitui.store.accounts import resolve_account, set_default_account
from ipitui.store.paths import Home
from ipitui.store.settings import load_global_settings


def run(args: argparse.Namespace, home: Home) -> int:
    """Open ``--account`` or the default (last-used) account, and remember it."""
    account = resolve_account(home, getattr(args, "account", None))
    set_default_account(home, account.slug)
    return open_tui(home, account.slug, args)


def open_tui(home: Home, slug: str, args: argparse.Namespace) -> int:
    """Run the TUI on ``slug`` until the seller quits (``ipitui demo`` calls this too)."""
    from ipitui.tui.app import IpituiApp

    settings, _ = load_global_settings(home)
    mouse = captures_mouse(settings, os.environ, getattr(args, "no_mouse", False))
    app = IpituiApp(home, slug, theme=getattr(args, "theme", None))
    app.run(mouse=mouse)
    return app.return_code or 0


def captures_mouse(settings: GlobalSettings, env: Mapping[str, str], no_mouse: bool) -> bool:
    """Whether the TUI captures the mouse: not with --no-mouse or ``mouse = false``, and over
    SSH only with ``mouse_over_ssh = true`` (see docs/keys.md)."""
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))
    return settings.mouse and (settings.mouse_over_ssh or not over_ssh) and not no_mouse
