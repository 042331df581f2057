"""`ipitui accounts list|add|rename|remove|use`."""

from __future__ import annotations

import argparse
import sys

from ipitui.errors import UserError
from ipitui.format import terminal_text
from ipitui.store import accounts as store
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings, load_global_settings


def run(args: argparse.Namespace, home: Home) -> int:
    action = args.accounts_command or "list"
    if action == "list":
        default, problems = load_global_settings(home)
        rows = store.list_accounts(home)
        if not rows:
            print("no accounts yet: run 'ipitui demo' or 'ipitui accounts add NAME'")
        for a in rows:
            problems += load_account_settings(home, a.slug)[1]
            star = "*" if a.slug == default.default_account else " "
            print(
                f"{star} {terminal_text(a.name)}\t{a.settings.marketplace}\t{a.settings.currency}\t{a.slug}"
            )
        for problem in problems:
            print(f"ipitui: {terminal_text(problem)}", file=sys.stderr)
        return 0
    if action == "add":
        a = store.add_account(home, args.name, args.marketplace, args.currency)
        print(f"added account {a.name!r} ({a.settings.marketplace}, {a.settings.currency})")
        print(f"settings: {home.account_settings(a.slug)}")
    elif action == "rename":
        a = store.rename_account(home, args.name, args.new_name)
        print(f"renamed to {a.name!r}")
    elif action == "remove":
        a = store.require_account(home, args.name)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(f"removing {a.name!r} deletes its data: add --yes to confirm")
            answer = input(f"Remove account {a.name!r} and all its data? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("nothing removed")
                return 1
        store.remove_account(home, a.slug)
        print(f"removed account {a.name!r}")
    elif action == "use":
        a = store.require_account(home, args.name)
        store.set_default_account(home, a.slug)
        print(f"default account is now {a.name!r}")
    return 0
