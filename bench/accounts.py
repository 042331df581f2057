"""The benchmark's seller accounts: demo reports at a given size, imported once, reused.

``bench/out/accounts/skus-<N>-seed-<S>/`` holds the demo generator's report files
(``reports/``) and an ``IPITUI_HOME`` (``home/``) with them imported into the account
``bench``. A ``ready.json`` in each records what made it (size, seed, date, and a fingerprint
of the generator's, then the importer's, source). A later run with the same size, seed and
date reuses them, as generating and importing 1.5M SKUs takes many minutes; ``rebuild``
(``--rebuild``) makes them again, e.g. after a change to the generator or the stored format.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.measure import ROOT
from ipitui.core.inputs import INVENTORY, PLANNING, RESTOCK, STRANDED
from ipitui.demo import HISTORY_WEEKS, DemoFiles, write_demo

OUT = ROOT / "bench" / "out"  # the default work directory (ignored by git)
TODAY = date(2026, 6, 15)  # a fixed snapshot date: the same rates and ages in every run
# Above 1.5M SKUs the demo writes one week of history instead of 13: 14 planning reports of
# 5M SKUs would take about 16 GB of text (and as much again stored), more than the disk has.
# Importing and scoring read the newest report and the history sums kept at import, so their
# time per SKU stays comparable; loading the IPI history chart would not be.
LARGE = 1_500_000
LARGE_HISTORY_WEEKS = 1
SLUG = "bench"


@dataclass
class BenchAccount:
    skus: int
    seed: int
    directory: Path
    reports: dict[str, list[str]]  # kind -> files, newest first
    slug: str = SLUG

    @property
    def home(self) -> Path:
        return self.directory / "home"

    @property
    def planning(self) -> str:
        """The newest planning report: the file a seller downloads today."""
        return self.reports[PLANNING][0]


def _fingerprint(*packages: str) -> str:
    """Changes when the source of these ipitui packages changes (then files are rebuilt)."""
    digest = hashlib.sha256()
    for package in packages:
        for path in sorted((ROOT / "src" / "ipitui" / package).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _fresh(marker: Path, wanted: dict, rebuild: bool) -> dict | None:
    """What ``marker`` stored, if it was made with ``wanted`` (and no rebuild is asked)."""
    if rebuild or not marker.exists():
        return None
    stored = json.loads(marker.read_text())
    return stored if {k: stored.get(k) for k in wanted} == wanted else None


def _by_kind(demo: DemoFiles) -> dict[str, list[str]]:
    """The demo's files by the kind of snapshot they make; planning newest first."""
    return {
        PLANNING: [str(p) for p in reversed(demo.planning)],
        STRANDED: [str(demo.stranded)],
        RESTOCK: [str(demo.restock)],
        INVENTORY: [str(demo.inventory)],
    }


def write_reports(
    skus: int, seed: int = 1, today: date = TODAY, work: Path = OUT, rebuild: bool = False
) -> BenchAccount:
    """The demo's report files for ``skus`` SKUs under ``work`` (written if not there)."""
    directory = work / "accounts" / f"skus-{skus}-seed-{seed}"
    reports_dir = directory / "reports"
    weeks = HISTORY_WEEKS if skus <= LARGE else LARGE_HISTORY_WEEKS
    wanted = {"skus": skus, "seed": seed, "today": today.isoformat()}
    if weeks != HISTORY_WEEKS:
        wanted["history_weeks"] = weeks
    written = _fresh(reports_dir / "ready.json", wanted, rebuild)
    if written is None:
        shutil.rmtree(directory, ignore_errors=True)
        demo = write_demo(reports_dir, skus=skus, seed=seed, today=today, history_weeks=weeks)
        written = {**wanted, "demo": _fingerprint("demo"), "reports": _by_kind(demo)}
        (reports_dir / "ready.json").write_text(json.dumps(written, indent=1))
    return BenchAccount(skus, seed, directory, written["reports"])


def prepare(
    skus: int, seed: int = 1, today: date = TODAY, work: Path = OUT, rebuild: bool = False
) -> BenchAccount:
    """The account of ``skus`` SKUs with every demo file imported (if not already)."""
    from ipitui.store import snapshots
    from ipitui.store.accounts import add_account, set_default_account
    from ipitui.store.paths import resolve_home

    account = write_reports(skus, seed, today, work, rebuild)
    marker = account.home / "ready.json"
    # The home was imported from exactly these files: the generator's fingerprint says so.
    made_by = json.loads((account.directory / "reports" / "ready.json").read_text())["demo"]
    wanted = {"reports": made_by}
    if _fresh(marker, wanted, rebuild) is None:
        shutil.rmtree(account.home, ignore_errors=True)
        home = resolve_home(account.home)
        slug = add_account(home, SLUG).slug
        set_default_account(home, slug)
        files = [Path(p) for paths in account.reports.values() for p in reversed(paths)]
        snapshots.import_files(home, slug, files)
        marker.write_text(json.dumps({**wanted, "importer": _fingerprint("reports", "store")}))
    return account
