"""An account's imported reports: one parquet file per kind and snapshot date.

``snapshots/<kind>/<YYYY-MM-DD>.parquet`` under the account's data directory holds the
canonical frame of that report (see ``ipitui.reports``); ``imports.json`` beside it records,
per snapshot, the file it came from, its layout, columns, row count and the warnings the
import raised, so that the next import can compare and the TUI can show them.

An import is all or nothing: every file is read and checked first (into a hidden staging
directory); only when all of them are good is each snapshot moved into place by an atomic
rename. A refused, failed or killed import leaves the stored snapshots exactly as they were.
Importing the same file again writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ipitui.core.inputs import INVENTORY, KINDS, PLANNING, REMOVALS, RESTOCK, STRANDED, AccountData
from ipitui.core.plausible import FIRST_DATE, LAST_DATE, computable_date
from ipitui.errors import UserError
from ipitui.format import plural
from ipitui.reports.columns import KIND_SPECS
from ipitui.reports.errors import BadRow, ReportError, shown
from ipitui.reports.progress import STORING, Progress, offset, quiet
from ipitui.reports.reader import ReadResult, read_report
from ipitui.store import history_sums, leftovers
from ipitui.store.atomic import finish_moves, move_all
from ipitui.store.import_log import (
    LOG_NAME,
    drift,
    listed,
    log_key,
    log_path,
    new_entry,
    read_log,
    stage_log,
)
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings


@dataclass
class ImportSummary:
    """What one imported file became."""

    path: Path
    kind: str
    title: str  # the report's name in Seller Central
    layout: str
    snapshot_date: date
    date_source: str  # where the date came from
    rows: int
    skus: int
    encoding: str
    compressed: bool
    unknown_columns: list[str]
    missing_columns: list[str]
    skipped_rows: list[BadRow]
    skipped_count: int
    skipped_lines: list[tuple[int, int]]
    duplicates_resolved: int
    notes: list[str]
    warnings: list[str]  # drift: row count or columns changed since the previous snapshot
    stored: Path
    changed: bool  # False when exactly this data was already stored
    replaced: bool  # an earlier import of the same kind and date was replaced

    def lines(self) -> list[str]:
        """The summary as lines of plain text (file names and values shown safely)."""
        head = (
            f"{shown(self.path.name, 80)}: {self.title} ({self.layout}), {self.snapshot_date} "
            f"[{self.date_source}], {plural(self.rows, 'row')}, {plural(self.skus, 'SKU')}"
        )
        out = [head]
        if not self.changed:
            out.append("  already imported: nothing changed")
        elif self.replaced:
            out.append(f"  replaced the earlier import of {self.snapshot_date}")
        if self.encoding not in ("UTF-8", "UTF-8 with BOM") or self.compressed:
            out.append(f"  read as {self.encoding}{', gzip-compressed' if self.compressed else ''}")
        if self.unknown_columns:
            out.append("  columns not known (left out): " + listed(self.unknown_columns))
        if self.missing_columns:
            out.append("  columns of this layout not in the file: " + listed(self.missing_columns))
        if self.skipped_count:
            out.append(
                f"  skipped {plural(self.skipped_count, 'bad row')} "
                f"({'line' if self.skipped_count == 1 else 'lines'} {_ranges(self.skipped_lines)})"
            )
            out += [f"    {row.describe()}" for row in self.skipped_rows[:10]]
        out += [f"  note: {note}" for note in self.notes]
        out += [f"  WARNING: {warning}" for warning in self.warnings]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _ranges(ranges: Sequence[tuple[int, int]], limit: int = 12) -> str:
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in ranges[:limit]]
    return ", ".join(parts) + (", …" if len(ranges) > limit else "")


# -- where things are ----------------------------------------------------------------------


def _kind_dir(home: Home, slug: str, kind: str) -> Path:
    return home.snapshots_dir(slug) / kind


def _snapshot_path(home: Home, slug: str, kind: str, when: date) -> Path:
    return _kind_dir(home, slug, kind) / f"{when.isoformat()}.parquet"


def _stored(home: Home, slug: str, kind: str, *, impossible: bool = False) -> dict[date, Path]:
    """The snapshots of ``kind`` by date; with ``impossible``, instead those skipped for a
    date no computation can start from."""
    directory = _kind_dir(home, slug, kind)
    if not directory.is_dir():
        return {}
    found = {}
    for path in directory.glob("*.parquet"):
        with contextlib.suppress(ValueError):
            when = date.fromisoformat(path.stem)
            # a date no computation can start from (9999-12-31, stored before the import
            # checked it) is left out, so that the snapshot before it stays the newest
            if computable_date(when) != impossible:
                found[when] = path
    return dict(sorted(found.items()))


def list_snapshots(home: Home, slug: str) -> dict[str, list[date]]:
    """The snapshot dates stored for each kind, oldest first (kinds without any left out)."""
    return {kind: list(dates) for kind in KINDS if (dates := _stored(home, slug, kind))}


# -- reading them back ---------------------------------------------------------------------


def _conform(frame: pl.LazyFrame, kind: str) -> pl.LazyFrame:
    """The columns of ``kind`` as this version knows them (older files gain null columns)."""
    schema = KIND_SPECS[kind].schema
    have = frame.collect_schema()
    return frame.select(
        pl.col(name).cast(dtype) if name in have else pl.lit(None, dtype).alias(name)
        for name, dtype in schema.items()
    )


class DamagedSnapshot(UserError):
    """A stored snapshot file that cannot be read (torn by a crash or a full disk, or
    changed by hand): it names the file and what to do; nothing stored is changed."""

    def __init__(self, path: Path, kind: str, cause: Exception) -> None:
        reason = shown(str(cause).splitlines()[0] if str(cause) else type(cause).__name__, 160)
        super().__init__(
            f"The stored {kind} snapshot {path} is damaged and cannot be read ({reason}). "
            f"Import that report again (ipitui import FILE, or press i), or move the file "
            f"out of {path.parent} to score without it. Nothing was changed."
        )
        self.path = path


def _scan(path: Path, kind: str) -> pl.LazyFrame:
    """The stored snapshot at ``path``, scanned lazily (its footer is read now, so that a
    torn file is found when the account is loaded, named, never later as a raw error)."""
    try:
        return _conform(pl.scan_parquet(path), kind)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DamagedSnapshot(path, kind, exc) from exc


def _newest(home: Home, slug: str, kind: str) -> pl.LazyFrame | None:
    """The newest snapshot of ``kind``, every column, scanned lazily."""
    stored = _stored(home, slug, kind)
    return _scan(stored[max(stored)], kind) if stored else None


def _loaded(home: Home, slug: str, kind: str) -> pl.DataFrame | None:
    """The newest snapshot of ``kind``, read whole (the small kinds)."""
    stored = _stored(home, slug, kind)
    if not stored:
        return None
    path = stored[max(stored)]
    try:
        return _scan(path, kind).collect()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DamagedSnapshot(path, kind, exc) from exc


def _history(planning: dict[date, Path]) -> pl.LazyFrame:
    """Every stored planning snapshot, scanned lazily."""
    return pl.concat([_scan(path, PLANNING) for path in planning.values()], how="vertical")


def load_account_data(home: Home, slug: str) -> AccountData | None:
    """The newest snapshot of each kind and the planning history; None without a planning
    snapshot. Only parquet reads; the big reports stay lazy scans (see ``AccountData``) and
    the history sums are read from beside the snapshots: fast at a million SKUs."""
    planning = _stored(home, slug, PLANNING)
    if not planning:
        return None
    newest, history = _scan(planning[max(planning)], PLANNING), _history(planning)
    return AccountData(
        snapshot_date=max(planning),
        planning=newest,
        planning_history=history,
        stranded=_loaded(home, slug, STRANDED),
        restock=_newest(home, slug, RESTOCK),
        inventory=_newest(home, slug, INVENTORY),
        removals=_loaded(home, slug, REMOVALS),
        history_sums=history_sums.kept(home, slug, planning, newest, history),
    )


def keep_history_sums(home: Home, slug: str) -> None:
    """Compute and store the history sums of the stored planning snapshots, if they are not
    stored already (after an import, so that the next load finds them)."""
    planning = _stored(home, slug, PLANNING)
    # the snapshots are stored already: a failure here only leaves the next load to do it
    # (which names a damaged snapshot: saying so here would read as the import failing)
    with contextlib.suppress(OSError, pl.exceptions.PolarsError, DamagedSnapshot):
        if planning:
            newest = _scan(planning[max(planning)], PLANNING)
            history_sums.kept(home, slug, planning, newest, _history(planning))


def known_skus(home: Home, slug: str) -> pl.Series:
    """The SKUs of the newest planning and stranded snapshots (each once)."""
    found = []
    for kind in (PLANNING, STRANDED):
        stored = _stored(home, slug, kind)
        if stored:
            found.append(pl.scan_parquet(stored[max(stored)]).select("sku"))
    if not found:
        return pl.Series("sku", [], dtype=pl.String)
    skus = pl.concat(found).drop_nulls().unique(maintain_order=True).collect()
    return skus.to_series()


def latest_import_warnings(home: Home, slug: str) -> list[str]:
    """Warnings raised when the newest snapshot of each kind was imported, and each stored
    snapshot skipped for an impossible date (see ``_stored``)."""
    entries = read_log(home, slug)["snapshots"]
    out = []
    for kind, dates in list_snapshots(home, slug).items():
        entry = entries.get(log_key(kind, dates[-1]))
        if isinstance(entry, dict):
            title = KIND_SPECS[kind].title
            out += [f"{title} of {dates[-1]}: {w}" for w in entry.get("warnings", [])]
    for kind in KINDS:
        for when, path in _stored(home, slug, kind, impossible=True).items():
            out.append(
                f"{KIND_SPECS[kind].title} of {when}: skipped, an impossible date (outside "
                f"{FIRST_DATE.year}-{LAST_DATE.year}) stored before ipitui checked it; "
                f"move {path} aside to be rid of it"
            )
    return out


# -- importing -----------------------------------------------------------------------------


def _parse_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--date {value!r} is not a date like 2026-05-14") from None


def _dated(results: Sequence[ReadResult], given: date | None) -> list[tuple[date, str]]:
    """The snapshot date of each file and where it came from."""
    planning = [r.snapshot_date for r in results if r.kind == PLANNING and r.snapshot_date]
    paired = max(planning, default=None)
    out = []
    for result in results:
        if result.snapshot_date is not None:
            source = "the file's snapshot-date"
            if given is not None and given != result.snapshot_date:
                source += f"; --date {given} applies only to files without one"
            out.append((result.snapshot_date, source))
        elif given is not None:
            out.append((given, "--date"))
        elif paired is not None and result.kind != PLANNING:
            out.append((paired, "the date of the FBA Inventory report imported with it"))
        else:
            out.append((date.today(), "today: the file carries no date (use --date)"))
    return out


def _rows_of(path: Path) -> int:
    return pl.scan_parquet(path).select(pl.len()).collect().item()


def _same_content(staged: Path, target: Path) -> bool:
    return target.exists() and filecmp.cmp(staged, target, shallow=False)


@contextlib.contextmanager
def _staging(home: Home, slug: str) -> Iterator[Path]:
    """A staging folder, removed when the import ends; one a killed import left is removed
    by the next command (``store.leftovers``), never while this import holds its lock."""
    root = home.account_data(slug)
    root.mkdir(parents=True, exist_ok=True)
    leftovers.sweep_account(root)
    with leftovers.working(root):
        work = Path(tempfile.mkdtemp(prefix=leftovers.STAGING_PREFIX, dir=root))
        try:
            yield work
        finally:
            try:  # moves written down but not all made (a failed rename): made now
                finish_moves(root, work)
            except OSError:
                pass  # left for the next command's sweep, which tries them again
            else:
                shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _locked(home: Home, slug: str) -> Iterator[None]:
    """One import at a time per account (two SSH sessions importing at once queue up)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: atomic renames still keep every file whole
        yield
        return
    lock = home.account_data(slug) / ".import.lock"
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def import_files(
    home: Home,
    slug: str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    date: date | str | None = None,  # named after the CLI's --date
    encoding: str | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> list[ImportSummary]:
    """Import report files into account ``slug``; all of them or none (ReportError).
    ``progress`` hears the phases: reading (bytes of all the files), storing (rows), and
    the history sums (see ``reports.progress``)."""
    given = _parse_date(date)
    files = [Path(p) for p in paths]
    if not files:
        raise UserError("no files to import")
    say = progress or quiet
    sizes = [_size(path) for path in files]
    settings, _ = load_account_settings(home, slug)
    with _staging(home, slug) as work:
        results = [
            read_report(
                path,
                encoding=encoding,
                skip_bad_rows=skip_bad_rows,
                marketplace=settings.marketplace,
                workdir=work,
                progress=offset(say, sum(sizes[:i]), sum(sizes)),
            )
            for i, path in enumerate(files)
        ]
        dates = _dated(results, given)
        seen: dict[tuple[str, datetime.date], Path] = {}
        for result, (when, _) in zip(results, dates, strict=True):
            other = seen.setdefault((result.kind, when), result.path)
            if other != result.path:
                raise ReportError(
                    result.path,
                    f"this and {shown(str(other), 200)} are both the {KIND_SPECS[result.kind].title} "
                    f"snapshot of {when}: import them one at a time (use --date for undated files)",
                )
        with _locked(home, slug):
            summaries = _store(home, slug, results, dates, say, work)
            if any(s.kind == PLANNING and s.changed for s in summaries):
                say("summing the weekly history", 0, None)
                keep_history_sums(home, slug)
            return summaries


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it names the problem


def _store(
    home: Home,
    slug: str,
    results: Sequence[ReadResult],
    dates: Sequence[tuple[date, str]],
    progress: Progress,
    work: Path,
) -> list[ImportSummary]:
    """Compare each staged snapshot with what is stored, then move the changed ones and the
    import log into place together (``atomic.move_all``: a kill halfway is finished by the
    next command, so the stored snapshots are all the old ones or all the new ones)."""
    log = read_log(home, slug)
    entries: dict[str, Any] = log["snapshots"]
    summaries = []
    moves: list[tuple[Path, Path]] = []
    total, done = sum(r.rows for r in results), 0
    for result, (when, source) in zip(results, dates, strict=True):
        progress(STORING, done, total)
        done += result.rows
        stored = _stored(home, slug, result.kind)
        target = _snapshot_path(home, slug, result.kind, when)
        earlier = [d for d in stored if d < when]
        compare = max(earlier) if earlier else (when if when in stored else None)
        rows_before = entry = None
        if compare is not None:
            entry = entries.get(log_key(result.kind, compare))
            rows_before = (
                entry["rows"]
                if isinstance(entry, dict) and isinstance(entry.get("rows"), int)
                else _rows_of(stored[compare])
            )
        warnings = drift(result, rows_before, entry, compare) if compare else []
        replaced = target.exists()
        changed = not _same_content(result.staged, target)
        if changed:
            moves.append((result.staged, target))
        entries[log_key(result.kind, when)] = new_entry(result, warnings)
        summaries.append(
            ImportSummary(
                path=result.path,
                kind=result.kind,
                title=KIND_SPECS[result.kind].title,
                layout=result.layout,
                snapshot_date=when,
                date_source=source,
                rows=result.rows,
                skus=result.skus,
                encoding=result.encoding,
                compressed=result.compressed,
                unknown_columns=result.unknown_columns,
                missing_columns=result.missing_columns,
                skipped_rows=result.skipped_rows,
                skipped_count=result.skipped_count,
                skipped_lines=result.skipped_lines,
                duplicates_resolved=result.duplicates_resolved,
                notes=result.notes,
                warnings=warnings,
                stored=target,
                changed=changed,
                replaced=replaced and changed,
            )
        )
    staged_log = work / LOG_NAME
    if stage_log(home, slug, log, staged_log):
        moves.append((staged_log, log_path(home, slug)))
    if moves:
        move_all(home.account_data(slug), work, moves)
    progress(STORING, done, total)
    return summaries


__all__ = [
    "ImportSummary",
    "import_files",
    "known_skus",
    "latest_import_warnings",
    "list_snapshots",
    "load_account_data",
]
