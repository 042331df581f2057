"""`ipitui demo`: the fictional seller's reports, written, imported and opened."""

from __future__ import annotations

import argparse
from datetime import date

from ipitui.commands.progress import progress_bar
from ipitui.core.inputs import PLANNING
from ipitui.demo import DemoFiles, write_demo
from ipitui.demo.files import report_files
from ipitui.errors import UserError
from ipitui.format import plural
from ipitui.reports.progress import Progress
from ipitui.store.accounts import get_or_create_account, set_default_account
from ipitui.store.paths import Home
from ipitui.store.snapshots import import_files, list_snapshots

DEMO_ACCOUNT = "demo"


def run(args: argparse.Namespace, home: Home) -> int:
    asked = _parse_date(args.date)
    if args.write:
        with progress_bar() as progress:
            _writing(progress, args.skus)
            files = write_demo(
                args.write, skus=args.skus, seed=args.seed, today=asked or date.today()
            )
        _print_written(files)
        return 0
    account = get_or_create_account(home, DEMO_ACCOUNT)
    today = _demo_date(home, account.slug, account.name, asked)
    reports = home.account_data(account.slug) / "reports"
    with progress_bar() as progress:
        _writing(progress, args.skus)
        files = write_demo(reports, skus=args.skus, seed=args.seed, today=today)
    for old in set(report_files(reports)) - set(files.paths):
        old.unlink(missing_ok=True)
    _print_written(files)
    with progress_bar() as progress:
        summaries = import_files(
            home, account.slug, files.paths, date=files.snapshot_date, progress=progress
        )
    set_default_account(home, account.slug)
    changed = sum(s.changed for s in summaries)
    print(
        f"imported into the account {account.name!r} (now the default): "
        + (f"{plural(changed, 'snapshot')} stored" if changed else "already there, nothing changed")
    )
    if args.no_open:
        return 0
    from ipitui.commands.tui import open_tui

    return open_tui(home, account.slug, args)


def _writing(progress: Progress | None, skus: int) -> None:
    if progress is not None:
        progress(f"writing the demo's reports ({plural(skus, 'SKU')})", 0, None)


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--date {text!r}: expected a date as YYYY-MM-DD") from None


def _demo_date(home: Home, slug: str, name: str, asked: date | None) -> date:
    """The newest snapshot date of the demo: the one already stored, so that running the
    demo again changes nothing; today for a new demo account.

    A demo of another date tells another story about the same SKUs (its history weeks
    fall on other days), so it never goes on top of a stored one.
    """
    stored = list_snapshots(home, slug).get(PLANNING, [])
    if not stored:
        return asked or date.today()
    newest = max(stored)
    if asked is not None and asked != newest:
        raise UserError(
            f"the account {name!r} holds the demo of {newest}; to start again from {asked}, "
            f"remove it first with: ipitui accounts remove {name} --yes (nothing was changed)"
        )
    return newest


def _print_written(files: DemoFiles) -> None:
    first, last = files.planning[0].name, files.planning[-1].name
    print(
        f"wrote {plural(len(files.paths), 'report file')} for {plural(files.skus, 'SKU')} "
        f"(newest snapshot {files.snapshot_date}) into {files.directory}:"
    )
    print(f"  {len(files.planning)} weekly FBA Inventory reports: {first} ... {last}")
    for path in (files.stranded, files.restock, files.inventory):
        print(f"  {path.name}")
