"""`ipitui import FILE... [--account NAME] [--date D] [--encoding E] [--skip-bad-rows]`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from ipitui.commands.progress import progress_bar
from ipitui.errors import Fault, UserError, fault
from ipitui.format import plural
from ipitui.reports.errors import shown
from ipitui.store.accounts import (
    find_account,
    get_or_create_account,
    remove_account,
    resolve_account,
    set_default_account,
)
from ipitui.store.paths import Home
from ipitui.store.snapshots import ImportSummary, import_files

NOTHING_CHANGED = "Nothing was changed: the account's stored reports are exactly as they were."
_HEADINGS = ("File", "Report", "Date", "Rows", "SKUs", "Unknown", "Missing", "Skipped", "Dupl.")


def _table(summaries: Sequence[ImportSummary]) -> list[str]:
    rows = [
        (
            shown(s.path.name, 40),
            s.kind,
            s.snapshot_date.isoformat(),
            f"{s.rows:,}",
            f"{s.skus:,}",
            str(len(s.unknown_columns)),
            str(len(s.missing_columns)),
            f"{s.skipped_count:,}",
            f"{s.duplicates_resolved:,}",
        )
        for s in summaries
    ]
    widths = [max(len(r[i]) for r in (_HEADINGS, *rows)) for i in range(len(_HEADINGS))]
    numeric = range(3, len(_HEADINGS))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(_HEADINGS), *(line(r) for r in rows)]


def run(args: argparse.Namespace, home: Home) -> int:
    name = getattr(args, "account", None)
    created = False
    if name:
        created = find_account(home, name) is None
        account = get_or_create_account(home, name)
    else:
        account = resolve_account(home, None)
    try:
        with progress_bar() as progress:
            summaries = import_files(
                home,
                account.slug,
                args.files,
                date=args.date,
                encoding=args.encoding,
                skip_bad_rows=args.skip_bad_rows,
                progress=progress,
            )
    except BaseException as exc:
        # refused, failed or interrupted: an account this import made is removed again
        if created:
            with contextlib.suppress(Exception):
                remove_account(home, account.slug)
        said = exc if isinstance(exc, UserError) else fault(exc, home.account_data(account.slug))
        if said is None:
            raise
        print(f"ipitui: {said}", file=sys.stderr)
        if not isinstance(said, Fault):  # a fault says so itself
            print(NOTHING_CHANGED, file=sys.stderr)
        return 2
    set_default_account(home, account.slug)
    print(f"Imported into account {shown(account.name, 60)!r}:")
    print("\n".join(_table(summaries)))
    for summary in summaries:
        print()
        print(summary)
    warned = sum(bool(s.warnings) for s in summaries)
    if warned:
        print(f"\n{plural(warned, 'file')} with warnings: read them before acting.")
    _score(home, account.slug)
    return 0


def _score(home: Home, slug: str) -> None:
    """Score the account now (seconds at a million SKUs), so that every open reads it."""
    from ipitui.account import keep_scored

    with progress_bar() as progress:
        problem = keep_scored(home, slug, progress)
    if problem is not None:
        print(
            f"ipitui: the reports are stored, but the account could not be scored: "
            f"{shown(problem, 300)}",
            file=sys.stderr,
        )
