"""`ipitui export`: write removal orders, the liquidation list, promotions or the decisions CSV."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from ipitui.commands.opening import open_for_command
from ipitui.commands.progress import progress_bar
from ipitui.errors import UserError
from ipitui.export import build_export, output_paths, unsellable_units, write_export
from ipitui.store.accounts import resolve_account
from ipitui.store.paths import Home


def run(args: argparse.Namespace, home: Home) -> int:
    account = resolve_account(home, args.account)
    opened = open_for_command(
        home,
        account.slug,
        f"account {account.name!r} has no imported report to price the decisions "
        "with; run 'ipitui import FILE' first (nothing written)",
    )
    decisions, settings = opened.decisions, opened.settings
    if not decisions:
        raise UserError(f"account {account.name!r} has no decisions to export; nothing written")
    with progress_bar() as progress:
        opened.progress = progress or opened.progress
        card = opened.card
        export = build_export(
            args.kind,
            decisions,
            card.effects,
            settings,
            date.today(),
            unsellable=unsellable_units(opened.data),
            settings_file=home.account_settings(account.slug),
        )
    output = Path(args.output).expanduser() if args.output else None
    # "-o DIR/" names a folder (made if missing), whether or not it exists yet
    folder = bool(args.output) and args.output.endswith(("/", os.sep))
    paths = output_paths(export, home.exports_dir(account.slug), output, as_folder=folder)
    write_export(export, paths, force=args.force)
    for f, path in zip(export.files, paths, strict=True):
        print(f"wrote {path}: {f.summary}")
    for note in export.notes:
        print(f"note: {note}")
    return 0
