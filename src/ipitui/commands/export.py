"""`ipitui export`: write removal orders, the liquidation list, promotions or the decisions CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ipitui.errors import UserError
from ipitui.export import build_export, output_paths, unsellable_units, write_export
from ipitui.store.accounts import resolve_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings


def run(args: argparse.Namespace, home: Home) -> int:
    from ipitui.core import evaluate, prepare
    from ipitui.store.snapshots import load_account_data

    account = resolve_account(home, args.account)
    settings, problems = load_account_settings(home, account.slug)
    for problem in problems:
        print(f"ipitui: {problem}", file=sys.stderr)
    with Journal(home, account.slug) as journal:
        decisions = journal.current()
    if not decisions:
        raise UserError(f"account {account.name!r} has no decisions to export; nothing written")
    data = load_account_data(home, account.slug)
    if data is None:
        raise UserError(
            f"account {account.name!r} has no imported report to price the decisions with; "
            "run 'ipitui import FILE' first (nothing written)"
        )
    card = evaluate(prepare(data, settings), decisions)
    export = build_export(
        args.kind,
        decisions,
        card.effects,
        settings,
        date.today(),
        unsellable=unsellable_units(data),
        settings_file=home.account_settings(account.slug),
    )
    output = Path(args.output).expanduser() if args.output else None
    paths = output_paths(export, home.exports_dir(account.slug), output)
    write_export(export, paths, force=args.force)
    for f, path in zip(export.files, paths, strict=True):
        print(f"wrote {path}: {f.summary}")
    for note in export.notes:
        print(f"note: {note}")
    return 0
